package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.nlpearl4j.TestSupport.json;
import static org.nlpearl4j.TestSupport.status;

import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Every HTTP outcome maps to one SDK exception; no library exception escapes except as a cause. */
class ErrorMappingTest {
  private static final String PROBLEM = "{"
      + "\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
      + "\"title\":\"One or more validation errors occurred.\",\"status\":400,"
      + "\"errors\":{\"PhoneNumber\":[\"The PhoneNumber field is required.\"],"
      + "\"CallData.email\":[\"Too long.\",\"Not an email.\"]},"
      + "\"traceId\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\"}";

  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private NlPearl client() {
    return TestSupport.client(server, time).retryPolicy(RetryPolicy.none()).build();
  }

  private Throwable addFails() throws InterruptedException {
    TestObserver<String> observer = client().outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertNoValues();
    return TestSupport.errorOf(observer);
  }

  private Throwable updateFails() throws InterruptedException {
    TestObserver<Lead> observer = client().pearl("pearl-1")
        .updateLead("lead-1", u -> u.status(SettableLeadStatus.SUCCESS)).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertNoValues();
    return TestSupport.errorOf(observer);
  }

  @Test
  void badRequestCarriesTheServersFieldErrorsAndTraceId() throws Exception {
    server.enqueue(json(400, PROBLEM));

    Throwable error = addFails();

    assertThat(error).isInstanceOf(BadRequestException.class);
    BadRequestException bad = (BadRequestException) error;
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(bad.getOperation()).isEqualTo("addLead");
    assertThat(bad.getRequestId())
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    assertThat(bad.getProblems()).containsExactly(
        entry("PhoneNumber", Collections.singletonList("The PhoneNumber field is required.")),
        entry("CallData.email", Arrays.asList("Too long.", "Not an email.")));
    ValidationProblem problem = bad.getProblem();
    assertThat(problem.getTitle()).isEqualTo("One or more validation errors occurred.");
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getType()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.1");
    assertThat(bad.getMessage())
        .startsWith("addLead failed: HTTP 400 Bad Request: One or more validation errors occurred.")
        .contains("PhoneNumber: The PhoneNumber field is required.")
        .contains("request id 00-0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void aProblemSentAsTextPlainIsStillRead() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400)
        .setHeader("Content-Type", "text/plain; charset=utf-8").body(PROBLEM).build());

    BadRequestException bad = (BadRequestException) updateFails();

    assertThat(bad.getOperation()).isEqualTo("updateLead");
    assertThat(bad.getProblems()).containsKey("PhoneNumber");
  }

  @Test
  void otherClientErrorsAreBadRequestsWithTheirStatus() throws Exception {
    server.enqueue(status(409));

    Throwable error = updateFails();

    assertThat(error).isInstanceOf(BadRequestException.class);
    assertThat(((BadRequestException) error).getStatusCode()).isEqualTo(409);
    assertThat(((BadRequestException) error).getProblems()).isEmpty();
    assertThat(((BadRequestException) error).getProblem()).isNull();
  }

  @Test
  void unauthorizedAndForbiddenAreAuthenticationFailures() throws Exception {
    server.enqueue(status(401));
    server.enqueue(status(403));

    Throwable unauthorized = addFails();
    Throwable forbidden = addFails();

    assertThat(unauthorized).isInstanceOf(AuthenticationException.class);
    assertThat(((NlPearlException) unauthorized).getStatusCode()).isEqualTo(401);
    assertThat(forbidden).isInstanceOf(AuthenticationException.class);
    assertThat(((NlPearlException) forbidden).getStatusCode()).isEqualTo(403);
    assertThat(unauthorized.getMessage()).startsWith("addLead failed: HTTP 401")
        .doesNotContain(TestSupport.SECRET);
  }

