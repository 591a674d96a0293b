package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  @Test
  void faultFlagsStoreTheLeadThenFailAsAsked() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Cli.ManualInterrupts interrupts = new Cli.ManualInterrupts();
    CliContext context = CliContext.builder()
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .interrupts(interrupts)
        .build();
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> NlPearlCli.run(context,
        "sandbox", "--port", "0", "--fault-rate", "1", "--fault-seed", "7", "--fault-kinds", "502-after"));
    String baseUrl = awaitUrl(out);
    assertThat(baseUrl).as("%s%s", out, err).isNotNull();
    assertThat(out.toString()).contains("faults: 100% of requests (seed 7), drawn from 502-after");

    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "v1/Outbound/demo/Lead"))
            .header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"+14155550100\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(502);

    interrupts.fire();
    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
    // The client saw a 502, yet the lead was stored: the sandbox counts it from its store.
    assertThat(out.toString())
        .contains("Stopped after 1 requests; 1 leads were stored")
        .contains("1 faults injected: 0 before handling (nothing stored), 1 after handling")
        .contains("{502-after=1}");
  }

  @Test
  void lookupLagHidesAStoredLeadFromLookupsForThatLong() throws Exception {
    StringWriter out = new StringWriter();
    Cli.ManualInterrupts interrupts = new Cli.ManualInterrupts();
    CliContext context = CliContext.builder()
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(new StringWriter(), true))
        .interrupts(interrupts)
        .build();
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> NlPearlCli.run(context,
        "sandbox", "--port", "0", "--lookup-lag", "1s"));
    String baseUrl = awaitUrl(out);
    assertThat(baseUrl).as("%s", out).isNotNull();

    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> added = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "v1/Outbound/demo/Lead"))
            .header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"+14155550100\",\"externalId\":\"crm-1\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    long addedAt = System.nanoTime();
    assertThat(added.statusCode()).isEqualTo(200);
    HttpRequest lookup = HttpRequest.newBuilder(URI.create(baseUrl + "v2/Outbound/demo/Lead/External/crm-1"))
        .header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN).GET().build();
    int early = client.send(lookup, HttpResponse.BodyHandlers.ofString()).statusCode();
    boolean earlyWasEarly = System.nanoTime() - addedAt < TimeUnit.MILLISECONDS.toNanos(900);
    Thread.sleep(1100);
    int late = client.send(lookup, HttpResponse.BodyHandlers.ofString()).statusCode();

    if (earlyWasEarly) {
      assertThat(early).isEqualTo(404);
    }
    assertThat(late).isEqualTo(200);
    assertThat(out.toString()).contains("lookup lag: 1.0s");
    interrupts.fire();
    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);

    Cli.Run bad = Cli.noCredentials().run("sandbox", "--port", "0", "--lookup-lag", "soon");
    assertThat(bad.status).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err).contains("'soon' is not a duration");
  }

  @Test
  void capacityFlagsRateLimitWith429AndCountThem() throws Exception {
    StringWriter out = new StringWriter();
    Cli.ManualInterrupts interrupts = new Cli.ManualInterrupts();
    CliContext context = CliContext.builder()
        .out(new PrintWriter(out, true))
        .interrupts(interrupts)
        .build();
    // One request per 100 s after a burst of 2: the third request finds the bucket empty.
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> NlPearlCli.run(context,
        "sandbox", "--port", "0", "--rate-limit", "0.01", "--burst", "2", "--latency", "1",
        "--workers", "4"));
    String baseUrl = awaitUrl(out);
    assertThat(baseUrl).as("%s", out).isNotNull();
    assertThat(out.toString()).contains(
        "capacity: 0.01 requests/s (burst 2), latency 1 ms, 4 workers");

    HttpClient client = HttpClient.newHttpClient();
    int[] statuses = new int[3];
    String retryAfter = null;
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> answer = client.send(
          HttpRequest.newBuilder(URI.create(baseUrl + "v1/Outbound/demo/Lead"))
              .header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN)
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"+1415555010" + i + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      statuses[i] = answer.statusCode();
      retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
    }
    assertThat(statuses).containsExactly(200, 200, 429);
    assertThat(Long.parseLong(retryAfter)).isBetween(90L, 100L);

    interrupts.fire();
    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(out.toString()).contains("Stopped after 3 requests; 2 leads were stored; 1 were "
        + "over the rate limit (429)");
  }

  @Test
  void badCapacityFlagsAreUsageErrors() {
    Cli.Run burst = Cli.noCredentials().run("sandbox", "--port", "0", "--burst", "5");
    assertThat(burst.status).isEqualTo(ExitCodes.USAGE);
    assertThat(burst.err).contains("--burst needs --rate-limit");

    Cli.Run rate = Cli.noCredentials().run("sandbox", "--port", "0", "--rate-limit", "0");
    assertThat(rate.status).isEqualTo(ExitCodes.USAGE);
    assertThat(rate.err).contains("--rate-limit must be a positive number");

    Cli.Run workers = Cli.noCredentials().run("sandbox", "--port", "0", "--workers", "0");
    assertThat(workers.status).isEqualTo(ExitCodes.USAGE);
    assertThat(workers.err).contains("--workers must be at least 1");
  }

  @Test
  void badFaultFlagsAreUsageErrorsNamingTheFlag() {
    Cli.Run rate = Cli.noCredentials().run("sandbox", "--port", "0", "--fault-rate", "1.5");
    assertThat(rate.status).isEqualTo(ExitCodes.USAGE);
    assertThat(rate.err).contains("--fault-rate must be between 0 and 1");

    Cli.Run notANumber = Cli.noCredentials().run("sandbox", "--port", "0", "--fault-rate", "lots");
    assertThat(notANumber.status).isEqualTo(ExitCodes.USAGE);
    assertThat(notANumber.err).contains("--fault-rate");

    Cli.Run kind = Cli.noCredentials().run("sandbox", "--port", "0", "--fault-rate", "0.3",
        "--fault-kinds", "502-after,502-later");
    assertThat(kind.status).isEqualTo(ExitCodes.USAGE);
    assertThat(kind.err).contains("--fault-kinds", "unknown fault kind '502-later'", "drop-before");

    Cli.Run seedAlone = Cli.noCredentials().run("sandbox", "--port", "0", "--fault-seed", "7");
    assertThat(seedAlone.status).isEqualTo(ExitCodes.USAGE);
    assertThat(seedAlone.err).contains("--fault-seed needs --fault-rate");
  }

  @Test
  void helpShowsTheFaultFlagsWithAnExample() {
    Cli.Run help = Cli.noCredentials().run("sandbox", "--help");

    assertThat(help.status).isZero();
    assertThat(help.out)
        .contains("--fault-rate=RATE", "--fault-seed=N", "--fault-kinds=KIND")
        .contains("nlpearl sandbox --port 8080 --fault-rate 0.3 --fault-seed 7")
        .contains("30% of requests fail");
  }

  private static String awaitUrl(StringWriter out) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Matcher matcher = URL.matcher(out.toString());
      if (matcher.find()) {
        return matcher.group(1);
      }
      Thread.sleep(50);
    }
    return null;
  }
}
