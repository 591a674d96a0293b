package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;

/** The Authorization header, and the secret never leaking through toString or a message. */
class BearerTokenInterceptorTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  @Test
  void replacesAnyAuthorizationHeaderWithTheBearerToken() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(new BearerTokenInterceptor("acct:s3cr3t"))
        .build();

    Request request = new Request.Builder().url(server.url("/")).header("Authorization", "Basic Zm9vOmJhcg==").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(204);
    }

    assertThat(server.takeRequest().getHeaders().values("Authorization")).containsExactly("Bearer acct:s3cr3t");
  }

  @Test
  void toStringHidesTheToken() {
    String text = new BearerTokenInterceptor("acct:s3cr3t").toString();

    assertThat(text).doesNotContain("s3cr3t").doesNotContain("acct").contains("BearerTokenInterceptor");
  }

  @ParameterizedTest
  @ValueSource(strings = {"acct:s3cr3t\r\nX-Evil: 1", "acct: s3cr3t", "acct:s3cr\u00e9t", "acct:s3cr3t\t"})
  void refusesTokensThatCannotBeAHeaderValueWithoutEchoingThem(String token) {
    assertThatThrownBy(() -> new BearerTokenInterceptor(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("token: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr").doesNotContain("acct"));
  }

  @Test
  void refusesAnEmptyToken() {
    assertThatThrownBy(() -> new BearerTokenInterceptor(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token: must not be empty");
  }
}
