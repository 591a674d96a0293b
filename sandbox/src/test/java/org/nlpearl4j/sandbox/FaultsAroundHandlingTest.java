package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fault before and after handling, checked against the store: before handling nothing is
 * stored, after handling the lead is stored exactly once and the client still sees the failure.
 */
class FaultsAroundHandlingTest extends StrictSandboxTest {
  private static final String CAMPAIGN = "c";
  private static final String ADD = "v1/Outbound/" + CAMPAIGN + "/Lead";

  /** What the client got: a status and body, or the IOException that ended the exchange. */
  private record Seen(int status, String body, IOException failure) {}

  private Seen add(String externalId) {
    String json = "{\"phoneNumber\":\"+14155550123\",\"externalId\":\"" + externalId + "\"}";
    Request request = http.authorized(ADD).header("Connection", "close").put(RequestBody.create(json, Http.JSON)).build();
    int status = 0;
    try (Response response = http.client.newCall(request).execute()) {
      status = response.code();
      return new Seen(status, response.body().string(), null);
    } catch (IOException e) {
      return new Seen(status, null, e);
    }
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void eachKindStoresTheLeadExactlyWhenItComesAfterHandling(FaultKind kind) throws IOException {
    sandbox.faults().next(1).fault(kind);

    Seen seen = add("row-" + kind);

    int stored = sandbox.leadsWithExternalId(CAMPAIGN, "row-" + kind).size();
    assertThat(stored).as("leads stored for %s", kind).isEqualTo(kind.isAfterHandling() ? 1 : 0);
    SandboxRequest recorded = sandbox.recordedRequests().get(0);
    assertThat(recorded.getHandledStatus()).isEqualTo(kind.isAfterHandling() ? 200 : 0);
    assertThat(recorded.isFaultAfterHandling()).isEqualTo(kind.isAfterHandling());

    // The client saw the failure the kind promises.
    switch (kind) {
      case DROP_BEFORE, DROP_AFTER -> {
        assertThat(seen.failure()).as("%s", kind).isNotNull();
        assertThat(seen.status()).isZero();
        assertThat(recorded.getResponseStatus()).isZero();
      }
      case TRUNCATED_BODY -> {
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.failure()).isNotNull();
      }
      case MALFORMED_BODY -> {
        assertThat(seen.status()).isEqualTo(200);
        assertThatThrownBy(() -> Http.MAPPER.readTree(seen.body())).isInstanceOf(JsonProcessingException.class);
      }
      case EMPTY_200 -> {
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.body()).isEmpty();
      }
      case SLOW_ANSWER -> {
        assertThat(seen.status()).isEqualTo(200);
        String leadId = Http.MAPPER.readTree(seen.body()).get("leadId").asText();
        assertThat(sandbox.lead(CAMPAIGN, leadId)).isPresent();
      }
      default -> {
        assertThat(seen.status()).isEqualTo(kind.getStatus());
        assertThat(recorded.getResponseStatus()).isEqualTo(kind.getStatus());
        assertThat(Http.MAPPER.readTree(seen.body()).get("status").asInt()).isEqualTo(kind.getStatus());
      }
    }

    SandboxFaultCounts counts = sandbox.faults().injected();
    assertThat(counts.get(kind)).isEqualTo(1);
    assertThat(counts.getTotal()).isEqualTo(1);
    assertThat(counts.getAfterHandling()).isEqualTo(kind.isAfterHandling() ? 1 : 0);
    assertThat(counts.getBeforeHandling()).isEqualTo(kind.isAfterHandling() ? 0 : 1);
    assertThat(counts.getFromMix()).isZero();
    assertThat(counts.getByKind()).containsOnlyKeys(kind.getLabel());

