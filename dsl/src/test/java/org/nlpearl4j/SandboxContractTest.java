package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The main flows against the NLPearl sandbox in strict contract mode: every request the SDK sends
 * and every response it reads is checked against the vendored spec.
 */
class SandboxContractTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder()
      .strictContract(true)
      .campaign(CAMPAIGN)
      .autoCreateCampaigns(false)
      .build()
      .start();
  private final NlPearl client = NlPearl.builder()
      .token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl())
      .retryScheduler(time)
      .build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  @Test
  void addThenUpdateALead() {
    String leadId = client.outbound(CAMPAIGN).addLead(lead -> lead
            .phoneNumber("+1 (415) 555-0123")
            .externalId("crm-42")
            .timeZone(ZoneId.of("Europe/Paris"))
            .callData("email", "joe@example.com"))
        .blockingGet();

    SandboxLead stored = sandbox.lead(CAMPAIGN, leadId).orElseThrow(AssertionError::new);
    assertThat(stored.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(stored.getExternalId()).isEqualTo("crm-42");
    assertThat(stored.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(stored.getCallData()).isEqualTo(Collections.singletonMap("email", "joe@example.com"));

    Lead updated = client.pearl(CAMPAIGN)
        .updateLead(leadId, update -> update
            .status(SettableLeadStatus.COMPLETED)
            .callData("note", "converted in CRM"))
        .blockingGet();

    assertThat(updated.getId()).isEqualTo(leadId);
    assertThat(updated.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(updated.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(updated.getExternalId()).isEqualTo("crm-42");
    assertThat(updated.getCreated()).isNotNull();
    assertThat(sandbox.lead(CAMPAIGN, leadId).get().getStatus()).isEqualTo(130);
    sandbox.assertNoContractViolations();
  }

  @Test
  void aRateLimitedAddIsRetriedOnceTheSandboxAllowsItWithoutADuplicate() throws Exception {
    sandbox.faults().next(1).rateLimited(Duration.ofSeconds(2));

    TestObserver<String> observer = client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber("+33 1 23 45 67 89")).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(2));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertValueCount(1);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    sandbox.assertNoContractViolations();
  }

  @Test
  void anAddHitByAServerErrorIsNotRetried() throws Exception {
    sandbox.faults().next(1).serverError();

    TestObserver<String> observer = client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber("+33123456789")).test();

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(TestSupport.errorOf(observer)).isInstanceOf(ServerException.class);
    assertThat(sandbox.recordedRequests()).hasSize(1);
    assertThat(time.anyScheduled()).isFalse();
  }

  @Test
  void anUpdateSurvivesADroppedConnection() throws Exception {
    String leadId = client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789"))
        .blockingGet();
    sandbox.faults().next(1).dropConnection();
    // A client of its own, so the update opens a fresh connection: OkHttp itself would quietly
    // repeat an idempotent request that failed on a reused one, and no SDK retry would be needed.
    NlPearl fresh = client.toBuilder().build();

    TestObserver<Lead> observer = fresh.pearl(CAMPAIGN)
        .updateLead(leadId, u -> u.status(SettableLeadStatus.NOT_SUCCESSFUL)).test();
    time.awaitScheduled();
    time.advance(RetryPolicy.defaults().getMaxBackoff());

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(observer.values().get(0).getStatus()).isEqualTo(LeadStatus.NOT_SUCCESSFUL);
    sandbox.assertNoContractViolations();
    fresh.close();
  }

  @Test
  void unknownCampaignsAndLeadsAreNotFound() throws Exception {
    TestObserver<String> add = client.outbound("65f1c0ffee00000000000000")
        .addLead(l -> l.phoneNumber("+33123456789")).test();
    TestObserver<Lead> update = client.pearl(CAMPAIGN)
        .updateLead("65f1c0ffee0000000000ffff", u -> u.externalId("x")).test();

    assertThat(add.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(update.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(TestSupport.errorOf(add)).isInstanceOf(NotFoundException.class);
    assertThat(TestSupport.errorOf(update)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aWrongSecretIsAnAuthenticationFailure() throws Exception {
    NlPearl wrong = client.toBuilder()
        .credentials(NlPearlSandbox.DEFAULT_ACCOUNT_ID, "not-the-sandbox-secret").build();

    TestObserver<String> observer = wrong.outbound(CAMPAIGN)
        .addLead(l -> l.phoneNumber("+33123456789")).test();

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(AuthenticationException.class);
    assertThat(((AuthenticationException) error).getStatusCode()).isEqualTo(401);
    assertThat(error.getMessage()).doesNotContain("not-the-sandbox-secret");
    wrong.close();
  }
}
