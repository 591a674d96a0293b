package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.json;
import static org.nlpearl4j.TestSupport.leadResponse;
import static org.nlpearl4j.TestSupport.take;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class UpdateLeadTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private NlPearl client() {
    return TestSupport.client(server, time).build();
  }

  @Test
  void sendsOnlyTheGivenFieldsToTheV2Path() throws Exception {
    server.enqueue(leadResponse("lead-1", 130));

    Lead lead = client().pearl("pearl-9")
        .updateLead("lead-1", update -> update.status(SettableLeadStatus.COMPLETED))
        .blockingGet();

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/Outbound/pearl-9/Lead/lead-1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSupport.TOKEN);
    assertThat(request.getBody().utf8()).isEqualTo("{\"status\":130}");
    assertThat(lead.getId()).isEqualTo("lead-1");
    assertThat(lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
  }

  @Test
  void sendsEveryFieldWithTheNormalisedPhoneNumber() throws Exception {
    server.enqueue(leadResponse("lead-1", 10));

    client().pearl("pearl-9").updateLead("lead-1", LeadUpdate.builder()
            .phoneNumber("+44 20.7946.0018")
            .externalId("crm-7")
            .timeZone(ZoneId.of("America/New_York"))
            .callData("note", "call after 5pm")
            .status(SettableLeadStatus.NEED_RETRY)
            .build())
        .blockingGet();

    assertThat(take(server).getBody().utf8()).isEqualTo("{\"phoneNumber\":\"+442079460018\","
        + "\"externalId\":\"crm-7\",\"timeZoneId\":\"Eastern Standard Time\","
        + "\"callData\":{\"note\":\"call after 5pm\"},\"status\":10}");
  }

  @Test
  void mapsTheWholeLeadIncludingItsLastCall() {
    server.enqueue(json(200, "{"
        + "\"id\":\"lead-1\",\"externalId\":\"crm-42\",\"phoneNumber\":\"+14155550123\","
        + "\"timeZone\":\"-5.0\",\"status\":100,\"created\":\"2025-03-14T09:26:53.1234567Z\","
        + "\"callsId\":[\"call-1\",\"call-2\"],"
        + "\"callData\":{\"email\":\"joe@example.com\"},"
        + "\"collectedData\":{\"confirmBooking\":true,\"rideTime\":\"Friday at 12:00\","
        + "\"stops\":[\"Orly\",\"Paris\"]},"
        + "\"lastCall\":{\"id\":\"call-2\",\"startTime\":\"2025-03-15T10:00:00\","
        + "\"pearlId\":\"pearl-9\",\"status\":4,\"from\":\"+33123456789\",\"name\":\"Joe\","
        + "\"summary\":\"Booked.\",\"duration\":95,\"recording\":\"https://rec.example/2\","
        + "\"tags\":[\"booked\"],\"collectedData\":{"
        + "\"transcript\":[{\"role\":2,\"content\":\"Hello!\",\"startTime\":0.5,\"endTime\":1.25},"
        + "{\"role\":3,\"content\":\"Hi.\",\"startTime\":1.5,\"endTime\":null}],"
        + "\"collectedInfos\":[{\"id\":\"rideTime\",\"name\":\"Ride time\",\"value\":\"Friday\"}]}},"
        + "\"somethingNew\":{\"the\":\"API grows\"}}"));

    Lead lead = client().pearl("pearl-9").updateLead("lead-1", u -> u.externalId("crm-42"))
        .blockingGet();

    Map<String, Object> collected = new LinkedHashMap<>();
    collected.put("confirmBooking", true);
    collected.put("rideTime", "Friday at 12:00");
    collected.put("stops", Arrays.asList("Orly", "Paris"));
    Lead expected = Lead.builder()
        .id("lead-1").externalId("crm-42").phoneNumber("+14155550123").timeZone("-5.0")
        .status(LeadStatus.SUCCESS)
        .created(Instant.parse("2025-03-14T09:26:53.1234567Z"))
        .callIds(Arrays.asList("call-1", "call-2"))
        .callData(Collections.singletonMap("email", "joe@example.com"))
        .collectedData(collected)
        .lastCall(call -> call
            .id("call-2").startTime(Instant.parse("2025-03-15T10:00:00Z")).pearlId("pearl-9")
            .status(CallStatus.COMPLETED).from("+33123456789").name("Joe").summary("Booked.")
            .duration(Duration.ofSeconds(95)).recording("https://rec.example/2")
            .tags(Collections.singletonList("booked"))
            .addTranscriptMessage(TranscriptMessage.of(m -> m.role(TranscriptRole.PEARL)
                .content("Hello!").startOffset(Duration.ofMillis(500))
                .endOffset(Duration.ofMillis(1250))))
            .addTranscriptMessage(TranscriptMessage.of(m -> m.role(TranscriptRole.CLIENT)
                .content("Hi.").startOffset(Duration.ofMillis(1500))))
            .addCollectedInfo(CollectedInfo.of(i -> i.id("rideTime").name("Ride time")
                .value("Friday"))))
        .build();
    assertThat(lead).isEqualTo(expected);
    assertThat(lead.getLastCall().getTranscript().get(1).getEndOffset()).isNull();
  }

  @Test
  void keepsCodesItDoesNotKnowAsUnknownWithTheRawCode() {
    server.enqueue(json(200, "{\"id\":\"lead-1\",\"status\":777,"
        + "\"lastCall\":{\"status\":42,\"collectedData\":{\"transcript\":[{\"role\":9}]}}}"));

    Lead lead = client().pearl("pearl-9").updateLead("lead-1", u -> u.externalId("x"))
        .blockingGet();

    assertThat(lead.getStatus()).isEqualTo(LeadStatus.UNKNOWN);
    assertThat(lead.getStatusCode()).isEqualTo(777);
    assertThat(lead.getLastCall().getStatus()).isEqualTo(CallStatus.UNKNOWN);
    assertThat(lead.getLastCall().getStatusCode()).isEqualTo(42);
    TranscriptMessage message = lead.getLastCall().getTranscript().get(0);
    assertThat(message.getRole()).isEqualTo(TranscriptRole.UNKNOWN);
    assertThat(message.getRoleCode()).isEqualTo(9);
  }

  @Test
  void anEmptyLeadObjectGivesEmptyCollectionsNotNulls() {
    server.enqueue(json(200, "{}"));

    Lead lead = client().pearl("pearl-9").updateLead("lead-1", u -> u.externalId("x"))
        .blockingGet();

    assertThat(lead.getId()).isNull();
    assertThat(lead.getStatusCode()).isZero();
    assertThat(lead.getCallIds()).isEmpty();
    assertThat(lead.getCallData()).isEmpty();
    assertThat(lead.getCollectedData()).isEmpty();
    assertThat(lead.getLastCall()).isNull();
  }
}
