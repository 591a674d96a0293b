package org.nlpearl4j.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlListener;
import org.nlpearl4j.OutboundCampaign;
import org.nlpearl4j.Pearl;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.stock.ApiException;
import org.nlpearl4j.micrometer.NlPearlMetrics;
import org.nlpearl4j.benchmarks.support.Clients;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
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
 * Per-call cost on loopback against the sandbox (in its own JVM): Add Lead and Update Lead through
 * the facade, the generated Retrofit interface alone, the stock okhttp-gson client, and a hand-made
 * raw OkHttp request with the same JSON bytes prebuilt (the limit). All share one OkHttpClient.
 * The facade also runs with a no-op {@code NlPearlListener} and with the Micrometer listener, to
 * show what observing a call costs ({@code *Facade} has no listener).
 *
 * <p>Time per op is the round trip (client and sandbox); with
 * {@code -prof org.nlpearl4j.benchmarks.support.CpuTimeProfiler} JMH also reports the benchmark
 * JVM's CPU per call ({@code cpu.time.norm}), the client's alone, and {@code -prof gc} its bytes.
 * Run with {@code -t 1} for the single-threaded figures and {@code -t 4} under concurrency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class LoopbackCallBenchmark {

  private SandboxProcess sandbox;
  private OkHttpClient shared;
  private NlPearl facade;
  private OutboundCampaign outbound;
  private Pearl pearl;
  private OutboundApi retrofit;
  private org.nlpearl4j.benchmarks.stock.api.OutboundApi stock;
  private DirectCalls direct;
  private NlPearl noopListened;
  private NlPearl metered;
  private SimpleMeterRegistry registry;

  private String leadId;
  private NewLead newLead;
  private LeadUpdate update;
  private LeadToAddApi wireNewLead;
  private LeadToUpdateApi wireUpdate;
  private org.nlpearl4j.benchmarks.stock.model.LeadToAddApi stockNewLead;
  private org.nlpearl4j.benchmarks.stock.model.LeadToUpdateApi stockUpdate;
  private HttpUrl addUrl;
  private HttpUrl updateUrl;
  private String authorization;
  private byte[] newLeadJson;
  private byte[] updateJson;

  /** Starts the sandbox JVM, builds every client and adds the lead the updates target. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sandbox = SandboxProcess.startOrUse();
    String baseUrl = sandbox.baseUrl();
    String token = SandboxProcess.token();
    shared = new OkHttpClient();
    facade = Clients.facade(baseUrl, token, shared);
    outbound = facade.outbound(Fixtures.OUTBOUND_ID);
    pearl = facade.pearl(Fixtures.OUTBOUND_ID);
    retrofit = Clients.retrofit(baseUrl, token, shared);
    stock = Clients.stock(baseUrl, token, shared);
    direct = new DirectCalls(shared, baseUrl, token);
    // The same facade with a listener that does nothing, and with the Micrometer listener.
    noopListened = facade.toBuilder().listener(new NlPearlListener() {}).build();
    registry = new SimpleMeterRegistry();
    metered = facade.toBuilder().listener(NlPearlMetrics.create(registry)).build();

    newLead = Clients.newLead();
    update = LeadUpdate.builder().externalId(Fixtures.EXTERNAL_ID).status(SettableLeadStatus.COMPLETED).build();
    wireNewLead = Clients.wireNewLead();
    wireUpdate = new LeadToUpdateApi().externalId(Fixtures.EXTERNAL_ID).status(130);
    stockNewLead = org.nlpearl4j.benchmarks.json.StockJsonCodec.newLead();
    stockUpdate = new org.nlpearl4j.benchmarks.stock.model.LeadToUpdateApi().externalId(Fixtures.EXTERNAL_ID).status(130);

    leadId = outbound.addLead(newLead).blockingGet();
    HttpUrl base = HttpUrl.get(baseUrl);
    addUrl = base.resolve("v1/Outbound/" + Fixtures.OUTBOUND_ID + "/Lead");
    updateUrl = base.resolve("v2/Outbound/" + Fixtures.OUTBOUND_ID + "/Lead/" + leadId);
    authorization = "Bearer " + token;
    newLeadJson = Fixtures.newLeadJsonBytes();
    updateJson = ("{\"externalId\":" + Fixtures.quote(Fixtures.EXTERNAL_ID) + ",\"status\":130}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Stops the sandbox and the shared client's threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    facade.close();
    noopListened.close();
    metered.close();
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
    sandbox.close();
  }

  /** Returns the registry the Micrometer variants record into. */
  public SimpleMeterRegistry meterRegistry() {
    return registry;
  }

  /** Returns the id of the lead the update benchmarks target. */
  public String leadId() {
    return leadId;
  }

  /** Add Lead through the facade (validation, mapping, Retrofit, retries wrapper). */
  @Benchmark
  public String addLeadFacade() {
    return outbound.addLead(newLead).blockingGet();
  }

  /** Add Lead through the facade with a listener whose methods do nothing (events still built). */
  @Benchmark
  public String addLeadNoopListener() {
    return noopListened.outbound(Fixtures.OUTBOUND_ID).addLead(newLead).blockingGet();
  }

  /** Add Lead through the facade with {@code NlPearlMetrics} on a {@code SimpleMeterRegistry}. */
  @Benchmark
  public String addLeadMicrometer() {
    return metered.outbound(Fixtures.OUTBOUND_ID).addLead(newLead).blockingGet();
  }

  /**
   * Add Lead through {@link DirectCalls}: the facade's mapping, Moshi adapters and enqueued
   * {@code Single}, without Retrofit (a prototype of the suggested fix).
   */
  @Benchmark
  public String addLeadDirect() {
    return direct.addLead(Fixtures.OUTBOUND_ID, newLead).blockingGet();
  }

  /** Add Lead through the generated Retrofit interface alone. */
  @Benchmark
  public String addLeadRetrofit() {
    return retrofit.addLead(Fixtures.OUTBOUND_ID, wireNewLead).blockingGet().getLeadId();
  }

  /** Add Lead through the stock okhttp-gson client. */
  @Benchmark
  public String addLeadStock() throws ApiException {
    return stock.addLead(Fixtures.OUTBOUND_ID, stockNewLead).getLeadId();
  }

  /** Add Lead as a hand-made OkHttp request with prebuilt JSON; the response is read, not parsed. */
  @Benchmark
  public long addLeadRaw() throws IOException {
    return Clients.rawPut(shared, addUrl, authorization, newLeadJson);
  }

  /**
   * Add Lead as a hand-made OkHttp request run like the facade runs its calls: {@code enqueue} on
   * the dispatcher, the caller waiting for the callback. The limit for a non-blocking client; the
   * gap to {@link #addLeadRaw()} is the cost of handing the call to another thread.
   */
  @Benchmark
  public long addLeadRawAsync() throws Exception {
    return Clients.rawPutAsync(shared, addUrl, authorization, newLeadJson).get();
  }

  /** Update Lead through the facade; the response is mapped to a {@link Lead}. */
  @Benchmark
  public Lead updateLeadFacade() {
    return pearl.updateLead(leadId, update).blockingGet();
  }

  /** Update Lead through the facade with a listener whose methods do nothing. */
  @Benchmark
  public Lead updateLeadNoopListener() {
    return noopListened.pearl(Fixtures.OUTBOUND_ID).updateLead(leadId, update).blockingGet();
  }

  /** Update Lead through the facade with {@code NlPearlMetrics} on a {@code SimpleMeterRegistry}. */
  @Benchmark
  public Lead updateLeadMicrometer() {
    return metered.pearl(Fixtures.OUTBOUND_ID).updateLead(leadId, update).blockingGet();
  }

  /** Update Lead through {@link DirectCalls} (the prototype without Retrofit); see {@link #addLeadDirect()}. */
  @Benchmark
  public Lead updateLeadDirect() {
    return direct.updateLead(Fixtures.OUTBOUND_ID, leadId, update).blockingGet();
  }

  /** Update Lead through the generated Retrofit interface alone. */
  @Benchmark
  public LeadApiView updateLeadRetrofit() {
    return retrofit.updateLead(Fixtures.OUTBOUND_ID, leadId, wireUpdate).blockingGet();
  }

  /** Update Lead through the stock okhttp-gson client. */
  @Benchmark
  public Object updateLeadStock() throws ApiException {
    return stock.updateLead(Fixtures.OUTBOUND_ID, leadId, stockUpdate);
  }

  /** Update Lead as a hand-made OkHttp request, enqueued like the facade's calls; see {@link #addLeadRawAsync()}. */
  @Benchmark
  public long updateLeadRawAsync() throws Exception {
    return Clients.rawPutAsync(shared, updateUrl, authorization, updateJson).get();
  }

  /** Update Lead as a hand-made OkHttp request with prebuilt JSON; the response is read, not parsed. */
  @Benchmark
  public long updateLeadRaw() throws IOException {
    return Clients.rawPut(shared, updateUrl, authorization, updateJson);
  }
}
