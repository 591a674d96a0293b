package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.ManualClock;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The resolution rule against the sandbox, an eventually consistent server (lookup lag 2 s), on
 * virtual time: the sandbox's clock and the resolver's scheduler are moved together.
 */
class LeadResolverTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LAG = Duration.ofSeconds(2);

  private final ManualClock clock = ManualClock.startingAt(START);
  private final TestScheduler time = new TestScheduler(START.toEpochMilli(), TimeUnit.MILLISECONDS);
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder()
      .strictContract(true)
      .campaign(CAMPAIGN)
      .autoCreateCampaigns(false)
      .clock(clock)
      .lookupLag(LAG)
      .build()
      .start();
  private final NlPearl client = NlPearl.builder()
      .token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl())
      .retryPolicy(RetryPolicy.none())
      .retryScheduler(time)
      .build();

  @AfterEach
  void close() {
    sandbox.assertNoContractViolations();
    client.close();
    sandbox.close();
  }

  private LeadResolver resolver(Duration settle) {
    return LeadResolver.builder(client).settleTime(settle).scheduler(time).build();
  }

  /** Moves the server's clock and the resolver's time together. */
  private void advance(Duration by) {
    clock.advance(by);
    time.advanceTimeBy(by.toMillis(), TimeUnit.MILLISECONDS);
  }

  private long lookups() {
    return sandbox.recordedRequests().stream()
        .filter(r -> "getLeadViaExternalID".equals(r.getOperation())).count();
  }

  private static LeadResolution await(TestObserver<LeadResolution> observer)
      throws InterruptedException {
    assertThat(observer.await(10, TimeUnit.SECONDS)).as("resolution ended").isTrue();
    observer.assertNoErrors().assertValueCount(1);
    return observer.values().get(0);
  }

  private String add(String externalId) {
    return client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber("+14155550123").externalId(externalId)).blockingGet();
  }

  @Test
  void theRuleWaitsTheSettleTimeSoALeadStillHiddenByTheLagIsFound() throws Exception {
    String leadId = add("crm-1");
    TestObserver<LeadResolution> observer =
        resolver(Duration.ofSeconds(3)).resolve(CAMPAIGN, "crm-1", START).test();

    advance(Duration.ofMillis(2999));
    assertThat(lookups()).as("no lookup before the settle time").isZero();
    observer.assertNoValues();
    advance(Duration.ofMillis(1));

    LeadResolution resolution = await(observer);
    assertThat(resolution.getOutcome()).isEqualTo(LeadResolution.Outcome.FOUND);
    assertThat(resolution.getLeadId()).isEqualTo(leadId);
    assertThat(resolution.getCheckedAt()).isEqualTo(START.plusSeconds(3));
    assertThat(resolution.getNextCheckAt()).isNull();
    assertThat(lookups()).isEqualTo(1);
  }

  @Test
  void aLookupTooEarlyWouldFindNothingAndCallTheStoredLeadAbsent() throws Exception {
    add("crm-1");
    TestObserver<LeadResolution> early =
        resolver(Duration.ofSeconds(1)).resolve(CAMPAIGN, "crm-1", START).test();

    advance(Duration.ofSeconds(1));

    // This is why the rule waits: the lead is stored, but a lookup inside the lag misses it.
    assertThat(await(early).getOutcome()).isEqualTo(LeadResolution.Outcome.ABSENT);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void anAddStoredThenAnswered502IsFoundWithTheIdTheStoreGaveIt() throws Exception {
    sandbox.faults().next(1).afterHandling().status(502);
    Throwable addFailure = TestSupport.errorOf(client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber("+14155550123").externalId("crm-2"))
        .test().await());
    assertThat(LeadResolver.needsResolution(addFailure)).isTrue();

    TestObserver<LeadResolution> observer =
        resolver(LAG).resolve(CAMPAIGN, "crm-2", START).test();
    advance(LAG);

    LeadResolution resolution = await(observer);
    SandboxLead stored = sandbox.leads(CAMPAIGN).get(0);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    assertThat(resolution.isFound()).isTrue();
    assertThat(resolution.getLeadId()).isEqualTo(stored.getId());
    assertThat(resolution.getLead().getExternalId()).isEqualTo("crm-2");
  }

  @Test
  void anAddNeverStoredIsAbsentAndSafeToSendAgain() throws Exception {
    sandbox.faults().next(1).status(502);
    Throwable addFailure = TestSupport.errorOf(client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber("+14155550123").externalId("crm-3"))
        .test().await());
    assertThat(LeadResolver.needsResolution(addFailure)).isTrue();

    TestObserver<LeadResolution> observer =
        resolver(LAG).resolve(CAMPAIGN, "crm-3", START).test();
    advance(LAG);

    LeadResolution resolution = await(observer);
    assertThat(resolution.getOutcome()).isEqualTo(LeadResolution.Outcome.ABSENT);
    assertThat(resolution.isSafeToSendAgain()).isTrue();
    assertThat(resolution.getLead()).isNull();
    assertThat(resolution.getCause()).isNull();
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();
  }

  @Test
  void aFailedLookupIsStillUnknownWithTheCauseAndABackedOffNextCheck() throws Exception {
    add("crm-4");
    sandbox.faults().next(2).status(500);
    LeadResolver resolver = resolver(LAG);

    TestObserver<LeadResolution> first = resolver.resolve(CAMPAIGN, "crm-4", START).test();
    advance(LAG);
    LeadResolution unknown = await(first);

    assertThat(unknown.getOutcome()).isEqualTo(LeadResolution.Outcome.STILL_UNKNOWN);
    assertThat(unknown.getCause()).isInstanceOf(ServerException.class);
    assertThat(unknown.getCheckedAt()).isEqualTo(START.plus(LAG));
    assertThat(unknown.getNextCheckAt()).isEqualTo(START.plus(LAG).plusSeconds(30));
    assertThat(unknown.isFound()).isFalse();
    assertThat(unknown.isSafeToSendAgain()).isFalse();

    LeadResolution second = await(resolver.resolve(CAMPAIGN, "crm-4", START, 2).test());
    assertThat(second.getNextCheckAt()).isEqualTo(second.getCheckedAt().plusSeconds(120));

    // The stored check time comes: the settle time is long over, so the lookup goes out at once.
    LeadResolution third = await(resolver.resolve(CAMPAIGN, "crm-4", START, 3).test());
    assertThat(third.isFound()).isTrue();
  }

  @Test
  void theRecheckBackoffDoublesUpToTheLongestDelay() {
    LeadResolver resolver = LeadResolver.builder(client)
        .recheckDelays(Duration.ofSeconds(10), Duration.ofMinutes(1)).scheduler(time).build();

    assertThat(resolver.nextCheckAt(START, 0)).isEqualTo(START.plusSeconds(10));
    assertThat(resolver.nextCheckAt(START, 1)).isEqualTo(START.plusSeconds(20));
    assertThat(resolver.nextCheckAt(START, 2)).isEqualTo(START.plusSeconds(40));
    assertThat(resolver.nextCheckAt(START, 3)).isEqualTo(START.plusSeconds(60));
    assertThat(resolver.nextCheckAt(START, 1000)).isEqualTo(START.plusSeconds(60));
    assertThat(resolver.settledAt(START)).isEqualTo(START.plus(LeadResolver.DEFAULT_SETTLE_TIME));
  }

  @Test
  void anImplausibleExternalIdIsStillUnknownWithoutARequest() throws Exception {
    LeadResolution resolution = await(resolver(Duration.ZERO).resolve(CAMPAIGN, "a\tb", START).test());

    assertThat(resolution.getOutcome()).isEqualTo(LeadResolution.Outcome.STILL_UNKNOWN);
    assertThat(resolution.getCause()).isInstanceOf(InvalidRequestException.class);
    assertThat(sandbox.recordedRequests()).isEmpty();
  }

  @Test
  void nothingHappensBeforeSubscriptionAndDisposingDuringTheWaitSendsNothing() throws Exception {
    add("crm-5");
    sandbox.clearRecordedRequests();
    LeadResolver resolver = resolver(LAG);

    resolver.resolve(CAMPAIGN, "crm-5", START);
    TestObserver<LeadResolution> observer = resolver.resolve(CAMPAIGN, "crm-5", START).test();
    advance(Duration.ofSeconds(1));
    observer.dispose();
    advance(Duration.ofMinutes(1));
    Thread.sleep(100);

    assertThat(sandbox.recordedRequests()).isEmpty();
    observer.assertNoValues().assertNoErrors();
  }

  @Test
  void onlyAFailureThatMayHaveActedNeedsResolution() {
    assertThat(LeadResolver.needsResolution(new UnexpectedResponseException(
        "addLead", 200, null, "the body has no leadId", null))).isTrue();
    assertThat(LeadResolver.needsResolution(new ServerException("addLead", 502, null, null, null)))
        .isTrue();
    assertThat(LeadResolver.needsResolution(new IOException("raw"))).isTrue();
    assertThat(LeadResolver.needsResolution(
        new BadRequestException("addLead", 400, null, null))).isFalse();
    assertThat(LeadResolver.needsResolution(
        new RateLimitedException("addLead", null, null, null))).isFalse();
  }

  @Test
  void optionsAreCheckedAndKeptByToBuilder() {
    LeadResolver resolver = LeadResolver.builder(client).settleTime(Duration.ofSeconds(9))
        .recheckDelays(Duration.ofSeconds(5), Duration.ofSeconds(50)).build();

    LeadResolver copy = resolver.toBuilder().build();
    assertThat(copy.getSettleTime()).isEqualTo(Duration.ofSeconds(9));
    assertThat(copy.getFirstRecheckDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(copy.getMaxRecheckDelay()).isEqualTo(Duration.ofSeconds(50));
    assertThatThrownBy(() -> LeadResolver.builder(client).settleTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settleTime");
    assertThatThrownBy(() -> LeadResolver.builder(client)
        .recheckDelays(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longest >= first");
    assertThatThrownBy(() -> resolver.resolve(CAMPAIGN, "x", START, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResolutionSaysWhatItIsWithoutPersonalData() {
    Lead lead = Lead.builder().id("lead-1").phoneNumber("+14155550123").externalId("crm-1").build();

    assertThat(LeadResolution.found("p", "crm-1", lead, START).toString())
        .isEqualTo("LeadResolution{outcome=FOUND, pearlId=p, externalId=crm-1, "
            + "checkedAt=2026-03-02T09:00:00Z, leadId=lead-1}")
        .doesNotContain("4155550123");
    assertThat(LeadResolution.absent("p", "crm-1", START))
        .isEqualTo(LeadResolution.absent("p", "crm-1", START));
  }
}
