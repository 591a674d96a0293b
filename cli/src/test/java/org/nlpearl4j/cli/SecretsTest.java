package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** The secret part of the token is never printed or written, whatever happens. */
class SecretsTest {
  @TempDir Path dir;

  private TestSandbox sandbox;
  private final List<String> printed = new ArrayList<>();

  @BeforeEach
  void startSandbox() {
    sandbox = TestSandbox.start();
  }

  @AfterEach
  void noSecretAnywhere() throws Exception {
    sandbox.close();
    for (String text : printed) {
      assertThat(text).doesNotContain(TestSandbox.SECRET);
    }
    try (var files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file) && !file.getFileName().toString().endsWith(".token")) {
          assertThat(Files.readString(file)).as("%s", file).doesNotContain(TestSandbox.SECRET);
        }
      }
    }
  }

  private Cli.Run record(Cli.Run run) {
    printed.add(run.out);
    printed.add(run.err);
    return run;
  }

  private Path tokenFile(String token) throws Exception {
    return Files.writeString(dir.resolve("nlpearl.token"), token + "\n");
  }

  @Test
  void importsAddsAndUpdatesWithAllKindsOfFailures() throws Exception {
    Path token = tokenFile(TestSandbox.TOKEN);
    Path csv = Csv.write(dir, "leads.csv",
        "externalId,phoneNumber,note",
        "crm-1,+14155550101,a",
        "crm-2,not a phone,b",
        "crm-3,+14155550103,c",
        "crm-4,+14155550104,d",
        "crm-5,+14155550105,e",
        "crm-6,+14155550106,f");
    sandbox.sandbox.faults().next(1).rateLimited(Duration.ZERO).next(1).serverError()
        .next(1).dropConnection().next(1).malformedBody();

    Cli.Run run = record(Cli.noCredentials().run(Cli.args("leads", "import", csv.toString(),
        "--outbound", TestSandbox.OUTBOUND, "--token-file", token.toString(), sandbox.baseUrl(),
        "--concurrency", "1", "--progress", "lines", "--verbose")));
    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    // --verbose, the most the CLI prints: a line per attempt, none with the secret.
    assertThat(run.err).contains("nlpearl: attempt op=addLead row=1 attempt=1 status=429");

    record(Cli.noCredentials().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550100", "--token-file", token.toString(), sandbox.baseUrl(),
        "--verbose")));
    record(Cli.noCredentials().run(Cli.args("leads", "update", "--pearl", TestSandbox.OUTBOUND,
        "--lead", "0123456789abcdef01234567", "--status", "Completed", "--token-file",
        token.toString(), sandbox.baseUrl(), "--verbose")));
  }

  @Test
  void aRefusedTokenIsNotEchoed() {
    String wrong = TestSandbox.ACCOUNT + ":" + TestSandbox.SECRET + "Old";
    Cli cli = Cli.withEnv(Map.of(Credentials.TOKEN_ENV, wrong));
    Path csv = Csv.validRows(dir, "leads.csv", 3);

    Cli.Run run = record(cli.run(Cli.args("leads", "import", csv.toString(), "--outbound",
        TestSandbox.OUTBOUND, sandbox.baseUrl())));
    Cli.Run add = record(cli.run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550100", sandbox.baseUrl())));

    assertThat(run.status).isEqualTo(ExitCodes.ABORTED);
    assertThat(add.status).isEqualTo(ExitCodes.FAILED);
    assertThat(add.err).contains("HTTP 401");
  }

  @Test
  void malformedTokensAreReportedWithoutTheirContent() throws Exception {
    Cli.Run spaces = record(Cli.withEnv(Map.of(Credentials.TOKEN_ENV,
        TestSandbox.ACCOUNT + ":" + TestSandbox.SECRET + " extra")).run(Cli.args("leads", "add",
        "--outbound", "o", "--phone", "+14155550100", sandbox.baseUrl())));
    assertThat(spaces.status).isEqualTo(ExitCodes.USAGE);
    assertThat(spaces.err).contains("white space");

    Cli.Run noColon = record(Cli.withEnv(Map.of(Credentials.TOKEN_ENV, TestSandbox.SECRET))
        .run(Cli.args("leads", "add", "--outbound", "o", "--phone", "+14155550100",
            sandbox.baseUrl())));
    assertThat(noColon.status).isEqualTo(ExitCodes.USAGE);
    assertThat(noColon.err).contains("not of the form AccountId:SecretKey");

    Path twoLines = Files.writeString(dir.resolve("two.token"),
        TestSandbox.TOKEN + "\n" + TestSandbox.TOKEN + "\n");
    Cli.Run lines = record(Cli.noCredentials().run(Cli.args("leads", "add", "--outbound", "o",
        "--phone", "+14155550100", "--token-file", twoLines.toString(), sandbox.baseUrl())));
    assertThat(lines.status).isEqualTo(ExitCodes.USAGE);
    assertThat(lines.err).contains("more than one line");
  }

  @Test
  void theSandboxCommandNeverPrintsTheTokenItAccepts() throws Exception {
    Path token = tokenFile(TestSandbox.TOKEN);
    Cli cli = Cli.noCredentials();
    Thread stopper = new Thread(() -> {
      while (!cli.interrupts().active()) {
        Thread.onSpinWait();
      }
      cli.interrupts().fire();
    });
    stopper.start();

    Cli.Run run = record(cli.run("sandbox", "--port", "0", "--token-file", token.toString()));

    stopper.join();
    assertThat(run.status).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(run.out).contains("accepts the token in " + token + " (account "
        + TestSandbox.ACCOUNT + ")");
    assertThat(run.all()).doesNotContain(NlPearlSandbox.DEFAULT_TOKEN);
  }

  @Test
  void credentialsDescribeThemselvesWithoutTheSecret() {
    Credentials credentials = Credentials.find(null, Map.of(Credentials.TOKEN_ENV,
        TestSandbox.TOKEN));
    printed.add(String.valueOf(credentials));
    assertThat(String.valueOf(credentials)).contains(TestSandbox.ACCOUNT, "****");
  }
}
