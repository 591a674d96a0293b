package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.internal.generated.TestSupport.json;

import com.squareup.moshi.JsonDataException;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;

/** What goes over the wire for each operation, byte for byte where it matters. */
class OutboundApiRequestTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  @Test
  void addLeadSendsTheDocumentedRequestAndDecodesTheLeadId() throws Exception {
    server.enqueue(json(200, "{\"leadId\":\"6650f1c2a3b4c5d6e7f80911\"}"));
    OutboundApi api = TestSupport.outboundApi(server);

    LeadToAddApi lead = new LeadToAddApi()
        .phoneNumber("+14155550123")
        .externalId(null)
        .putCallDataItem("email", "joe@example.com")
        .putCallDataItem("address", "3 Abbey Road UK");
    LeadToAddResponseApi response = api.addLead("outbound 42/x", lead).blockingGet();

    assertThat(response.getLeadId()).isEqualTo("6650f1c2a3b4c5d6e7f80911");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("PUT /v1/Outbound/outbound%2042%2Fx/Lead HTTP/1.1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSupport.TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.getBody().utf8()).isEqualTo(
        "{\"phoneNumber\":\"+14155550123\","
            + "\"callData\":{\"email\":\"joe@example.com\",\"address\":\"3 Abbey Road UK\"}}");
  }

  @Test
  void addLeadWithEveryFieldWritesThemInSchemaOrder() throws Exception {
    server.enqueue(json(200, "{\"leadId\":\"l-1\"}"));
    LeadToAddApi lead = new LeadToAddApi()
        .callData(null)
        .timeZoneId("Türkiye Standard Time")
        .externalId("crm-42")
        .phoneNumber("+33123456789");

    TestSupport.outboundApi(server).addLead("o-1", lead).blockingGet();

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(
        "{\"phoneNumber\":\"+33123456789\",\"externalId\":\"crm-42\",\"timeZoneId\":\"Türkiye Standard Time\"}");
  }

  @Test
  void updateLeadSendsTheDocumentedRequestAndDecodesTheLead() throws Exception {
    server.enqueue(json(200, "{\"id\":\"lead 1/2\",\"status\":130}"));
    OutboundApi api = TestSupport.outboundApi(server);

    LeadApiView lead = api.updateLead("pearl/7", "lead 1/2", new LeadToUpdateApi().status(130)).blockingGet();

    assertThat(lead.getId()).isEqualTo("lead 1/2");
    assertThat(lead.getStatus()).isEqualTo(130);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("PUT /v2/Outbound/pearl%2F7/Lead/lead%201%2F2 HTTP/1.1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestSupport.TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.getBody().utf8()).isEqualTo("{\"status\":130}");
  }

  @Test
  void updateLeadWithNothingSetSendsAnEmptyObject() throws Exception {
    server.enqueue(json(200, "{}"));

    TestSupport.outboundApi(server).updateLead("p", "l", new LeadToUpdateApi()).blockingGet();

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void updateLeadWritesEveryFieldInSchemaOrder() throws Exception {
    server.enqueue(json(200, "{}"));
    LeadToUpdateApi update = new LeadToUpdateApi()
        .status(10)
        .putCallDataItem("carLicense", "90-929-82")
        .timeZoneId("Pacific Standard Time")
        .externalId("crm-43")
        .phoneNumber("+14155550124");

    TestSupport.outboundApi(server).updateLead("p", "l", update).blockingGet();

    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(
        "{\"phoneNumber\":\"+14155550124\",\"externalId\":\"crm-43\",\"timeZoneId\":\"Pacific Standard Time\","
            + "\"callData\":{\"carLicense\":\"90-929-82\"},\"status\":10}");
  }

  @Test
  void nothingStartsBeforeSubscribe() throws Exception {
    server.enqueue(json(200, "{\"leadId\":\"l-1\"}"));
    AtomicInteger callsStarted = new AtomicInteger();
    EventListener events = new EventListener() {
      @Override
      public void callStart(Call call) {
        callsStarted.incrementAndGet(); // runs on the thread that enqueues the call
      }
    };
    OutboundApi api = ApiRetrofit.outboundApi(server.url("/"), TestSupport.client(events));
    Single<LeadToAddResponseApi> call = api.addLead("o-1", new LeadToAddApi().phoneNumber("+14155550123"));

    assertThat(callsStarted).hasValue(0);
    assertThat(server.getRequestCount()).isZero();

    assertThat(call.blockingGet().getLeadId()).isEqualTo("l-1");
    assertThat(callsStarted).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void addLeadWithoutThePhoneNumberFailsBeforeAnythingIsSent() throws Exception {
    TestObserver<LeadToAddResponseApi> observer =
        TestSupport.outboundApi(server).addLead("o-1", new LeadToAddApi().externalId("crm-42")).test();

    observer.await(10, TimeUnit.SECONDS);
    observer.assertError(e -> e instanceof JsonDataException && e.getMessage().contains("'phoneNumber'"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aBaseUrlWithAPathPrefixIsKeptWithOrWithoutItsTrailingSlash() throws Exception {
    server.enqueue(json(200, "{\"leadId\":\"l-1\"}"));
    server.enqueue(json(200, "{\"leadId\":\"l-2\"}"));
    LeadToAddApi lead = new LeadToAddApi().phoneNumber("+14155550123");

    ApiRetrofit.outboundApi(server.url("/proxy/nlpearl"), TestSupport.client()).addLead("o", lead).blockingGet();
    ApiRetrofit.outboundApi(server.url("/proxy/nlpearl/"), TestSupport.client()).addLead("o", lead).blockingGet();

    assertThat(server.takeRequest().getTarget()).isEqualTo("/proxy/nlpearl/v1/Outbound/o/Lead");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/proxy/nlpearl/v1/Outbound/o/Lead");
  }
}
