package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Each fault kind, as an OkHttp client (the SDK's transport) sees it, and what the store holds after. */
class FaultsTest extends StrictSandboxTest {
  // After each test, no contract violation may be recorded: injected answers are deliberate and
  // not checked against the contract, and the requests themselves were valid.
  private static final String ADD = "v1/Outbound/c/Lead";
  private static final String BODY = "{\"phoneNumber\":\"+14155550123\"}";

  @Test
  void rateLimitedAnswers429WithRetryAfterForTheNextNRequestsOnly() throws IOException {
    sandbox.faults().next(2).rateLimited(Duration.ofMillis(1500));

    for (int i = 0; i < 2; i++) {
      Http.Reply reply = http.put(ADD, BODY);
      assertThat(reply.status()).isEqualTo(429);
      assertThat(reply.header("Retry-After")).isEqualTo("2");
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      assertThat(reply.json().get("status").asInt()).isEqualTo(429);
      assertThat(reply.json().get("title").asText()).isEqualTo("Too Many Requests");
    }
    assertThat(sandbox.counters().getLeadsStored()).isZero();

    assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(1);
    assertThat(sandbox.counters().getFaultsInjected()).isEqualTo(2);
    assertThat(sandbox.counters().getRequestsWithStatus(429)).isEqualTo(2);
    assertThat(sandbox.recordedRequests()).extracting(SandboxRequest::getFault)
        .containsExactly("status 429 (Retry-After 2 s)", "status 429 (Retry-After 2 s)", null);
  }

  @Test
  void serverErrorsAnswerTheStatusWithAProblemBodyAndDoNotStore() throws IOException {
    sandbox.faults().next(1).serverError().next(1).status(503).next(1).status(502, Duration.ofSeconds(7));

    Http.Reply first = http.put(ADD, BODY);
    assertThat(first.status()).isEqualTo(500);
    assertThat(first.json().get("title").asText()).isEqualTo("An error occurred while processing your request.");
    assertThat(first.header("Retry-After")).isNull();
    Http.Reply second = http.put(ADD, BODY);
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.json().get("title").asText()).isEqualTo("Service Unavailable");
    Http.Reply third = http.put(ADD, BODY);
    assertThat(third.status()).isEqualTo(502);
    assertThat(third.header("Retry-After")).isEqualTo("7");

    assertThat(sandbox.counters().getLeadsStored()).isZero();
    assertThat(sandbox.faults().pending()).isZero();
  }

  @Test
  void aDelayHoldsTheAnswerThenHandlesTheRequest() throws IOException {
    sandbox.faults().next(1).delay(Duration.ofSeconds(1));
    Http impatient = new Http(sandbox.baseUrl(), Duration.ofMillis(200));
    try {
      assertThatThrownBy(() -> impatient.put(ADD, BODY)).isInstanceOf(InterruptedIOException.class);
    } finally {
      impatient.close();
    }
    // The request was handled once the delay was over: a client that gave up may still have added the lead.
    awaitRecorded(1);
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(1);
    assertThat(sandbox.recordedRequests().get(0).getFault()).isEqualTo("delay 1000 ms");
    assertThat(sandbox.recordedRequests().get(0).getResponseStatus()).isEqualTo(200);
  }

  @Test
  void aDroppedConnectionSendsNothingAndStoresNothing() throws IOException {
    sandbox.faults().next(1).dropConnection();

    assertThatThrownBy(() -> http.put(ADD, BODY)).isInstanceOf(IOException.class);

    assertThat(sandbox.counters().getLeadsStored()).isZero();
    assertThat(sandbox.counters().getDroppedConnections()).isEqualTo(1);
    assertThat(sandbox.recordedRequests().get(0).getResponseStatus()).isZero();
    assertThat(sandbox.recordedRequests().get(0).getFault()).isEqualTo("dropped connection");
    // The next request is served normally.
    assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
  }

  @Test
  void aTruncatedBodyEndsTheStreamEarlyButTheLeadWasStored() throws IOException {
    sandbox.faults().next(1).truncateBody();

    Request request = http.authorized(ADD).put(RequestBody.create(BODY, Http.JSON)).build();
    try (Response response = http.client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().contentLength()).isEqualTo(37);
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(1);
    assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
  }

  @Test
  void aMalformedBodyIsACompleteResponseThatIsNotJson() throws IOException {
    sandbox.faults().next(1).malformedBody();

    Http.Reply reply = http.put(ADD, BODY);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).startsWith("{\"leadId\":");
    assertThatThrownBy(() -> Http.MAPPER.readTree(reply.body())).isInstanceOf(JsonProcessingException.class);
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(1);
  }

  @Test
  void faultsApplyInOrderAndCanBeCleared() throws IOException {
    sandbox.faults().next(1).status(503).next(2).rateLimited(Duration.ofSeconds(1));
    assertThat(sandbox.faults().pending()).isEqualTo(3);
    assertThat(http.put(ADD, BODY).status()).isEqualTo(503);
    assertThat(http.put(ADD, BODY).status()).isEqualTo(429);
    sandbox.faults().clear();
    assertThat(sandbox.faults().pending()).isZero();
    assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
  }

  @Test
  void faultsComeBeforeAuthentication() throws IOException {
    sandbox.faults().next(1).status(503);
    assertThat(http.put(ADD, BODY, "acct:unknown").status()).isEqualTo(503);
  }

  @Test
  void badFaultSettingsAreRejected() {
    assertThatThrownBy(() -> sandbox.faults().next(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> sandbox.faults().next(1).status(200)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400-599");
    assertThatThrownBy(() -> sandbox.faults().next(1).delay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
    assertThat(sandbox.faults().pending()).isZero();
  }

  /** Waits (at most 20 s) until the server has finished with {@code count} requests. */
  private void awaitRecorded(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (sandbox.recordedRequests().size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(sandbox.recordedRequests()).hasSize(count);
  }
}
