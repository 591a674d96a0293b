package org.nlpearl4j.internal;

import com.squareup.moshi.Moshi;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NotFoundException;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.support.ApiMoshi;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/** Runs the operations: request mapping, the HTTP exchange and retries (validation is done). */
public final class Engine {
  /** The name of the add-lead operation (the generated service method). */
  public static final String ADD_LEAD = "addLead";
  /** The name of the update-lead operation (the generated service method). */
  public static final String UPDATE_LEAD = "updateLead";
  /** The name of the lead lookup by external id (the generated service method). */
  public static final String LEAD_BY_EXTERNAL_ID = "getLeadViaExternalID";

  /** Stands for a 404 answer to a lookup inside {@link #run}: "no such lead". */
  private static final LeadApiView ABSENT = new LeadApiView();

  private final OutboundApi api;
  private final RetryPolicy retryPolicy;
  private final @Nullable Scheduler retryScheduler;
  private final @Nullable CallObserver observer;

  /**
   * Creates the engine.
   *
   * @param baseUrl the API's base URL
   * @param client the client with authentication, User-Agent and {@link SendMarker#INTERCEPTOR}
   * @param retryPolicy the retry policy
   * @param retryScheduler runs the retry delays; null for {@code Schedulers.computation()}, taken
   *     when the first delay starts
   * @param observer receives the calls, or null when the client has no listener (then no probe
   *     and no event is created)
   */
  public Engine(HttpUrl baseUrl, OkHttpClient client, RetryPolicy retryPolicy,
      @Nullable Scheduler retryScheduler, @Nullable CallObserver observer) {
    Moshi moshi = ApiMoshi.create();
    // Retrofit only builds the requests (REQUEST_ONLY); the exchange adapter runs them on the
    // client, so no other call adapter is registered and no OkHttp call is made twice.
    this.api = new Retrofit.Builder()
        .baseUrl(withTrailingSlash(baseUrl))
        .callFactory(ExchangeCallAdapterFactory.REQUEST_ONLY)
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .addCallAdapterFactory(new ExchangeCallAdapterFactory(client, moshi))
        .build()
        .create(OutboundApi.class);
    this.retryPolicy = retryPolicy;
    this.retryScheduler = retryScheduler;
    this.observer = observer;
  }

  /** Retrofit resolves relative paths against the base URL, which therefore ends in '/'. */
  private static HttpUrl withTrailingSlash(HttpUrl baseUrl) {
    return baseUrl.encodedPath().endsWith("/") ? baseUrl
        : baseUrl.newBuilder().addPathSegment("").build();
  }

  /**
   * Reports a request that failed validation (nothing sent) to the observer, if any.
   *
   * @param failure the validation failure
   * @param request the request value, or null when it could not be built
   * @param leadId the lead's id in the path, if any
   * @param <T> the value type
   * @return a Single failing with {@code failure}
   */
  public <T> Single<T> invalid(
      InvalidRequestException failure, @Nullable Object request, @Nullable String leadId) {
    CallObserver observer = this.observer;
    if (observer != null) {
      observer.start(failure.getOperation(), request, leadId).failed(failure);
    }
    return Single.error(failure);
  }

  /**
   * Adds a lead; retried only when the server cannot have acted on it.
   *
   * @param outboundId the outbound campaign's id, checked not blank
   * @param lead the validated lead
   * @return the new lead's id
   */
  public Single<String> addLead(String outboundId, NewLead lead) {
    return run(ADD_LEAD, lead, null, api.addLead(outboundId, Mapping.toWire(lead)), false, null,
        response -> Objects.requireNonNull(response.getLeadId(), "leadId"), leadId -> leadId);
  }

  /**
   * Updates a lead; idempotent, so also retried after gateway errors and timeouts.
   *
   * @param pearlId the Pearl's id, checked not blank
   * @param leadId the lead's id, checked not blank
   * @param update the validated update
   * @return the updated lead
   */
  public Single<Lead> updateLead(String pearlId, String leadId, LeadUpdate update) {
    return run(UPDATE_LEAD, update, leadId,
        api.updateLead(pearlId, leadId, Mapping.toWire(update)), true, null, Mapping::fromWire,
        lead -> null);
  }

  /**
   * Looks a lead up by its external id; idempotent, so retried like an update. A 404 is taken as
   * "no such lead" and completes empty; the listener sees the call succeed.
   *
   * @param pearlId the Pearl's id, checked
   * @param externalId the external id, checked
   * @return the lead, or empty after a 404
   */
  public Maybe<Lead> leadByExternalId(String pearlId, String externalId) {
    return run(LEAD_BY_EXTERNAL_ID, externalId, null,
        api.getLeadViaExternalID(pearlId, externalId), true, ABSENT,
        view -> view == ABSENT ? java.util.Optional.<Lead>empty()
            : java.util.Optional.of(Mapping.fromWire(view)),
        lead -> null)
        .flatMapMaybe(lead -> lead.isPresent() ? Maybe.just(lead.get()) : Maybe.<Lead>empty());
  }

  /**
   * Runs one call: its exchange with retries, then {@code result}; with an observer, each
   * subscription is a call with its own probe, told how it ended.
   */
  private <W, T> Single<T> run(String operation, Object request, @Nullable String leadId,
      Single<W> exchange, boolean idempotent, @Nullable W notFound,
      io.reactivex.rxjava3.functions.Function<W, T> result,
      Function<T, @Nullable String> newLeadId) {
    CallObserver observer = this.observer;
    if (observer == null) {
      return answer(Retries.apply(
          ExchangeCallAdapterFactory.attempt(exchange, operation, idempotent, null),
          retryPolicy, idempotent, retryScheduler, null), notFound).map(result);
    }
    return Single.defer(() -> {
      CallProbe probe = observer.start(operation, request, leadId);
      return answer(Retries.apply(
              ExchangeCallAdapterFactory.attempt(exchange, operation, idempotent, probe),
              retryPolicy, idempotent, retryScheduler, probe), notFound)
          .map(result)
          .doOnSuccess(value -> probe.succeeded(newLeadId.apply(value)))
          .doOnError(probe::failed)
          .doOnDispose(probe::canceled);
    });
  }

  /** With {@code notFound} set, a 404 (never retried) is an answer: that value. */
  private static <W> Single<W> answer(Single<W> exchange, @Nullable W notFound) {
    if (notFound == null) {
      return exchange;
    }
    return exchange.onErrorResumeNext(failure -> failure instanceof NotFoundException
        ? Single.just(notFound) : Single.error(failure));
  }
}
