package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * {@code --verbose}: one line per attempt on stderr, without the token or personal data; and the
 * import summary's latency percentiles and retry reasons, counted against the sandbox's records.
 */
class VerboseTest {
  /** The sandbox's problem bodies carry an ASP.NET-style trace id. */
  private static final String TRACE_ID = "00-[0-9a-f]{32}-[0-9a-f]{16}-00";
  private static final String LATENCY = "\\d+\\.\\dms";

  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private static List<String> attemptLines(String err) {
    return Arrays.stream(err.split("\n")).filter(line -> line.startsWith("nlpearl: attempt "))
        .toList();
  }

  private static List<String> linesOfRow(List<String> lines, long row) {
    return lines.stream().filter(line -> line.contains(" row=" + row + " ")).toList();
  }

  @Test
  void importPrintsOneLinePerAttemptWithRowStatusRequestIdLatencyAndRetryDelay() {
    Path csv = Csv.validRows(dir, "leads.csv", 6);
    // One request at a time, so the faults meet known rows: row 1 gets a 503 (an add is not
    // retried after it: NLPearl may have stored the lead), row 2 a 429 asking for a 1 s wait.
    sandbox.sandbox.faults().next(1).status(503).next(1).rateLimited(Duration.ofSeconds(1));

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "1", "--verbose"));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    List<String> lines = attemptLines(run.err);
    assertThat(lines).as("one line per request the sandbox received")
        .hasSize((int) sandbox.sandbox.counters().getRequests()).hasSize(7);
    assertThat(linesOfRow(lines, 1)).singleElement().asString().matches(
        "nlpearl: attempt op=addLead row=1 attempt=1 status=503 requestId=" + TRACE_ID
            + " latency=" + LATENCY + " then=failure delivery=UNKNOWN error=ServerException");
    List<String> row2 = linesOfRow(lines, 2);
    assertThat(row2).hasSize(2);
    assertThat(row2.get(0)).matches("nlpearl: attempt op=addLead row=2 attempt=1 status=429 "
        + "requestId=" + TRACE_ID + " latency=" + LATENCY
        + " then=retry reason=rate_limited delay=1000\\.0ms");
    assertThat(row2.get(1)).matches("nlpearl: attempt op=addLead row=2 attempt=2 status=200 "
        + "requestId=\\S+ latency=" + LATENCY + " then=success");
    for (long row = 3; row <= 6; row++) {
      assertThat(linesOfRow(lines, row)).singleElement().asString().matches(
          "nlpearl: attempt op=addLead row=" + row + " attempt=1 status=200 requestId=\\S+ "
              + "latency=" + LATENCY + " then=success");
    }
    assertThat(run.out).contains("  retries    1\n    rate limited                 1\n");
  }

  @Test
  void verboseLinesHoldNoTokenAndNoPersonalData() {
    Path csv = Csv.validRows(dir, "leads.csv", 20);
    sandbox.sandbox.faults().next(2).rateLimited(Duration.ZERO).next(2).status(503)
        .next(1).status(401);

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "3", "--verbose"));

    assertThat(attemptLines(run.err)).isNotEmpty();
    assertThat(run.err).doesNotContain(TestSandbox.SECRET, TestSandbox.ACCOUNT, "Bearer");
    // Neither the numbers as typed, nor as sent (E.164), nor the call data.
    assertThat(run.err).doesNotContain("+1 415 555", "+1415555", "415555", "Person ");
    for (SandboxLead lead : sandbox.sandbox.leads(TestSandbox.OUTBOUND)) {
      assertThat(run.err).doesNotContain(lead.getPhoneNumber());
    }
  }

  @Test
  void updateRetriesA503AndPrintsBothAttempts() {
    Cli.Run added = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550123", sandbox.baseUrl()));
    assertThat(added.status).as("%s", added).isEqualTo(ExitCodes.OK);
    String leadId = added.out.strip();
    sandbox.sandbox.faults().next(1).status(503);

    Cli.Run run = sandbox.cli().run(Cli.args("leads", "update", "--pearl", TestSandbox.OUTBOUND,
        "--lead", leadId, "--status", "Completed", "--verbose", sandbox.baseUrl()));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    List<String> lines = attemptLines(run.err);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("nlpearl: attempt op=updateLead row=- attempt=1 status=503 "
        + "requestId=" + TRACE_ID + " latency=" + LATENCY
        + " then=retry reason=server_error delay=" + LATENCY);
    assertThat(lines.get(1)).matches("nlpearl: attempt op=updateLead row=- attempt=2 status=200 "
        + "requestId=\\S+ latency=" + LATENCY + " then=success");
    assertThat(sandbox.sandbox.counters().getRequestsWithStatus(503)).isEqualTo(1);
    assertThat(run.err).doesNotContain(TestSandbox.SECRET, "+14155550123", "4155550123");
  }

  @Test
  void withoutVerboseNoAttemptLineIsPrinted() {
    Path csv = Csv.validRows(dir, "leads.csv", 5);
    sandbox.sandbox.faults().next(1).rateLimited(Duration.ZERO);

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    assertThat(attemptLines(run.err)).isEmpty();
    assertThat(run.out).contains("  retries    1\n    rate limited                 1\n");
  }

  @Test
  void summaryReportsLatencyPercentilesAndRetryReasonsCountedFromTheSandbox() {
    Path csv = Csv.validRows(dir, "leads.csv", 60);
    sandbox.sandbox.faults()
        .next(4).rateLimited(Duration.ZERO)
        .next(3).status(503)
        .next(2).rateLimited(Duration.ZERO)
        .next(2).delay(Duration.ofMillis(50));

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "4",
        "--max-attempts", "8"));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    long rateLimited = sandbox.sandbox.counters().getRequestsWithStatus(429);
    long requests = sandbox.sandbox.counters().getRequests();
    assertThat(rateLimited).isEqualTo(6);
    // Adding a lead is not retried after a 503 (NLPearl may have stored it): only the 429s are.
    assertThat(run.out).contains("  retries    " + rateLimited + "\n"
        + "    rate limited                 " + rateLimited + "\n  latency    ");
    assertThat(run.out).contains("unknown    3 (");

    Matcher latency = Pattern.compile(
        "  latency    p50 (\\d+\\.\\d)ms, p95 (\\d+\\.\\d)ms, max (\\d+\\.\\d)ms \\((\\d+) responses\\)\n")
        .matcher(run.out);
    assertThat(latency.find()).as("%s", run.out).isTrue();
    double p50 = Double.parseDouble(latency.group(1));
    double p95 = Double.parseDouble(latency.group(2));
    double max = Double.parseDouble(latency.group(3));
    assertThat(p50).isLessThanOrEqualTo(p95);
    assertThat(p95).isLessThanOrEqualTo(max);
    // Every request the sandbox received was answered: one latency each.
    assertThat(Long.parseLong(latency.group(4))).isEqualTo(requests).isEqualTo(60 + rateLimited);
  }

  @Test
  void summarySaysSoWhenNoRequestWasAnswered() {
    Path csv = Csv.write(dir, "leads.csv", "phoneNumber", "not a number", "12");

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).contains("  retries    0\n  latency    none (no response received)\n");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }
}
