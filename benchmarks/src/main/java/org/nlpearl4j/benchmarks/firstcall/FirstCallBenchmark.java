package org.nlpearl4j.benchmarks.firstcall;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * First call: in a fresh JVM (one per fork, no warm-up), the time from building the client to the
 * first completed Add Lead: class loading, adapter and proxy creation, the connection, the call.
 * The sandbox runs in its own JVM, started before the clock (or named with
 * {@code -Dnlpearl.bench.sandbox=URL}); nothing in the benchmark JVM touches OkHttp, Moshi, Gson
 * or Retrofit before the measured call: each variant lives in its own nested class of
 * {@link FirstCalls}, loaded only when its benchmark calls it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class FirstCallBenchmark {

  private SandboxProcess sandbox;
  private String baseUrl;
  private String token;

  /** Starts (or names) the sandbox, outside the measured time. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sandbox = SandboxProcess.startOrUse();
    baseUrl = sandbox.baseUrl();
    token = SandboxProcess.token();
  }

  /** Stops the sandbox if this fork started it. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sandbox.close();
  }

  /** The facade: {@code NlPearl.builder()...build()} then one Add Lead. */
  @Benchmark
  public String facade() {
    return FirstCalls.facade(baseUrl, token);
  }

  /** The generated Retrofit interface alone on a new OkHttpClient, then one Add Lead. */
  @Benchmark
  public String retrofit() {
    return FirstCalls.retrofit(baseUrl, token);
  }

  /** The stock okhttp-gson client ({@code new ApiClient()}), then one Add Lead. */
  @Benchmark
  public String stock() throws Exception {
    return FirstCalls.stock(baseUrl, token);
  }

  /** The no-Retrofit prototype of the suggested fix ({@code DirectCalls}), then one Add Lead. */
  @Benchmark
  public String direct() {
    return FirstCalls.direct(baseUrl, token);
  }

  /** Raw OkHttp: a new OkHttpClient and one hand-made PUT with the fixture's JSON bytes. */
  @Benchmark
  public long raw() throws IOException {
    return FirstCalls.raw(baseUrl, token);
  }
}
