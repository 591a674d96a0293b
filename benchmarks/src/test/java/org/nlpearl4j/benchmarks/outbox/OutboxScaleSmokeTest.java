package org.nlpearl4j.benchmarks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The outbox-scale harness works end to end on a small drain (no timing asserted): worker JVMs
 * drain a PostgreSQL table and a journal, and the sandbox's store (strict contract check on) holds
 * every lead exactly once.
 */
class OutboxScaleSmokeTest {

  @Test
  void workersDrainTheTableAndTheJournalSendingEveryLeadOnce() throws Exception {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().strictContract(true)
        .latency(Duration.ofMillis(10), Duration.ZERO).workers(16).start()) {
      OutboxScaleHarness.Run table = OutboxScaleHarness.measure(sandbox, "postgres", 2, 2, 10,
          0.1, 60);
      assertStoredOnce(sandbox, table.leads());
      assertThat(table.leads()).isEqualTo(50);
      assertThat(table.steps()).as("the workers' store steps were counted").isPositive();
      assertThat(table.workerCpuMs()).isPositive();
      if (System.getenv("NLPEARL_PG_URL") == null) {
        assertThat(table.postgresCpuMs()).as("the test server's CPU was read").isPositive();
      }

      OutboxScaleHarness.Run journal = OutboxScaleHarness.measure(sandbox, "journal", 1, 4, 10,
          0.1, 60);
      assertStoredOnce(sandbox, journal.leads());

      String md = OutboxScaleHarness.table(List.of(table, journal), 10, sandbox.capacity());
      assertThat(md).contains("| PostgreSQL | 2 | 2 | 50 |").contains("| journal | 1 | 4 | 50 |");
    }
  }

  private static void assertStoredOnce(NlPearlSandbox sandbox, int leads) {
    Map<String, List<SandboxLead>> stored = sandbox.leadsByExternalId(OutboxScaleHarness.CAMPAIGN);
    assertThat(stored).hasSize(leads);
    assertThat(stored.values()).allSatisfy(l -> assertThat(l).hasSize(1));
    assertThat(sandbox.recordedRequests()).hasSize(leads);
    sandbox.assertNoContractViolations();
  }
}
