package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** The journal's summary for metrics: counted in memory, the same as counting the entries. */
class OutboxStatsTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  @TempDir Path dir;
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder().start();
  private final NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  private static NewLead lead(int i) {
    return NewLead.of(l -> l.phoneNumber("+1415555" + String.format("%04d", i)));
  }

  @Test
  void countsEachStateAndTellsWhenTheOldestWaitingEntryWasPutIn() {
    try (LeadOutbox outbox = LeadOutbox.open(dir.toFile(), client)) {
      assertThat(outbox.stats().getTotal()).isZero();
      assertThat(outbox.stats().getOldestWaiting()).isNull();
      String first = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      for (int i = 2; i <= 4; i++) {
        outbox.add(CAMPAIGN, lead(i)).blockingGet();
      }
      OutboxStats waiting = outbox.stats();
      assertThat(waiting.count(EntryState.WAITING)).isEqualTo(4);
      assertThat(waiting.getTotal()).isEqualTo(4);
      assertThat(waiting.getOldestWaiting()).isEqualTo(outbox.entry(first).getCreated());
      assertThat(waiting.oldestWaitingAge(waiting.getOldestWaiting().plusSeconds(90)))
          .isEqualTo(Duration.ofSeconds(90));

      // One refused (400: rejected), one 500 (unknown: no Pearl id to look it up), two added.
      sandbox.faults().next(1).status(400);
      sandbox.faults().next(1).serverError();
      assertThat(outbox.drain().blockingAwait(30, TimeUnit.SECONDS)).isTrue();

      OutboxStats after = outbox.stats();
      assertThat(after.getCounts()).containsEntry(EntryState.WAITING, 0L)
          .containsEntry(EntryState.SENDING, 0L).containsEntry(EntryState.ADDED, 2L)
          .containsEntry(EntryState.UPDATED, 0L).containsEntry(EntryState.REJECTED, 1L)
          .containsEntry(EntryState.UNKNOWN, 1L).doesNotContainKey(EntryState.FORGOTTEN);
      assertThat(after.getOldestWaiting()).isNull();
      assertThat(after.oldestWaitingAge(Instant.now())).isNull();
      assertThat(after).isEqualTo(OutboxStats.of(outbox.entries()));

      outbox.forget(first).blockingAwait();
      assertThat(outbox.stats().getTotal()).isEqualTo(3);
    }
    // Read back from the journal: the same summary.
    try (LeadOutbox reopened = LeadOutbox.open(dir.toFile(), client)) {
      assertThat(reopened.stats()).isEqualTo(OutboxStats.of(reopened.entries()));
      assertThat(reopened.stats().getTotal()).isEqualTo(3);
    }
  }

  @Test
  void aSummaryIsAValueWithABuilder() {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    OutboxStats stats = OutboxStats.builder().count(EntryState.WAITING, 3).oldestWaiting(at)
        .build();
    assertThat(stats.count(EntryState.ADDED)).isZero();
    assertThat(stats.count(EntryState.FORGOTTEN)).isZero();
    assertThat(stats.toBuilder().build()).isEqualTo(stats).hasSameHashCodeAs(stats);
    assertThat(stats.toBuilder().count(EntryState.ADDED, 1).build()).isNotEqualTo(stats);
    assertThat(stats.oldestWaitingAge(at.minusSeconds(5))).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> OutboxStats.builder().count(EntryState.ADDED, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> OutboxStats.builder().count(EntryState.FORGOTTEN, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FORGOTTEN");
  }
}
