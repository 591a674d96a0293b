package org.nlpearl4j.benchmarks.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.support.ApiMoshi;

/**
 * The SDK's JSON path, done as Retrofit's Moshi converter does it: requests are written through a
 * Moshi {@code JsonWriter} into an Okio buffer and taken as bytes; responses are read by a Moshi
 * {@code JsonReader} straight from the body's source.
 */
public final class MoshiJsonCodec {

  private final JsonAdapter<LeadApiView> leadAdapter;
  private final JsonAdapter<LeadToAddApi> newLeadAdapter;

  /** Creates the codec with {@link ApiMoshi#create()}, looking both adapters up once (as Retrofit does). */
  public MoshiJsonCodec() {
    Moshi moshi = ApiMoshi.create();
    leadAdapter = moshi.adapter(LeadApiView.class);
    newLeadAdapter = moshi.adapter(LeadToAddApi.class);
  }

  /** Encodes a new lead to the request body bytes. */
  public byte[] encode(LeadToAddApi lead) {
    Buffer buffer = new Buffer();
    try {
      newLeadAdapter.toJson(buffer, lead);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  /** Decodes a response body into the generated {@link LeadApiView}. */
  public LeadApiView decode(byte[] body) {
    try {
      return leadAdapter.fromJson(new Buffer().write(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
