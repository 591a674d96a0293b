package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;

/** Disposing the Single while the server is still thinking cancels the HTTP call. */
class DisposeCancelsCallTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  @Test
  void disposeCancelsTheInFlightCall() throws Exception {
    // The server reads the request and never answers: the call stays in flight until canceled.
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    EventListener events = new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }

      @Override
      public void callFailed(Call call, IOException ioe) {
        failed.countDown();
      }
    };
    OutboundApi api = ApiRetrofit.outboundApi(server.url("/"), TestSupport.client(events));

    TestObserver<LeadApiView> observer = api.updateLead("p", "l", new LeadToUpdateApi()).test();
    assertThat(server.takeRequest(10, TimeUnit.SECONDS)).as("request reached the server").isNotNull();
    assertThat(canceled.getCount()).isEqualTo(1);

    observer.dispose();

    assertThat(canceled.await(10, TimeUnit.SECONDS)).as("OkHttp call canceled").isTrue();
    assertThat(failed.await(10, TimeUnit.SECONDS)).as("the exchange ended").isTrue();
    observer.assertNoValues();
    observer.assertNoErrors();
    assertThat(observer.isDisposed()).isTrue();
  }
}
