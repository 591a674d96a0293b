package org.nlpearl4j.outbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A JVM started on this JVM's class path to run a main class (a crash test's sender, a benchmark's
 * worker), its output (stdout and stderr) collected line by line. Shared through this module's test
 * jar.
 */
public final class ChildJvm {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer all = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          all.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} in a new JVM.
   *
   * @param jvmOptions options before the class path, e.g. {@code -Xmx128m}
   * @param main the class whose main method runs
   * @param args its arguments
   * @return the running JVM
   * @throws IOException when it cannot be started
   */
  public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    return new ChildJvm(builder.start());
  }

  /**
   * Returns the process (e.g. to kill it: {@code destroyForcibly()} is SIGKILL on Linux).
   *
   * @return the process
   */
  public Process process() {
    return process;
  }

  /**
   * Waits for a line of output that starts with {@code prefix} (lines before it are passed).
   *
   * @param prefix the start of the line
   * @param seconds how long to wait at most
   * @return the line, or null when the JVM ended or the time ran out first
   * @throws InterruptedException when interrupted
   */
  public @Nullable String awaitLine(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        return null;
      }
    }
    return null;
  }

  /**
   * Returns the output so far (its last 4,000 characters).
   *
   * @return the output
   */
  public String output() {
    String text = all.toString();
    return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
  }
}
