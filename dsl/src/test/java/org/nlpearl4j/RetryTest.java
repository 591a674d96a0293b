package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.leadIdResponse;
import static org.nlpearl4j.TestSupport.leadResponse;
import static org.nlpearl4j.TestSupport.status;
import static org.nlpearl4j.TestSupport.take;

import io.reactivex.rxjava3.observers.TestObserver;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry rules: an add is retried only when the server cannot have acted; an update also after
 * gateway errors and timeouts. Delays run on virtual time; nothing sleeps.
 */
class RetryTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  /** Deterministic backoff: 1 s, 2 s, 4 s... */
  private static final RetryPolicy NO_JITTER = RetryPolicy.builder()
      .maxAttempts(3).initialBackoff(Duration.ofSeconds(1)).jitter(RetryPolicy.Jitter.NONE).build();

  private NlPearl client(RetryPolicy policy) {
    return TestSupport.client(server, time).retryPolicy(policy).build();
  }

  private static <T> Throwable awaitError(TestObserver<T> observer) throws InterruptedException {
    assertThat(observer.await(10, TimeUnit.SECONDS)).as("terminated").isTrue();
    observer.assertNoValues();
    return TestSupport.errorOf(observer);
  }

  /** 500 is a server error, 503 a gateway error: neither says the add was not acted on. */
  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 503})
  void anAddIsNotRetriedAfterAServerOrGatewayError(int code) throws Exception {
    server.enqueue(status(code));
    server.enqueue(leadIdResponse("duplicate"));

    Throwable error = awaitError(client(NO_JITTER).outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test());

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(time.anyScheduled()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAddIsNotRetriedAfterAReadTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
        .body("{\"leadId\":\"late\"}").build());
    server.enqueue(leadIdResponse("duplicate"));
    NlPearl client = TestSupport.client(server, time).retryPolicy(NO_JITTER)
        .readTimeout(Duration.ofMillis(100)).build();

    Throwable error = awaitError(client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test());

    assertThat(error).isInstanceOf(NetworkException.class);
    assertThat(((NetworkException) error).isTimeout()).isTrue();
    assertThat(time.anyScheduled()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAddIsNotResentWhenTheConnectionDropsAfterTheRequest() throws Exception {
    // Neither by the SDK nor silently by OkHttp (the add's body is one-shot).
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(leadIdResponse("duplicate"));

    Throwable error = awaitError(client(NO_JITTER).outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test());

    assertThat(error).isInstanceOf(NetworkException.class);
    assertThat(time.anyScheduled()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAddIsNotSilentlyResentOnAReusedConnectionThatDropsAfterTheRequest() throws Exception {
    // OkHttp re-sends a request that fails on a pooled connection unless its body is one-shot;
    // the SDK makes an add's body one-shot, an update's not (an update may be repeated).
    server.enqueue(leadIdResponse("lead-1"));
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(leadIdResponse("duplicate"));
    NlPearl client = client(RetryPolicy.none());
    client.outbound("out-1").addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();

    Throwable error = awaitError(client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550199")).test());

    assertThat(error).isInstanceOf(NetworkException.class);
    assertThat(((NetworkException) error).isConnectFailure()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUpdateOnAReusedConnectionThatDropsMayBeResentByOkHttp() throws Exception {
    server.enqueue(leadResponse("lead-1", 100));
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(leadResponse("lead-1", 130));
    NlPearl client = client(RetryPolicy.none());
    client.pearl("pearl-1").updateLead("lead-1", u -> u.externalId("a")).blockingGet();

    Lead lead = client.pearl("pearl-1").updateLead("lead-1", u -> u.externalId("b")).blockingGet();

    assertThat(lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anAddIsRetriedWhenTheConnectionCouldNotBeEstablished() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));
    AtomicInteger attempts = new AtomicInteger();
    OkHttpClient failingFirst = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          if (attempts.incrementAndGet() == 1) {
            throw new ConnectException("Failed to connect (simulated)");
          }
          return chain.proceed(chain.request());
        })
        .build();
    NlPearl client = TestSupport.client(server, time).okHttpClient(failingFirst)
        .retryPolicy(NO_JITTER).build();

    TestObserver<String> observer = client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertValue("lead-1");
    assertThat(attempts).hasValue(2);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * A 429 and the policy, and the wait they give: Retry-After in seconds; Retry-After as an HTTP
   * date, measured from the response's Date; a long Retry-After, capped by the policy.
   */
  static Stream<Arguments> rateLimitWaits() {
    return Stream.of(
        Arguments.of("Retry-After in seconds",
            new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("").build(),
            NO_JITTER, Duration.ofSeconds(7)),
        Arguments.of("Retry-After as an HTTP date, from the response's Date",
            new MockResponse.Builder().code(429)
                .setHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT")
                .setHeader("Retry-After", "Sun, 06 Nov 1994 08:50:07 GMT")
                .body("").build(),
            NO_JITTER, Duration.ofSeconds(30)),
        Arguments.of("a long Retry-After, capped by the policy",
            new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").body("").build(),
            NO_JITTER.toBuilder().maxRetryAfter(Duration.ofSeconds(20)).build(),
            Duration.ofSeconds(20)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rateLimitWaits")
  void anAddIsRetriedAfter429WaitingAsLongAsTheAnswerAndThePolicySay(
      String name, MockResponse rateLimited, RetryPolicy policy, Duration wait) throws Exception {
    server.enqueue(rateLimited);
    server.enqueue(leadIdResponse("lead-1"));

    TestObserver<String> observer = client(policy).outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    take(server);
    time.awaitScheduled();
    time.advance(wait.minusMillis(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
    time.advance(Duration.ofMillis(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertValue("lead-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUpdateIsRetriedAfter503WithExponentialBackoff() throws Exception {
    server.enqueue(status(503));
    server.enqueue(status(502));
    server.enqueue(leadResponse("lead-1", 130));

    TestObserver<Lead> observer = client(NO_JITTER).pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.COMPLETED)).test();
    time.awaitScheduled();
    time.advance(Duration.ofMillis(999));
    assertThat(server.getRequestCount()).isEqualTo(1);
    time.advance(Duration.ofMillis(1));
    take(server);
    take(server);
    time.awaitScheduled();
    time.advance(Duration.ofMillis(1999));
    assertThat(server.getRequestCount()).isEqualTo(2);
    time.advance(Duration.ofMillis(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(observer.values().get(0).getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anUpdateIsRetriedAfterAReadTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
        .body("{}").build());
    server.enqueue(leadResponse("lead-1", 100));
    NlPearl client = TestSupport.client(server, time).retryPolicy(NO_JITTER)
        .readTimeout(Duration.ofMillis(100)).build();

    TestObserver<Lead> observer = client.pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.SUCCESS)).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(observer.values().get(0).getStatus()).isEqualTo(LeadStatus.SUCCESS);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUpdateIsNotRetriedAfter500OrAClientError() throws Exception {
    server.enqueue(status(500));
    server.enqueue(status(400));

    Throwable serverError = awaitError(client(NO_JITTER).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test());
    Throwable clientError = awaitError(client(NO_JITTER).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test());

    assertThat(serverError).isInstanceOf(ServerException.class);
    assertThat(clientError).isInstanceOf(BadRequestException.class);
    assertThat(time.anyScheduled()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void attemptsAreCappedAndTheLastFailureIsReported() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(status(503));
    }

    TestObserver<Lead> observer = client(NO_JITTER).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(1));
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(2));

    Throwable error = awaitError(observer);
    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(((ServerException) error).getStatusCode()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.anyScheduled()).isFalse();
  }

  @Test
  void noneDisablesRetries() throws Exception {
    server.enqueue(status(503));
    server.enqueue(leadResponse("lead-1", 100));

    Throwable error = awaitError(client(RetryPolicy.none()).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test());

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(time.anyScheduled()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void jitterComesFromTheInjectedRandomSource() throws Exception {
    server.enqueue(status(503));
    server.enqueue(leadResponse("lead-1", 100));
    RetryPolicy halfJitter = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(4))
        .jitter(RetryPolicy.Jitter.FULL).random(() -> 0.25).build();

    TestObserver<Lead> observer = client(halfJitter).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test();
    time.awaitScheduled();
    time.advance(Duration.ofMillis(999));
    assertThat(server.getRequestCount()).isEqualTo(1);
    time.advance(Duration.ofMillis(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertValueCount(1);
  }

  @Test
  void disposingCancelsTheInFlightHttpCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    OkHttpClient observed = TestSupport.cancelWatching(canceled, failed);
    NlPearl client = TestSupport.client(server, time).okHttpClient(observed)
        .retryPolicy(NO_JITTER).build();

    TestObserver<Lead> observer = client.pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test();
    take(server);
    observer.dispose();

    assertThat(canceled.await(10, TimeUnit.SECONDS)).as("call canceled").isTrue();
    assertThat(failed.await(10, TimeUnit.SECONDS)).as("call ended").isTrue();
    observer.assertNoValues().assertNoErrors();
    assertThat(time.anyScheduled()).as("no retry after dispose").isFalse();
  }

  @Test
  void disposingDuringTheBackoffStopsFurtherAttempts() throws Exception {
    server.enqueue(status(503));
    server.enqueue(leadResponse("lead-1", 100));

    TestObserver<Lead> observer = client(NO_JITTER).pearl("pearl-1")
        .updateLead("lead-1", u -> u.externalId("x")).test();
    time.awaitScheduled();
    observer.dispose();
    time.advance(Duration.ofMinutes(1));

    assertThat(server.getRequestCount()).isEqualTo(1);
    observer.assertNoValues().assertNoErrors();
  }
}
