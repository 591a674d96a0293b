package org.nlpearl4j.benchmarks.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.stock.JSON;
import org.nlpearl4j.benchmarks.stock.model.LeadApiView;
import org.nlpearl4j.benchmarks.stock.model.LeadToAddApi;

/**
 * The stock okhttp-gson client's JSON path, done exactly as its {@code ApiClient} does it: requests
 * go through {@code JSON.serialize} to a String and then to UTF-8 bytes; responses are read with
 * {@code JSON.deserialize(InputStream, Type)} from the body's byte stream.
 */
public final class StockJsonCodec {

  /** Creates the codec; the stock client's Gson is static, built when {@link JSON} loads. */
  public StockJsonCodec() {
    new JSON();
  }

  /** Returns the fixture's new lead as a stock model. */
  public static LeadToAddApi newLead() {
    LeadToAddApi lead = new LeadToAddApi()
        .phoneNumber(Fixtures.PHONE_NUMBER)
        .externalId(Fixtures.EXTERNAL_ID)
        .timeZoneId(Fixtures.TIME_ZONE_ID);
    for (Map.Entry<String, String> entry : Fixtures.callData().entrySet()) {
      lead.putCallDataItem(entry.getKey(), entry.getValue());
    }
    return lead;
  }

  /** Encodes a new lead to the request body bytes. */
  public byte[] encode(LeadToAddApi lead) {
    return JSON.serialize(lead).getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes a response body into the stock {@link LeadApiView}. */
  public LeadApiView decode(byte[] body) {
    try {
      return JSON.deserialize(new ByteArrayInputStream(body), LeadApiView.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
