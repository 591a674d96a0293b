package org.nlpearl4j.benchmarks.http;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.internal.Mapping;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import org.nlpearl4j.internal.generated.support.ApiMoshi;

/**
 * A prototype of the fix suggested in the README, to measure it before anyone writes it: the
 * facade's per-call work without Retrofit. The same mapping ({@link Mapping}), the same generated
 * Moshi adapters, a cold {@link Single} that {@code enqueue}s on OkHttp and cancels on dispose, but
 * the request is built directly (path segments on a prebuilt base {@link HttpUrl}) and the response
 * is decoded straight from the body's source. It has no retry wrapper and maps every failure to a
 * plain {@link IOException}: it bounds what the fix can gain, it is not a replacement.
 */
public final class DirectCalls {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient client;
  private final HttpUrl base;
  private final String authorization;
  private final JsonAdapter<LeadToAddApi> addAdapter;
  private final JsonAdapter<LeadToAddResponseApi> addResponseAdapter;
  private final JsonAdapter<LeadToUpdateApi> updateAdapter;
  private final JsonAdapter<LeadApiView> leadAdapter;

  /** Builds the prototype on a shared client. */
  public DirectCalls(OkHttpClient client, String baseUrl, String token) {
    this.client = client;
    this.base = HttpUrl.get(baseUrl);
    this.authorization = "Bearer " + token;
    Moshi moshi = ApiMoshi.create();
    this.addAdapter = moshi.adapter(LeadToAddApi.class);
    this.addResponseAdapter = moshi.adapter(LeadToAddResponseApi.class);
    this.updateAdapter = moshi.adapter(LeadToUpdateApi.class);
    this.leadAdapter = moshi.adapter(LeadApiView.class);
  }

  /** Add Lead: returns the new lead's id. */
  public Single<String> addLead(String outboundId, NewLead lead) {
    return Single.defer(() -> {
      Buffer body = new Buffer();
      addAdapter.toJson(body, Mapping.toWire(lead));
      HttpUrl url = base.newBuilder().addPathSegment("v1").addPathSegment("Outbound")
          .addPathSegment(outboundId).addPathSegment("Lead").build();
      return put(url, body.readByteString(), source -> {
        LeadToAddResponseApi added = addResponseAdapter.fromJson(source);
        if (added == null || added.getLeadId() == null) {
          throw new IOException("no leadId");
        }
        return added.getLeadId();
      });
    });
  }

  /** Update Lead: returns the updated lead. */
  public Single<Lead> updateLead(String pearlId, String leadId, LeadUpdate update) {
    return Single.defer(() -> {
      Buffer body = new Buffer();
      updateAdapter.toJson(body, Mapping.toWire(update));
      HttpUrl url = base.newBuilder().addPathSegment("v2").addPathSegment("Outbound")
          .addPathSegment(pearlId).addPathSegment("Lead").addPathSegment(leadId).build();
      return put(url, body.readByteString(), source -> {
        LeadApiView view = leadAdapter.fromJson(source);
        if (view == null) {
          throw new IOException("empty body");
        }
        return Mapping.fromWire(view);
      });
    });
  }

  /** Reads a successful response body into a value. */
  private interface Decoder<T> {
    T decode(BufferedSource source) throws IOException;
  }

  /** One enqueued PUT: cancelled on dispose, decoded straight from the body's source. */
  private <T> Single<T> put(HttpUrl url, ByteString json, Decoder<T> decoder) {
    return Single.create(emitter -> {
      Request request = new Request.Builder()
          .url(url)
          .header("Authorization", authorization)
          .put(RequestBody.create(json, JSON))
          .build();
      Call call = client.newCall(request);
      emitter.setCancellable(call::cancel);
      call.enqueue(new Callback() {
        @Override
        public void onFailure(Call failed, IOException e) {
          emitter.tryOnError(e);
        }

        @Override
        public void onResponse(Call done, Response response) {
          try (Response closing = response) {
            if (!response.isSuccessful()) {
              throw new IOException("HTTP " + response.code());
            }
            emitter.onSuccess(decoder.decode(response.body().source()));
          } catch (IOException | RuntimeException e) {
            emitter.tryOnError(e);
          }
        }
      });
    });
  }
}
