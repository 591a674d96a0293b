package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /v2/Outbound/{pearlId}/Lead/External/{externalId}}: served from the store, strict
 * contract, the same faults as the other operations, and an optional lookup lag.
 */
class LeadLookupRouteTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:30Z");
  private static final String CAMPAIGN = "camp-1";

  private final ManualClock clock = ManualClock.startingAt(START);
  private NlPearlSandbox sandbox = start(Duration.ZERO);
  private Http http = new Http(sandbox.baseUrl());

  private NlPearlSandbox start(Duration lag) {
    return NlPearlSandbox.builder().clock(clock).strictContract(true).lookupLag(lag).build().start();
  }

  private void restart(Duration lag) {
    stop();
    sandbox = start(lag);
    http = new Http(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    sandbox.assertNoContractViolations();
    http.close();
    sandbox.close();
  }

  private Http.Reply get(String path) throws IOException {
    return http.execute(http.authorized(path).get().build());
  }

  private String add(String externalId) throws IOException {
    return http.addLead(CAMPAIGN, "{\"phoneNumber\":\"+14155550123\",\"externalId\":\"" + externalId
        + "\",\"callData\":{\"name\":\"Joe\"}}");
  }

  @Test
  void aLeadAddedThroughV1IsFoundThroughV2UnderTheSameCampaignId() throws IOException {
    String leadId = add("crm-42");

    Http.Reply reply = get("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.get("id").asText()).isEqualTo(leadId);
    assertThat(body.get("externalId").asText()).isEqualTo("crm-42");
    assertThat(body.get("phoneNumber").asText()).isEqualTo("+14155550123");
    assertThat(body.get("callData").get("name").asText()).isEqualTo("Joe");
    assertThat(sandbox.counters().getLeadLookups()).isEqualTo(1);
    assertThat(sandbox.counters().getLeadLookupsFound()).isEqualTo(1);
    assertThat(sandbox.recordedRequests().get(1).getOperation()).isEqualTo("getLeadViaExternalID");
  }

  @Test
  void anUnknownExternalIdOrCampaignIs404WithAProblem() throws IOException {
    add("crm-42");

    Http.Reply other = get("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-43");
    Http.Reply elsewhere = get("v2/Outbound/camp-2/Lead/External/crm-42");

    assertThat(other.status()).isEqualTo(404);
    assertThat(other.header("Content-Type")).startsWith("application/problem+json");
    assertThat(other.json().get("detail").asText())
        .isEqualTo("No lead with external id 'crm-43' in pearl 'camp-1'.");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(sandbox.counters().getLeadLookups()).isEqualTo(2);
    assertThat(sandbox.counters().getLeadLookupsFound()).isZero();
  }

  @Test
  void percentEncodedExternalIdsAreDecodedAndDuplicatesGiveTheFirstAdded() throws IOException {
    String first = add("crm 7/b");
    add("crm 7/b");

    Http.Reply reply = get("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm%207%2Fb");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("id").asText()).isEqualTo(first);
  }

  @Test
  void aLeadStaysInvisibleToLookupsForTheLag() throws IOException {
    restart(Duration.ofSeconds(2));
    String leadId = add("crm-42");
    String path = "v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42";

    clock.advance(Duration.ofMillis(1999));
    assertThat(get(path).status()).isEqualTo(404);
    clock.advance(Duration.ofMillis(1));
    Http.Reply reply = get(path);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("id").asText()).isEqualTo(leadId);
    assertThat(sandbox.lookupLag()).isEqualTo(Duration.ofSeconds(2));
    // The lag delays lookups only: the lead was stored at once and can be updated at once.
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void theLookupIsAGetOnly() throws IOException {
    Http.Reply put = http.put("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42", "{}");

    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Allow")).isEqualTo("GET");
    assertThat(sandbox.contractViolations()).as("a PUT the spec does not define is reported")
        .isNotEmpty();
    sandbox.clearContractViolations();
  }

  @Test
  void aLookupWithoutTokenIs401() throws IOException {
    Http.Reply reply = http.execute(
        http.request("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42").get().build());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(sandbox.contractViolations()).as("the missing bearer token is reported")
        .isNotEmpty();
    sandbox.clearContractViolations();
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void lookupsTakeEveryFaultKindAndNeverChangeTheStore(FaultKind kind) throws IOException {
    add("crm-42");
    sandbox.faults().next(1).fault(kind);

    Request request = http.authorized("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42").get()
        .build();
    int status;
    try {
      status = http.execute(request).status();
    } catch (IOException dropped) {
      status = 0;
    }

    SandboxRequest recorded = sandbox.recordedRequests().get(1);
    assertThat(recorded.getOperation()).isEqualTo("getLeadViaExternalID");
    assertThat(recorded.isFaultAfterHandling()).isEqualTo(kind.isAfterHandling());
    assertThat(recorded.getHandledStatus()).isEqualTo(kind.isAfterHandling() ? 200 : 0);
    assertThat(status).isNotEqualTo(404);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    assertThat(sandbox.faults().injected().getTotal()).isEqualTo(1);
  }

  @Test
  void theFaultMixCoversLookupsToo() throws IOException {
    add("crm-42");
    sandbox.faults().mix(FaultMix.builder().rate(1.0).seed(3).build());

    for (int i = 0; i < 5; i++) {
      try {
        get("v2/Outbound/" + CAMPAIGN + "/Lead/External/crm-42");
      } catch (IOException dropped) {
        // a drop kind
      }
    }

    assertThat(sandbox.faults().injected().getTotal()).isEqualTo(5);
  }

  @Test
  void negativeLagIsRefused() {
    assertThatThrownBy(() -> NlPearlSandbox.builder().lookupLag(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lookupLag");
  }

  @Test
  void theLauncherTakesLookupLag() throws IOException {
    stop();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sandbox = SandboxLauncher.launch(new String[] {"--port", "0", "--lookup-lag", "1.5s"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    http = new Http(sandbox.baseUrl());

    assertThat(sandbox.lookupLag()).isEqualTo(Duration.ofMillis(1500));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Lookup lag: 1500 ms");
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SandboxLauncher.launch(new String[] {"--lookup-lag", "2 hours"}, out))
        .hasMessageContaining("--lookup-lag: '2 hours' is not a duration");
  }

  @Test
  void durationsReadTheDocumentedForms() {
    assertThat(SandboxDuration.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(SandboxDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(SandboxDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SandboxDuration.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(SandboxDuration.parse("0")).isEqualTo(Duration.ZERO);
    for (String bad : List.of("", "s", "-1s", "2", "2h", "1e3s")) {
      assertThatThrownBy(() -> SandboxDuration.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