  @Test
  void notFoundTakesTheRequestIdFromAHeaderWhenThereIsNoTraceId() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).setHeader("X-Request-Id", "req-77")
        .body("").build());

    Throwable error = updateFails();

    assertThat(error).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) error).getRequestId()).isEqualTo("req-77");
    assertThat(error.getMessage()).isEqualTo("updateLead failed: HTTP 404 Not Found (request id req-77)"
        + "; delivery REJECTED: NLPearl did not act on it, safe to send again");
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120")
        .body("").build());

    Throwable error = addFails();

    assertThat(error).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) error).getRetryAfter()).isEqualTo(Duration.ofSeconds(120));
    assertThat(((RateLimitedException) error).getStatusCode()).isEqualTo(429);
  }

  @Test
  void serverErrorsKeepTheirStatusAndAnHtmlBodyIsNotAProblem() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502)
        .setHeader("Content-Type", "text/html").body("<html>Bad gateway</html>").build());

    Throwable error = addFails();

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(((ServerException) error).getStatusCode()).isEqualTo(502);
    assertThat(((ServerException) error).getProblem()).isNull();
    assertThat(error.getMessage()).isEqualTo("addLead failed: HTTP 502 Bad Gateway"
        + "; delivery UNKNOWN: NLPearl may have acted on it (may have stored it)");
  }

  @Test
  void malformedJsonIsAnUnexpectedResponseWithTheParserAsCause() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("traceparent", "00-abc-def-01")
        .body("{\"leadId\": ").build());

    Throwable error = addFails();

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    UnexpectedResponseException unexpected = (UnexpectedResponseException) error;
    assertThat(unexpected.getStatusCode()).isEqualTo(200);
    assertThat(unexpected.getRequestId()).isEqualTo("00-abc-def-01");
    assertThat(unexpected.getCause()).isInstanceOf(IOException.class);
    assertThat(unexpected.getMessage()).startsWith("addLead failed: unexpected HTTP 200 response");
  }

  @Test
  void aBodyOfTheWrongShapeIsAnUnexpectedResponse() throws Exception {
    server.enqueue(json(200, "{\"status\":\"not a number\"}"));

    Throwable error = updateFails();

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(error.getCause()).isNotNull();
    assertThat(error.getCause().getClass().getName()).startsWith("com.squareup.moshi.");
  }

  @Test
  void anEmptyBodyOrAMissingLeadIdIsAnUnexpectedResponse() throws Exception {
    server.enqueue(status(200));
    server.enqueue(json(200, "{\"leadId\":null}"));
    server.enqueue(json(200, "null"));

    Throwable empty = addFails();
    Throwable noLeadId = addFails();
    Throwable jsonNull = addFails();

    assertThat(empty).isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("empty");
    assertThat(noLeadId).isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("no leadId");
    assertThat(jsonNull).isInstanceOf(UnexpectedResponseException.class);
  }

  @Test
  void aStatusOutsideTheDocumentedOnesIsAnUnexpectedResponse() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).body("").build());

    Throwable error = addFails();

    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(((UnexpectedResponseException) error).getStatusCode()).isEqualTo(302);
  }

  @Test
  void aRefusedConnectionIsANetworkFailureBeforeSending() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    NlPearl client = NlPearl.builder().token(TestSupport.TOKEN)
        .baseUrl("http://127.0.0.1:" + closedPort).retryPolicy(RetryPolicy.none()).build();

    TestObserver<String> observer = client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();

    Throwable error = TestSupport.errorOf(observer);
    assertThat(error).isInstanceOf(NetworkException.class);
    NetworkException network = (NetworkException) error;
    assertThat(network.isConnectFailure()).isTrue();
    assertThat(network.isTimeout()).isFalse();
    assertThat(network.getStatusCode()).isZero();
    assertThat(network.getCause()).isInstanceOf(IOException.class);
    assertThat(network.getMessage()).startsWith("addLead failed: network error before the request was sent");
  }

  @Test
  void aConnectionDroppedAfterTheRequestIsANetworkFailureAfterSending() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());

    Throwable error = addFails();

    assertThat(error).isInstanceOf(NetworkException.class);
    assertThat(((NetworkException) error).isConnectFailure()).isFalse();
  }

  @Test
  void aReadTimeoutIsANetworkTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS)
        .body("{\"leadId\":\"late\"}").build());
    NlPearl client = TestSupport.client(server, time).retryPolicy(RetryPolicy.none())
        .readTimeout(Duration.ofMillis(200)).build();

    TestObserver<String> observer = client.outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123")).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();

    NetworkException error = (NetworkException) TestSupport.errorOf(observer);
    assertThat(error.isTimeout()).isTrue();
    assertThat(error.isConnectFailure()).isFalse();
    assertThat(error.getMessage()).startsWith("addLead failed: timed out after the request may have been sent");
  }

  @Test
  void theSharedClientIsNotModified() {
    OkHttpClient shared = new OkHttpClient.Builder().readTimeout(3, TimeUnit.SECONDS).build();

    TestSupport.client(server, time).okHttpClient(shared).readTimeout(Duration.ofSeconds(42))
        .callTimeout(Duration.ofSeconds(50)).build();

    assertThat(shared.interceptors()).isEmpty();
    assertThat(shared.networkInterceptors()).isEmpty();
    assertThat(shared.readTimeoutMillis()).isEqualTo(3000);
    assertThat(shared.callTimeoutMillis()).isZero();
  }
}
