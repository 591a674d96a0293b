package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nlpearl4j.internal.generated.model.AgentChatMessageApiView;
import org.nlpearl4j.internal.generated.model.CollectedInfoView;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadLastCallApiView;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;

/** A complete Update Lead answer, decoded through Retrofit exactly as the dsl receives it. */
class LeadApiViewDecodingTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  private LeadApiView updateLeadAnswering(String contentType, String body) {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", contentType).body(body).build());
    return TestSupport.outboundApi(server).updateLead("pearl-7", "lead-1", new LeadToUpdateApi()).blockingGet();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json; charset=utf-8", "text/plain; charset=utf-8", "text/json"})
  void decodesEveryPropertyWhateverTheDocumentedContentType(String contentType) {
    LeadApiView lead = updateLeadAnswering(contentType, TestSupport.fixture("lead-api-view.json"));

    assertThat(lead.getId()).isEqualTo("6650f1c2a3b4c5d6e7f80911");
    assertThat(lead.getExternalId()).isEqualTo("crm-42");
    assertThat(lead.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(lead.getTimeZone()).isEqualTo("Pacific Standard Time");
    assertThat(lead.getStatus()).isEqualTo(100);
    assertThat(lead.getCreated()).isEqualTo(OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 123_456_700, ZoneOffset.UTC));
    assertThat(lead.getCallsId()).containsExactly("6650f1c2a3b4c5d6e7f80a01", "6650f1c2a3b4c5d6e7f80a02");
    assertThat(lead.getCallData())
        .containsExactly(entry("email", "joe@example.com"), entry("carLicense", "90-929-82"));
    assertThat(lead.getCollectedData()).containsExactly(
        entry("confirmBooking", true),
        entry("dropOffLocation", "Orly Airport"),
        entry("passengers", 3.0),
        entry("comment", null));

    LeadLastCallApiView lastCall = lead.getLastCall();
    assertThat(lastCall).isNotNull();
    assertThat(lastCall.getId()).isEqualTo("6650f1c2a3b4c5d6e7f80a02");
    // ASP.NET left the offset out: the value is UTC.
    assertThat(lastCall.getStartTime()).isEqualTo(OffsetDateTime.of(2025, 3, 14, 9, 30, 0, 765_432_100, ZoneOffset.UTC));
    assertThat(lastCall.getPearlId()).isEqualTo("pearl-7");
    assertThat(lastCall.getStatus()).isEqualTo(4);
    assertThat(lastCall.getFrom()).isEqualTo("+33123456789");
    assertThat(lastCall.getName()).isEqualTo("Joe Example");
    assertThat(lastCall.getSummary()).isEqualTo("Joe booked a taxi to Orly Airport for Friday at 12:00.");
    assertThat(lastCall.getDuration()).isEqualTo(95);
    assertThat(lastCall.getRecording()).isEqualTo("https://recordings.example.com/6650f1c2a3b4c5d6e7f80a02.mp3");
    assertThat(lastCall.getTags()).containsExactly("booked", "airport");

    assertThat(lastCall.getCollectedData()).isNotNull();
    List<AgentChatMessageApiView> transcript = lastCall.getCollectedData().getTranscript();
    assertThat(transcript).containsExactly(
        new AgentChatMessageApiView().role(2).content("Hello, this is Pearl from the taxi company.")
            .startTime(0.0f).endTime(2.5f),
        new AgentChatMessageApiView().role(3).content("Hi, I need a ride to Orly.").startTime(2.75f));
    List<CollectedInfoView> infos = lastCall.getCollectedData().getCollectedInfos();
    assertThat(infos).containsExactly(
        new CollectedInfoView().id("email").name("Email").value("joe@example.com"),
        new CollectedInfoView().id("passengers").name("Passengers").value(3.0),
        new CollectedInfoView().id("tip").name("Tip").value(2.5),
        new CollectedInfoView().id("confirmBooking").name("Confirm booking").value(true),
        new CollectedInfoView().id("notes").name("Notes").value(null));
  }

  @Test
  void unknownMembersAtEveryLevelAreSkipped() {
    LeadApiView known = updateLeadAnswering("application/json", TestSupport.fixture("lead-api-view.json"));
    LeadApiView grown =
        updateLeadAnswering("application/json", TestSupport.fixture("lead-api-view-with-unknown-members.json"));

    assertThat(grown).isEqualTo(known);
    assertThat(grown.getLastCall().getCollectedData().getTranscript()).hasSize(2);
  }

  @Test
  void nullAndAbsentPropertiesDecodeAsNull() {
    LeadApiView lead = updateLeadAnswering("application/json",
        "{\"id\":null,\"lastCall\":null,\"callsId\":null,\"collectedData\":null,\"created\":null}");

    assertThat(lead).isEqualTo(new LeadApiView());
    assertThat(Arrays.asList(lead.getId(), lead.getLastCall(), lead.getCallsId(), lead.getCreated(),
        lead.getStatus(), lead.getCallData())).containsOnlyNulls();
  }
}
