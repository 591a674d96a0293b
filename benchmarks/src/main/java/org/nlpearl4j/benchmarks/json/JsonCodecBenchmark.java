package org.nlpearl4j.benchmarks.json;

import java.util.concurrent.TimeUnit;
import org.nlpearl4j.benchmarks.Fixtures;
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
  private StockJsonCodec stock;
  private org.nlpearl4j.benchmarks.stock.model.LeadToAddApi stockNewLead;

  /** Builds the codecs and the payloads once. */
  @Setup
  public void setUp() {
    leadApiView = Fixtures.leadApiViewJsonBytes();
    stock = new StockJsonCodec();
    stockNewLead = StockJsonCodec.newLead();
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
