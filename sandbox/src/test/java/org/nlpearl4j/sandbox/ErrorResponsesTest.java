package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error answer: 401 (token), 400 (ValidationProblemDetails), 404, 405, 415. The sandbox is
 * lenient here so that deliberately broken requests get NLPearl's answer rather than strict mode's
 * 500; the contract tests cover strict mode.
 */
class ErrorResponsesTest {
  private static final String TRACE_ID = "00-[0-9a-f]{32}-[0-9a-f]{16}-00";
  private static NlPearlSandbox sandbox;
  private static Http http;

  @BeforeAll
  static void start() {
    sandbox = NlPearlSandbox.builder().strictContract(false).start();
    http = new Http(sandbox.baseUrl());
  }

  @AfterAll
  static void stop() {
    http.close();
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
  }

  private static void assertValidationProblem(Http.Reply reply, String field, String messagePart) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    JsonNode body = reply.json();
    assertThat(body.get("type").asText()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.1");
    assertThat(body.get("title").asText()).isEqualTo("One or more validation errors occurred.");
    assertThat(body.get("status").asInt()).isEqualTo(400);
    assertThat(body.get("traceId").asText()).matches(TRACE_ID);
    assertThat(body.get("errors").has(field)).as("errors %s has %s", body.get("errors"), field).isTrue();
    assertThat(body.get("errors").get(field).get(0).asText()).contains(messagePart);
  }

  // ---- 401 -------------------------------------------------------------------------------

