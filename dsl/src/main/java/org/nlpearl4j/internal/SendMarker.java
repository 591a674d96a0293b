package org.nlpearl4j.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Records whether a request reached the network, i.e. whether a connection was established and
 * sending began; a failure before that point means the server cannot have acted on the request.
 *
 * <p>{@link #INTERCEPTOR} is installed as an OkHttp network interceptor, which runs only once a
 * connection exists; it marks the {@code SendMarker} tagged on the request.
 */
public final class SendMarker {
  /** The network interceptor that marks the request's {@code SendMarker}, if any. */
  public static final Interceptor INTERCEPTOR = new Interceptor() {
    @Override
    public Response intercept(Interceptor.Chain chain) throws IOException {
      SendMarker marker = chain.request().tag(SendMarker.class);
      if (marker != null) {
        marker.sent = true;
      }
      return chain.proceed(chain.request());
    }

    @Override
    public String toString() {
      return "SendMarker.INTERCEPTOR";
    }
  };

  private volatile boolean sent;

  /**
   * Returns whether the request reached a connection (and may have been sent).
   *
   * @return true once the network interceptor ran for the request
   */
  public boolean isSent() {
    return sent;
  }
}
