package org.nlpearl4j.android;

import android.app.Application;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.LeadOutbox;

/** The app under test: hands the job whatever outbox the test put in the process. */
public final class TestApp extends Application implements OutboxJobHost {
  private volatile @Nullable LeadOutbox outbox;

  /** What the process holds now (a new outbox after a simulated process death). */
  void setOutbox(@Nullable LeadOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public @Nullable LeadOutbox outboxForJob() {
    return outbox;
  }
}
