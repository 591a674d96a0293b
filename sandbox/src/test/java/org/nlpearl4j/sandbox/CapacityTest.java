package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sandbox's rate limit over HTTP: a burst, then the rate, then 429s that store nothing. */
class CapacityTest {
  private static final String ADD = "v1/Outbound/c/Lead";
  private static final String BODY = "{\"phoneNumber\":\"+14155550123\"}";

  @Test
  void beyondTheBurstRequestsAre429WithRetryAfterUntilTheBucketRefills() throws IOException {
    // A manual clock: the bucket refills only when the test advances it.
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().clock(clock).rateLimit(2, 3).start();
        Http http = new Http(sandbox.baseUrl())) {
      for (int i = 0; i < 3; i++) {
        assertThat(http.put(ADD, BODY).status()).as("request %d of the burst", i + 1).isEqualTo(200);
      }
      Http.Reply limited = http.put(ADD, BODY);
      assertThat(limited.status()).isEqualTo(429);
      // Half a second until the next token at 2/s: rounded up to whole seconds.
      assertThat(limited.header("Retry-After")).isEqualTo("1");
      assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
      assertThat(limited.json().get("detail").asText()).contains("2 requests/s (burst 3)");
      assertThat(sandbox.leadCount()).isEqualTo(3);

      clock.advance(Duration.ofMillis(500));
      assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
      assertThat(http.put(ADD, BODY).status()).isEqualTo(429);
      clock.advance(Duration.ofSeconds(10));
      // A long pause refills the bucket to its burst, no more.
      for (int i = 0; i < 3; i++) {
        assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
      }
      assertThat(http.put(ADD, BODY).status()).isEqualTo(429);

      SandboxCounters counters = sandbox.counters();
      assertThat(counters.getRateLimited()).isEqualTo(3);
      assertThat(counters.getRequestsWithStatus(429)).isEqualTo(3);
      assertThat(counters.getLeadsStored()).isEqualTo(7);
      assertThat(counters.getFaultsInjected()).isZero();
      sandbox.assertNoContractViolations();
    }
  }

  @Test
  void workersAreGivenBackAfterEveryAnswerWhateverItIs() throws IOException {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().workers(2)
            .latency(Duration.ofMillis(1), Duration.ofMillis(1)).start();
        Http http = new Http(sandbox.baseUrl(), Duration.ofSeconds(30))) {
      sandbox.faults().next(1).serverError().next(1).dropConnection();
      assertThat(http.put(ADD, BODY).status()).isEqualTo(500);
      assertThatThrownBy(() -> http.put(ADD, BODY)).isInstanceOf(IOException.class);
      for (int i = 0; i < 10; i++) {
        assertThat(http.put(ADD, "{\"phoneNumber\":\"+1415555012" + i + "\"}").status())
            .as("request %d with two workers", i + 1).isEqualTo(200);
      }
      assertThat(http.put("v1/Nowhere", BODY).status()).isEqualTo(404);
      assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
    }
  }

  @Test
  void aSlowRateAsksForSeveralSeconds() throws IOException {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().clock(clock).rateLimit(0.25, 1).start();
        Http http = new Http(sandbox.baseUrl())) {
      assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
      assertThat(http.put(ADD, BODY).header("Retry-After")).isEqualTo("4");
      clock.advance(Duration.ofMillis(2500));
      assertThat(http.put(ADD, BODY).header("Retry-After")).isEqualTo("2");
    }
  }

  @Test
  void theDefaultsKeepTheInstantUnlimitedSandbox() throws IOException {
    try (NlPearlSandbox sandbox = NlPearlSandbox.startDefault();
        Http http = new Http(sandbox.baseUrl())) {
      for (int i = 0; i < 50; i++) {
        assertThat(http.put(ADD, BODY).status()).isEqualTo(200);
      }
      assertThat(sandbox.counters().getRateLimited()).isZero();
      assertThat(sandbox.capacity()).isEqualTo("no rate limit, no latency, no worker limit");
    }
  }

  @Test
  void settingsAreCheckedAndDescribed() {
    assertThatThrownBy(() -> NlPearlSandbox.builder().rateLimit(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateLimit");
    assertThatThrownBy(() -> NlPearlSandbox.builder().rateLimit(10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    assertThatThrownBy(() -> NlPearlSandbox.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> NlPearlSandbox.builder().latency(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
    NlPearlSandbox sandbox = NlPearlSandbox.builder().rateLimit(300, 100)
        .latency(Duration.ofMillis(150), Duration.ofMillis(20)).workers(64).build();
    assertThat(sandbox.capacity())
        .isEqualTo("300 requests/s (burst 100), latency 150 ms + up to 20 ms, 64 workers");
  }
}
