package org.nlpearl4j.android;

import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.LeadOutbox;

/**
 * What the app's {@link android.app.Application} implements so that {@link OutboxJobService} can
 * send its outbox: one method that hands over the process's outbox (and with it, its client).
 *
 * <pre>{@code
 * public final class FieldSalesApp extends Application implements OutboxJobHost {
 *   @Override public @Nullable LeadOutbox outboxForJob() {
 *     return token().isEmpty() ? null : connection().outbox();   // the one the screens use
 *   }
 * }
 * }</pre>
 */
public interface OutboxJobHost {
  /**
   * Returns the app's lead outbox, opened, for a background job; called off the main thread, so it
   * may block to open the outbox and build its client when the process has just been started for
   * the job.
   *
   * <p>Return the same instance the rest of the process uses: an outbox directory is open once at a
   * time ({@link org.nlpearl4j.outbox.OutboxLockedException}). The job never closes it.
   *
   * @return the outbox, or null when the app cannot send now (e.g. no credentials yet): the job
   *     then ends without asking to run again, and the app calls {@link OutboxJobs#schedule} once it
   *     can
   */
  @Nullable LeadOutbox outboxForJob();
}
