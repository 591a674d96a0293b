package org.nlpearl4j.internal;

import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A call that only holds its request: Retrofit's call factory in the facade, which asks Retrofit
 * for requests and runs them itself ({@link ExchangeCallAdapterFactory}). Not creating a real
 * OkHttp call there spares each request a call object (and the client's event listener a call
 * that never runs). Everything but {@link #request()} is refused.
 */
final class RequestOnlyCall implements Call {
  private final Request request;

  RequestOnlyCall(Request request) {
    this.request = request;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response execute() {
    throw refused();
  }

  @Override
  public void enqueue(Callback callback) {
    throw refused();
  }

  @Override
  public void cancel() {
    // Never started: nothing to cancel.
  }

  @Override
  public boolean isExecuted() {
    return false;
  }

  @Override
  public boolean isCanceled() {
    return false;
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void addEventListener(EventListener eventListener) {
    throw refused();
  }

  @Override
  public <T> @Nullable T tag(KClass<T> type) {
    return null;
  }

  @Override
  public <T> @Nullable T tag(Class<? extends T> type) {
    return null;
  }

  @Override
  public <T> T tag(KClass<T> type, Function0<? extends T> computeIfAbsent) {
    throw refused();
  }

  @Override
  public <T> T tag(Class<T> type, Function0<? extends T> computeIfAbsent) {
    throw refused();
  }

  @Override
  public Call clone() {
    return new RequestOnlyCall(request);
  }

  private static UnsupportedOperationException refused() {
    return new UnsupportedOperationException("a request-only call is not run; see"
        + " ExchangeCallAdapterFactory");
  }
}
