package org.nlpearl4j.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadStatus;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.nlpearl4j.benchmarks.stock.model.LeadApiView;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The loopback benchmark's setup works and each of its twelve operations does one real call that
 * the sandbox (in-process here, strict contract check on) accepts. No timing.
 */
class LoopbackCallSmokeTest {

  private static NlPearlSandbox sandbox;
  private static LoopbackCallBenchmark benchmark;

  @BeforeAll
  static void start() throws Exception {
    sandbox = NlPearlSandbox.builder().strictContract(true).start();
    System.setProperty(SandboxProcess.EXTERNAL_PROPERTY, sandbox.baseUrl());
    benchmark = new LoopbackCallBenchmark();
    benchmark.setUp();
  }

  @AfterAll
  static void stop() {
    benchmark.tearDown();
    System.clearProperty(SandboxProcess.EXTERNAL_PROPERTY);
    sandbox.close();
  }

  @Test
  void everyAddLeadVariantAddsTheSameLead() throws Exception {
    int before = sandbox.leads(Fixtures.OUTBOUND_ID).size();

    String viaFacade = benchmark.addLeadFacade();
    String viaRetrofit = benchmark.addLeadRetrofit();
    String viaStock = benchmark.addLeadStock();
    String viaDirect = benchmark.addLeadDirect();
    long rawBytes = benchmark.addLeadRaw();
    long rawAsyncBytes = benchmark.addLeadRawAsync();

    assertThat(rawBytes).isPositive();
    assertThat(rawAsyncBytes).isEqualTo(rawBytes);
    assertThat(sandbox.leads(Fixtures.OUTBOUND_ID)).hasSize(before + 6);
    for (String id : new String[] {viaFacade, viaRetrofit, viaStock, viaDirect}) {
      SandboxLead lead = sandbox.lead(Fixtures.OUTBOUND_ID, id).orElseThrow(AssertionError::new);
      assertThat(lead.getPhoneNumber()).isEqualTo(Fixtures.PHONE_NUMBER);
      assertThat(lead.getExternalId()).isEqualTo(Fixtures.EXTERNAL_ID);
      assertThat(lead.getCallData()).isEqualTo(Fixtures.callData());
    }
    sandbox.assertNoContractViolations();
  }

  @Test
  void everyUpdateLeadVariantCompletesTheLead() throws Exception {
    Lead viaFacade = benchmark.updateLeadFacade();
    org.nlpearl4j.internal.generated.model.LeadApiView viaRetrofit = benchmark.updateLeadRetrofit();
    LeadApiView viaStock = (LeadApiView) benchmark.updateLeadStock();
    Lead viaDirect = benchmark.updateLeadDirect();
    long rawBytes = benchmark.updateLeadRaw();
    long rawAsyncBytes = benchmark.updateLeadRawAsync();

    assertThat(viaFacade.getId()).isEqualTo(benchmark.leadId());
    assertThat(viaFacade.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(viaDirect).isEqualTo(viaFacade);
    assertThat(viaRetrofit.getStatus()).isEqualTo(130);
    assertThat(viaStock.getStatus()).isEqualTo(130);
    assertThat(viaStock.getPhoneNumber()).isEqualTo(Fixtures.PHONE_NUMBER);
    assertThat(rawBytes).isPositive();
    assertThat(rawAsyncBytes).isEqualTo(rawBytes);
    sandbox.assertNoContractViolations();
  }

  @Test
  void theListenedVariantsAddAndUpdateLikeTheFacadeAndTheMetricsCountThem() throws Exception {
    int before = sandbox.leads(Fixtures.OUTBOUND_ID).size();

    String viaNoop = benchmark.addLeadNoopListener();
    String viaMicrometer = benchmark.addLeadMicrometer();
    Lead updatedNoop = benchmark.updateLeadNoopListener();
    Lead updatedMicrometer = benchmark.updateLeadMicrometer();

    assertThat(sandbox.leads(Fixtures.OUTBOUND_ID)).hasSize(before + 2);
    for (String id : new String[] {viaNoop, viaMicrometer}) {
      SandboxLead lead = sandbox.lead(Fixtures.OUTBOUND_ID, id).orElseThrow(AssertionError::new);
      assertThat(lead.getPhoneNumber()).isEqualTo(Fixtures.PHONE_NUMBER);
    }
    assertThat(updatedNoop.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(updatedMicrometer).isEqualTo(updatedNoop);
    assertThat(benchmark.meterRegistry().get("nlpearl.calls").tag("outcome", "success").timers())
        .hasSize(2)
        .allSatisfy(timer -> assertThat(timer.count()).isEqualTo(1));
    sandbox.assertNoContractViolations();
  }
}
