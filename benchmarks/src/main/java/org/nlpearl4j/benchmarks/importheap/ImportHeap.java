package org.nlpearl4j.benchmarks.importheap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nlpearl4j.benchmarks.support.SandboxProcess;

/**
 * Peak heap of {@code nlpearl leads import} on a large CSV: writes an N-row CSV, starts the sandbox
 * in its own JVM, runs the CLI's jar in a child JVM with a fixed {@code -Xmx} and GC logging, and
 * reads the heap figures from the GC log: the highest occupancy before a collection (the peak the
 * heap reached) and the highest occupancy after one (what the import keeps alive).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.importheap.ImportHeap \
 *   --cli-jar cli/target/nlpearl.jar --rows 1000000 --xmx 64m --concurrency 16 --out benchmarks/target/import
 * </pre>
 */
public final class ImportHeap {

  /** A G1 or Serial pause line with its heap transition, e.g. {@code 30M->5M(64M)}. */
  private static final Pattern PAUSE = Pattern.compile("Pause.*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private ImportHeap() {
  }

  /** Runs the measurement; see the class documentation. */
  public static void main(String[] args) throws Exception {
    Path cliJar = Paths.get("cli", "target", "nlpearl.jar");
    int rows = 1_000_000;
    String xmx = "64m";
    int concurrency = 16;
    Path out = Paths.get("benchmarks", "target", "import");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cli-jar":
          cliJar = Paths.get(args[++i]);
          break;
        case "--rows":
          rows = Integer.parseInt(args[++i]);
          break;
        case "--xmx":
          xmx = args[++i];
          break;
        case "--concurrency":
          concurrency = Integer.parseInt(args[++i]);
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!Files.isRegularFile(cliJar)) {
      throw new IllegalArgumentException("no CLI jar at " + cliJar + "; build it with ./mvnw -B -q -pl cli -am package -DskipTests");
    }
    Files.createDirectories(out);
    Path csv = out.resolve("leads-" + rows + ".csv");
    writeCsv(csv, rows);
    Path results = out.resolve("leads-" + rows + ".results.csv");
    Files.deleteIfExists(results);
    Path gcLog = out.resolve("gc-" + rows + ".log");
    Files.deleteIfExists(gcLog);
    Path tokenFile = out.resolve("token");
    Files.write(tokenFile, SandboxProcess.token().getBytes(StandardCharsets.UTF_8));

    try (SandboxProcess sandbox = SandboxProcess.start("-Xmx6g")) {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + xmx);
      command.add("-Xlog:gc:file=" + gcLog);
      command.add("-jar");
      command.add(cliJar.toString());
      command.add("leads");
      command.add("import");
      command.add(csv.toString());
      command.add("--outbound");
      command.add("import-heap");
      command.add("--base-url");
      command.add(sandbox.baseUrl());
      command.add("--token-file");
      command.add(tokenFile.toString());
      command.add("--concurrency");
      command.add(Integer.toString(concurrency));
      command.add("--results");
      command.add(results.toString());
      command.add("--progress");
      command.add("lines");
      command.add("--progress-interval");
      command.add("30");
      System.out.println("$ " + String.join(" ", command));
      long start = System.nanoTime();
      Process cli = new ProcessBuilder(command).inheritIO().start();
      int exit = cli.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;

      long resultLines;
      try (Stream<String> lines = Files.lines(results)) {
        resultLines = lines.count();
      }
      long[] heap = heapFigures(gcLog);
      System.out.printf(Locale.ROOT, "%nrows %d, -Xmx%s, concurrency %d: exit %d in %.1f s (%.0f rows/s); results file %d lines%n",
          rows, xmx, concurrency, exit, seconds, rows / seconds, resultLines);
      System.out.printf(Locale.ROOT, "GC pauses %d; heap before GC max %.1f MB; after GC max %.1f MB; committed max %.1f MB%n",
          heap[0], heap[1] / 1048576.0, heap[2] / 1048576.0, heap[3] / 1048576.0);
      if (exit != 0) {
        System.exit(exit);
      }
    }
  }

  /** Writes a CSV of {@code rows} distinct, valid leads with the columns the CLI documents. */
  static void writeCsv(Path csv, int rows) throws IOException {
    if (Files.isRegularFile(csv)) {
      return;
    }
    Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("externalId,phoneNumber,firstName,email,timeZoneId,notes\n");
      for (int i = 0; i < rows; i++) {
        // +1 415 2xx xxxx: a valid NANP shape for every i below 10,000,000.
        String phone = String.format(Locale.ROOT, "+1415%07d", 2_000_000 + i);
        w.write(String.format(Locale.ROOT, "crm-%07d,%s,Lead %d,lead%d@example.com,Pacific Standard Time,"
            + "\"Asked for a callback, prefers \"\"mornings\"\"\"%n", i, phone, i, i));
      }
    }
    Files.move(tmp, csv);
  }

  /** Returns {pauses, max before GC, max after GC, max committed} in bytes from a {@code -Xlog:gc} file. */
  static long[] heapFigures(Path gcLog) throws IOException {
    long pauses = 0;
    long before = 0;
    long after = 0;
    long committed = 0;
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses++;
        before = Math.max(before, bytes(m.group(1), m.group(2)));
        after = Math.max(after, bytes(m.group(3), m.group(4)));
        committed = Math.max(committed, bytes(m.group(5), m.group(6)));
      }
    }
    return new long[] {pauses, before, after, committed};
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    switch (unit) {
      case "K":
        return n * 1024;
      case "M":
        return n * 1024 * 1024;
      default:
        return n * 1024 * 1024 * 1024;
    }
  }
}
