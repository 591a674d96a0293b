package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars the build writes, run as a user runs them ({@code java -jar nlpearl.jar}): the
 * command's jar holds no sandbox class, the sandbox's jar none of the command's, a command against
 * a server loads nothing from the sandbox's jar, and {@code --sandbox} finds it through the
 * manifest's {@code Class-Path}.
 */
class RunnableJarsIT {
  @TempDir Path dir;

  private static Path cliJar() {
    return Paths.get(System.getProperty("cli.jar", "target/nlpearl.jar"));
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return Collections.list(file.entries()).stream().map(e -> e.getName())
          .collect(Collectors.toList());
    }
  }

  @Test
  void theSandboxLivesInItsOwnJarNamedByTheCommandsManifest() throws IOException {
    Path sandboxJar = cliJar().resolveSibling("nlpearl-sandbox.jar");
    List<String> command = entries(cliJar());
    List<String> sandbox = entries(sandboxJar);

    assertThat(command).contains("org/nlpearl4j/cli/Main.class", "picocli/CommandLine.class")
        .noneMatch(name -> name.startsWith("org/nlpearl4j/sandbox/"))
        .noneMatch(name -> name.startsWith("io/swagger/"));
    assertThat(sandbox).contains("org/nlpearl4j/sandbox/NlPearlSandbox.class")
        .noneMatch(name -> name.startsWith("org/nlpearl4j/cli/"))
        .noneMatch(name -> name.startsWith("picocli/"));
    try (JarFile file = new JarFile(cliJar().toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Class-Path"))
          .isEqualTo("nlpearl-sandbox.jar");
    }
  }

  @Test
  void anAddAgainstAServerLoadsNothingFromTheSandboxJar() throws Exception {
    try (TestSandbox sandbox = TestSandbox.start()) {
      Run run = java(TestSandbox.TOKEN, "leads", "add", "--outbound", TestSandbox.OUTBOUND,
          "--phone", "+14155550123", "--base-url", sandbox.sandbox.baseUrl());

      assertThat(run.exit).as(run.output).isZero();
      assertThat(run.classLog).contains("org.nlpearl4j.cli.LeadsAddCommand")
          .doesNotContain("nlpearl-sandbox.jar");
      assertThat(sandbox.sandbox.counters().getLeadsStored()).isEqualTo(1);
    }
  }

  @Test
  void withSandboxTheCommandFindsTheSandboxJar() throws Exception {
    Run run = java(null, "leads", "add", "--outbound", "demo", "--phone", "+14155550123",
        "--sandbox");

    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.classLog).contains("org.nlpearl4j.sandbox.NlPearlSandbox source: ")
        .contains("nlpearl-sandbox.jar");
  }

  private Run java(String token, String... args) throws Exception {
    Path classLog = dir.resolve("classes-" + System.nanoTime() + ".log");
    Path output = dir.resolve("output-" + System.nanoTime() + ".txt");
    List<String> command = new ArrayList<>(Arrays.asList(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + classLog, "-jar", cliJar().toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().remove(Credentials.TOKEN_ENV);
    builder.environment().remove("NLPEARL_BASE_URL");
    if (token != null) {
      builder.environment().put(Credentials.TOKEN_ENV, token);
    }
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
    return new Run(process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8),
        new String(Files.readAllBytes(classLog), StandardCharsets.UTF_8));
  }

  private static final class Run {
    final int exit;
    final String output;
    final String classLog;

    Run(int exit, String output, String classLog) {
      this.exit = exit;
      this.output = output;
      this.classLog = classLog;
    }
  }
}
