package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGINT to a real {@code nlpearl} process: the shutdown hook stops sending, lets the
 * requests in flight finish, flushes the results and prints the summary; the status is 130.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class InterruptProcessTest {
  @TempDir Path dir;

  @Test
  void sigintFlushesTheResultsAndExitsWith130() throws Exception {
    try (TestSandbox sandbox = TestSandbox.start()) {
      int rows = 400;
      Path csv = Csv.validRows(dir, "leads.csv", rows);
      Path results = dir.resolve("leads.results.csv");
      sandbox.sandbox.faults().next(rows).delay(Duration.ofMillis(25));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "leads", "import",
          csv.toString(), "--outbound", TestSandbox.OUTBOUND, "--base-url",
          sandbox.sandbox.baseUrl(), "--concurrency", "4", "--progress", "none")
          .redirectOutput(dir.resolve("out.txt").toFile())
          .redirectError(dir.resolve("err.txt").toFile());
      builder.environment().put(Credentials.TOKEN_ENV, TestSandbox.TOKEN);
      Process process = builder.start();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lines(results) < 10 && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(process.isAlive()).as("still importing").isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      String out = Files.readString(dir.resolve("out.txt"));
      assertThat(process.exitValue()).as("%s%s", out, Files.readString(dir.resolve("err.txt")))
          .isEqualTo(ExitCodes.INTERRUPTED);
      List<Results.Line> written = Results.read(results);
      assertThat(written.size()).isBetween(10, rows - 1);
      assertThat(written.stream().map(Results.Line::row).distinct().count())
          .isEqualTo(written.size());
      assertThat(sandbox.storedLeads()).isEqualTo(Results.count(written, "added"));
      assertThat(out).contains("Interrupted: " + written.size() + " of " + rows + " rows done");
      sandbox.sandbox.faults().clear();
    }
  }

  private static long lines(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).size() - 1;
  }
}
