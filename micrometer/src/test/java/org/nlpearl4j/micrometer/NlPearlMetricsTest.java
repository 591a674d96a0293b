package org.nlpearl4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivex.rxjava3.observers.TestObserver;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadStatus;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** The meters, read from a {@link SimpleMeterRegistry}, against the sandbox failing on purpose. */
class NlPearlMetricsTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  private final NlPearlSandbox sandbox = NlPearlSandbox.builder()
      .strictContract(true)
      .campaign(CAMPAIGN)
      .autoCreateCampaigns(false)
      .build()
      .start();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final NlPearl client = NlPearl.builder()
      .token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl())
      .retryPolicy(retry -> retry.initialBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5)))
      .listener(NlPearlMetrics.builder(registry).tag("client", "crm").build())
      .build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  @Test
  void aRateLimitedAddIsOneSuccessfulCallAfterOneRetry() {
    sandbox.faults().next(1).rateLimited(Duration.ZERO);

    client.outbound(CAMPAIGN).addLead(lead -> lead.phoneNumber("+33123456789")).blockingGet();

    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    Timer calls = registry.get(NlPearlMetrics.CALLS).tag("client", "crm")
        .tag("operation", "addLead").tag("outcome", "success").tag("status", "2xx")
        .tag("exception", "none").tag("reason", "none").timer();
    assertThat(calls.count()).isEqualTo(1);
    assertThat(calls.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.get(NlPearlMetrics.CALLS).timers()).hasSize(1);
    assertThat(retries("addLead", "rate_limited").count()).isEqualTo(1.0);
    assertThat(responses("addLead", "4xx").count()).isEqualTo(1);
    assertThat(responses("addLead", "2xx").count()).isEqualTo(1);
    assertThat(active("addLead").value()).isZero();
  }

  @Test
  void failedCallsAreTaggedWithWhetherNlPearlMayHaveActed() throws Exception {
    sandbox.faults().next(1).status(503);
    await(client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789")).test());
    await(client.outbound("65f1c0ffee00000000000000").addLead(l -> l.phoneNumber("+33123456789"))
        .test());
    await(client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("not a phone number")).test());

    assertThat(sandbox.leads(CAMPAIGN)).as("nothing stored: the 503 came before any work")
        .isEmpty();
    assertThat(call("addLead", "unknown", "5xx", "ServerException").count()).isEqualTo(1);
    assertThat(call("addLead", "unknown", "server_error").count()).isEqualTo(1);
    assertThat(call("addLead", "rejected", "4xx", "NotFoundException").count()).isEqualTo(1);
    assertThat(call("addLead", "rejected", "not_found").count()).isEqualTo(1);
    assertThat(call("addLead", "never_sent", "invalid_request").count()).isEqualTo(1);
    assertThat(call("addLead", "never_sent", "none", "InvalidRequestException").count())
        .isEqualTo(1);
    assertThat(registry.find(NlPearlMetrics.RETRIES).counters())
        .as("an add is not retried after a 503: it may have been stored").isEmpty();
    assertThat(active("addLead").value()).isZero();
  }

  @Test
  void anAddWhoseAnswerBreaksOffIsAcceptedAndTheSandboxHasTheLead() throws Exception {
    sandbox.faults().next(1).truncateBody();

    await(client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789")).test());

    assertThat(sandbox.leads(CAMPAIGN)).as("stored, though the client never read its id")
        .hasSize(1);
    assertThat(call("addLead", "accepted", "2xx", "NetworkException").count()).isEqualTo(1);
    assertThat(call("addLead", "accepted", "answer_cut_short").count()).isEqualTo(1);
    assertThat(registry.find(NlPearlMetrics.RETRIES).counters()).isEmpty();
  }

  @Test
  void aGatewayErrorAfterTheLeadWasStoredCountsAsUnknownNotAsRejected() throws Exception {
    sandbox.faults().next(1).afterHandling().status(502);

    await(client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789")).test());

    assertThat(sandbox.leads(CAMPAIGN)).as("NLPearl acted although the client saw a 502")
        .hasSize(1);
    assertThat(call("addLead", "unknown", "5xx", "ServerException").count()).isEqualTo(1);
    assertThat(registry.find(NlPearlMetrics.RETRIES).counters())
        .as("an add that may have been stored is not sent again").isEmpty();
  }

  @Test
  void anUpdateAnsweredWithAMalformedBodyIsRetriedAsABadResponse() {
    String leadId = client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789"))
        .blockingGet();
    sandbox.faults().next(1).malformedBody();

    Lead lead = client.pearl(CAMPAIGN)
        .updateLead(leadId, u -> u.status(SettableLeadStatus.COMPLETED)).blockingGet();

    assertThat(lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(retries("updateLead", "bad_response").count()).isEqualTo(1.0);
    assertThat(call("updateLead", "success", "2xx", "none").count()).isEqualTo(1);
    assertThat(responses("updateLead", "2xx").count()).isEqualTo(2);
  }

  @Test
  void updatesRetriedAfterA503AndADroppedConnectionCountEachReason() {
    String leadId = client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789"))
        .blockingGet();
    sandbox.faults().next(1).status(503);
    // A client of its own (same listener, same registry), so the update opens a fresh connection:
    // OkHttp itself would quietly repeat a request that failed on a reused one.
    NlPearl fresh = client.toBuilder().build();
    fresh.pearl(CAMPAIGN).updateLead(leadId, u -> u.status(SettableLeadStatus.COMPLETED))
        .blockingGet();
    fresh.close();
    sandbox.faults().next(1).dropConnection();
    NlPearl another = client.toBuilder().build();
    Lead lead = another.pearl(CAMPAIGN)
        .updateLead(leadId, u -> u.status(SettableLeadStatus.NOT_SUCCESSFUL)).blockingGet();
    another.close();

    assertThat(lead.getId()).isEqualTo(leadId);
    assertThat(lead.getStatus()).isEqualTo(LeadStatus.NOT_SUCCESSFUL);
    assertThat(retries("updateLead", "server_error").count()).isEqualTo(1.0);
    assertThat(retries("updateLead", "network_after_sending").count()).isEqualTo(1.0);
    assertThat(call("updateLead", "success", "2xx", "none").count()).isEqualTo(2);
    assertThat(responses("updateLead", "5xx").count()).isEqualTo(1);
    assertThat(responses("updateLead", "2xx").count()).isEqualTo(2);
  }

  @Test
  void theGaugeCountsCallsInFlight() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));

    TestObserver<String> slow = client.outbound(CAMPAIGN)
        .addLead(l -> l.phoneNumber("+33123456789")).test();

    assertThat(active("addLead").value()).isEqualTo(1.0);
    await(slow);
    slow.assertValueCount(1);
    assertThat(active("addLead").value()).isZero();
  }

  @Test
  void aDisposedCallIsCanceledAndLeavesTheGauge() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));

    TestObserver<String> slow = client.outbound(CAMPAIGN)
        .addLead(l -> l.phoneNumber("+33123456789")).test();
    slow.dispose();

    assertThat(active("addLead").value()).isZero();
    assertThat(call("addLead", "canceled", "none", "none").count()).isEqualTo(1);
    assertThat(call("addLead", "canceled", "cancelled").count()).isEqualTo(1);
  }

  @Test
  void everyReasonAFailedCallCanHaveIsItsReasonTag() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // One attempt per call: each failure is the call's last, none is retried away.
    NlPearl once = client.toBuilder().retryPolicy(retry -> retry.maxAttempts(1))
        .readTimeout(Duration.ofMillis(300)).build();
    NlPearl offline = once.toBuilder().baseUrl("http://127.0.0.1:" + closedPort + "/").build();
    Map<FailureReason, Runnable> failures = new EnumMap<>(FailureReason.class);
    failures.put(FailureReason.INVALID_REQUEST, () -> add(once, CAMPAIGN, "not a phone number"));
    failures.put(FailureReason.REJECTED, () -> {
      sandbox.faults().next(1).status(409);
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.AUTHENTICATION, () -> {
      sandbox.faults().next(1).status(401);
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.NOT_FOUND,
        () -> add(once, "65f1c0ffee00000000000000", "+33123456789"));
    failures.put(FailureReason.RATE_LIMITED, () -> {
      sandbox.faults().next(1).rateLimited(Duration.ZERO);
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.SERVER_ERROR, () -> {
      sandbox.faults().next(1).status(503);
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.NETWORK_BEFORE_SENDING, () -> add(offline, CAMPAIGN, "+33123456789"));
    failures.put(FailureReason.NETWORK_AFTER_SENDING, () -> {
      sandbox.faults().next(1).dropConnection();
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.TIMEOUT, () -> {
      sandbox.faults().next(1).delay(Duration.ofSeconds(2));
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.ANSWER_CUT_SHORT, () -> {
      sandbox.faults().next(1).truncateBody();
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.BAD_RESPONSE, () -> {
      sandbox.faults().next(1).malformedBody();
      add(once, CAMPAIGN, "+33123456789");
    });
    failures.put(FailureReason.CANCELLED, () -> {
      sandbox.faults().next(1).delay(Duration.ofSeconds(2));
      once.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789")).test().dispose();
    });

    for (Map.Entry<FailureReason, Runnable> failure : failures.entrySet()) {
      failure.getValue().run();
      String code = failure.getKey().getCode();
      assertThat(registry.get(NlPearlMetrics.CALLS).tag("reason", code).timer().count())
          .as(code).isEqualTo(1);
    }
    once.close();
    offline.close();

    // Every reason but INTERNAL_ERROR (a failure that is not the SDK's: a bug) was produced.
    Set<String> tagged = registry.get(NlPearlMetrics.CALLS).timers().stream()
        .map(timer -> timer.getId().getTag("reason")).collect(Collectors.toSet());
    Set<String> expected = EnumSet.complementOf(EnumSet.of(FailureReason.INTERNAL_ERROR)).stream()
        .map(FailureReason::getCode).collect(Collectors.toSet());
    assertThat(tagged).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static void add(NlPearl client, String campaign, String phone) {
    TestObserver<String> call =
        client.outbound(campaign).addLead(l -> l.phoneNumber(phone)).test();
    try {
      await(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    call.assertError(NlPearlException.class);
  }

  private static void await(TestObserver<?> observer) throws InterruptedException {
    assertThat(observer.await(10, TimeUnit.SECONDS)).as("the call ended").isTrue();
  }

  private Timer call(String operation, String outcome, String status, String exception) {
    return registry.get(NlPearlMetrics.CALLS).tag("operation", operation).tag("outcome", outcome)
        .tag("status", status).tag("exception", exception).timer();
  }

  private Timer call(String operation, String outcome, String reason) {
    return registry.get(NlPearlMetrics.CALLS).tag("operation", operation).tag("outcome", outcome)
        .tag("reason", reason).timer();
  }

  private Timer responses(String operation, String status) {
    return registry.get(NlPearlMetrics.RESPONSES).tag("operation", operation)
        .tag("status", status).timer();
  }

  private Counter retries(String operation, String reason) {
    return registry.get(NlPearlMetrics.RETRIES).tag("operation", operation).tag("reason", reason)
        .counter();
  }

  private Gauge active(String operation) {
    return registry.get(NlPearlMetrics.ACTIVE).tag("client", "crm").tag("operation", operation)
        .gauge();
  }
}
