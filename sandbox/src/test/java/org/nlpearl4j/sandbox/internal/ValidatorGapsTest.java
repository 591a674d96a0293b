package org.nlpearl4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each known gap of Atlassian's validator (2.46.x) on the vendored spec: first confirmed on the
 * validator as it comes (so a future version that fixes one makes the test say so), then shown to
 * be covered by the sandbox's {@link ContractChecker}.
 */
class ValidatorGapsTest {
  private static final String TOKEN = "Bearer acct:secret";
  private static final String ADD = "/v1/Outbound/c/Lead";
  private static final String UPDATE = "/v2/Outbound/c/Lead/0123456789abcdef01234567";

  private static OpenApiInteractionValidator raw;
  private static ContractChecker checker;

  @BeforeAll
  static void load() {
    raw = OpenApiInteractionValidator.createForInlineApiSpecification(SpecLoader.readRaw()).build();
    checker = new ContractChecker(SpecLoader.load());
  }

  /** Error keys of a raw report, with the nested messages of the spec's one-element allOf wrappers. */
  private static List<String> rawErrors(ValidationReport report) {
    List<String> keys = new ArrayList<>();
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() == ValidationReport.Level.ERROR) {
        addKeys(message, keys);
      }
    }
    return keys;
  }

  private static void addKeys(ValidationReport.Message message, List<String> keys) {
    keys.add(message.getKey());
    for (ValidationReport.Message nested : message.getNestedMessages()) {
      addKeys(nested, keys);
    }
  }

  private static List<String> keys(List<Violation> violations) {
    List<String> keys = new ArrayList<>();
    for (Violation violation : violations) {
      keys.add(violation.key());
    }
    return keys;
  }

  private static Map<String, List<String>> headers(String... pairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], Collections.singletonList(pairs[i + 1]));
    }
    return headers;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static SimpleRequest.Builder rawPut(String path, String contentType, String body) {
    SimpleRequest.Builder request = SimpleRequest.Builder.put(path).withHeader("Authorization", TOKEN);
    if (contentType != null) {
      request.withContentType(contentType);
    }
    if (body != null) {
      request.withBody(body);
    }
    return request;
  }

  @Test
  void aValidRequestPassesBoth() {
    String body = "{\"phoneNumber\":\"+1\"}";
    assertThat(rawErrors(raw.validateRequest(rawPut(ADD, "application/json", body).build()))).isEmpty();
    assertThat(checker.checkRequest("PUT", ADD, null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8(body)))
        .isEmpty();
  }

  @Test
  void gapGlobalSecurityIsNotEnforced() {
    SimpleRequest noToken = SimpleRequest.Builder.put(ADD).withContentType("application/json").withBody("{\"phoneNumber\":\"+1\"}").build();
    assertThat(rawErrors(raw.validateRequest(noToken))).isEmpty();

    assertThat(keys(checker.checkRequest("PUT", ADD, null, headers("Content-Type", "application/json"), utf8("{\"phoneNumber\":\"+1\"}"))))
        .containsExactly("validation.request.security.missing");
    assertThat(
            keys(
                checker.checkRequest(
                    "PUT", ADD, null, headers("Authorization", "Basic abc", "Content-Type", "application/json"), utf8("{\"phoneNumber\":\"+1\"}"))))
        .containsExactly("validation.request.security.invalid");
  }

  @Test
  void gapNullableBesideAllOfIsIgnoredOnRequests() {
    String body = "{\"status\":null}";
    assertThat(rawErrors(raw.validateRequest(rawPut(UPDATE, "application/json", body).build())))
        .contains("validation.request.body.schema.type");

    assertThat(checker.checkRequest("PUT", UPDATE, null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8(body)))
        .isEmpty();
    // Still an integer when not null.
    assertThat(keys(checker.checkRequest("PUT", UPDATE, null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8("{\"status\":\"x\"}"))))
        .contains("validation.request.body.schema.type");
  }

  @Test
  void gapNullableBesideAllOfIsIgnoredOnResponses() {
    String view =
        "{\"id\":\"0123456789abcdef01234567\",\"externalId\":null,\"phoneNumber\":\"+1\",\"timeZone\":null,\"status\":1,"
            + "\"created\":\"2026-11-23T10:15:30.1234567Z\",\"callsId\":[],\"lastCall\":null,\"callData\":{},\"collectedData\":null}";
    SimpleResponse response = SimpleResponse.Builder.ok().withContentType("application/json").withBody(view).build();
    assertThat(rawErrors(raw.validateResponse(UPDATE, Request.Method.PUT, response)))
        .contains("validation.response.body.schema.type");

    assertThat(checker.checkResponse("PUT", UPDATE, 200, "application/json; charset=utf-8", utf8(view))).isEmpty();
    // The rewrite only added null: a wrong lastCall is still caught.
    String wrong = view.replace("\"lastCall\":null", "\"lastCall\":{\"unexpected\":1}");
    assertThat(keys(checker.checkResponse("PUT", UPDATE, 200, "application/json", utf8(wrong))))
        .contains("validation.response.body.schema.additionalProperties");
  }

  @Test
  void theRewriteTouchesExactlyTheNullableRefs() {
    assertThat(SpecLoader.load().nullableRewrites())
        .containsExactlyInAnyOrder(
            "/components/schemas/LeadApiView/properties/lastCall",
            // lastCall's inlined copy of LeadLastCallApiView carries the same nullable reference.
            "/components/schemas/LeadApiView/properties/lastCall/properties/collectedData",
            "/components/schemas/LeadLastCallApiView/properties/collectedData",
            "/components/schemas/LeadToUpdateApi/properties/status");
    assertThat(SpecLoader.load().securityCopies())
        .containsExactlyInAnyOrder("PUT /v1/Outbound/{outboundId}/Lead", "PUT /v2/Outbound/{pearlId}/Lead/{leadId}",
            "GET /v2/Outbound/{pearlId}/Lead/External/{externalId}");
  }

  @Test
  void gapTextJsonBodiesAreNotChecked() {
    String body = "{\"phoneNumber\":\"+1\",\"extra\":1}";
    assertThat(rawErrors(raw.validateRequest(rawPut(ADD, "text/json", body).build()))).isEmpty();

    assertThat(keys(checker.checkRequest("PUT", ADD, null, headers("Authorization", TOKEN, "Content-Type", "text/json"), utf8(body))))
        .contains("validation.request.body.schema.additionalProperties");
  }

  @Test
  void gapApplicationStarPlusJsonIsMatchedLiterally() {
    String body = "{\"phoneNumber\":\"+1\",\"extra\":1}";
    List<String> rawKeys = rawErrors(raw.validateRequest(rawPut(ADD, "application/vnd.example+json", body).build()));
    assertThat(rawKeys).doesNotContain("validation.request.body.schema.additionalProperties");

    assertThat(
            keys(
                checker.checkRequest(
                    "PUT", ADD, null, headers("Authorization", TOKEN, "Content-Type", "application/vnd.example+json"), utf8(body))))
        .containsExactly("validation.request.body.schema.additionalProperties");
  }

  @Test
  void gapTextPlainResponsesAreNotChecked() {
    String wrong = "{\"leadId\":42,\"extra\":true}";
    SimpleResponse response = SimpleResponse.Builder.ok().withContentType("text/plain").withBody(wrong).build();
    assertThat(rawErrors(raw.validateResponse(ADD, Request.Method.PUT, response))).isEmpty();

    assertThat(keys(checker.checkResponse("PUT", ADD, 200, "text/plain; charset=utf-8", utf8(wrong))))
        .contains("validation.response.body.schema.additionalProperties", "validation.response.body.schema.type");
    assertThat(checker.checkResponse("PUT", ADD, 200, "text/plain", utf8("{\"leadId\":\"0123456789abcdef01234567\"}")))
        .isEmpty();
    assertThat(keys(checker.checkResponse("PUT", ADD, 200, "text/json", utf8(wrong))))
        .contains("validation.response.body.schema.additionalProperties");
  }

  @Test
  void gapAMissingBodyPasses() {
    SimpleRequest noBody = SimpleRequest.Builder.put(ADD).withHeader("Authorization", TOKEN).build();
    assertThat(rawErrors(raw.validateRequest(noBody))).isEmpty();

    assertThat(keys(checker.checkRequest("PUT", ADD, null, headers("Authorization", TOKEN), new byte[0])))
        .containsExactly(ContractChecker.BODY_MISSING);
    // Update Lead's body has no required member: no such violation there.
    assertThat(checker.checkRequest("PUT", UPDATE, null, headers("Authorization", TOKEN), new byte[0])).isEmpty();
  }

  @Test
  void gapPathsMatchWithoutRegardToCase() {
    String body = "{\"phoneNumber\":\"+1\"}";
    assertThat(rawErrors(raw.validateRequest(rawPut("/V1/outbound/c/LEAD", "application/json", body).build()))).isEmpty();

    assertThat(
            keys(
                checker.checkRequest(
                    "PUT", "/V1/outbound/c/LEAD", null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8(body))))
        .containsExactly(ContractChecker.PATH_CASE);
    // Path parameters keep their own case and are not compared.
    assertThat(
            checker.checkRequest(
                "PUT", "/v1/Outbound/MiXeD/Lead", null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8(body)))
        .isEmpty();
  }

  @Test
  void problemJsonIsAcceptedForTheDocumented400() {
    String problem =
        "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\",\"title\":\"One or more validation errors occurred.\","
            + "\"status\":400,\"errors\":{\"PhoneNumber\":[\"The PhoneNumber field is required.\"]},\"traceId\":\"00-a-b-00\"}";
    assertThat(checker.checkResponse("PUT", ADD, 400, "application/problem+json; charset=utf-8", utf8(problem))).isEmpty();
    assertThat(keys(checker.checkResponse("PUT", ADD, 400, "application/problem+json", utf8("{\"errors\":[]}"))))
        .contains("validation.response.body.schema.type");
  }

  @Test
  void undocumentedStatusesAreNotChecked() {
    assertThat(checker.checkResponse("PUT", ADD, 401, "application/problem+json", utf8("{}"))).isEmpty();
    assertThat(checker.checkResponse("PUT", ADD, 429, "application/problem+json", utf8("{}"))).isEmpty();
  }

  @Test
  void jacksonModulesAreAlignedSoTheValidatorStarts() {
    // The validator drags Jackson modules of several versions; the root pom's jackson-bom aligns them.
    String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()).isEqualTo(core);
    assertThat(com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString()).isEqualTo(core);
    assertThat(com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString()).isEqualTo(core);
    assertThat(com.fasterxml.jackson.datatype.jdk8.PackageVersion.VERSION.toString()).isEqualTo(core);
    // And the validator really works (it loaded in @BeforeAll and rejects a bad body).
    assertThat(keys(checker.checkRequest("PUT", ADD, null, headers("Authorization", TOKEN, "Content-Type", "application/json"), utf8("{}"))))
        .contains("validation.request.body.schema.required");
  }
}