  @Test
  void missingAuthorizationIs401WithAProblemBodyAndNothingIsStored() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(reply.json().get("status").asInt()).isEqualTo(401);
    assertThat(reply.json().get("title").asText()).isEqualTo("Unauthorized");
    assertThat(reply.json().get("detail").asText()).contains("missing");
    assertThat(sandbox.counters().getLeadsStored()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer no-colon-token", "Bearer :secret", "Bearer acct:", "Bearer a:b:c"})
  void malformedAuthorizationIs401(String header) throws IOException {
    Http.Reply reply =
        http.execute(
            http.request("v1/Outbound/c/Lead")
                .header("Authorization", header)
                .put(RequestBody.create("{\"phoneNumber\":\"+1\"}", Http.JSON))
                .build());
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().get("type").asText()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.2");
    assertThat(sandbox.counters().getLeadsStored()).isZero();
  }

  @Test
  void unknownTokenIs401AndTheSecretIsNeverEchoed() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "someaccount:TopSecretValue42");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(reply.json().get("detail").asText()).contains("someaccount");
    assertThat(reply.body()).doesNotContain("TopSecretValue42");
    SandboxRequest recorded = sandbox.recordedRequests().get(0);
    assertThat(recorded.getAccountId()).isEqualTo("someaccount");
    assertThat(recorded.isAuthorized()).isFalse();
    assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer someaccount:***");
    assertThat(recorded.toString()).doesNotContain("TopSecretValue42");
    assertThat(recorded.getHeaders().toString()).doesNotContain("TopSecretValue42");
  }

  @Test
  void configuredTokensReplaceTheDefaultOne() throws IOException {
    try (NlPearlSandbox custom =
        NlPearlSandbox.builder().token("acct-1:secret-1").token("acct-2:secret-2").strictContract(false).start()) {
      Http client = new Http(custom.baseUrl());
      assertThat(client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "acct-1:secret-1").status()).isEqualTo(200);
      assertThat(client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "acct-2:secret-2").status()).isEqualTo(200);
      assertThat(client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}", "acct-1:wrong").status()).isEqualTo(401);
      assertThat(client.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(401);
      assertThat(custom.acceptedTokens()).containsExactly("acct-1:***", "acct-2:***");
      assertThat(custom.toString()).doesNotContain("secret-1").doesNotContain("secret-2");
      client.close();
    }
  }

  @Test
  void aMalformedConfiguredTokenIsRejectedWithoutEchoingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NlPearlSandbox.builder().token("NoColonSecret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AccountId:SecretKey")
        .hasMessageNotContaining("NoColonSecret");
  }

  @Test
  void authenticationIsCheckedBeforeTheBody() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"nope\":1}", null);
    assertThat(reply.status()).isEqualTo(401);
  }

  // ---- 400 -------------------------------------------------------------------------------

  @Test
  void missingPhoneNumberIs400() throws IOException {
    assertValidationProblem(
        http.put("v1/Outbound/c/Lead", "{\"externalId\":\"x\"}"), "PhoneNumber", "The PhoneNumber field is required.");
    assertThat(sandbox.counters().getLeadsStored()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"   \"", "null"})
  void emptyPhoneNumberIs400(String value) throws IOException {
    assertValidationProblem(
        http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":" + value + "}"), "PhoneNumber", "The PhoneNumber field is required.");
  }

  @Test
  void aPropertyTheSchemaDoesNotAllowIs400NamingIt() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\",\"firstName\":\"Joe\"}");
    assertValidationProblem(reply, "$.firstName", "could not be mapped to any .NET member contained in type 'LeadToAddApi'");
    assertThat(sandbox.counters().getLeadsStored()).isZero();
  }

  @Test
  void aPropertyTheUpdateSchemaDoesNotAllowIs400() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    assertValidationProblem(
        http.put("v2/Outbound/c/Lead/" + leadId, "{\"callsId\":[]}"), "$.callsId", "LeadToUpdateApi");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 20, 40, 70, 150, 500, -1})
  void aStatusOutsideTheSettableOnesIs400(int status) throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    Http.Reply reply = http.put("v2/Outbound/c/Lead/" + leadId, "{\"status\":" + status + "}");
    assertValidationProblem(reply, "Status", "The value '" + status + "' is not valid for Status");
    assertThat(sandbox.lead("c", leadId).orElseThrow().getStatus()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"Success\"", "1.5", "true", "{}"})
  void aStatusThatIsNotAnIntegerIs400(String value) throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    assertValidationProblem(
        http.put("v2/Outbound/c/Lead/" + leadId, "{\"status\":" + value + "}"), "$.status", "could not be converted");
  }

  @Test
  void aBlankPhoneNumberOnUpdateIs400() throws IOException {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    assertValidationProblem(http.put("v2/Outbound/c/Lead/" + leadId, "{\"phoneNumber\":\"\"}"), "PhoneNumber", "must not be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"phoneNumber\":", "{phoneNumber:'+1'}", "not json", "{\"phoneNumber\":\"+1\"} trailing", "[1,2"})
  void malformedJsonIs400OnTheRootPath(String body) throws IOException {
    assertValidationProblem(http.put("v1/Outbound/c/Lead", body), "$", "not valid JSON");
  }

  @Test
  void aJsonArrayInsteadOfAnObjectIs400() throws IOException {
    assertValidationProblem(http.put("v1/Outbound/c/Lead", "[]"), "$", "could not be converted to LeadToAddApi");
  }

  @Test
  void wrongMemberTypesAre400NamingThePath() throws IOException {
    Http.Reply reply =
        http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":14155550123,\"callData\":{\"age\":42,\"ok\":\"yes\"}}");
    assertValidationProblem(reply, "$.phoneNumber", "System.String");
    assertThat(reply.json().get("errors").has("$.callData.age")).isTrue();
    assertThat(reply.json().get("errors").has("$.callData.ok")).isFalse();
  }

  @Test
  void anEmptyBodyIs400() throws IOException {
    assertValidationProblem(http.put("v1/Outbound/c/Lead", ""), "", "A non-empty request body is required.");
  }

  @Test
  void severalProblemsAreReportedTogether() throws IOException {
    Http.Reply reply = http.put("v1/Outbound/c/Lead", "{\"foo\":1,\"bar\":2}");
    assertThat(reply.status()).isEqualTo(400);
    List<String> keys = new ArrayList<>();
    reply.json().get("errors").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("$.foo", "$.bar", "PhoneNumber");
  }

  // ---- 404 / 405 / 415 ---------------------------------------------------------------------

  @Test
  void unknownLeadIs404() throws IOException {
    http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    Http.Reply reply = http.put("v2/Outbound/c/Lead/000000000000000000000000", "{\"externalId\":\"x\"}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("type").asText()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.5");
    assertThat(reply.json().get("title").asText()).isEqualTo("Not Found");
    assertThat(reply.json().get("traceId").asText()).matches(TRACE_ID);
  }

  @Test
  void aLeadOfAnotherCampaignIs404() throws IOException {
    String leadId = http.addLead("campaign-a", "{\"phoneNumber\":\"+1\"}");
    assertThat(http.put("v2/Outbound/campaign-b/Lead/" + leadId, "{}").status()).isEqualTo(404);
  }

  @Test
  void bodyValidationComesBeforeTheLookupLikeAspNet() throws IOException {
    assertThat(http.put("v2/Outbound/c/Lead/000000000000000000000000", "{\"status\":20}").status()).isEqualTo(400);
  }

  @Test
  void unknownPathIs404() throws IOException {
    assertThat(http.put("v1/Outbound/c/Leads", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(404);
    assertThat(http.put("v3/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(404);
  }

  @Test
  void otherMethodsAre405() throws IOException {
    Http.Reply reply =
        http.execute(
            http.authorized("v1/Outbound/c/Lead")
                .post(RequestBody.create("{\"phoneNumber\":\"+1\"}", Http.JSON))
                .build());
    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("PUT");
  }

  @Test
  void headIs405WithoutABody() throws IOException {
    Http.Reply reply = http.execute(http.authorized("v1/Outbound/c/Lead").head().build());
    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.body()).isEmpty();
    assertThat(http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(200);
  }

  @Test
  void aNonJsonBodyIs415() throws IOException {
    Http.Reply reply =
        http.execute(
            http.authorized("v1/Outbound/c/Lead")
                .put(RequestBody.create("phoneNumber=+1", MediaType.get("application/x-www-form-urlencoded")))
                .build());
    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.json().get("title").asText()).isEqualTo("Unsupported Media Type");
  }

  @Test
  void aBodyOverOneMebibyteIs413() throws IOException {
    String huge = "{\"phoneNumber\":\"+1\",\"externalId\":\"" + "x".repeat(1 << 20) + "\"}";
    Http.Reply reply = http.put("v1/Outbound/c/Lead", huge);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(sandbox.counters().getLeadsStored()).isZero();
    assertThat(http.put("v1/Outbound/c/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(200);
  }

  @Test
  void unknownCampaignsAreCreatedOnFirstAddUnlessTurnedOff() throws IOException {
    http.addLead("brand-new", "{\"phoneNumber\":\"+1\"}");
    assertThat(sandbox.campaigns()).contains("brand-new");

    try (NlPearlSandbox closed =
        NlPearlSandbox.builder().autoCreateCampaigns(false).campaign("known").strictContract(false).start()) {
      Http client = new Http(closed.baseUrl());
      assertThat(client.put("v1/Outbound/known/Lead", "{\"phoneNumber\":\"+1\"}").status()).isEqualTo(200);
      Http.Reply unknown = client.put("v1/Outbound/other/Lead", "{\"phoneNumber\":\"+1\"}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().get("detail").asText()).contains("other");
      assertThat(closed.campaigns()).containsExactly("known");
      client.close();
    }
  }
}
