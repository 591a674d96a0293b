package org.nlpearl4j.benchmarks.pace;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxCounters;

/**
 * {@code nlpearl leads import} against a sandbox with the capacity of a real service: the rate it
 * reaches with {@code --concurrency auto} and with fixed settings side by side, the share of
 * requests answered 429, and the requests sent again. The sandbox runs in this JVM on loopback
 * (its counters are the truth); the CLI's jar runs in a child JVM with {@code --progress lines
 * --progress-interval 1}, whose lines give the rows finished and the limit over time. Every run is
 * bounded: a fixed number of rows, and stopped (SIGTERM: the CLI stops like on Ctrl-C) after
 * {@code --time-limit} seconds. Writes {@code pace.md} (the table), {@code pace.png} (rate and
 * limit over time) and {@code pace-series.csv} (the progress lines it read: rows finished and the
 * limit, second by second) to {@code --out}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.pace.PaceHarness \
 *   --cli-jar cli/target/nlpearl.jar --out benchmarks/results
 * </pre>
 */
public final class PaceHarness {
  private static final Pattern PROGRESS = Pattern.compile("nlpearl: (\\d+)/\\d+ rows.*?(?:, limit (\\d+) in flight)?(?:, ETA.*)?$");
  private static final Pattern ADDED = Pattern.compile("^\\s+added\\s+(\\d+)");
  private static final Pattern SETTLED = Pattern.compile("^\\s+in flight\\s+(.*)$");
  private static final Pattern ELAPSED_RATE = Pattern.compile("^\\s+rate\\s+([\\d.]+) leads/s");

