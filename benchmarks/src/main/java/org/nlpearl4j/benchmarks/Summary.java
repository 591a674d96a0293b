package org.nlpearl4j.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result files into the Markdown tables of {@code benchmarks/README.md}: each
 * score with its 99.9% error, the gc and CPU profilers' per-op figures, and each variant's ratio to
 * the baseline of its group (raw OkHttp for calls, the stock Gson client for JSON); for the bulk
 * import, leads per second (1,000,000 / µs per lead). Nothing is rounded beyond the printed precision.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.Summary benchmarks/results/*.json
 * </pre>
 */
public final class Summary {

  private static final String[] VARIANTS = {"Facade", "Direct", "Retrofit", "Stock", "Raw", "RawAsync", "Moshi", "StockGson", "Outbox", "OutboxIo"};

  private Summary() {
  }

  /** Prints one table per JMH JSON file given. */
  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      print(Paths.get(arg), System.out);
    }
  }

  /** One benchmark's figures. */
  static final class Row {
    String group;
    String variant;
    String params;
    double score;
    double error;
    String unit;
    int threads;
    Double alloc;
    Double allocError;
    Double cpu;
    Double cpuError;
  }

  static void print(Path file, PrintStream out) throws IOException {
    JsonArray runs;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      runs = JsonParser.parseReader(reader).getAsJsonArray();
    }
    List<Row> rows = new ArrayList<>();
    for (JsonElement element : runs) {
      JsonObject run = element.getAsJsonObject();
      String name = run.get("benchmark").getAsString();
      String method = name.substring(name.lastIndexOf('.') + 1);
      Row row = new Row();
      row.group = method;
      row.variant = "";
      for (String variant : VARIANTS) {
        if (method.endsWith(variant) && method.length() > variant.length()) {
          row.group = method.substring(0, method.length() - variant.length());
          row.variant = variant;
        }
      }
      if (method.endsWith("StockGson")) {
        row.group = method.substring(0, method.length() - "StockGson".length());
        row.variant = "StockGson";
      }
      if (row.variant.isEmpty() && name.contains("FirstCall")) {
        row.group = "firstCall";
        row.variant = method;
      }
      row.params = run.has("params") ? run.getAsJsonObject("params").toString() : "";
      row.threads = run.get("threads").getAsInt();
      JsonObject primary = run.getAsJsonObject("primaryMetric");
      row.score = primary.get("score").getAsDouble();
      row.error = number(primary.get("scoreError"));
      row.unit = primary.get("scoreUnit").getAsString();
      if (run.has("secondaryMetrics")) {
        JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
        if (secondary.has("gc.alloc.rate.norm")) {
          row.alloc = secondary.getAsJsonObject("gc.alloc.rate.norm").get("score").getAsDouble();
          row.allocError = number(secondary.getAsJsonObject("gc.alloc.rate.norm").get("scoreError"));
        }
        if (secondary.has("cpu.time.norm")) {
          row.cpu = secondary.getAsJsonObject("cpu.time.norm").get("score").getAsDouble();
          row.cpuError = number(secondary.getAsJsonObject("cpu.time.norm").get("scoreError"));
        }
      }
      rows.add(row);
    }
    out.println("### " + file.getFileName());
    out.println();
    out.println("| benchmark | threads | params | score | unit | vs baseline | CPU ns/op | CPU vs baseline | CPU vs RawAsync "
        + "| alloc B/op | alloc vs baseline |");
    out.println("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|");
    Map<String, Row> baselines = new LinkedHashMap<>();
    Map<String, Row> asyncBaselines = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.variant.equals("RawAsync")) {
        asyncBaselines.put(row.group + row.params, row);
      }
      if (row.variant.equals("Raw") || row.variant.equals("StockGson") || row.variant.equals("raw")) {
        baselines.put(row.group + row.params, row);
      }
    }
    for (Row row : rows) {
      Row base = baselines.get(row.group + row.params);
      Row asyncBase = asyncBaselines.get(row.group + row.params);
      out.printf(Locale.ROOT, "| %s%s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          row.group, row.variant.isEmpty() ? "" : " " + row.variant, row.threads, row.params.replace("\"", ""),
          plusMinus(row.score, row.error), row.unit,
          base != null ? ratio(row.score, base.score)
              : row.group.equals("importLeads") && row.unit.equals("us/op")
                  ? String.format(Locale.ROOT, "%.0f leads/s", 1e6 / row.score) : "",
          row.cpu == null ? "" : plusMinus(row.cpu, row.cpuError),
          row.cpu == null || base == null || base.cpu == null ? "" : ratio(row.cpu, base.cpu),
          row.cpu == null || asyncBase == null || asyncBase.cpu == null ? "" : ratio(row.cpu, asyncBase.cpu),
          row.alloc == null ? "" : plusMinus(row.alloc, row.allocError),
          row.alloc == null || base == null || base.alloc == null ? "" : ratio(row.alloc, base.alloc));
    }
    out.println();
  }

  private static double number(JsonElement element) {
    try {
      return element.getAsDouble();
    } catch (RuntimeException notANumber) {
      return Double.NaN;
    }
  }

  private static String plusMinus(double score, Double error) {
    if (error == null || Double.isNaN(error)) {
      return format(score);
    }
    return format(score) + " ± " + format(error);
  }

  private static String format(double value) {
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String ratio(double value, double base) {
    return String.format(Locale.ROOT, "%.2f×", value / base);
  }
}
