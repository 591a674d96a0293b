package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two operations' happy paths, in strict contract mode, asserting on the wire and on the store. */
class LeadRoutesTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:30.123456789Z");

  private NlPearlSandbox sandbox;
  private Http http;

  @BeforeEach
  void start() {
    sandbox = NlPearlSandbox.builder().clock(ManualClock.startingAt(START)).strictContract(true).build().start();
    http = new Http(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    sandbox.assertNoContractViolations();
    http.close();
    sandbox.close();
  }

  @Test
  void baseUrlIsLoopbackWithTrailingSlash() {
    assertThat(sandbox.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(sandbox.port()).isPositive();
  }

  @Test
  void addLeadReturnsAnObjectIdAndStoresEveryField() throws IOException {
    Http.Reply reply =
        http.put(
            "v1/Outbound/camp-1/Lead",
            "{\"phoneNumber\":\"+14155550123\",\"externalId\":\"crm-42\",\"timeZoneId\":\"Romance Standard Time\","
                + "\"callData\":{\"email\":\"joe@example.com\",\"name\":\"Joe\"}}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.size()).isEqualTo(1);
    String leadId = body.get("leadId").asText();
    assertThat(leadId).matches("[0-9a-f]{24}");
    // ObjectId-like: the first 4 bytes are the creation second.
    assertThat(Long.parseLong(leadId.substring(0, 8), 16)).isEqualTo(START.getEpochSecond());

    SandboxLead lead = sandbox.lead("camp-1", leadId).orElseThrow();
    assertThat(lead.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(lead.getExternalId()).isEqualTo("crm-42");
    assertThat(lead.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(lead.getCallData()).containsExactly(
        org.assertj.core.api.Assertions.entry("email", "joe@example.com"),
        org.assertj.core.api.Assertions.entry("name", "Joe"));
    assertThat(lead.getStatus()).isEqualTo(1);
    assertThat(lead.getCreated()).isEqualTo(START);
    assertThat(lead.getCallsId()).isEmpty();
    assertThat(lead.getLastCall()).isNull();
    assertThat(sandbox.campaigns()).containsExactly("camp-1");
  }

  @Test
  void leadsGetDistinctIds() throws IOException {
    String first = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    String second = http.addLead("c", "{\"phoneNumber\":\"+2\"}");
    assertThat(first).isNotEqualTo(second);
    assertThat(sandbox.leads("c")).extracting(SandboxLead::getId).containsExactly(first, second);
  }

  @Test
  void aLeadAddedWithV1IsUpdatedWithV2UnderTheSameIdAndOnlyGivenFieldsChange() throws IOException {
    String leadId =
        http.addLead(
            "shared-campaign",
            "{\"phoneNumber\":\"+14155550123\",\"externalId\":\"crm-1\",\"callData\":{\"a\":\"1\"}}");

    Http.Reply reply =
        http.put("v2/Outbound/shared-campaign/Lead/" + leadId, "{\"externalId\":\"crm-2\",\"status\":130}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode view = reply.json();
    assertThat(view.get("id").asText()).isEqualTo(leadId);
    assertThat(view.get("externalId").asText()).isEqualTo("crm-2");
    assertThat(view.get("phoneNumber").asText()).isEqualTo("+14155550123");
    assertThat(view.get("status").asInt()).isEqualTo(130);
    assertThat(view.get("callData").get("a").asText()).isEqualTo("1");
    assertThat(view.get("created").asText()).isEqualTo("2026-11-23T10:15:30.1234567Z");
    assertThat(view.get("callsId").isArray()).isTrue();
    assertThat(view.get("callsId").size()).isZero();
    assertThat(view.has("lastCall")).isTrue();
    assertThat(view.get("lastCall").isNull()).isTrue();
    assertThat(view.get("collectedData").isNull()).isTrue();
    assertThat(view.get("timeZone").isNull()).isTrue();

    SandboxLead stored = sandbox.lead("shared-campaign", leadId).orElseThrow();
    assertThat(stored.getExternalId()).isEqualTo("crm-2");
    assertThat(stored.getStatus()).isEqualTo(130);
  }

  @Test
  void updateReplacesCallDataAndPhoneAndKeepsWhatIsAbsentOrNull() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\",\"externalId\":\"x\",\"callData\":{\"a\":\"1\"}}");

    JsonNode view =
        http.put(
                "v2/Outbound/c/Lead/" + leadId,
                "{\"phoneNumber\":\"+33612345678\",\"externalId\":null,\"status\":null,\"callData\":{\"b\":\"2\"},"
                    + "\"timeZoneId\":\"Pacific Standard Time\"}")
            .json();

    assertThat(view.get("phoneNumber").asText()).isEqualTo("+33612345678");
    assertThat(view.get("externalId").asText()).isEqualTo("x");
    assertThat(view.get("status").asInt()).isEqualTo(1);
    assertThat(view.get("timeZone").asText()).isEqualTo("Pacific Standard Time");
    assertThat(view.get("callData").size()).isEqualTo(1);
    assertThat(view.get("callData").get("b").asText()).isEqualTo("2");
  }

  @Test
  void emptyUpdateReturnsTheLeadUnchanged() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    Http.Reply reply = http.put("v2/Outbound/c/Lead/" + leadId, "{}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("phoneNumber").asText()).isEqualTo("+1");
    assertThat(reply.json().get("status").asInt()).isEqualTo(1);
  }

  @Test
  void everySettableStatusIsAccepted() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    for (int status : new int[] {1, 10, 100, 110, 130}) {
      Http.Reply reply = http.put("v2/Outbound/c/Lead/" + leadId, "{\"status\":" + status + "}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("status").asInt()).isEqualTo(status);
    }
  }

  @Test
  void propertyNamesMatchWithoutRegardToCaseLikeAspNet() throws IOException {
    // NLPearl binds JSON case-insensitively; the sandbox answers the same, but the contract check
    // (strict here) reports the misspelt member, so use a lenient sandbox for this one.
    try (NlPearlSandbox lenient = NlPearlSandbox.builder().strictContract(false).start()) {
      Http other = new Http(lenient.baseUrl());
      String leadId = other.addLead("c", "{\"PhoneNumber\":\"+1\"}");
      assertThat(lenient.lead("c", leadId).orElseThrow().getPhoneNumber()).isEqualTo("+1");
      assertThat(lenient.contractViolations()).isNotEmpty();
      other.close();
    }
  }

  @Test
  void textJsonAndVendorJsonBodiesAreAccepted() throws IOException {
    for (String type : new String[] {"text/json", "application/vnd.example+json", "application/json"}) {
      Http.Reply reply =
          http.execute(
              http.authorized("v1/Outbound/c/Lead")
                  .put(RequestBody.create("{\"phoneNumber\":\"+1\"}", okhttp3.MediaType.get(type)))
                  .build());
      assertThat(reply.status()).as(type).isEqualTo(200);
    }
    assertThat(sandbox.leads("c")).hasSize(3);
  }

  @Test
  void acceptTextJsonGetsTextJson() throws IOException {
    Http.Reply reply =
        http.execute(
            http.authorized("v1/Outbound/c/Lead")
                .header("Accept", "text/json")
                .put(RequestBody.create("{\"phoneNumber\":\"+1\"}", Http.JSON))
                .build());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/json");
  }

  @Test
  void pathParametersArePercentDecoded() throws IOException {
    String leadId = http.addLead("camp%20one", "{\"phoneNumber\":\"+1\"}");
    assertThat(sandbox.lead("camp one", leadId)).isPresent();
  }
}
