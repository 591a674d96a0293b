package org.nlpearl4j.benchmarks.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLauncher;

/**
 * The NLPearl sandbox in its own JVM on loopback, so that the CPU the benchmark JVM spends is the
 * client's alone. Started with {@code --no-contract-check}: the spec check is off for throughput
 * runs (every client sends the same valid requests; the smoke tests run with it on).
 */
public final class SandboxProcess implements AutoCloseable {

  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/?)");

  /** System property naming an already running sandbox to use instead of starting one. */
  public static final String EXTERNAL_PROPERTY = "nlpearl.bench.sandbox";

  private final @org.jspecify.annotations.Nullable Process process;
  private final String baseUrl;

  private SandboxProcess(@org.jspecify.annotations.Nullable Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Uses the sandbox named by {@value #EXTERNAL_PROPERTY} when set (not stopped on close), else
   * starts one like {@link #start()}.
   */
  public static SandboxProcess startOrUse() throws IOException {
    return startOrUse("-Xmx512m");
  }

  /** Like {@link #startOrUse()}, starting the sandbox JVM with the given heap option. */
  public static SandboxProcess startOrUse(String heapOption) throws IOException {
    String external = System.getProperty(EXTERNAL_PROPERTY);
    if (external != null && !external.isEmpty()) {
      return new SandboxProcess(null, external.endsWith("/") ? external : external + "/");
    }
    return start(heapOption);
  }

  /** Starts a sandbox JVM on a free port with the contract check off and waits until it listens. */
  public static SandboxProcess start() throws IOException {
    return start("-Xmx512m");
  }

  /** Starts a sandbox JVM with the given heap option, contract check off, on a free port. */
  public static SandboxProcess start(String heapOption) throws IOException {
    return start(heapOption, "--no-contract-check");
  }

  /** Starts a sandbox JVM with the given heap option and launcher options, on a free port. */
  public static SandboxProcess start(String heapOption, String... launcherOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heapOption);
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SandboxLauncher.class.getName());
    command.add("--port");
    command.add("0");
    command.addAll(java.util.Arrays.asList(launcherOptions));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(
        ProcessBuilder.Redirect.from(new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = URL.matcher(line);
      if (m.find()) {
        String url = m.group(1);
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty
            }
          } catch (IOException ignored) {
            // the process ended
          }
        }, "sandbox-output");
        drain.setDaemon(true);
        drain.start();
        SandboxProcess sandbox = new SandboxProcess(process, url.endsWith("/") ? url : url + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return sandbox;
      }
    }
    process.destroyForcibly();
    throw new IOException("the sandbox did not say where it listens; it printed:\n" + seen);
  }

  /** The sandbox's base URL, e.g. {@code http://127.0.0.1:54321/}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The token the sandbox accepts. */
  public static String token() {
    return NlPearlSandbox.DEFAULT_TOKEN;
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
