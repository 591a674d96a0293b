package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.outbox.postgres.PgFixture.CAMPAIGN;
import static org.nlpearl4j.outbox.postgres.PgFixture.drain;
import static org.nlpearl4j.outbox.postgres.PgFixture.lead;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxStats;
import org.nlpearl4j.outbox.spi.Claim;

/** The table's summary for metrics: one grouped query, the same as counting the entries. */
class PostgresStatsTest {
  private final PgFixture pg = new PgFixture("stats");

  @AfterEach
  void close() throws Exception {
    pg.close();
  }

  @Test
  void countsEachStateAndTellsWhenTheOldestWaitingEntryWasPutIn() throws Exception {
    PostgresOutbox outbox = pg.instance();
    // The sender, without the campaign's Pearl id: a 500 leaves the add unknown.
    PostgresOutbox plain = PostgresOutbox.builder().dataSource(pg.dataSource).client(pg.client())
        .open();
    try {
      assertThat(plain.outbox().stats().getTotal()).isZero();
      String first;
      try (Connection c = pg.dataSource.getConnection()) {
        c.setAutoCommit(false);
        first = plain.add(c, CAMPAIGN, lead("crm-1"));
        for (int i = 2; i <= 5; i++) {
          plain.add(c, CAMPAIGN, lead("crm-" + i));
        }
        c.commit();
      }
      OutboxStats waiting = outbox.outbox().stats();
      assertThat(waiting.count(EntryState.WAITING)).isEqualTo(5);
      assertThat(waiting.getOldestWaiting()).isEqualTo(plain.outbox().entry(first).getCreated());
      assertThat(waiting).isEqualTo(OutboxStats.of(outbox.outbox().entries()));

      // Another instance claims one: it is sending (committed) for every instance.
      List<Claim> claimed = outbox.store().claimSends(1, Instant.now());
      assertThat(claimed).hasSize(1);
      assertThat(plain.outbox().stats().count(EntryState.SENDING)).isEqualTo(1);
      assertThat(plain.outbox().stats().count(EntryState.WAITING)).isEqualTo(4);
      outbox.store().complete(claimed.get(0), claimed.get(0).getEntry().toBuilder()
          .state(EntryState.REJECTED).build());

      pg.sandbox.faults().next(1).serverError();
      drain(plain.outbox());

      OutboxStats after = outbox.outbox().stats();
      assertThat(after.getCounts()).containsEntry(EntryState.WAITING, 0L)
          .containsEntry(EntryState.SENDING, 0L).containsEntry(EntryState.ADDED, 3L)
          .containsEntry(EntryState.REJECTED, 1L).containsEntry(EntryState.UNKNOWN, 1L)
          .containsEntry(EntryState.UPDATED, 0L);
      assertThat(after.getOldestWaiting()).isNull();
      assertThat(after).isEqualTo(OutboxStats.of(plain.outbox().entries()));
    } finally {
      plain.close();
    }
  }
}
