package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.errorOf;
import static org.nlpearl4j.TestSupport.json;
import static org.nlpearl4j.TestSupport.leadResponse;
import static org.nlpearl4j.TestSupport.status;
import static org.nlpearl4j.TestSupport.take;

import io.reactivex.rxjava3.observers.TestObserver;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** {@link Pearl#leadByExternalId(String)} against a scripted server. */
class LeadLookupTest {
  private static final RetryPolicy NO_JITTER = RetryPolicy.builder()
      .maxAttempts(3).initialBackoff(Duration.ofSeconds(1)).jitter(RetryPolicy.Jitter.NONE).build();

  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private NlPearl client() {
    return TestSupport.client(server, time).retryPolicy(NO_JITTER).build();
  }

  private TestObserver<Lead> lookup(String pearlId, String externalId) throws InterruptedException {
    TestObserver<Lead> observer = client().pearl(pearlId).leadByExternalId(externalId).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    return observer;
  }

  @Test
  void foundLeadIsReturnedFromAGetOnTheV2Path() throws Exception {
    server.enqueue(leadResponse("lead-7", 100));

    TestObserver<Lead> observer = lookup("pearl-9", "crm 42/a");

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v2/Outbound/pearl-9/Lead/External/crm%2042%2Fa");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSupport.TOKEN);
    assertThat(request.getBody()).isNull();
    observer.assertValue(lead -> "lead-7".equals(lead.getId())
        && lead.getStatus() == LeadStatus.SUCCESS);
  }

  @Test
  void notFoundCompletesEmpty() throws Exception {
    server.enqueue(json(404, "{\"title\":\"Not Found\",\"status\":404}"));

    TestObserver<Lead> observer = lookup("pearl-9", "crm-42");

    observer.assertComplete().assertNoValues().assertNoErrors();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badRequestFailsWithTheProblemAndIsNotRetried() throws Exception {
    server.enqueue(json(400, "{\"title\":\"One or more validation errors occurred.\","
        + "\"status\":400,\"errors\":{\"externalId\":[\"The externalId is invalid.\"]}}"));

    Throwable error = errorOf(lookup("pearl-9", "crm-42"));

    assertThat(error).isInstanceOf(BadRequestException.class);
    BadRequestException bad = (BadRequestException) error;
    assertThat(bad.getOperation()).isEqualTo("getLeadViaExternalID");
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(bad.getDelivery()).isEqualTo(Delivery.REJECTED);
    assertThat(bad.getProblem()).isNotNull();
    assertThat(bad.getProblem().getErrors())
        .containsEntry("externalId", Collections.singletonList("The externalId is invalid."));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void gatewayErrorIsRetriedLikeAnUpdate() throws Exception {
    server.enqueue(status(502));
    server.enqueue(leadResponse("lead-7", 100));

    TestObserver<Lead> observer = client().pearl("pearl-9").leadByExternalId("crm-42").test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(1));

    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    observer.assertValue(lead -> "lead-7".equals(lead.getId()));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /** Looks up crm-42 and lets virtual time run through the two retries' backoff. */
  private TestObserver<Lead> throughEveryRetry() throws InterruptedException {
    TestObserver<Lead> observer = client().pearl("pearl-9").leadByExternalId("crm-42").test();
    for (int i = 0; i < 2; i++) {
      time.awaitScheduled();
      time.advance(Duration.ofMinutes(1));
    }
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    return observer;
  }

  @Test
  void serverErrorsUsingUpTheRetriesFailAsAServerException() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503));
    }

    Throwable error = errorOf(throughEveryRetry());
    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(((ServerException) error).getStatusCode()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void internalServerErrorIsNotRetried() throws Exception {
    server.enqueue(status(500));

    Throwable error = errorOf(lookup("pearl-9", "crm-42"));

    assertThat(error).isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void malformedBodyIsRetriedThenAnUnexpectedResponse() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, "{\"id\":\"lead-7\",\"status\":"));
    }

    Throwable error = errorOf(throughEveryRetry());
    assertThat(error).isInstanceOf(UnexpectedResponseException.class);
    assertThat(((NlPearlException) error).getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void implausibleIdsFailBeforeAnythingIsSent() throws Exception {
    Throwable error = errorOf(lookup(" ", "crm\t42"));

    assertThat(error).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) error).getProblems())
        .containsOnlyKeys("pearlId", "externalId");
    assertThat(((InvalidRequestException) error).getProblems().get("externalId").get(0))
        .contains("whitespace other than spaces");
    assertThat(errorOf(lookup("pearl-9", ".."))).isInstanceOf(InvalidRequestException.class);
    assertThat(errorOf(lookup("pearl-9", ""))).isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nothingIsSentBeforeSubscription() throws Exception {
    client().pearl("pearl-9").leadByExternalId("crm-42");
    Thread.sleep(100);

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void disposingCancelsTheInFlightCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CountDownLatch canceled = new CountDownLatch(1);
    OkHttpClient observed = TestSupport.cancelWatching(canceled, new CountDownLatch(1));
    NlPearl client = TestSupport.client(server, time).okHttpClient(observed)
        .retryPolicy(NO_JITTER).build();

    TestObserver<Lead> observer = client.pearl("pearl-9").leadByExternalId("crm-42").test();
    take(server);
    observer.dispose();

    assertThat(canceled.await(10, TimeUnit.SECONDS)).as("call canceled").isTrue();
    observer.assertNoValues().assertNoErrors();
    assertThat(time.anyScheduled()).as("no retry after dispose").isFalse();
  }
}
