package org.nlpearl4j.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets the SDK's {@code User-Agent} on every request. */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  /**
   * Creates the interceptor.
   *
   * @param userAgent e.g. {@code nlpearl4j/0.1.0}
   */
  public UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Interceptor.Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }

  @Override
  public String toString() {
    return "UserAgentInterceptor{" + userAgent + "}";
  }
}
