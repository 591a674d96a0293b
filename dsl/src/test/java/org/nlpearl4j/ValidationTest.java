package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.reactivex.rxjava3.observers.TestObserver;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Every rule, reported by JSON field name, all at once, before anything is sent. */
class ValidationTest {
  private static final String E164 = "must be an international number in E.164 form: '+' and 8 to"
      + " 15 digits (spaces, dashes, dots and parentheses are ignored)";

  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private InvalidRequestException addRefused(String outboundId, Consumer<NewLead.Builder> spec) {
    NlPearl client = TestSupport.client(server, time).build();
    TestObserver<String> observer = client.outbound(outboundId).addLead(spec).test();
    observer.assertNoValues();
    observer.assertError(InvalidRequestException.class);
    assertThat(server.getRequestCount()).as("nothing sent").isZero();
    return (InvalidRequestException) TestSupport.errorOf(observer);
  }

  private InvalidRequestException updateRefused(
      String pearlId, String leadId, Consumer<LeadUpdate.Builder> spec) {
    NlPearl client = TestSupport.client(server, time).build();
    TestObserver<Lead> observer = client.pearl(pearlId).updateLead(leadId, spec).test();
    observer.assertNoValues();
    assertThat(server.getRequestCount()).isZero();
    return (InvalidRequestException) TestSupport.errorOf(observer);
  }

  @Test
  void aMissingPhoneNumberIsRequired() {
    InvalidRequestException e = addRefused("out-1", lead -> lead.externalId("crm-1"));

    assertThat(e.getProblems()).containsExactly(
        entry("phoneNumber", Collections.singletonList("is required")));
    assertThat(e.getOperation()).isEqualTo("addLead");
    assertThat(e.getStatusCode()).isZero();
    assertThat(e.getMessage()).isEqualTo(
        "addLead request is invalid, nothing was sent: 1 invalid field [phoneNumber: is required]"
            + "; delivery NEVER_SENT: not sent, safe to send again");
    assertThat(e.getDelivery()).isEqualTo(Delivery.NEVER_SENT);
  }

  @Test
  void aPhoneNumberThatCannotBeNormalisedBreaksTheE164Rule() {
    for (String bad : new String[] {"4155550123", "+1 415 CALL NOW", "+1234567", "+1234567890123456"}) {
      InvalidRequestException e = addRefused("out-1", lead -> lead.phoneNumber(bad));
      assertThat(e.getProblems()).as(bad)
          .containsExactly(entry("phoneNumber", Collections.singletonList(E164)));
    }
  }

  @Test
  void aBlankExternalIdIsRefusedButAMissingOneIsFine() {
    InvalidRequestException e = addRefused("out-1",
        lead -> lead.phoneNumber("+14155550123").externalId("  "));

    assertThat(e.getProblems()).containsExactly(
        entry("externalId", Collections.singletonList("must not be blank")));
  }

  @Test
  void theTimeZoneMustBeAWindowsId() {
    InvalidRequestException unknown = addRefused("out-1",
        lead -> lead.phoneNumber("+14155550123").timeZoneId("Mars Standard Time"));
    InvalidRequestException iana = addRefused("out-1",
        lead -> lead.phoneNumber("+14155550123").timeZoneId("Europe/Paris"));
    InvalidRequestException unmapped = addRefused("out-1",
        lead -> lead.phoneNumber("+14155550123").timeZone(ZoneOffset.ofHoursMinutes(5, 17)));

    assertThat(unknown.getProblems().get("timeZoneId")).containsExactly(
        "must be a Windows time zone id such as \"Pacific Standard Time\", was \"Mars Standard Time\"");
    assertThat(iana.getProblems().get("timeZoneId")).containsExactly(
        "must be a Windows time zone id: \"Europe/Paris\" is an IANA id, use \"Romance Standard Time\""
            + " or timeZone(ZoneId)");
    assertThat(unmapped.getProblems().get("timeZoneId")).containsExactly(
        "must be a Windows time zone id; the zone +05:17 has none");
  }

  @Test
  void callDataKeysMustNotBeBlankAndValuesNotNull() {
    Map<String, String> data = new HashMap<>();
    data.put(" ", "x");
    data.put("email", null);
    InvalidRequestException e = addRefused("out-1",
        lead -> lead.phoneNumber("+14155550123").callData(data));

    assertThat(e.getProblems()).containsOnly(
        entry("callData", Collections.singletonList("keys must not be blank")),
        entry("callData.email", Collections.singletonList("must not be null")));
  }

