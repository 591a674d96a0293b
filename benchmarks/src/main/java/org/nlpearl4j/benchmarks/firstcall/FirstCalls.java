package org.nlpearl4j.benchmarks.firstcall;

import java.io.IOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.stock.ApiClient;
import org.nlpearl4j.benchmarks.stock.ApiException;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.support.ApiRetrofit;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;

/**
 * The four first calls, each self-contained in its own class so that loading one variant loads
 * nothing of another.
 */
final class FirstCalls {

  private FirstCalls() {
  }

  static String facade(String baseUrl, String token) {
    return Facade.call(baseUrl, token);
  }

  static String retrofit(String baseUrl, String token) {
    return Retrofit.call(baseUrl, token);
  }

  static String stock(String baseUrl, String token) throws Exception {
    return Stock.call(baseUrl, token);
  }

  static long raw(String baseUrl, String token) throws IOException {
    return Raw.call(baseUrl, token);
  }

  static String direct(String baseUrl, String token) {
    return Direct.call(baseUrl, token);
  }

  /** The no-Retrofit prototype of the suggested fix ({@code DirectCalls}) on a new OkHttpClient. */
  static final class Direct {
    static String call(String baseUrl, String token) {
      org.nlpearl4j.benchmarks.http.DirectCalls client =
          new org.nlpearl4j.benchmarks.http.DirectCalls(new OkHttpClient(), baseUrl, token);
      return client.addLead(Fixtures.OUTBOUND_ID, org.nlpearl4j.NewLead.builder()
          .phoneNumber(Fixtures.PHONE_NUMBER)
          .externalId(Fixtures.EXTERNAL_ID)
          .timeZoneId(Fixtures.TIME_ZONE_ID)
          .callData(Fixtures.callData())
          .build()).blockingGet();
    }
  }

  /** Builds the facade and adds the fixture's lead. */
  static final class Facade {
    static String call(String baseUrl, String token) {
      NlPearl client = NlPearl.builder().token(token).baseUrl(baseUrl).build();
      return client.outbound(Fixtures.OUTBOUND_ID).addLead(lead -> lead
          .phoneNumber(Fixtures.PHONE_NUMBER)
          .externalId(Fixtures.EXTERNAL_ID)
          .timeZoneId(Fixtures.TIME_ZONE_ID)
          .callData(Fixtures.callData())).blockingGet();
    }
  }

  /** Builds the generated Retrofit interface on a new OkHttpClient and adds the fixture's lead. */
  static final class Retrofit {
    static String call(String baseUrl, String token) {
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new BearerTokenInterceptor(token)).build();
      OutboundApi api = ApiRetrofit.outboundApi(HttpUrl.get(baseUrl), client);
      LeadToAddApi lead = new LeadToAddApi()
          .phoneNumber(Fixtures.PHONE_NUMBER)
          .externalId(Fixtures.EXTERNAL_ID)
          .timeZoneId(Fixtures.TIME_ZONE_ID);
      for (Map.Entry<String, String> entry : Fixtures.callData().entrySet()) {
        lead.putCallDataItem(entry.getKey(), entry.getValue());
      }
      return api.addLead(Fixtures.OUTBOUND_ID, lead).blockingGet().getLeadId();
    }
  }

  /** Builds the stock client ({@code new ApiClient()}) and adds the fixture's lead. */
  static final class Stock {
    static String call(String baseUrl, String token) throws ApiException {
      ApiClient apiClient = new ApiClient();
      apiClient.setBasePath(baseUrl.substring(0, baseUrl.length() - 1));
      apiClient.setBearerToken(token);
      org.nlpearl4j.benchmarks.stock.model.LeadToAddApi lead = new org.nlpearl4j.benchmarks.stock.model.LeadToAddApi()
          .phoneNumber(Fixtures.PHONE_NUMBER)
          .externalId(Fixtures.EXTERNAL_ID)
          .timeZoneId(Fixtures.TIME_ZONE_ID);
      for (Map.Entry<String, String> entry : Fixtures.callData().entrySet()) {
        lead.putCallDataItem(entry.getKey(), entry.getValue());
      }
      return new org.nlpearl4j.benchmarks.stock.api.OutboundApi(apiClient).addLead(Fixtures.OUTBOUND_ID, lead).getLeadId();
    }
  }

  /** Builds a new OkHttpClient and sends the fixture's JSON bytes by hand. */
  static final class Raw {
    static long call(String baseUrl, String token) throws IOException {
      OkHttpClient client = new OkHttpClient();
      Request request = new Request.Builder()
          .url(HttpUrl.get(baseUrl).resolve("v1/Outbound/" + Fixtures.OUTBOUND_ID + "/Lead"))
          .header("Authorization", "Bearer " + token)
          .put(RequestBody.create(Fixtures.newLeadJsonBytes(), MediaType.get("application/json; charset=utf-8")))
          .build();
      try (Response response = client.newCall(request).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("HTTP " + response.code());
        }
        return response.body().bytes().length;
      }
    }
  }
}
