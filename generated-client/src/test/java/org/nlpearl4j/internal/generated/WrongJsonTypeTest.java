package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import org.nlpearl4j.internal.generated.model.ValidationProblemDetails;
import org.nlpearl4j.internal.generated.support.ApiMoshi;

/**
 * Every scalar the API's answers hold is read only from its documented JSON type: Moshi's own
 * readers would turn {@code {"leadId": 6655269800}} into the id {@code "6655269800"} and {@code
 * {"status": "100"}} into 100.
 */
class WrongJsonTypeTest {
  private final Moshi moshi = ApiMoshi.create();

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        // the add's answer
        Arguments.of(LeadToAddResponseApi.class, "number where a string belongs",
            "{\"leadId\":6655269800}", "$.leadId"),
        Arguments.of(LeadToAddResponseApi.class, "boolean where a string belongs",
            "{\"leadId\":true}", "$.leadId"),
        Arguments.of(LeadToAddResponseApi.class, "object where a string belongs",
            "{\"leadId\":{\"id\":\"x\"}}", "$.leadId"),
        Arguments.of(LeadToAddResponseApi.class, "array where a string belongs",
            "{\"leadId\":[\"x\"]}", "$.leadId"),
        // the lead an update answers with
        Arguments.of(LeadApiView.class, "number where a string belongs", "{\"id\":42}", "$.id"),
        Arguments.of(LeadApiView.class, "number where a phone number belongs",
            "{\"phoneNumber\":14155550123}", "$.phoneNumber"),
        Arguments.of(LeadApiView.class, "string where an integer belongs", "{\"status\":\"100\"}",
            "$.status"),
        Arguments.of(LeadApiView.class, "boolean where an integer belongs", "{\"status\":true}",
            "$.status"),
        Arguments.of(LeadApiView.class, "array where an integer belongs", "{\"status\":[100]}",
            "$.status"),
        Arguments.of(LeadApiView.class, "string where a nested integer belongs",
            "{\"lastCall\":{\"duration\":\"95\"}}", "$.lastCall.duration"),
        Arguments.of(LeadApiView.class, "string where a float belongs",
            "{\"lastCall\":{\"collectedData\":{\"transcript\":[{\"startTime\":\"2.5\"}]}}}",
            "$.lastCall.collectedData.transcript[0].startTime"),
        Arguments.of(LeadApiView.class, "number inside a list of strings", "{\"callsId\":[\"a\",7]}",
            "$.callsId[1]"),
        Arguments.of(LeadApiView.class, "boolean inside a map of strings",
            "{\"callData\":{\"email\":true}}", "$.callData.email"),
        Arguments.of(LeadApiView.class, "number inside a map of strings",
            "{\"callData\":{\"carLicense\":9092982}}", "$.callData.carLicense"),
        Arguments.of(LeadApiView.class, "string where an object belongs", "{\"lastCall\":\"none\"}",
            "$.lastCall"),
        Arguments.of(LeadApiView.class, "array where an object belongs", "{\"lastCall\":[]}",
            "$.lastCall"),
        Arguments.of(LeadApiView.class, "object where a list belongs", "{\"callsId\":{}}",
            "$.callsId"),
        Arguments.of(LeadApiView.class, "number where a date-time belongs", "{\"created\":1710408413}",
            "$.created"),
        // the problem a 400 carries
        Arguments.of(ValidationProblemDetails.class, "number where a string belongs",
            "{\"title\":400}", "$.title"),
        Arguments.of(ValidationProblemDetails.class, "string where an integer belongs",
            "{\"status\":\"400\"}", "$.status"),
        Arguments.of(ValidationProblemDetails.class, "number inside the errors' lists",
            "{\"errors\":{\"PhoneNumber\":[5]}}", "$.errors.PhoneNumber[0]"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongTypes")
  void aWrongJsonTypeIsRefusedNamingItsPath(Class<?> type, String description, String json,
      String path) {
    JsonAdapter<?> adapter = moshi.adapter(type);

    assertThatThrownBy(() -> adapter.fromJson(json))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining(path);
  }

  @Test
  void aNullRequiredByTheSchemaIsRefused() {
    // errors' lists hold strings: a null there is no message.
    JsonAdapter<Map<String, List<String>>> errors = moshi.adapter(
        Types.newParameterizedType(Map.class, String.class,
            Types.newParameterizedType(List.class, String.class)));

    assertThat(catchMessage(() -> moshi.adapter(int.class).fromJson("null")))
        .contains("Expected an integer but was NULL");
    assertThat(catchMessage(() -> moshi.adapter(boolean.class).fromJson("\"true\"")))
        .contains("Expected a boolean but was STRING");
    assertThat(catchMessage(() -> moshi.adapter(long.class).fromJson("\"1\"")))
        .contains("Expected an integer but was STRING");
    assertThat(catchMessage(() -> moshi.adapter(double.class).fromJson("\"1.5\"")))
        .contains("Expected a number but was STRING");
    assertThat(errors).isNotNull();
  }

  @Test
  void theDocumentedTypesStillDecode() throws Exception {
    LeadToAddResponseApi added = moshi.adapter(LeadToAddResponseApi.class)
        .fromJson("{\"leadId\":\"6655269800\"}");
    LeadApiView lead = moshi.adapter(LeadApiView.class).fromJson(
        "{\"id\":\"l\",\"status\":100,\"callsId\":[\"a\"],\"callData\":{\"k\":\"v\",\"n\":null},"
            + "\"lastCall\":{\"duration\":95,\"collectedData\":{\"transcript\":"
            + "[{\"startTime\":2.5,\"endTime\":null}]}}}");
    Map<String, Object> boxed = moshi.<Map<String, Object>>adapter(Types.newParameterizedType(
        Map.class, String.class, Object.class)).fromJson("{\"free\":7,\"form\":\"7\"}");

    assertThat(added.getLeadId()).isEqualTo("6655269800");
    assertThat(lead.getStatus()).isEqualTo(100);
    assertThat(lead.getCallsId()).containsExactly("a");
    assertThat(lead.getCallData()).containsEntry("k", "v").containsEntry("n", null);
    assertThat(lead.getLastCall().getDuration()).isEqualTo(95);
    assertThat(lead.getLastCall().getCollectedData().getTranscript().get(0).getStartTime())
        .isEqualTo(2.5f);
    // free-form values (collectedData, collected infos) keep whatever JSON type they had
    assertThat(boxed).containsEntry("free", 7.0).containsEntry("form", "7");
    assertThat(moshi.adapter(Integer.class).fromJson("null")).isNull();
  }

  private static String catchMessage(ThrowingCall call) {
    try {
      call.run();
    } catch (Exception e) {
      assertThat(e).isInstanceOf(JsonDataException.class);
      return e.getMessage();
    }
    throw new AssertionError("no failure");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }
}
