package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command loads: the sandbox's classes only with {@code --sandbox} (or {@code nlpearl
 * sandbox}), so that a command against NLPearl does not pay to load them. Each run is a real
 * {@code nlpearl} process, with the JVM's own class-loading log as the witness.
 */
class StartupClassesTest {
  @TempDir Path dir;

  @Test
  void anAddAgainstAServerLoadsNoSandboxClass() throws Exception {
    try (TestSandbox sandbox = TestSandbox.start()) {
      String log = run("against-server", TestSandbox.TOKEN, "leads", "add", "--outbound",
          TestSandbox.OUTBOUND, "--phone", "+14155550123", "--base-url", sandbox.sandbox.baseUrl());

      assertThat(log).contains("org.nlpearl4j.cli.LeadsAddCommand", "org.nlpearl4j.NlPearl ");
      assertThat(log).doesNotContain("org.nlpearl4j.sandbox.");
      assertThat(sandbox.sandbox.counters().getLeadsStored()).isEqualTo(1);
    }
  }

  @Test
  void theSameAddWithSandboxLoadsIt() throws Exception {
    String log = run("with-sandbox", null, "leads", "add", "--outbound", "demo", "--phone",
        "+14155550123", "--sandbox");

    assertThat(log).contains("org.nlpearl4j.cli.LeadsAddCommand",
        "org.nlpearl4j.sandbox.NlPearlSandbox ");
  }

  private String run(String name, String token, String... args) throws Exception {
    Path log = dir.resolve(name + ".classes.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(Arrays.asList(java,
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out.txt").toFile())
        .redirectError(dir.resolve(name + ".err.txt").toFile());
    builder.environment().remove(Credentials.TOKEN_ENV);
    builder.environment().remove(ConnectionOptions.BASE_URL_ENV);
    if (token != null) {
      builder.environment().put(Credentials.TOKEN_ENV, token);
    }
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve(name + ".err.txt")))
        .isZero();
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
