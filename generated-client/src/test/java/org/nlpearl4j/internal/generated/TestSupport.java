package org.nlpearl4j.internal.generated;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;

/** Shared helpers: fixtures from the test classpath and a client wired the way the dsl wires it. */
final class TestSupport {
  static final String TOKEN = "acct-7f3a:sk_live_5ecret";

  private TestSupport() {
  }

  static String fixture(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OkHttpClient client() {
    return client(EventListener.NONE);
  }

  static OkHttpClient client(EventListener events) {
    return new OkHttpClient.Builder()
        .addInterceptor(new BearerTokenInterceptor(TOKEN))
        .eventListener(events)
        .build();
  }

  static OutboundApi outboundApi(MockWebServer server) {
    return ApiRetrofit.outboundApi(server.url("/"), client());
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }
}
