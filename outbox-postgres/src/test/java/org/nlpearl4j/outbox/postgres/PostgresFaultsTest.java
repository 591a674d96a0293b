package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.outbox.postgres.PgFixture.CAMPAIGN;
import static org.nlpearl4j.outbox.postgres.PgFixture.await;
import static org.nlpearl4j.outbox.postgres.PgFixture.drain;
import static org.nlpearl4j.outbox.postgres.PgFixture.lead;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.SandboxFaults;

/**
 * Faults before and after the sandbox acts, classified as the journal outbox classifies them; the
 * sandbox's store says whether each lead was stored once.
 */
class PostgresFaultsTest {
  private final PgFixture pg = new PgFixture("faults");
  private final PostgresOutbox outbox = pg.instance(b -> b.maxInFlight(2));

  @AfterEach
  void close() throws Exception {
    pg.close();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        // fault, sandbox stored it, first outcome, addLead requests in all
        Arguments.of("502 before acting", (Consumer<SandboxFaults>) f -> f.next(1).status(502),
            EntryState.UNKNOWN, FailureReason.SERVER_ERROR, 2),
        Arguments.of("502 after storing", (Consumer<SandboxFaults>) f -> f.next(1).afterHandling()
            .status(502), EntryState.UNKNOWN, FailureReason.SERVER_ERROR, 1),
        Arguments.of("connection dropped before acting", (Consumer<SandboxFaults>) f -> f.next(1)
            .dropConnection(), EntryState.UNKNOWN, null, 2),
        Arguments.of("connection dropped after storing", (Consumer<SandboxFaults>) f -> f.next(1)
            .afterHandling().dropConnection(), EntryState.UNKNOWN, null, 1),
        Arguments.of("garbled 200 after storing", (Consumer<SandboxFaults>) f -> f.next(1)
            .malformedBody(), EntryState.ADDED, null, 1),
        Arguments.of("429 before acting", (Consumer<SandboxFaults>) f -> f.next(1)
            .rateLimited(Duration.ofMillis(200)), EntryState.WAITING, FailureReason.RATE_LIMITED,
            2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void everyFaultEndsWithTheLeadStoredOnce(String name, Consumer<SandboxFaults> fault,
      EntryState firstOutcome, FailureReason reason, int addRequests) throws Exception {
    fault.accept(pg.sandbox.faults());
    String id = outbox.outbox().add(CAMPAIGN, lead("crm-1")).blockingGet();
    OutboxEntry[] first = new OutboxEntry[1];
    io.reactivex.rxjava3.disposables.Disposable watching = outbox.outbox().changes()
        .filter(e -> e.getId().equals(id) && e.getState() != EntryState.SENDING
            && e.getState() != EntryState.WAITING || e.getReason() != null)
        .take(1).subscribe(e -> first[0] = e);

    drain(outbox.outbox());
    OutboxEntry done = await(outbox.outbox(), id, e -> e.getState() == EntryState.ADDED
        && e.getLeadId() != null);
    watching.dispose();

    assertThat(first[0]).as("first outcome").isNotNull();
    assertThat(first[0].getState()).isEqualTo(firstOutcome);
    if (reason != null) {
      assertThat(first[0].getReason()).isEqualTo(reason);
    }
    assertThat(pg.stored("crm-1")).as("stored once").hasSize(1);
    assertThat(done.getLeadId()).isEqualTo(pg.stored("crm-1").get(0).getId());
    assertThat(pg.requests("addLead")).isEqualTo(addRequests);
  }
}
