package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * Logging the HTTP traffic without the token, as dsl/README.md shows: OkHttp's {@link
 * HttpLoggingInterceptor} with {@code redactHeader("Authorization")}, as a network interceptor of
 * the OkHttp client handed to the builder (where it logs what really goes on the wire).
 */
class HttpLoggingTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";
  private static final String SECRET = NlPearlSandbox.DEFAULT_TOKEN.split(":", 2)[1];

  private final NlPearlSandbox sandbox = NlPearlSandbox.builder()
      .campaign(CAMPAIGN)
      .build()
      .start();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    sandbox.close();
  }

  @Test
  void theMostVerboseLogWithTheAuthorizationHeaderRedactedHoldsNoToken() {
    HttpLoggingInterceptor logging = new HttpLoggingInterceptor(log::add);
    logging.setLevel(HttpLoggingInterceptor.Level.BODY);
    logging.redactHeader("Authorization");

    String leadId = addAndUpdateThrough(new OkHttpClient.Builder()
        .addNetworkInterceptor(logging)
        .build());

    String all = String.join("\n", log);
    assertThat(all).doesNotContain(SECRET).doesNotContain(NlPearlSandbox.DEFAULT_TOKEN);
    assertThat(log).contains("Authorization: ██");
    // What the log is for: both requests, their statuses and bodies, the new lead's id.
    assertThat(all).contains("--> PUT " + sandbox.baseUrl() + "v1/Outbound/" + CAMPAIGN + "/Lead",
        "--> PUT " + sandbox.baseUrl() + "v2/Outbound/" + CAMPAIGN + "/Lead/" + leadId,
        "<-- 200", "\"leadId\":\"" + leadId + "\"", "User-Agent: nlpearl4j/");
  }

  @Test
  void withoutTheRedactionTheSameLogLeaksTheToken() {
    // Why the redaction is needed: the SDK adds the token before network interceptors run.
    HttpLoggingInterceptor logging = new HttpLoggingInterceptor(log::add);
    logging.setLevel(HttpLoggingInterceptor.Level.HEADERS);

    addAndUpdateThrough(new OkHttpClient.Builder().addNetworkInterceptor(logging).build());

    assertThat(String.join("\n", log)).contains(SECRET);
  }

  private String addAndUpdateThrough(OkHttpClient shared) {
    try (NlPearl client = NlPearl.builder()
        .token(NlPearlSandbox.DEFAULT_TOKEN)
        .baseUrl(sandbox.baseUrl())
        .okHttpClient(shared)
        .build()) {
      String leadId = client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456789"))
          .blockingGet();
      client.pearl(CAMPAIGN).updateLead(leadId, u -> u.status(SettableLeadStatus.COMPLETED))
          .blockingGet();
      return leadId;
    } finally {
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
    }
  }
}
