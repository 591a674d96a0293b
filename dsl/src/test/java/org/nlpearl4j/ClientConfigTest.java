package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nlpearl4j.TestSupport.ACCOUNT_ID;
import static org.nlpearl4j.TestSupport.SECRET;
import static org.nlpearl4j.TestSupport.TOKEN;
import static org.nlpearl4j.TestSupport.take;

import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Credentials, base URL rules, User-Agent, and secrets kept out of every string. */
class ClientConfigTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void malformedTokensAreRefusedWithoutEchoingTheSecret() {
    String[] malformed = {
      "no-colon-" + SECRET, ACCOUNT_ID + ":", ":" + SECRET, ACCOUNT_ID + ":" + SECRET + " x",
      "Bearer " + TOKEN, ACCOUNT_ID + ":" + SECRET.substring(0, 5) + "\t" + SECRET.substring(5), ""
    };
    for (String token : malformed) {
      assertThatThrownBy(() -> NlPearl.builder().token(token)).as(token)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(SECRET.substring(5));
    }
    assertThatThrownBy(() -> NlPearl.builder().token("no colon at all"))
        .hasMessageContaining("AccountId:SecretKey");
    assertThatThrownBy(() -> NlPearl.builder().credentials(ACCOUNT_ID, SECRET + "\u00e9"))
        .hasMessageStartingWith("the secret key (the part after ':')")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> NlPearl.builder().credentials("a:b", SECRET))
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void theSdksOwnHttpClientSendsManyRequestsToTheApiAtOnce() throws Exception {
    // OkHttp's default dispatcher lets 5 calls per host run and queues the rest; every call of
    // this SDK goes to one host, so a sender with 12 in flight would have had 5.
    int calls = 12;
    java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(calls);
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request)
          throws InterruptedException {
        arrived.countDown();
        arrived.await(10, java.util.concurrent.TimeUnit.SECONDS);
        return TestSupport.leadIdResponse("lead-1");
      }
    });
    try (NlPearl client = NlPearl.builder().token(TOKEN).baseUrl(server.url("/").toString())
        .build()) {
      java.util.List<io.reactivex.rxjava3.observers.TestObserver<String>> observers =
          new java.util.ArrayList<>();
      for (int i = 0; i < calls; i++) {
        observers.add(client.outbound("out-1").addLead(l -> l.phoneNumber("+14155550123")).test());
      }

      assertThat(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("all %d requests reached the server before any was answered", calls).isTrue();
      for (io.reactivex.rxjava3.observers.TestObserver<String> observer : observers) {
        observer.await(10, java.util.concurrent.TimeUnit.SECONDS);
        observer.assertValue("lead-1");
      }
    }
  }

  @Test
  void credentialsInTwoPartsAreSentAsOneBearerToken() throws Exception {
    server.enqueue(TestSupport.leadIdResponse("lead-1"));
    NlPearl client = NlPearl.builder().credentials(ACCOUNT_ID, SECRET)
        .baseUrl(server.url("/").toString()).build();

    client.outbound("out-1").addLead(l -> l.phoneNumber("+14155550123")).blockingGet();

    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(client.getAccountId()).isEqualTo(ACCOUNT_ID);
  }

  @Test
  void aSharedClientsEventListenerSeesOneCallPerRequest() throws Exception {
    // The facade asks Retrofit for requests only; an OkHttp call is created for sending alone,
    // so a user's EventListener.Factory is asked once per request, and every call it sees runs.
    java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    okhttp3.OkHttpClient shared = new okhttp3.OkHttpClient.Builder()
        .eventListenerFactory(call -> {
          created.incrementAndGet();
          return new okhttp3.EventListener() {
            @Override
            public void callStart(okhttp3.Call call) {
              started.incrementAndGet();
            }
          };
        })
        .build();
    server.enqueue(TestSupport.leadIdResponse("lead-1"));
    server.enqueue(TestSupport.leadIdResponse("lead-2"));
    NlPearl client = NlPearl.builder().token(TOKEN).okHttpClient(shared)
        .baseUrl(server.url("/").toString()).build();

    client.outbound("out-1").addLead(l -> l.phoneNumber("+14155550123")).blockingGet();
    client.outbound("out-1").addLead(l -> l.phoneNumber("+14155550124")).blockingGet();

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(created.get()).isEqualTo(2);
    assertThat(started.get()).isEqualTo(2);
  }

  @Test
  void toStringRedactsTheSecretEverywhere() {
    NlPearl.Builder builder = NlPearl.builder().token(TOKEN);
    NlPearl client = builder.build();

    assertThat(client.toString()).contains(ACCOUNT_ID).doesNotContain(SECRET)
        .contains("<redacted>");
    assertThat(builder.toString()).doesNotContain(SECRET);
    assertThat(client.toBuilder().toString()).doesNotContain(SECRET);
  }

  @Test
  void aMissingTokenIsReportedAtBuild() {
    assertThatThrownBy(() -> NlPearl.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
  }

  @Test
  void httpsIsTheDefault() {
    assertThat(NlPearl.create(TOKEN).getBaseUrl()).isEqualTo("https://api.nlpearl.ai/");
  }

  @Test
  void plainHttpIsRefusedExceptForLoopbackAndAllowedHosts() {
    assertThatThrownBy(() -> NlPearl.builder().token(TOKEN).baseUrl("http://api.nlpearl.ai").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http").hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> NlPearl.builder().token(TOKEN).baseUrl("http://10.0.2.2:8080").build())
        .hasMessageContaining("allowCleartextHost(\"10.0.2.2\")");
    assertThatThrownBy(() -> NlPearl.builder().token(TOKEN).baseUrl("http://127.example.com").build())
        .isInstanceOf(IllegalArgumentException.class);

    for (String url : new String[] {"http://localhost:8080", "http://127.0.0.1:1", "http://127.1.2.3",
        "http://[::1]:8080", "https://example.com"}) {
      assertThat(NlPearl.builder().token(TOKEN).baseUrl(url).build().getBaseUrl()).as(url)
          .startsWith(url.substring(0, 8));
    }
    assertThat(NlPearl.builder().token(TOKEN).baseUrl("http://10.0.2.2:8080")
        .allowCleartextHost("10.0.2.2").build().getBaseUrl()).isEqualTo("http://10.0.2.2:8080/");
  }

  @Test
  void aBaseUrlMustBeHttpWithoutUserInfo() {
    assertThatThrownBy(() -> NlPearl.builder().baseUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NlPearl.builder().baseUrl("https://user:" + SECRET + "@example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET);
  }

  @Test
  void theUserAgentNamesTheSdkItsVersionAndAnOptionalProduct() throws Exception {
    server.enqueue(TestSupport.leadIdResponse("lead-1"));
    NlPearl client = NlPearl.builder().token(TOKEN).baseUrl(server.url("/").toString())
        .userAgentSuffix("crm-sync/2.1").build();

    client.outbound("out-1").addLead(l -> l.phoneNumber("+14155550123")).blockingGet();

    String userAgent = take(server).getHeaders().get("User-Agent");
    assertThat(userAgent).isEqualTo(client.getUserAgent())
        .matches("nlpearl4j/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? crm-sync/2\\.1");
  }

  @Test
  void negativeTimeoutsAreRefused() {
    assertThatThrownBy(() -> NlPearl.builder().readTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
  }

  @Test
  void toBuilderDerivesAClientWithOtherSettings() {
    NlPearl client = NlPearl.builder().token(TOKEN).build();

    NlPearl patient = client.toBuilder().retryPolicy(r -> r.maxAttempts(6)).build();

    assertThat(patient.getRetryPolicy().getMaxAttempts()).isEqualTo(6);
    assertThat(client.getRetryPolicy()).isEqualTo(RetryPolicy.defaults());
    assertThat(patient.getAccountId()).isEqualTo(ACCOUNT_ID);
  }

  @Test
  void handlesNameTheirIdKind() {
    NlPearl client = NlPearl.create(TOKEN);

    assertThat(client.outbound("o-1").getOutboundId()).isEqualTo("o-1");
    assertThat(client.pearl("p-1").getPearlId()).isEqualTo("p-1");
    assertThat(client.outbound("o-1")).isEqualTo(client.outbound("o-1"))
        .hasToString("OutboundCampaign{outboundId=o-1}");
    assertThat(client.pearl("p-1")).hasToString("Pearl{pearlId=p-1}");
  }
}
