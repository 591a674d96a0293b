package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** {@code nlpearl sandbox} serves until Ctrl-C, and the other commands can use it. */
class SandboxCommandTest {
  private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

  @TempDir Path dir;

  @Test
  void servesLeadsUntilCtrlCAndWritesItsTokenForClients() throws Exception {
    Path token = dir.resolve("sandbox.token");
    StringWriter out = new StringWriter();
    Cli.ManualInterrupts interrupts = new Cli.ManualInterrupts();
    CliContext context = CliContext.builder()
        .out(new PrintWriter(out, true))
        .interrupts(interrupts)
        .build();
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> NlPearlCli.run(
        context, "sandbox", "--port", "0", "--token-file", token.toString(), "--simulate-calls"));

    String baseUrl = null;
    for (int i = 0; i < 600 && baseUrl == null; i++) {
      Matcher matcher = URL.matcher(out.toString());
      if (matcher.find()) {
        baseUrl = matcher.group(1);
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(baseUrl).as("%s", out).isNotNull();
    assertThat(out.toString()).contains("simulating calls, seed 42", "written to " + token);
    assertThat(Files.readString(token).strip()).isEqualTo(NlPearlSandbox.DEFAULT_TOKEN);

    Cli.Run add = Cli.noCredentials().run("leads", "add", "--outbound", "demo", "--phone",
        "+14155550100", "--base-url", baseUrl, "--token-file", token.toString());
    assertThat(add.status).as("%s", add).isZero();
    assertThat(add.err).doesNotContain("embedded sandbox");

    interrupts.fire();
    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(out.toString()).contains("Stopped after 1 requests; 1 leads were stored");
  }

  @Test
  void aTakenPortIsAUsageError() {
    try (NlPearlSandbox taken = NlPearlSandbox.builder().start()) {
      Cli.Run run = Cli.noCredentials().run("sandbox", "--port", Integer.toString(taken.port()));

      assertThat(run.status).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err).contains("cannot listen on 127.0.0.1:" + taken.port());
    }
  }
}
