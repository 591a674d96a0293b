package org.nlpearl4j.benchmarks.json;

import java.util.concurrent.TimeUnit;
import org.nlpearl4j.Lead;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.support.Clients;
import org.nlpearl4j.internal.Mapping;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON cost: encode the Add Lead body and decode the full Update Lead response ({@code LeadApiView}
 * with a 50-message transcript), our generated Moshi models against the stock okhttp-gson models,
 * each along its client's own path from and to bytes. Run with {@code -prof gc} for bytes per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JsonCodecBenchmark {

  private byte[] leadApiView;
  private MoshiJsonCodec moshi;
  private LeadToAddApi moshiNewLead;
  private NewLead facadeNewLead;
  private StockJsonCodec stock;
  private org.nlpearl4j.benchmarks.stock.model.LeadToAddApi stockNewLead;

  /** Builds the codecs and the payloads once. */
  @Setup
  public void setUp() {
    leadApiView = Fixtures.leadApiViewJsonBytes();
    moshi = new MoshiJsonCodec();
    moshiNewLead = Clients.wireNewLead();
    facadeNewLead = Clients.newLead();
    stock = new StockJsonCodec();
    stockNewLead = StockJsonCodec.newLead();
  }

  /** Decodes the full lead into the generated models with Moshi. */
  @Benchmark
  public LeadApiView decodeLeadMoshi() {
    return moshi.decode(leadApiView);
  }

  /** Decodes the full lead with Moshi and maps it to the facade's immutable {@link Lead}, as the facade does. */
  @Benchmark
  public Lead decodeLeadFacade() {
    return Mapping.fromWire(moshi.decode(leadApiView));
  }

  /** Encodes the new lead from the generated model with Moshi. */
  @Benchmark
  public byte[] encodeNewLeadMoshi() {
    return moshi.encode(moshiNewLead);
  }

  /** Maps the facade's {@link NewLead} to the generated model and encodes it, as the facade does. */
  @Benchmark
  public byte[] encodeNewLeadFacade() {
    return moshi.encode(Mapping.toWire(facadeNewLead));
  }

  /** Decodes the full lead with the stock Gson client. */
  @Benchmark
  public Object decodeLeadStockGson() {
    return stock.decode(leadApiView);
  }

  /** Encodes the new lead with the stock Gson client. */
  @Benchmark
  public byte[] encodeNewLeadStockGson() {
    return stock.encode(stockNewLead);
  }
}
