package org.nlpearl4j.internal;

import java.io.IOException;
import kotlin.jvm.functions.Function0;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Records whether a request reached the network, i.e. whether a connection was established and
 * sending began; a failure before that point means the server cannot have acted on the request.
 *
 * <p>{@link #INTERCEPTOR} is installed as an OkHttp network interceptor, which runs only once a
 * connection exists; it marks the {@code SendMarker} tagged on the call. A marker is its own
 * tag supplier ({@code call.tag(SendMarker.class, marker)}), so tagging allocates nothing more.
 */
public final class SendMarker implements Function0<SendMarker> {
  /** The network interceptor that marks the request's {@code SendMarker}, if any. */
  public static final Interceptor INTERCEPTOR = new Interceptor() {
    @Override
    public Response intercept(Interceptor.Chain chain) throws IOException {
      SendMarker marker = chain.call().tag(SendMarker.class);
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

  /** Returns this marker: what {@code call.tag(SendMarker.class, marker)} stores. */
  @Override
  public SendMarker invoke() {
    return this;
  }

  /**
   * Returns whether the request reached a connection (and may have been sent).
   *
   * @return true once the network interceptor ran for the request
   */
  public boolean isSent() {
    return sent;
  }
}
