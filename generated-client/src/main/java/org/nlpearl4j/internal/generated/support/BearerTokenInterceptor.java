package org.nlpearl4j.internal.generated.support;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer <token>} to every request, replacing any Authorization header.
 *
 * <p>The token ({@code AccountId:SecretKey} for NLPearl) never appears in {@link #toString()} nor in
 * an exception message.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(new BearerTokenInterceptor("accountId:secretKey"))
 *     .build();
 * }</pre>
 */
public final class BearerTokenInterceptor implements Interceptor {
  private final String authorization;

  /**
   * Creates the interceptor for one token.
   *
   * @param token the bearer token: visible ASCII characters only (no spaces, control characters or
   *     line breaks), at least one
   * @throws IllegalArgumentException when the token is empty or holds another character; the
   *     message names the rule and the position, never the token
   */
  public BearerTokenInterceptor(String token) {
    checkToken(token);
    this.authorization = "Bearer " + token;
  }

  private static void checkToken(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token: must not be empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "token: must hold visible ASCII characters only (no spaces or line breaks); character "
                + (i + 1) + " of " + token.length() + " is not");
      }
    }
  }

  @Override
  public Response intercept(Interceptor.Chain chain) throws IOException {
    Request request = chain.request().newBuilder().header("Authorization", authorization).build();
    return chain.proceed(request);
  }

  /** Returns a description that hides the token. */
  @Override
  public String toString() {
    return "BearerTokenInterceptor{token=<redacted>}";
  }
}
