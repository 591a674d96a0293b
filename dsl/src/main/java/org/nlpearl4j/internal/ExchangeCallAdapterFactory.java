package org.nlpearl4j.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.core.SingleObserver;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
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
import retrofit2.Invocation;
import retrofit2.Retrofit;

/**
 * Adapts the generated service's {@code Single<T>} methods so that every outcome becomes an SDK
 * exception that knows the operation, the HTTP status and the request id.
 *
 * <p>Retrofit builds the request (path encoding, JSON body); this adapter runs it on OkHttp
 * asynchronously ({@code enqueue}: the subscribing thread never blocks), cancels it on dispose,
 * reads the body itself and decodes it with Moshi. Decoding here rather than in a Retrofit
 * converter keeps "the server sent something malformed" apart from "the network failed", with the
 * status and request id at hand for both. Requests of non-idempotent operations get a one-shot
 * body, so OkHttp cannot silently re-send them; each request carries a {@link SendMarker}.
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

  private final OkHttpClient client;
  private final Moshi moshi;
  private final HttpErrors errors;
  private final Set<String> nonIdempotent;
  private final boolean probed;

  /**
   * Creates the factory.
   *
   * @param client runs the calls; must have {@link SendMarker#INTERCEPTOR} as a network
   *     interceptor
   * @param moshi decodes response bodies
   * @param nonIdempotentOperations names of service methods that must never be re-sent
   * @param probed whether exchanges will be given a {@link CallProbe} with {@link #probed}
   */
  public ExchangeCallAdapterFactory(
      OkHttpClient client, Moshi moshi, Set<String> nonIdempotentOperations, boolean probed) {
    this.client = client;
    this.moshi = moshi;
    this.errors = new HttpErrors(moshi.adapter(
        org.nlpearl4j.internal.generated.model.ValidationProblemDetails.class));
    this.nonIdempotent = Collections.unmodifiableSet(new HashSet<>(nonIdempotentOperations));
    this.probed = probed;
  }

  /**
   * Returns an exchange whose attempts report to {@code probe}: their start, and their response
   * when one arrives.
   *
   * @param exchange a Single returned by the service of a factory created with {@code probed}
   * @param probe the call's probe
   * @param <T> the body type
   * @return the observed exchange; cold, one attempt per subscription
   */
  @SuppressWarnings("unchecked")
  public static <T> Single<T> probed(Single<T> exchange, CallProbe probe) {
    if (!(exchange instanceof Probeable)) {
      throw new IllegalArgumentException("not an exchange of a probed factory: " + exchange);
    }
    Probeable probeable = (Probeable) exchange;
    return (Single<T>) probeable.adapter.exchange(probeable.call, probe);
  }

  /** An exchange that can be given a probe; subscribed as is, it runs without one. */
  private static final class Probeable extends Single<Object> {
    final Call<Object> call;
    final Adapter adapter;

    Probeable(Call<Object> call, Adapter adapter) {
      this.call = call;
      this.adapter = adapter;
    }

    @Override
    protected void subscribeActual(SingleObserver<? super Object> observer) {
      adapter.exchange(call, null).subscribe(observer);
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
      if (probed) {
        return new Probeable(call, this);
      }
      return exchange(call, null);
    }

    Single<Object> exchange(Call<Object> call, @Nullable CallProbe probe) {
      return Single.create(emitter -> {
        // A fresh Retrofit call per subscription: each retry builds and sends its own request.
        Request built = call.clone().request();
        Invocation invocation = built.tag(Invocation.class);
        String operation = invocation != null ? invocation.method().getName()
            : built.method() + " " + built.url().encodedPath();
        SendMarker marker = new SendMarker();
        Request.Builder request = built.newBuilder().tag(SendMarker.class, marker);
        RequestBody body = built.body();
        if (body != null && nonIdempotent.contains(operation)) {
          request.method(built.method(), new OneShotBody(body));
        }
        okhttp3.Call http = client.newCall(request.build());
        emitter.setCancellable(http::cancel);
        if (probe != null) {
          probe.attemptStarted();
        }
        http.enqueue(new Exchange(emitter, operation, marker, probe));
      });
    }

    private final class Exchange implements Callback {
      private final SingleEmitter<Object> emitter;
      private final String operation;
      private final SendMarker marker;
      private final @Nullable CallProbe probe;

      Exchange(SingleEmitter<Object> emitter, String operation, SendMarker marker,
          @Nullable CallProbe probe) {
        this.emitter = emitter;
        this.operation = operation;
        this.marker = marker;
        this.probe = probe;
      }

      @Override
      public void onFailure(okhttp3.Call call, IOException failure) {
        // After dispose the call is canceled and this failure has nobody to go to.
        emitter.tryOnError(HttpErrors.network(operation, failure, marker.isSent()));
      }

      @Override
      public void onResponse(okhttp3.Call call, Response response) {
        try (Response closing = response) {
          Instant receivedAt = Instant.ofEpochMilli(response.receivedResponseAtMillis());
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
            NlPearlException error =
                errors.fromStatus(operation, code, response.headers(), start, receivedAt);
            if (probe != null) {
              probe.responded(code, error.getRequestId());
            }
            emitter.tryOnError(error);
            return;
          }
          String requestId = HttpErrors.requestId(null, response.headers());
          if (probe != null) {
            probe.responded(code, requestId);
          }
          long declared = response.body().contentLength();
          if (declared > MAX_BODY) {
            // Closing an unread body makes OkHttp try to drain it; canceling drops the connection.
            call.cancel();
            emitter.tryOnError(new UnexpectedResponseException(operation, code, requestId,
                "the body is " + declared + " bytes (Content-Length), more than the " + MAX_BODY
                    + " this SDK reads; it was not read", null));
            return;
          }
          byte[] bytes;
          try {
            BufferedSource source = response.body().source();
            if (source.request(MAX_BODY + 1)) {
              call.cancel();
              emitter.tryOnError(new UnexpectedResponseException(operation, code, requestId,
                  "the body is larger than the " + MAX_BODY + " bytes this SDK reads;"
                      + " reading stopped there", null));
              return;
            }
            bytes = source.readByteArray();
          } catch (IOException failure) {
            // The status line arrived: the server acted, only its answer is lost.
            emitter.tryOnError(HttpErrors.bodyBroken(operation, code, failure));
            return;
          }
          Object decoded;
          try {
            decoded = bytes.length == 0 ? null : bodyAdapter.fromJson(new Buffer().write(bytes));
          } catch (IOException | RuntimeException malformed) {
            emitter.tryOnError(new UnexpectedResponseException(operation, code, requestId,
                "the body is not a valid " + typeName() + " (" + malformed.getMessage() + ")",
                malformed));
            return;
          }
          String missing = decoded == null ? "the body is empty or null" : missingMember(decoded);
          if (missing != null || decoded == null) {
            emitter.tryOnError(
                new UnexpectedResponseException(operation, code, requestId, missing, null));
            return;
          }
          emitter.onSuccess(decoded);
        }
      }

      private String typeName() {
        return bodyType instanceof Class ? ((Class<?>) bodyType).getSimpleName()
            : bodyType.getTypeName();
      }
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
