package org.nlpearl4j.benchmarks.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.stock.model.LeadApiView;

/** Each JSON benchmark's setup works and one operation gives the right answer (no timing). */
class JsonCodecSmokeTest {

  @Test
  void stockGsonDecodesTheWholeFixture() {
    JsonCodecBenchmark benchmark = new JsonCodecBenchmark();
    benchmark.setUp();

    LeadApiView lead = (LeadApiView) benchmark.decodeLeadStockGson();

    assertThat(lead.getPhoneNumber()).isEqualTo(Fixtures.PHONE_NUMBER);
    assertThat(lead.getStatus()).isEqualTo(100);
    assertThat(lead.getCallsId()).hasSize(3);
    assertThat(lead.getCreated()).hasToString("2025-03-14T09:26:53.589793200Z");
    assertThat(lead.getLastCall().getCollectedData().getTranscript()).hasSize(Fixtures.TRANSCRIPT_MESSAGES);
    assertThat(lead.getLastCall().getCollectedData().getTranscript().get(1).getRole()).isEqualTo(3);
    assertThat(lead.getLastCall().getCollectedData().getCollectedInfos())
        .extracting(info -> info.getValue())
        .containsExactly("Orly Airport, Ouest", 3.0, 62.5, true, false, null,
            "3 Abbey Road, 2nd floor, door code 4521", "link");
    assertThat(lead.getLastCall().getTags()).containsExactly("booking-confirmed", "payment-link-sent", "airport");
    assertThat(lead.getCallData()).containsEntry("carLicense", "90-929-82").hasSize(5);
    assertThat(lead.getCollectedData()).containsEntry("confirmBooking", true).containsEntry("flightNumber", null);
  }

  @Test
  void moshiDecodesTheSameAsStockGson() {
    JsonCodecBenchmark benchmark = new JsonCodecBenchmark();
    benchmark.setUp();

    org.nlpearl4j.internal.generated.model.LeadApiView ours = benchmark.decodeLeadMoshi();
    LeadApiView stock = (LeadApiView) benchmark.decodeLeadStockGson();

    assertThat(ours.getId()).isEqualTo(stock.getId());
    assertThat(ours.getCreated()).isEqualTo(stock.getCreated());
    assertThat(ours.getLastCall().getCollectedData().getTranscript())
        .extracting(m -> m.getContent())
        .containsExactlyElementsOf(stock.getLastCall().getCollectedData().getTranscript().stream()
            .map(m -> m.getContent()).collect(java.util.stream.Collectors.toList()));
    assertThat(ours.getLastCall().getCollectedData().getTranscript().get(49).getEndTime())
        .isEqualTo(stock.getLastCall().getCollectedData().getTranscript().get(49).getEndTime());
    assertThat(ours.getLastCall().getCollectedData().getCollectedInfos())
        .extracting(info -> info.getValue())
        .containsExactly("Orly Airport, Ouest", 3.0, 62.5, true, false, null,
            "3 Abbey Road, 2nd floor, door code 4521", "link");
    assertThat(ours.getCollectedData()).isEqualTo(stock.getCollectedData());
    assertThat(ours.getCallData()).isEqualTo(stock.getCallData());
  }

  @Test
  void facadeDecodeMapsTheWholeLead() {
    JsonCodecBenchmark benchmark = new JsonCodecBenchmark();
    benchmark.setUp();

    org.nlpearl4j.Lead lead = benchmark.decodeLeadFacade();

    assertThat(lead.getStatus()).isEqualTo(org.nlpearl4j.LeadStatus.SUCCESS);
    assertThat(lead.getCallIds()).hasSize(3);
    assertThat(lead.getLastCall().getTranscript()).hasSize(Fixtures.TRANSCRIPT_MESSAGES);
    assertThat(lead.getLastCall().getTags()).containsExactly("booking-confirmed", "payment-link-sent", "airport");
  }

  @Test
  void moshiAndFacadeEncodeTheFixtureByteForByte() {
    JsonCodecBenchmark benchmark = new JsonCodecBenchmark();
    benchmark.setUp();

    assertThat(new String(benchmark.encodeNewLeadMoshi(), StandardCharsets.UTF_8)).isEqualTo(Fixtures.newLeadJson());
    assertThat(JsonParser.parseString(new String(benchmark.encodeNewLeadFacade(), StandardCharsets.UTF_8)))
        .isEqualTo(JsonParser.parseString(Fixtures.newLeadJson()));
  }

  @Test
  void stockGsonEncodesTheNewLeadLikeTheFixture() {
    JsonCodecBenchmark benchmark = new JsonCodecBenchmark();
    benchmark.setUp();

    String json = new String(benchmark.encodeNewLeadStockGson(), StandardCharsets.UTF_8);

    // Same members and values as the fixture (the stock model keeps call data in a HashMap, so the order differs).
    assertThat(JsonParser.parseString(json)).isEqualTo(JsonParser.parseString(Fixtures.newLeadJson()));
  }
}
