package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.TestSupport.leadIdResponse;
import static org.nlpearl4j.TestSupport.take;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class AddLeadTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();

  private NlPearl client() {
    return TestSupport.client(server, time).build();
  }

  @Test
  void sendsTheDocumentedRequestWithANormalisedPhoneNumberAndReturnsTheLeadId() throws Exception {
    server.enqueue(leadIdResponse("lead-123"));

    String leadId = client().outbound("out-1")
        .addLead(lead -> lead
            .phoneNumber("+1 (415) 555-0123")
            .externalId("crm-42")
            .timeZone(ZoneId.of("Europe/Paris"))
            .callData("email", "joe@example.com")
            .callData("address", "3 Abbey Road"))
        .blockingGet();

    assertThat(leadId).isEqualTo("lead-123");
    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/Outbound/out-1/Lead");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSupport.TOKEN);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent")).matches("nlpearl4j/\\d+\\.\\d+\\.\\d+.*");
    assertThat(request.getBody().utf8()).isEqualTo("{\"phoneNumber\":\"+14155550123\","
        + "\"externalId\":\"crm-42\",\"timeZoneId\":\"Romance Standard Time\","
        + "\"callData\":{\"email\":\"joe@example.com\",\"address\":\"3 Abbey Road\"}}");
  }

  @Test
  void leavesOutEverythingNotGiven() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));

    client().outbound("out-1").addLead(NewLead.of(lead -> lead.phoneNumber("0033 1 23 45 67 89")))
        .blockingGet();

    assertThat(take(server).getBody().utf8()).isEqualTo("{\"phoneNumber\":\"+33123456789\"}");
  }

  @Test
  void acceptsAWindowsTimeZoneIdAsIs() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));

    client().outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123").timeZoneId("Pacific Standard Time"))
        .blockingGet();

    assertThat(take(server).getBody().utf8())
        .isEqualTo("{\"phoneNumber\":\"+14155550123\",\"timeZoneId\":\"Pacific Standard Time\"}");
  }

  @Test
  void encodesTheOutboundIdAsOnePathSegment() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));

    client().outbound("a/b?c#d").addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();

    assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/Outbound/a%2Fb%3Fc%23d/Lead");
  }

  @Test
  void keepsAPathPrefixOfTheBaseUrl() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));
    NlPearl client = NlPearl.builder().token(TestSupport.TOKEN)
        .baseUrl(server.url("/nlpearl").toString()).build();

    client.outbound("out-1").addLead(lead -> lead.phoneNumber("+14155550123")).blockingGet();

    assertThat(take(server).getUrl().encodedPath()).isEqualTo("/nlpearl/v1/Outbound/out-1/Lead");
  }

  @Test
  void sendsNothingBeforeSubscriptionAndOnceForEachSubscription() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));
    server.enqueue(leadIdResponse("lead-2"));
    AtomicInteger callsStarted = new AtomicInteger();
    OkHttpClient shared = new OkHttpClient.Builder()
        .eventListener(new EventListener() {
          @Override
          public void callStart(Call call) {
            callsStarted.incrementAndGet();
          }
        })
        .build();
    NlPearl client = TestSupport.client(server, time).okHttpClient(shared).build();

    // OkHttp reports callStart synchronously when a call is enqueued or executed.
    Single<String> add = client.outbound("out-1").addLead(lead -> lead.phoneNumber("+14155550123"));
    Single<String> added = client.outbound("out-1").addLead(NewLead.of(l -> l.phoneNumber("+14155550123")));
    assertThat(callsStarted).hasValue(0);

    assertThat(add.blockingGet()).isEqualTo("lead-1");
    assertThat(added.blockingGet()).isEqualTo("lead-2");
    assertThat(callsStarted).hasValue(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void deliversOnAnHttpThreadWithoutBlockingTheSubscriber() throws Exception {
    server.enqueue(leadIdResponse("lead-1"));
    Thread subscriber = Thread.currentThread();

    TestObserver<String> observer = client().outbound("out-1")
        .addLead(lead -> lead.phoneNumber("+14155550123"))
        .doOnSuccess(id -> assertThat(Thread.currentThread()).isNotSameAs(subscriber))
        .test();

    observer.await(10, TimeUnit.SECONDS);
    observer.assertValue("lead-1");
  }
}