    // The next request is served normally.
    assertThat(add("after-" + kind).status()).isEqualTo(200);
    assertThat(sandbox.leadCount(CAMPAIGN)).isEqualTo(stored + 1);
  }

  @Test
  void aGatewayErrorAfterHandlingCarriesItsRetryAfterAndSaysSoInTheRecording() throws IOException {
    sandbox.faults().next(1).afterHandling().status(503, Duration.ofMillis(2500));

    Http.Reply reply = http.put(ADD, "{\"phoneNumber\":\"+14155550123\"}");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("3");
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(sandbox.leadCount()).isEqualTo(1);
    assertThat(sandbox.counters().getLeadsAdded()).isEqualTo(1);
    assertThat(sandbox.recordedRequests().get(0).getFault()).isEqualTo("status 503 (Retry-After 3 s) after handling");
  }

  @Test
  void theShortcutsAfterHandlingAnswerTheirStatusesAfterStoring() throws IOException {
    sandbox.faults()
        .next(1).afterHandling().serverError()
        .next(1).afterHandling().rateLimited(Duration.ZERO)
        .next(1).afterHandling().status(502);

    assertThat(http.put(ADD, "{\"phoneNumber\":\"+14155550001\"}").status()).isEqualTo(500);
    Http.Reply limited = http.put(ADD, "{\"phoneNumber\":\"+14155550002\"}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("0");
    assertThat(http.put(ADD, "{\"phoneNumber\":\"+14155550003\"}").status()).isEqualTo(502);

    assertThat(sandbox.leadCount(CAMPAIGN)).isEqualTo(3);
    assertThat(sandbox.faults().injected().getByKind())
        .containsEntry("500-after", 1L)
        .containsEntry("429-after", 1L)
        .containsEntry("502-after", 1L);
  }

  @Test
  void anUpdateAfterHandlingReallyChangesTheLeadAndOneBeforeHandlingDoesNot() throws IOException {
    String leadId = http.addLead(CAMPAIGN, "{\"phoneNumber\":\"+14155550123\"}");
    String update = "v2/Outbound/" + CAMPAIGN + "/Lead/" + leadId;

    sandbox.faults().next(1).status(504);
    assertThat(http.put(update, "{\"status\":100,\"externalId\":\"crm-1\"}").status()).isEqualTo(504);
    SandboxLead unchanged = sandbox.lead(leadId).orElseThrow();
    assertThat(unchanged.getStatus()).isEqualTo(1);
    assertThat(unchanged.getExternalId()).isNull();

    sandbox.faults().next(1).afterHandling().status(504);
    assertThat(http.put(update, "{\"status\":100,\"externalId\":\"crm-1\"}").status()).isEqualTo(504);
    SandboxLead changed = sandbox.lead(leadId).orElseThrow();
    assertThat(changed.getStatus()).isEqualTo(100);
    assertThat(changed.getExternalId()).isEqualTo("crm-1");

    sandbox.faults().next(1).afterHandling().dropConnection();
    assertThatThrownBy(() -> http.put(update, "{\"status\":110}")).isInstanceOf(IOException.class);
    assertThat(sandbox.lead(leadId).orElseThrow().getStatus()).isEqualTo(110);

    assertThat(sandbox.leadCount()).isEqualTo(1);
    assertThat(sandbox.counters().getLeadsUpdated()).isEqualTo(2);
  }

  @Test
  void aFaultAfterHandlingOfARequestThatFailsChangesNothing() throws IOException {
    sandbox.faults().next(1).afterHandling().status(502);

    // An unknown lead: the handling answers 404, then the 502 replaces that answer.
    Http.Reply reply = http.put("v2/Outbound/" + CAMPAIGN + "/Lead/0123456789abcdef01234567", "{\"status\":100}");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(sandbox.recordedRequests().get(0).getHandledStatus()).isEqualTo(404);
    assertThat(sandbox.leadCount()).isZero();
    assertThat(sandbox.counters().getLeadsUpdated()).isZero();
  }

  @Test
  void anEmptyBodyKeepsTheHandlingsStatus() throws IOException {
    sandbox.faults().next(1).emptyBody();

    Http.Reply reply = http.put("v2/Outbound/" + CAMPAIGN + "/Lead/0123456789abcdef01234567", "{\"status\":100}");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body()).isEmpty();
    assertThat(sandbox.recordedRequests().get(0).getFault()).isEqualTo("empty body");
  }

  @Test
  void badAfterHandlingSettingsAreRejected() {
    assertThatThrownBy(() -> sandbox.faults().next(1).afterHandling().status(204))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("400-599");
    assertThatThrownBy(() -> sandbox.faults().next(1).afterHandling().status(502, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAfter");
    assertThat(sandbox.faults().pending()).isZero();
  }
}