  @Test
  void everyProblemIsReportedAtOnceIdsFirst() {
    InvalidRequestException e = addRefused(" ", lead -> lead
        .phoneNumber("nope").externalId("").timeZoneId("Nowhere").callData("k", null));

    assertThat(e.getProblems().keySet()).containsExactly(
        "outboundId", "phoneNumber", "externalId", "timeZoneId", "callData.k");
    assertThat(e.getProblem().getErrors()).isEqualTo(e.getProblems());
    assertThat(e.getProblem().getTitle()).isEqualTo("One or more validation errors occurred.");
    assertThat(e.getMessage()).contains("5 invalid fields");
  }

  @Test
  void aBlankOutboundIdIsRefusedEvenWithAValidLead() {
    NlPearl client = TestSupport.client(server, time).build();
    NewLead lead = NewLead.of(l -> l.phoneNumber("+14155550123"));

    TestObserver<String> observer = client.outbound("").addLead(lead).test();

    InvalidRequestException e = (InvalidRequestException) TestSupport.errorOf(observer);
    assertThat(e.getProblems()).containsExactly(
        entry("outboundId", Collections.singletonList("must not be blank")));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void idsThatAreDotSegmentsAreRefusedRatherThanLeakingARetrofitError() {
    InvalidRequestException add = addRefused("..", lead -> lead.phoneNumber("+14155550123"));
    InvalidRequestException update = updateRefused(".", "..", u -> u.externalId("x"));

    assertThat(add.getProblems()).containsExactly(
        entry("outboundId", Collections.singletonList("must not be \".\" or \"..\"")));
    assertThat(update.getProblems().keySet()).containsExactly("pearlId", "leadId");
  }

  @Test
  void anUpdateMustChangeSomething() {
    InvalidRequestException e = updateRefused("pearl-1", "lead-1", update -> { });

    assertThat(e.getProblems()).containsExactly(entry("$", Collections.singletonList(
        "must change at least one of phoneNumber, externalId, timeZoneId, callData, status")));
    assertThat(e.getOperation()).isEqualTo("updateLead");
  }

  @Test
  void anUpdateChecksItsIdsAndFields() {
    InvalidRequestException e = updateRefused("", " ", update -> update
        .phoneNumber("12").externalId(" ").timeZoneId("UTC+1").callData("", "x"));

    assertThat(e.getProblems().keySet()).containsExactly(
        "pearlId", "leadId", "phoneNumber", "externalId", "timeZoneId", "callData");
    assertThat(e.getProblems().get("pearlId")).containsExactly("must not be blank");
    assertThat(e.getProblems().get("leadId")).containsExactly("must not be blank");
    assertThat(e.getProblems().get("phoneNumber")).containsExactly(E164);
  }

  @Test
  void aBlankPhoneNumberInAnUpdateMustNotBeBlank() {
    InvalidRequestException e = updateRefused("pearl-1", "lead-1", u -> u.phoneNumber(" "));

    assertThat(e.getProblems()).containsExactly(
        entry("phoneNumber", Collections.singletonList("must not be blank")));
  }

  @Test
  void buildersThrowTheSameExceptionEagerly() {
    InvalidRequestException lead = catchThrowableOfType(InvalidRequestException.class,
        () -> NewLead.builder().externalId(" ").build());
    InvalidRequestException update = catchThrowableOfType(InvalidRequestException.class,
        () -> LeadUpdate.builder().build());

    assertThat(lead.getProblems().keySet()).containsExactly("phoneNumber", "externalId");
    assertThat(lead.getOperation()).isEqualTo("addLead");
    assertThat(update.getProblems()).containsKey("$");
    assertThat(update.getOperation()).isEqualTo("updateLead");
  }

  @Test
  void builtValuesHoldTheNormalisedPhoneAndTheMappedZone() {
    NewLead lead = NewLead.of(l -> l.phoneNumber("+1 (415) 555-0123")
        .timeZone(ZoneId.of("America/Los_Angeles")));

    assertThat(lead.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(lead.getTimeZoneId()).isEqualTo("Pacific Standard Time");
  }

  @Test
  void nullWhereNullMakesNoSenseFailsFastNamingTheParameter() {
    NlPearl client = TestSupport.client(server, time).build();

    assertThatThrownBy(() -> NewLead.builder().phoneNumber(null))
        .isInstanceOf(NullPointerException.class).hasMessage("phoneNumber");
    assertThatThrownBy(() -> client.outbound(null)).hasMessage("outboundId");
    assertThatThrownBy(() -> client.pearl("p").updateLead(null, u -> u.externalId("x")))
        .hasMessage("leadId");
    assertThatThrownBy(() -> client.outbound("o").addLead((NewLead) null)).hasMessage("lead");
  }
}
