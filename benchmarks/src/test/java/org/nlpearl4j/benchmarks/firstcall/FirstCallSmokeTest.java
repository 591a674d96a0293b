package org.nlpearl4j.benchmarks.firstcall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** Each first-call variant builds its client and completes one accepted Add Lead. No timing. */
class FirstCallSmokeTest {

  @Test
  void everyVariantAddsALead() throws Exception {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().strictContract(true).start()) {
      System.setProperty(SandboxProcess.EXTERNAL_PROPERTY, sandbox.baseUrl());
      FirstCallBenchmark benchmark = new FirstCallBenchmark();
      benchmark.setUp();
      try {
        String[] ids = {benchmark.facade(), benchmark.retrofit(), benchmark.stock(), benchmark.direct()};
        assertThat(benchmark.raw()).isPositive();

        for (String id : ids) {
          assertThat(sandbox.lead(Fixtures.OUTBOUND_ID, id)).isPresent();
        }
        assertThat(sandbox.leads(Fixtures.OUTBOUND_ID)).hasSize(5);
        sandbox.assertNoContractViolations();
      } finally {
        benchmark.tearDown();
        System.clearProperty(SandboxProcess.EXTERNAL_PROPERTY);
      }
    }
  }
}
