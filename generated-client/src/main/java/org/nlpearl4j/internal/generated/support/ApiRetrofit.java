package org.nlpearl4j.internal.generated.support;

import com.squareup.moshi.Moshi;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import retrofit2.Retrofit;
import retrofit2.adapter.rxjava3.RxJava3CallAdapterFactory;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Builds the {@link Retrofit} behind the generated service interfaces.
 *
 * <p>Calls are asynchronous: subscribing enqueues the HTTP call on the OkHttp client's dispatcher
 * (nothing blocks the subscribing thread), results arrive on a dispatcher thread, and disposing
 * cancels the call. JSON goes through {@link ApiMoshi#create()}.
 *
 * <pre>{@code
 * OutboundApi api = ApiRetrofit.outboundApi(HttpUrl.get("https://api.nlpearl.ai"), client);
 * }</pre>
 */
public final class ApiRetrofit {
  private ApiRetrofit() {
  }

  /**
   * Creates a Retrofit for the API at {@code baseUrl} using {@link ApiMoshi#create()}.
   *
   * @param baseUrl the server, for example {@code https://api.nlpearl.ai}; a path prefix is kept
   *     ({@code http://host/prefix} and {@code http://host/prefix/} are the same)
   * @param client the client that runs the calls (add a {@link BearerTokenInterceptor} to it)
   * @return a new Retrofit
   */
  public static Retrofit create(HttpUrl baseUrl, OkHttpClient client) {
    return create(baseUrl, client, ApiMoshi.create());
  }

  /**
   * Creates a Retrofit for the API at {@code baseUrl} with the given Moshi.
   *
   * @param baseUrl the server; a path prefix is kept
   * @param client the client that runs the calls
   * @param moshi the Moshi for request and response bodies (normally {@link ApiMoshi#create()})
   * @return a new Retrofit
   */
  public static Retrofit create(HttpUrl baseUrl, OkHttpClient client, Moshi moshi) {
    return new Retrofit.Builder()
        .baseUrl(withTrailingSlash(baseUrl))
        .client(client)
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .addCallAdapterFactory(RxJava3CallAdapterFactory.create())
        .validateEagerly(true)
        .build();
  }

  /**
   * Creates the {@link OutboundApi} service for the API at {@code baseUrl}.
   *
   * @param baseUrl the server; a path prefix is kept
   * @param client the client that runs the calls
   * @return the service
   */
  public static OutboundApi outboundApi(HttpUrl baseUrl, OkHttpClient client) {
    return create(baseUrl, client).create(OutboundApi.class);
  }

  /** Retrofit resolves relative paths against the base URL, which therefore has to end in '/'. */
  static HttpUrl withTrailingSlash(HttpUrl baseUrl) {
    String lastSegment = baseUrl.pathSegments().get(baseUrl.pathSegments().size() - 1);
    if (lastSegment.isEmpty()) {
      return baseUrl;
    }
    return baseUrl.newBuilder().addPathSegment("").build();
  }
}
