package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.json;
import static org.nlpearl4j.TestSupport.leadIdResponse;
import static org.nlpearl4j.TestSupport.leadResponse;

import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a call can fail says whether NLPearl may have acted on it ({@link Delivery}), and the
 * retries follow that answer: an add is sent again only when it was never sent or was refused with
 * 429; an update also after 502-504, network failures and an unusable 2xx. Each test counts the
 * requests the server received, so a retry that should not happen (a duplicate lead) shows.
 *
 * <p>Retries run with no backoff on a real scheduler, three attempts in all.
 */
class DeliveryTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final int ATTEMPTS = 3;
  private static final RetryPolicy QUICK = RetryPolicy.builder().maxAttempts(ATTEMPTS)
      .initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

  private NlPearl.Builder builder() {
    return TestSupport.client(server, Schedulers.computation()).retryPolicy(QUICK);
  }

  private static NlPearlException addFails(NlPearl client) throws InterruptedException {
    return awaitError(client.outbound("out-1").addLead(lead -> lead.phoneNumber("+14155550123"))
        .test());
  }

  private static NlPearlException updateFails(NlPearl client) throws InterruptedException {
    return awaitError(client.pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.SUCCESS)).test());
  }

  private static NlPearlException awaitError(TestObserver<?> observer)
      throws InterruptedException {
    assertThat(observer.await(20, TimeUnit.SECONDS)).as("terminated").isTrue();
    observer.assertNoValues();
    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(NlPearlException.class);
    return (NlPearlException) error;
  }

  /** Asserts that {@code error} is a network failure with {@code delivery}; returns it as one. */
  private static NetworkException assertNetwork(NlPearlException error, Delivery delivery) {
    assertThat(error).isInstanceOf(NetworkException.class);
    assertThat(error.getDelivery()).isEqualTo(delivery);
    return (NetworkException) error;
  }

  /** A client that counts the connections it starts in {@code connects}. */
  private static OkHttpClient countingConnects(AtomicInteger connects) {
    return new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
        connects.incrementAndGet();
      }
    }).build();
  }

  private void enqueue(MockResponse response, int times) {
    for (int i = 0; i < times; i++) {
      server.enqueue(response);
    }
  }

  // ---------------------------------------------------------------- statuses

  /** Status, exception type, delivery, whether an add is retried, whether an update is. */
  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(401, AuthenticationException.class, Delivery.REJECTED, false, false),
        Arguments.of(403, AuthenticationException.class, Delivery.REJECTED, false, false),
        Arguments.of(404, NotFoundException.class, Delivery.REJECTED, false, false),
        Arguments.of(405, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(409, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(410, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(413, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(418, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(422, BadRequestException.class, Delivery.REJECTED, false, false),
        Arguments.of(429, RateLimitedException.class, Delivery.REJECTED, true, true),
        Arguments.of(500, ServerException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(501, ServerException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(502, ServerException.class, Delivery.UNKNOWN, false, true),
        Arguments.of(503, ServerException.class, Delivery.UNKNOWN, false, true),
        Arguments.of(504, ServerException.class, Delivery.UNKNOWN, false, true),
        Arguments.of(505, ServerException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(599, ServerException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(300, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(301, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(302, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(303, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(304, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(307, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false),
        Arguments.of(308, UnexpectedResponseException.class, Delivery.UNKNOWN, false, false));
  }

  /** A redirect carries a Location that would answer 200: following it would fake a success. */
  private MockResponse statusResponse(int code) {
    return new MockResponse.Builder().code(code)
        .setHeader("Location", server.url("/elsewhere").toString())
        .setHeader("Content-Type", "application/problem+json")
        .body(code == 304 ? "" : "{\"title\":\"status " + code + "\",\"status\":" + code + "}")
        .build();
  }

  @ParameterizedTest(name = "add, HTTP {0}: {2}")
  @MethodSource("statuses")
  void anAddIsClassifiedByItsStatusAndRetriedOnlyAfter429(
      int code, Class<? extends NlPearlException> type, Delivery delivery, boolean addRetried,
      boolean updateRetried) throws Exception {
    enqueue(statusResponse(code), ATTEMPTS);
    server.enqueue(leadIdResponse("must-not-be-reached"));

    NlPearlException error = addFails(builder().build());

    assertThat(error).isInstanceOf(type);
    assertThat(error.getStatusCode()).isEqualTo(code);
    assertThat(error.getDelivery()).isEqualTo(delivery);
    assertThat(error.getReason()).isEqualTo(reasonOfStatus(code));
    assertThat(error.getMessage()).contains("delivery " + delivery.name());
    assertThat(server.getRequestCount()).isEqualTo(addRetried ? ATTEMPTS : 1);
    assertThat(TestSupport.take(server).getUrl().encodedPath()).isEqualTo("/v1/Outbound/out-1/Lead");
  }

  @ParameterizedTest(name = "update, HTTP {0}: {2}")
  @MethodSource("statuses")
  void anUpdateIsClassifiedByItsStatusAndRetriedAfter429AndGatewayErrors(
      int code, Class<? extends NlPearlException> type, Delivery delivery, boolean addRetried,
      boolean updateRetried) throws Exception {
    enqueue(statusResponse(code), ATTEMPTS);
    server.enqueue(leadResponse("lead-1", 100));

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(type);
    assertThat(error.getStatusCode()).isEqualTo(code);
    assertThat(error.getDelivery()).isEqualTo(delivery);
    assertThat(error.getReason()).isEqualTo(reasonOfStatus(code));
    assertThat(server.getRequestCount()).isEqualTo(updateRetried ? ATTEMPTS : 1);
  }

  /** The one reason each status gets, whatever the operation. */
  private static FailureReason reasonOfStatus(int code) {
    if (code == 401 || code == 403) {
      return FailureReason.AUTHENTICATION;
    }
    if (code == 404) {
      return FailureReason.NOT_FOUND;
    }
    if (code == 429) {
      return FailureReason.RATE_LIMITED;
    }
    if (code >= 500) {
      return FailureReason.SERVER_ERROR;
    }
    return code >= 400 ? FailureReason.REJECTED : FailureReason.BAD_RESPONSE;
  }

  @Test
  void a408IsRejectedAndAnAddIsNotSentAgainNotEvenByOkHttp() throws Exception {
    // OkHttp itself repeats a request answered 408 once, unless its body is one-shot (an add's).
    enqueue(statusResponse(408), ATTEMPTS);

    NlPearlException error = addFails(builder().build());

    assertThat(error).isInstanceOf(BadRequestException.class);
    assertThat(error.getDelivery()).isEqualTo(Delivery.REJECTED);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a408OnAnUpdateIsRejected() throws Exception {
    enqueue(statusResponse(408), ATTEMPTS);
    server.enqueue(leadResponse("lead-1", 100));

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(BadRequestException.class);
    assertThat(error.getDelivery()).isEqualTo(Delivery.REJECTED);
    // OkHttp's own single repeat of a 408 (harmless for an update); the SDK adds none.
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anInformationalAnswerBeforeTheRealOneIsSkipped() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .addInformationalResponse(new MockResponse.Builder().code(103).build())
        .setHeader("Content-Type", "application/json").body("{\"leadId\":\"lead-1\"}").build());

    String leadId = builder().build().outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();

    assertThat(leadId).isEqualTo("lead-1");
  }

  // ---------------------------------------------------------------- unusable 2xx

  /** A 5 MiB leadId, the one a fuzzing server once produced. */
  private static final String HUGE_ID = String.join("", Collections.nCopies(5 * 1024 * 1024, "x"));

  static Stream<Arguments> unusableAnswers() {
    return Stream.of(
        Arguments.of("an empty 200", 200, "", "empty"),
        Arguments.of("a 204 No Content", 204, "", "empty"),
        Arguments.of("JSON null", 200, "null", "not a valid"),
        Arguments.of("malformed JSON", 200, "{\"leadId\": ", "not a valid"),
        Arguments.of("an HTML page", 200, "<html>ok</html>", "not a valid"),
        Arguments.of("no leadId", 200, "{}", "no leadId"),
        Arguments.of("a null leadId", 200, "{\"leadId\":null}", "no leadId"),
        Arguments.of("a blank leadId", 200, "{\"leadId\":\" \"}", "no leadId"),
        Arguments.of("a leadId of 257 characters", 200,
            "{\"leadId\":\"" + String.join("", Collections.nCopies(257, "a")) + "\"}",
            "must be at most 256 characters (it has 257 characters)"),
        Arguments.of("a leadId with a newline", 200, "{\"leadId\":\"lead\\n1\"}", "not a plausible"),
        Arguments.of("a leadId with a NUL", 200, "{\"leadId\":\"lead\\u00001\"}", "not a plausible"),
        Arguments.of("a leadId with a space", 200, "{\"leadId\":\"lead 1\"}", "not a plausible"),
        Arguments.of("a leadId with a zero-width space", 200, "{\"leadId\":\"lead\\u200b1\"}",
            "not a plausible"),
        Arguments.of("a leadId with an unpaired surrogate", 200, "{\"leadId\":\"lead\\ud8001\"}",
            "not a plausible"),
        Arguments.of("a 5 MiB leadId", 201, "{\"leadId\":\"" + HUGE_ID + "\"}", "Content-Length"),
        // A string field must be a JSON string: never the number's digits taken as the id.
        Arguments.of("a leadId that is a number", 200, "{\"leadId\": 6655269800}",
            "Expected a string but was NUMBER at path $.leadId"),
        Arguments.of("a leadId that is a boolean", 200, "{\"leadId\": true}",
            "Expected a string but was BOOLEAN at path $.leadId"),
        Arguments.of("a leadId that is an object", 200, "{\"leadId\": {\"id\":\"lead-1\"}}",
            "Expected a string but was BEGIN_OBJECT at path $.leadId"),
        Arguments.of("a leadId that is an array", 200, "{\"leadId\": [\"lead-1\"]}",
            "Expected a string but was BEGIN_ARRAY at path $.leadId"));
  }

  /** Each kind of wrong JSON type in the lead an update answers with. */
  static Stream<Arguments> wronglyTypedLeads() {
    return Stream.of(
        Arguments.of("an id that is a number", "{\"id\":6655269800,\"status\":130}", "$.id"),
        Arguments.of("a status that is a string", "{\"id\":\"lead-1\",\"status\":\"130\"}",
            "$.status"),
        Arguments.of("a status that is a boolean", "{\"id\":\"lead-1\",\"status\":true}",
            "$.status"),
        Arguments.of("call data holding a number",
            "{\"id\":\"lead-1\",\"callData\":{\"plate\":9092982}}", "$.callData.plate"),
        Arguments.of("a calls list holding a number", "{\"id\":\"lead-1\",\"callsId\":[7]}",
            "$.callsId[0]"),
        Arguments.of("a last call that is an array", "{\"id\":\"lead-1\",\"lastCall\":[]}",
            "$.lastCall"),
        Arguments.of("a duration that is a string",
            "{\"id\":\"lead-1\",\"lastCall\":{\"duration\":\"95\"}}", "$.lastCall.duration"),
        Arguments.of("a created date that is a number", "{\"id\":\"lead-1\",\"created\":1710408413}",
            "$.created"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wronglyTypedLeads")
  void anUpdateAnsweredWithAWronglyTypedMemberIsAcceptedNeverTakenAsTheLead(
      String name, String body, String path) throws Exception {
    enqueue(json(200, body), ATTEMPTS);

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getReason()).isEqualTo(FailureReason.BAD_RESPONSE);
    assertThat(error.getMessage()).contains("at path " + path);
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableAnswers")
  void anUnusable2xxToAnAddIsAcceptedAndNeverSentAgain(
      String name, int code, String body, String reason) throws Exception {
    enqueue(json(code, body), ATTEMPTS);

    NlPearlException error = addFails(builder().build());

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(error.getStatusCode()).isEqualTo(code);
    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getReason()).isEqualTo(FailureReason.BAD_RESPONSE);
    assertThat(error.getDelivery().mayHaveActed()).isTrue();
    assertThat(error.getMessage()).contains(reason).contains("delivery ACCEPTED")
        .hasSizeLessThan(1000);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anUpdateAnsweredWithAGarbled200IsSentAgainAndReturnsTheLead() throws Exception {
    server.enqueue(json(200, "{\"id\":\"lead-1\",\"status\":"));
    server.enqueue(leadResponse("lead-1", 130));

    Lead lead = builder().build().pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.COMPLETED)).blockingGet();

    assertThat(lead.getId()).isEqualTo("lead-1");
    assertThat(lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUpdateAnsweredWithGarbled200sOnlyIsAcceptedWhenTheRetriesAreUsedUp() throws Exception {
    enqueue(json(200, "{\"id\":\"lead 1\",\"status\":130}"), ATTEMPTS);

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(error.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(error.getMessage()).contains("the id is not a plausible id");
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  // ---------------------------------------------------------------- connection failures

  @Test
  void aRefusedConnectionIsNeverSentAndAnAddIsTriedAgain() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    AtomicInteger connects = new AtomicInteger();
    OkHttpClient counting = countingConnects(connects);
    NlPearl client = builder().okHttpClient(counting)
        .baseUrl("http://127.0.0.1:" + closedPort).build();

    NlPearlException error = addFails(client);

    NetworkException network = assertNetwork(error, Delivery.NEVER_SENT);
    assertThat(error.getDelivery().isSafeToSendAgain()).isTrue();
    assertThat(network.isConnectFailure()).isTrue();
    assertThat(error.getMessage()).contains("before the request was sent")
        .contains("delivery NEVER_SENT").doesNotContain(TestSupport.SECRET);
    assertThat(connects).hasValue(ATTEMPTS);
  }

  @Test
  void aFailedNameLookupIsNeverSentAndAnAddIsTriedAgain() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    OkHttpClient noDns = new OkHttpClient.Builder().dns(host -> {
      lookups.incrementAndGet();
      throw new UnknownHostException(host + ": no such host (test)");
    }).build();
    NlPearl client = builder().okHttpClient(noDns)
        .baseUrl("http://api.nlpearl.test:" + server.getPort())
        .allowCleartextHost("api.nlpearl.test").build();

    NlPearlException error = addFails(client);

    assertNetwork(error, Delivery.NEVER_SENT);
    assertThat(lookups).hasValue(ATTEMPTS);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aTimeoutBeforeSendingIsNeverSent() throws Exception {
    // The name lookup outlasts the call timeout: the call ends before a connection exists.
    AtomicInteger lookups = new AtomicInteger();
    OkHttpClient slowDns = new OkHttpClient.Builder().dns(host -> {
      lookups.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Collections.singletonList(InetAddress.getLoopbackAddress());
    }).build();
    NlPearl client = builder().okHttpClient(slowDns)
        .baseUrl("http://api.nlpearl.test:" + server.getPort())
        .allowCleartextHost("api.nlpearl.test")
        .callTimeout(Duration.ofMillis(50)).build();

    NlPearlException error = addFails(client);

    NetworkException network = assertNetwork(error, Delivery.NEVER_SENT);
    assertThat(network.isTimeout()).isTrue();
    assertThat(error.getCause()).isInstanceOf(InterruptedIOException.class);
    assertThat(lookups).hasValue(ATTEMPTS);
    assertThat(server.getRequestCount()).isZero();
  }

  /** The server reads the request, then closes the connection without answering. */
  private static MockResponse dropBeforeAnswer() {
    return new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  @Test
  void aConnectionLostBeforeTheAnswerIsUnknownAndAnAddIsNotSentAgain() throws Exception {
    enqueue(dropBeforeAnswer(), ATTEMPTS);

    NlPearlException error = addFails(builder().build());

    NetworkException network = assertNetwork(error, Delivery.UNKNOWN);
    assertThat(network.isTimeout()).isFalse();
    assertThat(error.getMessage()).contains("after the request may have been sent")
        .contains("delivery UNKNOWN: NLPearl may have acted on it");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aConnectionLostBeforeTheAnswerIsRetriedForAnUpdateAndUnknownWhenRetriesAreUsedUp()
      throws Exception {
    enqueue(dropBeforeAnswer(), ATTEMPTS);

    NlPearlException error = updateFails(builder().build());

    assertNetwork(error, Delivery.UNKNOWN);
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  @Test
  void aConnectionLostBeforeTheAnswerThenASuccessGivesTheUpdatedLead() throws Exception {
    server.enqueue(dropBeforeAnswer());
    server.enqueue(leadResponse("lead-1", 130));

    Lead lead = builder().build().pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.COMPLETED)).blockingGet();

    assertThat(lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aConnectionCutWhileTheServerReadsTheRequestIsUnknownForAnAdd() throws Exception {
    // The connection existed and the request was on its way: the SDK cannot know how far it got.
    enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build(), ATTEMPTS);

    AtomicInteger connects = new AtomicInteger();
    OkHttpClient counting = countingConnects(connects);

    NlPearlException error = addFails(builder().okHttpClient(counting).build());

    assertNetwork(error, Delivery.UNKNOWN);
    assertThat(connects).as("connections made: the add was not sent again").hasValue(1);
  }

  /** A 200 whose body breaks off: the connection closes after part of it. */
  private static MockResponse dropMidBody() {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(new Buffer().writeUtf8("{\"leadId\":\"lead-1\",\"id\":\"lead-1\",\"pad\":\""
            + String.join("", Collections.nCopies(64 * 1024, "p")) + "\"}"))
        .onResponseBody(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  @Test
  void aConnectionLostInThe200sBodyIsAcceptedAndAnAddIsNotSentAgain() throws Exception {
    enqueue(dropMidBody(), ATTEMPTS);

    NlPearlException error = addFails(builder().build());

    NetworkException network = assertNetwork(error, Delivery.ACCEPTED);
    assertThat(error.getStatusCode()).isEqualTo(200);
    assertThat(network.isConnectFailure()).isFalse();
    assertThat(error.getMessage()).contains("while reading the body of the HTTP 200 answer")
        .contains("delivery ACCEPTED");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aConnectionLostInThe200sBodyIsRetriedForAnUpdate() throws Exception {
    enqueue(dropMidBody(), ATTEMPTS);

    NlPearlException error = updateFails(builder().build());

    assertNetwork(error, Delivery.ACCEPTED);
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsUnknownAndAnAddIsNotSentAgain() throws Exception {
    enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
        .body("{\"leadId\":\"late\"}").build(), ATTEMPTS);

    NlPearlException error = addFails(builder().readTimeout(Duration.ofMillis(100)).build());

    NetworkException network = assertNetwork(error, Delivery.UNKNOWN);
    assertThat(network.isTimeout()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsRetriedForAnUpdateAndUnknownWhenRetriesAreUsedUp()
      throws Exception {
    enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
        .body("{\"id\":\"lead-1\"}").build(), ATTEMPTS);

    NlPearlException error = updateFails(builder().readTimeout(Duration.ofMillis(100)).build());

    NetworkException network = assertNetwork(error, Delivery.UNKNOWN);
    assertThat(network.isTimeout()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  @Test
  void aTimeoutInThe200sBodyIsAccepted() throws Exception {
    enqueue(new MockResponse.Builder().code(200).bodyDelay(2, TimeUnit.SECONDS)
        .body("{\"leadId\":\"late\"}").build(), ATTEMPTS);

    NlPearlException error = addFails(builder().readTimeout(Duration.ofMillis(100)).build());

    NetworkException network = assertNetwork(error, Delivery.ACCEPTED);
    assertThat(network.isTimeout()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- across attempts

  @Test
  void anAttemptThatMayHaveActedIsReportedEvenWhenALaterOneWasRejected() throws Exception {
    // 502 (may have acted), then 429 twice: reporting the last 429 would say "safe to send again".
    server.enqueue(statusResponse(502));
    enqueue(statusResponse(429), ATTEMPTS - 1);

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(error.getStatusCode()).isEqualTo(502);
    assertThat(error.getDelivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(error.getSuppressed()).hasSize(ATTEMPTS - 1)
        .allSatisfy(later -> assertThat(later).isInstanceOf(RateLimitedException.class));
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  @Test
  void theLastFailureIsReportedWhenNoEarlierAttemptActedMore() throws Exception {
    server.enqueue(statusResponse(429));
    enqueue(statusResponse(503), ATTEMPTS - 1);

    NlPearlException error = updateFails(builder().build());

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(error.getStatusCode()).isEqualTo(503);
    assertThat(error.getSuppressed()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(ATTEMPTS);
  }

  // ---------------------------------------------------------------- the enum and the constructors

  @Test
  void theDeliveryValuesSayWhetherSendingAgainIsSafe() {
    assertThat(Delivery.NEVER_SENT.isSafeToSendAgain()).isTrue();
    assertThat(Delivery.REJECTED.isSafeToSendAgain()).isTrue();
    assertThat(Delivery.UNKNOWN.isSafeToSendAgain()).isFalse();
    assertThat(Delivery.ACCEPTED.isSafeToSendAgain()).isFalse();
    for (Delivery delivery : Delivery.values()) {
      assertThat(delivery.mayHaveActed()).isNotEqualTo(delivery.isSafeToSendAgain());
    }
  }

  @Test
  void publicConstructorsClassifyTheirFailure() {
    IOException cause = new IOException("reset");
    assertThat(new NetworkException("addLead", cause, true, false).getDelivery())
        .isEqualTo(Delivery.NEVER_SENT);
    assertThat(new NetworkException("addLead", cause, false, true).getDelivery())
        .isEqualTo(Delivery.UNKNOWN);
    NetworkException cut = new NetworkException("addLead", 200, cause, Delivery.ACCEPTED, false);
    assertThat(cut.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(cut.isConnectFailure()).isFalse();
    assertThat(cut.getStatusCode()).isEqualTo(200);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new NetworkException("addLead", 0, cause, Delivery.REJECTED, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new UnexpectedResponseException("addLead", 200, null, "bad", null).getDelivery())
        .isEqualTo(Delivery.ACCEPTED);
    assertThat(new UnexpectedResponseException("addLead", 302, null, "bad", null).getDelivery())
        .isEqualTo(Delivery.UNKNOWN);
    assertThat(new ServerException("addLead", 504, null, null, null).getDelivery())
        .isEqualTo(Delivery.UNKNOWN);
    assertThat(new RateLimitedException("addLead", null, null, null).getDelivery())
        .isEqualTo(Delivery.REJECTED);
    assertThat(new InvalidRequestException("addLead",
            Collections.singletonMap("phoneNumber", Collections.singletonList("is required")))
        .getDelivery()).isEqualTo(Delivery.NEVER_SENT);
  }
}
