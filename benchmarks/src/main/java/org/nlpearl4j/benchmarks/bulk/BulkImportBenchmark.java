package org.nlpearl4j.benchmarks.bulk;

import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.OutboundCampaign;
import org.nlpearl4j.benchmarks.Fixtures;
import org.nlpearl4j.benchmarks.support.Clients;
import org.nlpearl4j.benchmarks.support.SandboxProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk import: {@value #LEADS} Add Lead calls through the facade against the sandbox (its own JVM),
 * at most {@code concurrency} in flight ({@code Flowable.flatMapSingle}). The score is the time per
 * lead (µs); leads per second is 1,000,000 / score.
 *
 * <p>{@code okhttp=default} is the facade on a plain {@code new OkHttpClient()}, whose dispatcher
 * runs at most 5 calls per host; {@code okhttp=wide} shares a client whose dispatcher allows 64, to
 * show what that limit costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(BulkImportBenchmark.LEADS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(2)
public class BulkImportBenchmark {

  /** Leads per import. */
  public static final int LEADS = 10_000;

  /** Calls in flight at most. */
  @Param({"1", "4", "16", "64"})
  public int concurrency;

  /** The OkHttp client the facade shares: {@code default} or {@code wide} (64 calls per host). */
  @Param({"default", "wide"})
  public String okhttp;

  private SandboxProcess sandbox;
  private OkHttpClient client;
  private NlPearl facade;
  private OutboundCampaign outbound;
  private List<NewLead> leads;

  /** Starts the sandbox JVM and builds the client and the 10,000 leads. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sandbox = SandboxProcess.startOrUse("-Xmx1g");
    client = new OkHttpClient();
    if ("wide".equals(okhttp)) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(64);
      client = client.newBuilder().dispatcher(dispatcher).build();
    } else if (!"default".equals(okhttp)) {
      throw new IllegalArgumentException("okhttp must be default or wide: " + okhttp);
    }
    facade = Clients.facade(sandbox.baseUrl(), SandboxProcess.token(), client);
    outbound = facade.outbound(Fixtures.OUTBOUND_ID);
    leads = new ArrayList<>(LEADS);
    for (int i = 0; i < LEADS; i++) {
      leads.add(Clients.newLead(String.format(Locale.ROOT, "+1415555%04d", i)));
    }
  }

  /** Stops the sandbox and the client's threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    facade.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    sandbox.close();
  }

  /** Imports the 10,000 leads and returns how many ids came back. */
  @Benchmark
  public long importLeads() {
    return importLeads(leads, concurrency);
  }

  /** Adds every lead with at most {@code concurrency} calls in flight; returns the number of ids. */
  public long importLeads(List<NewLead> toImport, int maxInFlight) {
    return Flowable.fromIterable(toImport)
        .flatMapSingle(outbound::addLead, false, maxInFlight)
        .count()
        .blockingGet();
  }
}