  /** A server shape: what the sandbox takes. */
  record Shape(String name, double rate, int burst, long latencyMs, long spreadMs, int workers, int rows) {
    String describe() {
      return String.format(Locale.ROOT, "%s requests/s (burst %d), latency %d ms%s, %d workers, %,d rows",
          rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate), burst, latencyMs,
          spreadMs > 0 ? " + up to " + spreadMs + " ms" : "", workers, rows);
    }
  }

  /** One point of a run: seconds since its start, rows finished, the limit then. */
  record Point(double seconds, long finished, int limit) {}

  /** One import against one shape. */
  record Run(Shape shape, String concurrency, long rows, long added, double seconds, double rate,
      long requests, long rateLimited, String inFlight, boolean cut, List<Point> points) {
    double share429() {
      return requests == 0 ? 0 : (double) rateLimited / requests;
    }
  }

  private PaceHarness() {}

  /** Runs the measurement; see the class documentation. */
  public static void main(String[] args) throws Exception {
    Path cliJar = Paths.get("cli", "target", "nlpearl.jar");
    Path out = Paths.get("benchmarks", "results");
    int timeLimit = 60;
    double scale = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cli-jar":
          cliJar = Paths.get(args[++i]);
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        case "--time-limit":
          timeLimit = Integer.parseInt(args[++i]);
          break;
        case "--scale":
          scale = Double.parseDouble(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]
              + " (--cli-jar JAR, --out DIR, --time-limit SECONDS, --scale FRACTION_OF_ROWS)");
      }
    }
    if (!Files.isRegularFile(cliJar)) {
      throw new IllegalArgumentException("no CLI jar at " + cliJar
          + "; build it with ./mvnw -B -q -pl cli,benchmarks -am package -DskipTests");
    }
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("nlpearl-pace");
    Shape fast = new Shape("300/s, 150 ms", 300, 100, 150, 0, 64, (int) (10_000 * scale));
    Shape slow = new Shape("50/s, 400 ms", 50, 17, 400, 0, 64, (int) (2_000 * scale));
    String load = loadAverage();
    Instant started = Instant.now();
    List<Run> runs = new ArrayList<>();
    for (String concurrency : new String[] {"auto", "8", "32", "128"}) {
      runs.add(run(cliJar, work, fast, concurrency, timeLimit));
    }
    for (String concurrency : new String[] {"auto", "8", "32"}) {
      runs.add(run(cliJar, work, slow, concurrency, timeLimit));
    }
    String loadAfter = loadAverage();
    Path png = out.resolve("pace.png");
    PacePlot.write(png, runs, List.of(fast, slow));
    String table = table(runs, started, load, loadAfter, timeLimit);
    Files.write(out.resolve("pace.md"), table.getBytes(StandardCharsets.UTF_8));
    Files.write(out.resolve("pace-series.csv"), series(runs).getBytes(StandardCharsets.UTF_8));
    System.out.print(table);
    System.out.println("plot: " + png);
  }

  private static Run run(Path cliJar, Path work, Shape shape, String concurrency, int timeLimit)
      throws IOException, InterruptedException {
    Path csv = work.resolve("rows-" + shape.rows() + ".csv");
    if (!Files.exists(csv)) {
      try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        writer.write("externalId,phoneNumber\n");
        for (int i = 0; i < shape.rows(); i++) {
          writer.write(String.format(Locale.ROOT, "row-%d,+1415%07d%n", i, i));
        }
      }
    }
    Path results = work.resolve("results-" + System.nanoTime() + ".csv");
    Path token = work.resolve("token");
    Files.write(token, NlPearlSandbox.DEFAULT_TOKEN.getBytes(StandardCharsets.UTF_8));
    System.err.println("== " + shape.name() + ", --concurrency " + concurrency);
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder()
        .contractCheck(false)
        .recordLimit(0)
        .rateLimit(shape.rate(), shape.burst())
        .latency(Duration.ofMillis(shape.latencyMs()), Duration.ofMillis(shape.spreadMs()))
        .workers(shape.workers())
        .start()) {
      List<String> command = List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-jar", cliJar.toString(), "leads", "import", csv.toString(), "--outbound", "pace",
          "--base-url", sandbox.baseUrl(), "--token-file", token.toString(),
          "--results", results.toString(), "--concurrency", concurrency,
          "--progress", "lines", "--progress-interval", "1");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      long start = System.nanoTime();
      List<Point> points = new ArrayList<>();
      points.add(new Point(0, 0, concurrency.equals("auto") ? 8 : Integer.parseInt(concurrency)));
      long added = 0;
      double rate = 0;
      String inFlight = "";
      Thread killer = new Thread(() -> {
        try {
          if (!process.waitFor(timeLimit, TimeUnit.SECONDS)) {
            process.toHandle().destroy(); // SIGTERM, leaving its output to be read
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      killer.setDaemon(true);
      killer.start();
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          double seconds = (System.nanoTime() - start) / 1e9;
          Matcher progress = PROGRESS.matcher(line);
          if (progress.find()) {
            int limit = progress.group(2) != null ? Integer.parseInt(progress.group(2))
                : Integer.parseInt(concurrency);
            points.add(new Point(seconds, Long.parseLong(progress.group(1)), limit));
            continue;
          }
          Matcher matcher = ADDED.matcher(line);
          if (matcher.find()) {
            added = Long.parseLong(matcher.group(1));
          }
          matcher = ELAPSED_RATE.matcher(line);
          if (matcher.find()) {
            rate = Double.parseDouble(matcher.group(1));
          }
          matcher = SETTLED.matcher(line);
          if (matcher.find()) {
            inFlight = matcher.group(1);
          }
        }
      }
      int status = process.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (rate == 0 && points.size() > 1) {
        Point last = points.get(points.size() - 1);
        rate = last.finished() / last.seconds(); // stopped before its summary: from its last line
      }
      boolean cut = status == 130 || status == 143;
      SandboxCounters counters = sandbox.counters();
      long stored = counters.getLeadsStored();
      System.err.printf(Locale.ROOT, "   %d stored, %.1f leads/s, %d requests, %d answered 429, exit %d%n",
          stored, rate, counters.getRequests(), counters.getRateLimited(), status);
      return new Run(shape, concurrency, shape.rows(), stored, seconds, rate, counters.getRequests(),
          counters.getRateLimited(), inFlight, cut, points);
    } finally {
      Files.deleteIfExists(results);
    }
  }

  private static String table(List<Run> runs, Instant started, String load, String loadAfter,
      int timeLimit) {
    StringBuilder md = new StringBuilder();
    md.append("Run ").append(started).append(" (UTC); load average before: ").append(load)
        .append(", after: ").append(loadAfter).append("; each import stopped after ")
        .append(timeLimit).append(" s at the latest.\n\n");
    Shape shape = null;
    for (Run run : runs) {
      if (run.shape() != shape) {
        shape = run.shape();
        md.append("\nSandbox: ").append(shape.describe()).append("\n\n");
        md.append("| --concurrency | leads stored | rate (leads/s) | % of the limit | requests | 429s | "
            + "share 429 | requests sent again | in flight (summary) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      }
      md.append(String.format(Locale.ROOT, "| %s | %,d%s | %.1f | %.0f%% | %,d | %,d | %.2f%% | %,d | %s |%n",
          run.concurrency(), run.added(), run.cut() ? " (stopped)" : "", run.rate(),
          100 * run.rate() / shape.rate(), run.requests(), run.rateLimited(), 100 * run.share429(),
          Math.max(0, run.requests() - run.added()), run.inFlight()));
    }
    return md.toString();
  }

  /** Every run's points, one line each: where the time went, for a closer look than the plot. */
  private static String series(List<Run> runs) {
    StringBuilder csv = new StringBuilder("shape,concurrency,seconds,rows_finished,limit\n");
    for (Run run : runs) {
      for (Point point : run.points()) {
        csv.append(String.format(Locale.ROOT, "%s,%s,%.2f,%d,%d%n", run.shape().name().replace(",", ""),
            run.concurrency(), point.seconds(), point.finished(), point.limit()));
      }
    }
    return csv.toString();
  }

  private static String loadAverage() {
    try {
      return String.join(" ", List.of(Files.readString(Paths.get("/proc/loadavg")).split(" ")).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
