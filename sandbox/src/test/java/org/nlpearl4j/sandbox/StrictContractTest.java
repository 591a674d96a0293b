package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** Strict mode end to end: violations become 500s with the validator's report, and are recorded. */
class StrictContractTest extends StrictSandboxTest {
  @Override
  boolean checksContractAfterEach() {
    return false; // the violations are the point here; each test asserts its own
  }

  private Http.Reply put(String path, String body, String contentType) throws IOException {
    return http.execute(
        http.authorized(path).put(RequestBody.create(body, MediaType.get(contentType))).build());
  }

  private static void assertContractFailure(Http.Reply reply, String key) {
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.header("X-NlPearl-Sandbox-Contract")).isEqualTo("request");
    JsonNode body = reply.json();
    assertThat(body.get("type").asText()).isEqualTo("urn:nlpearl4j:sandbox:contract-violation");
    assertThat(body.get("detail").asText()).contains(key);
    boolean listed = false;
    for (JsonNode violation : body.get("violations")) {
      listed |= violation.get("key").asText().equals(key);
    }
    assertThat(listed).as("violations %s list %s", body.get("violations"), key).isTrue();
  }

  @Test
  void strictModeIsOnByDefault() {
    assertThat(NlPearlSandbox.builder().build().isStrictContract()).isTrue();
  }

  @Test
  void anExtraPropertyFailsWithTheValidatorsReportAndNothingIsStored() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"firstName\":\"Joe\"}");

    assertContractFailure(reply, "validation.request.body.schema.additionalProperties");
    assertThat(reply.json().get("detail").asText()).contains("firstName");
    assertThat(sandbox.counters().getLeadsStored()).isZero();
    assertThat(sandbox.contractViolations())
        .anySatisfy(
            violation -> {
              assertThat(violation.getDirection()).isEqualTo(ContractViolation.Direction.REQUEST);
              assertThat(violation.getKey()).isEqualTo("validation.request.body.schema.additionalProperties");
              assertThat(violation.getMethod()).isEqualTo("PUT");
              assertThat(violation.getPath()).isEqualTo("/v1/Outbound/c/Lead");
            });
    assertThatThrownBy(sandbox::assertNoContractViolations)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("validation.request.body.schema.additionalProperties")
        .hasMessageContaining("firstName");
  }

  @Test
  void theSameRequestInLenientModeGetsNlPearlsAnswerAndIsStillRecorded() throws IOException {
    try (NlPearlSandbox lenient = NlPearlSandbox.builder().strictContract(false).start()) {
      Http client = new Http(lenient.baseUrl());
      Http.Reply reply = client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"firstName\":\"Joe\"}");
      assertThat(reply.status()).isEqualTo(400);
      assertThat(lenient.contractViolations())
          .extracting(ContractViolation::getKey)
          .contains("validation.request.body.schema.additionalProperties");
      assertThatThrownBy(lenient::assertNoContractViolations).isInstanceOf(AssertionError.class);
      client.close();
    }
  }

  @Test
  void validTrafficLeavesNoViolationsIncludingNullsTheSpecAllows() throws IOException {
    String leadId =
        http.addLead(
            "c",
            "{\"phoneNumber\":\"+14155550123\",\"externalId\":null,\"timeZoneId\":null,\"callData\":null}");
    // status: null sits beside an allOf $ref in the spec (the validator's nullable gap).
    Http.Reply update =
        http.put(
            "v2/Outbound/c/Lead/" + leadId,
            "{\"phoneNumber\":null,\"externalId\":\"e\",\"timeZoneId\":null,\"callData\":{\"k\":\"v\"},\"status\":null}");
    assertThat(update.status()).isEqualTo(200);
    // The response carries "lastCall": null, also beside an allOf $ref.
    assertThat(update.json().get("lastCall").isNull()).isTrue();
    sandbox.assertNoContractViolations();
    assertThat(sandbox.counters().getContractViolations()).isZero();
  }

  @Test
  void validationProblemResponsesAreValidAgainstTheSpec() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    // Status 20 is an integer (the schema has no enum) but not a settable status: NLPearl's 400.
    Http.Reply reply = http.put("v2/Outbound/c/Lead/" + leadId, "{\"status\":20}");
    assertThat(reply.status()).isEqualTo(400);
    sandbox.assertNoContractViolations();
  }

  @Test
  void aTextJsonBodyIsCheckedToo() throws IOException {
    assertContractFailure(
        put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"extra\":true}", "text/json"),
        "validation.request.body.schema.additionalProperties");
  }

  @Test
  void aVendorJsonBodyMatchingApplicationStarPlusJsonIsCheckedToo() throws IOException {
    assertContractFailure(
        put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"extra\":true}", "application/vnd.example+json"),
        "validation.request.body.schema.additionalProperties");
  }

  @Test
  void aMissingAddLeadBodyIsAViolation() throws IOException {
    assertContractFailure(put("v1/Outbound/c/Lead", "", "application/json"), "nlpearl4j.request.body.missing");
  }

  @Test
  void aWrongTypeIsAViolation() throws IOException {
    assertContractFailure(
        http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":42}"), "validation.request.body.schema.type");
  }

  @Test
  void aPathSpelledInOtherCaseIsAViolationInStrictModeAndServedInLenientMode() throws IOException {
    assertContractFailure(
        http.put("v1/outbound/c/lead", "{\"phoneNumber\":\"+1\"}"), "nlpearl4j.request.path.case");

    try (NlPearlSandbox lenient = NlPearlSandbox.builder().strictContract(false).start()) {
      Http client = new Http(lenient.baseUrl());
      String leadId = client.addLead("c", "{\"phoneNumber\":\"+1\"}");
      Http.Reply reply = client.put("V2/OUTBOUND/c/LEAD/" + leadId, "{\"externalId\":\"x\"}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(lenient.lead("c", leadId).orElseThrow().getExternalId()).isEqualTo("x");
      assertThat(lenient.contractViolations())
          .extracting(ContractViolation::getKey)
          .containsExactly("nlpearl4j.request.path.case");
      client.close();
    }
  }

  @Test
  void aMissingTokenIsStill401InStrictModeButRecorded() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(sandbox.contractViolations())
        .extracting(ContractViolation::getKey)
        .contains("validation.request.security.missing");
  }

  @Test
  void aMalformedTokenIsRecordedAsASecurityViolation() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "no-colon");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(sandbox.contractViolations())
        .extracting(ContractViolation::getKey)
        .contains("nlpearl4j.request.security.token");
  }

  @Test
  void aWellFormedButUnknownTokenIsNotAContractViolation() throws IOException {
    assertThat(http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "acct:other").status()).isEqualTo(401);
    sandbox.assertNoContractViolations();
  }

  @Test
  void clearingViolationsLetsTheAssertionPassAgain() throws IOException {
    http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"x\":1}");
    assertThat(sandbox.contractViolations()).isNotEmpty();
    sandbox.clearContractViolations();
    sandbox.assertNoContractViolations();
  }

  @Test
  void withoutTheContractCheckNothingIsValidated() throws IOException {
    try (NlPearlSandbox raw = NlPearlSandbox.builder().contractCheck(false).start()) {
      Http client = new Http(raw.baseUrl());
      assertThat(client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"x\":1}").status()).isEqualTo(400);
      assertThat(raw.contractViolations()).isEmpty();
      client.close();
    }
  }
}
