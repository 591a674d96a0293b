package org.nlpearl4j.benchmarks.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/** The bulk import benchmark's setup works and an import adds every lead once. No timing. */
class BulkImportSmokeTest {

  @Test
  void importsEveryLeadExactlyOnceThroughTheWideClient() throws Exception {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().strictContract(true).start()) {
      System.setProperty(SandboxProcess.EXTERNAL_PROPERTY, sandbox.baseUrl());
      BulkImportBenchmark benchmark = new BulkImportBenchmark();
      benchmark.concurrency = 16;
      benchmark.okhttp = "wide";
      benchmark.setUp();
      try {
        long ids = benchmark.importLeads(
            java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> org.nlpearl4j.benchmarks.support.Clients.newLead(String.format("+1415555%04d", i)))
                .collect(Collectors.toList()),
            16);

        assertThat(ids).isEqualTo(200);
        List<String> phones = sandbox.leads(Fixtures.OUTBOUND_ID).stream()
            .map(SandboxLead::getPhoneNumber).distinct().collect(Collectors.toList());
        assertThat(phones).hasSize(200).contains("+14155550000", "+14155550199");
        sandbox.assertNoContractViolations();
      } finally {
        benchmark.tearDown();
        System.clearProperty(SandboxProcess.EXTERNAL_PROPERTY);
      }
    }
  }
}
