package org.nlpearl4j.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.UnexpectedResponseException;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import retrofit2.Call;
import retrofit2.CallAdapter;
import retrofit2.Retrofit;

/**
 * Adapts the generated service's {@code Single<T>} methods so that every outcome becomes an SDK
 * exception that knows the operation, the HTTP status and the request id.
 *
 * <p>Retrofit builds the request (path encoding, JSON body); this adapter runs it on OkHttp
 * asynchronously ({@code enqueue}: the subscribing thread never blocks), cancels it on dispose,
 * reads the body itself and decodes it with Moshi. Decoding here rather than in a Retrofit
 * converter keeps "the server sent something malformed" apart from "the network failed", with the
 * status and request id at hand for both.
 *
 * <p>What the service returns is not runnable by itself: {@link #attempt} names the operation and
 * says whether it is idempotent (the caller, {@link Engine}, is the one place that knows). Requests
 * of non-idempotent operations get a one-shot body, so OkHttp cannot silently re-send them; each
 * HTTP call carries a {@link SendMarker} as its tag.
 *
 * <p>Retrofit is only asked for the request: give it {@link #REQUEST_ONLY} as its call factory,
 * so that it does not create an OkHttp call of its own for every request it builds.
 */
public final class ExchangeCallAdapterFactory extends CallAdapter.Factory {
  /** Error bodies are read up to this size: enough for any problem details document. */
  private static final long MAX_ERROR_BODY = 64 * 1024;
  /**
   * The largest success body read, 1 MiB: a lead with a long call transcript is tens of KiB. A
   * larger body is refused without being read: by its {@code Content-Length} before reading, or
   * after {@code MAX_BODY + 1} bytes of a body of unknown length (chunked, or decompressed gzip).
   */
  public static final long MAX_BODY = 1024 * 1024;

  /**
   * A call factory for Retrofit whose calls only hold their request: the adapter takes the request
   * and runs it on the real client.
   */
  public static final okhttp3.Call.Factory REQUEST_ONLY = RequestOnlyCall::new;

  private final OkHttpClient client;
  private final Moshi moshi;
  private final HttpErrors errors;

  /**
   * Creates the factory.
   *
   * @param client runs the calls; must have {@link SendMarker#INTERCEPTOR} as a network
   *     interceptor
   * @param moshi decodes response bodies
   */
  public ExchangeCallAdapterFactory(OkHttpClient client, Moshi moshi) {
    this.client = client;
    this.moshi = moshi;
    this.errors = new HttpErrors(moshi);
  }

  /**
   * Returns one attempt of an exchange per subscription.
   *
   * @param exchange a Single returned by a service created with this factory
   * @param operation the operation's name, as exceptions and the listener report it
   * @param idempotent whether the request may be sent again; if not, its body is one-shot
   * @param probe the call's probe, or null without a listener
   * @param <T> the body type
   * @return the attempt; cold, one HTTP call per subscription
   */
  @SuppressWarnings("unchecked")
  public static <T> Single<T> attempt(
      Single<T> exchange, String operation, boolean idempotent, @Nullable CallProbe probe) {
    if (!(exchange instanceof Exchange)) {
      throw new IllegalArgumentException("not an exchange of this factory: " + exchange);
    }
    Exchange unnamed = (Exchange) exchange;
    return (Single<T>) new Attempt(unnamed.call, unnamed.adapter, operation, idempotent, probe);
  }

  /** What the service returns: a request to be named by {@link #attempt}; alone it fails. */
  private static final class Exchange extends Single<Object> {
    final Call<Object> call;
    final Adapter adapter;

    Exchange(Call<Object> call, Adapter adapter) {
      this.call = call;
      this.adapter = adapter;
    }

    @Override
    protected void subscribeActual(SingleObserver<? super Object> observer) {
      observer.onSubscribe(Disposable.disposed());
      observer.onError(new IllegalStateException(
          "an exchange runs through ExchangeCallAdapterFactory.attempt(...)"));
    }
  }

  @Override
  public @Nullable CallAdapter<?, ?> get(
      Type returnType, Annotation[] annotations, Retrofit retrofit) {
    if (getRawType(returnType) != Single.class) {
      return null;
    }
    if (!(returnType instanceof ParameterizedType)) {
      throw new IllegalStateException("Single return type must be parameterized");
    }
    Type bodyType = getParameterUpperBound(0, (ParameterizedType) returnType);
    return new Adapter(bodyType, moshi.adapter(bodyType));
  }

  private final class Adapter implements CallAdapter<Object, Single<Object>> {
    private final Type bodyType;
    private final JsonAdapter<Object> bodyAdapter;

    Adapter(Type bodyType, JsonAdapter<Object> bodyAdapter) {
      this.bodyType = bodyType;
      this.bodyAdapter = bodyAdapter;
    }

    @Override
    public Type responseType() {
      return bodyType;
    }

    @Override
    public Single<Object> adapt(Call<Object> call) {
      return new Exchange(call, this);
    }

    ExchangeCallAdapterFactory factory() {
      return ExchangeCallAdapterFactory.this;
    }

    private String typeName() {
      return bodyType instanceof Class ? ((Class<?>) bodyType).getSimpleName()
          : bodyType.getTypeName();
    }
  }

  /** One HTTP call per subscription. */
  private static final class Attempt extends Single<Object> {
    private final Call<Object> call;
    private final Adapter adapter;
    private final String operation;
    private final boolean idempotent;
    private final @Nullable CallProbe probe;

    Attempt(Call<Object> call, Adapter adapter, String operation, boolean idempotent,
        @Nullable CallProbe probe) {
      this.call = call;
      this.adapter = adapter;
      this.operation = operation;
      this.idempotent = idempotent;
      this.probe = probe;
    }

