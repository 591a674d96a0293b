package org.nlpearl4j.benchmarks.firstcall;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Explains the first-call figures: in a fresh JVM per run, how many classes each variant's first
 * call loads and how long it takes, split into building the client and the call itself.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.firstcall.FirstCallClasses SANDBOX_URL [runs]
 * </pre>
 */
public final class FirstCallClasses {

  private FirstCallClasses() {
  }

  /** With a sandbox URL: runs each variant {@code runs} times, each in a new JVM, and prints the medians. */
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("--child")) {
      child(args[1], args[2]);
      return;
    }
    String url = args[0];
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.println("| variant | classes loaded by the first call | first call ms (median of " + runs + " JVMs) |");
    System.out.println("|---|---:|---:|");
    for (String variant : Arrays.asList("facade", "direct", "retrofit", "stock", "raw")) {
      List<long[]> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), FirstCallClasses.class.getName(), "--child", variant, url)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
          throw new IllegalStateException(variant + " failed: " + out);
        }
        String[] parts = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        results.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
      }
      results.sort((a, b) -> Long.compare(a[1], b[1]));
      long[] median = results.get(results.size() / 2);
      System.out.printf(Locale.ROOT, "| %s | %d | %.1f |%n", variant, median[0], median[1] / 1e6);
    }
  }

  private static void child(String variant, String url) throws Exception {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    String token = org.nlpearl4j.benchmarks.support.SandboxProcess.token();
    long loadedBefore = classes.getTotalLoadedClassCount();
    long start = System.nanoTime();
    switch (variant) {
      case "facade":
        FirstCalls.facade(url, token);
        break;
      case "retrofit":
        FirstCalls.retrofit(url, token);
        break;
      case "stock":
        FirstCalls.stock(url, token);
        break;
      case "direct":
        FirstCalls.direct(url, token);
        break;
      default:
        FirstCalls.raw(url, token);
    }
    long elapsed = System.nanoTime() - start;
    System.out.println((classes.getTotalLoadedClassCount() - loadedBefore) + " " + elapsed);
    System.exit(0);
  }
}
