package org.nlpearl4j.benchmarks.support;

import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.stock.ApiClient;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;

/**
 * Builds the four ways to call NLPearl that the benchmarks compare, all on one shared
 * {@link OkHttpClient} (one connection pool and dispatcher): the facade, the generated Retrofit
 * interface alone, the stock okhttp-gson client, and raw OkHttp with prebuilt JSON bytes.
 */
public final class Clients {

  /** The media type every client sends. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private Clients() {
  }

  /** Returns the facade on the shared client, with its default retry policy and timeouts. */
  public static NlPearl facade(String baseUrl, String token, OkHttpClient shared) {
    return NlPearl.builder().token(token).baseUrl(baseUrl).okHttpClient(shared).build();
  }

  /** Returns the generated Retrofit interface on the shared client plus a bearer-token interceptor. */
  public static OutboundApi retrofit(String baseUrl, String token, OkHttpClient shared) {
    return ApiRetrofit.outboundApi(HttpUrl.get(baseUrl),
        shared.newBuilder().addInterceptor(new BearerTokenInterceptor(token)).build());
  }

  /** Returns the stock okhttp-gson client's {@code OutboundApi} on the shared client. */
  public static org.nlpearl4j.benchmarks.stock.api.OutboundApi stock(String baseUrl, String token, OkHttpClient shared) {
    ApiClient apiClient = new ApiClient(shared);
    apiClient.setBasePath(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    apiClient.setBearerToken(token);
    return new org.nlpearl4j.benchmarks.stock.api.OutboundApi(apiClient);
  }

  /** Returns the facade's value for the fixture's new lead. */
  public static NewLead newLead() {
    return newLead(Fixtures.PHONE_NUMBER);
  }

  /** Returns the fixture's new lead with another phone number. */
  public static NewLead newLead(String phoneNumber) {
    return NewLead.builder()
        .phoneNumber(phoneNumber)
        .externalId(Fixtures.EXTERNAL_ID)
        .timeZoneId(Fixtures.TIME_ZONE_ID)
        .callData(Fixtures.callData())
        .build();
  }

  /** Returns the generated model for the fixture's new lead. */
  public static LeadToAddApi wireNewLead() {
    LeadToAddApi lead = new LeadToAddApi()
        .phoneNumber(Fixtures.PHONE_NUMBER)
        .externalId(Fixtures.EXTERNAL_ID)
        .timeZoneId(Fixtures.TIME_ZONE_ID);
    for (Map.Entry<String, String> entry : Fixtures.callData().entrySet()) {
      lead.putCallDataItem(entry.getKey(), entry.getValue());
    }
    return lead;
  }

  /**
   * Like {@link #rawPut} but run as the facade runs calls: {@code enqueue}d on the client's
   * dispatcher; the future completes on the dispatcher thread with the body's size.
   */
  public static java.util.concurrent.CompletableFuture<Long> rawPutAsync(OkHttpClient client, HttpUrl url,
      String authorization, byte[] json) {
    Request request = new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .put(RequestBody.create(json, JSON))
        .build();
    java.util.concurrent.CompletableFuture<Long> result = new java.util.concurrent.CompletableFuture<>();
    client.newCall(request).enqueue(new okhttp3.Callback() {
      @Override
      public void onFailure(okhttp3.Call call, java.io.IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(okhttp3.Call call, Response response) {
        try (Response closing = response) {
          byte[] bytes = response.body().bytes();
          if (!response.isSuccessful()) {
            throw new java.io.IOException("HTTP " + response.code());
          }
          result.complete((long) bytes.length);
        } catch (java.io.IOException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      }
    });
    return result;
  }

  /**
   * The limit: one hand-made OkHttp PUT with the given JSON bytes and the bearer header, reading
   * the whole response body; returns the body's size (and fails on a non-2xx answer).
   */
  public static long rawPut(OkHttpClient client, HttpUrl url, String authorization, byte[] json) throws java.io.IOException {
    Request request = new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .put(RequestBody.create(json, JSON))
        .build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      byte[] bytes = body.bytes();
      if (!response.isSuccessful()) {
        throw new java.io.IOException("HTTP " + response.code() + ": " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
      return bytes.length;
    }
  }
}