    @Override
    protected void subscribeActual(SingleObserver<? super Object> observer) {
      Request request;
      try {
        // A fresh Retrofit call per subscription: each retry builds and sends its own request.
        request = call.clone().request();
      } catch (RuntimeException failure) {
        observer.onSubscribe(Disposable.disposed());
        observer.onError(failure);
        return;
      }
      RequestBody body = request.body();
      if (body != null && !idempotent) {
        request = request.newBuilder().method(request.method(), new OneShotBody(body)).build();
      }
      okhttp3.Call http = adapter.factory().client.newCall(request);
      ExchangeCallback exchange = new ExchangeCallback(observer, http, adapter, operation, probe);
      http.tag(SendMarker.class, exchange.marker);
      observer.onSubscribe(exchange);
      if (exchange.isDisposed()) {
        return;
      }
      if (probe != null) {
        probe.attemptStarted();
      }
      http.enqueue(exchange);
    }
  }

  /** Reads one response and tells the observer once; disposing cancels the HTTP call. */
  private static final class ExchangeCallback extends AtomicBoolean
      implements Callback, Disposable {
    private final SingleObserver<? super Object> observer;
    private final okhttp3.Call http;
    private final Adapter adapter;
    private final String operation;
    private final @Nullable CallProbe probe;
    final SendMarker marker = new SendMarker();

    ExchangeCallback(SingleObserver<? super Object> observer, okhttp3.Call http, Adapter adapter,
        String operation, @Nullable CallProbe probe) {
      this.observer = observer;
      this.http = http;
      this.adapter = adapter;
      this.operation = operation;
      this.probe = probe;
    }

    @Override
    public void dispose() {
      if (compareAndSet(false, true)) {
        http.cancel();
      }
    }

    @Override
    public boolean isDisposed() {
      return get();
    }

    /** Tells the observer, unless it disposed (then the call was canceled: nobody listens). */
    private void error(Throwable failure) {
      if (compareAndSet(false, true)) {
        observer.onError(failure);
      }
    }

    private void success(Object value) {
      if (compareAndSet(false, true)) {
        observer.onSuccess(value);
      }
    }

    @Override
    public void onFailure(okhttp3.Call call, IOException failure) {
      error(HttpErrors.network(operation, failure, marker.isSent()));
    }

    @Override
    public void onResponse(okhttp3.Call call, Response response) {
      try (Response closing = response) {
        int code = response.code();
        if (code < 200 || code >= 300) {
          byte[] start;
          try {
            start = response.peekBody(MAX_ERROR_BODY).bytes();
          } catch (IOException failure) {
            start = new byte[0];
          }
          if (start.length >= MAX_ERROR_BODY) {
            call.cancel();  // the rest is not wanted: drop the connection rather than drain it
          }
          NlPearlException error = adapter.factory().errors.fromStatus(operation, code,
              response.headers(), start,
              Instant.ofEpochMilli(response.receivedResponseAtMillis()));
          if (probe != null) {
            probe.responded(code, error.getRequestId());
          }
          error(error);
          return;
        }
        if (probe != null) {
          probe.responded(code, HttpErrors.requestId(null, response.headers()));
        }
        long declared = response.body().contentLength();
        if (declared > MAX_BODY) {
          // Closing an unread body makes OkHttp try to drain it; canceling drops the connection.
          call.cancel();
          error(new UnexpectedResponseException(operation, code, requestId(response),
              "the body is " + declared + " bytes (Content-Length), more than the " + MAX_BODY
                  + " this SDK reads; it was not read", null));
          return;
        }
        Buffer bytes;
        try {
          BufferedSource source = response.body().source();
          if (source.request(MAX_BODY + 1)) {
            call.cancel();
            error(new UnexpectedResponseException(operation, code, requestId(response),
                "the body is larger than the " + MAX_BODY + " bytes this SDK reads;"
                    + " reading stopped there", null));
            return;
          }
          // request(...) returned false: the source is exhausted and its buffer holds the body.
          bytes = source.getBuffer();
        } catch (IOException failure) {
          // The status line arrived: the server acted, only its answer is lost.
          error(HttpErrors.bodyBroken(operation, code, failure));
          return;
        }
        Object decoded;
        try {
          decoded = bytes.size() == 0 ? null : adapter.bodyAdapter.fromJson(bytes);
        } catch (IOException | RuntimeException malformed) {
          error(new UnexpectedResponseException(operation, code, requestId(response),
              "the body is not a valid " + adapter.typeName() + " (" + malformed.getMessage()
                  + ")", malformed));
          return;
        }
        String missing = decoded == null ? "the body is empty or null" : missingMember(decoded);
        if (missing != null || decoded == null) {
          error(new UnexpectedResponseException(
              operation, code, requestId(response), missing, null));
          return;
        }
        success(decoded);
      }
    }

    private static @Nullable String requestId(Response response) {
      return HttpErrors.requestId(null, response.headers());
    }
  }

  /** The members without which a documented response is useless, and implausible ids. */
  private static @Nullable String missingMember(Object decoded) {
    if (decoded instanceof LeadToAddResponseApi) {
      String leadId = ((LeadToAddResponseApi) decoded).getLeadId();
      if (leadId == null || Problems.isBlank(leadId)) {
        return "the body has no leadId";
      }
      return implausible("leadId", leadId);
    }
    if (decoded instanceof LeadApiView) {
      String id = ((LeadApiView) decoded).getId();
      return id == null ? null : implausible("id", id);
    }
    return null;
  }

  /** Describes an implausible id by its rule and length, never by its value (it may be huge). */
  private static @Nullable String implausible(String member, String id) {
    String rule = Problems.idRule(id);
    return rule == null ? null : "the " + member + " is not a plausible id: it " + rule
        + " (it has " + id.length() + " characters)";
  }
}
