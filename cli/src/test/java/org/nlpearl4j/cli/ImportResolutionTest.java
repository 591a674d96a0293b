package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * {@code leads import --pearl}: rows of uncertain outcome settled by looking them up, against a
 * sandbox that fails before and after storing and shows a stored lead to lookups only after a lag.
 * One request in flight, so that the queued faults meet the rows in order.
 */
class ImportResolutionTest {
  private static final Duration LAG = Duration.ofMillis(300);

  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sandbox = new TestSandbox(NlPearlSandbox.builder().lookupLag(LAG));

  private Cli.Run importFile(Path csv, String... more) {
    return sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "1", "--max-attempts", "1",
        "--progress", "none", more));
  }

  private Map<String, List<SandboxLead>> stored() {
    return sandbox.sandbox.leadsByExternalId(TestSandbox.OUTBOUND);
  }

  private static Results.Line line(List<Results.Line> lines, long row) {
    return lines.stream().filter(l -> l.row() == row).findFirst().orElseThrow();
  }

  @Test
  void unknownRowsAreFoundAbsentRowsAreSentAgainOnceAndAcceptedRowsGetTheirId() {
    Path csv = Csv.validRows(dir, "leads.csv", 5);
    sandbox.sandbox.faults()
        .next(1).afterHandling().status(502)   // row 1: stored, then 502: unknown
        .next(1).status(502)                   // row 2: not stored, 502: unknown
        .next(1).emptyBody();                  // row 3: stored, empty 200: added without id

    Cli.Run run = importFile(csv, "--pearl", TestSandbox.OUTBOUND, "--settle", "1s");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, 5);
    assertThat(lines).allMatch(Results.Line::added);
    Map<String, List<SandboxLead>> stored = stored();
    assertThat(stored).hasSize(5).allSatisfy((id, leads) -> assertThat(leads).hasSize(1));
    for (Results.Line l : lines) {
      assertThat(l.leadId()).as("%s", l).isEqualTo(stored.get(l.key()).get(0).getId());
    }
    assertThat(line(lines, 1).reason()).isEqualTo("found by external id");
    assertThat(line(lines, 2).reason()).isEqualTo("not found by external id, sent again");
    assertThat(line(lines, 3).reason()).isEqualTo("found by external id");
    assertThat(line(lines, 4).reason()).isEmpty();
    // 5 adds, 3 lookups, 1 add sent again: row 2 exactly once more, nothing else.
    assertThat(sandbox.sandbox.counters().getLeadLookups()).isEqualTo(3);
    assertThat(sandbox.sandbox.counters().getRequests()).isEqualTo(9);
    assertThat(run.out).contains("    found      2", "    not found  1 (sent again: 1 add)",
        "now        5 added, 0 failed, 0 unknown");
    assertThat(run.err).contains("settling 3 rows of uncertain outcome by external id");
  }

  @Test
  void lookupsThatKeepFailingLeaveTheRowUnknownWithTheReasonAndResumePearlSettlesItLater() {
    Path csv = Csv.validRows(dir, "leads.csv", 1);
    sandbox.sandbox.faults().next(1).afterHandling().status(502).next(50).status(503);

    Cli.Run run = importFile(csv, "--pearl", TestSandbox.OUTBOUND, "--settle", "100ms");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    Results.Line row = Results.read(dir.resolve("leads.results.csv")).get(0);
    assertThat(row.outcome()).isEqualTo("unknown");
    assertThat(row.reason()).isEqualTo("lookup failed: server error");
    assertThat(row.errorType()).isEqualTo("ServerException");
    assertThat(row.message()).contains("failed " + Resolution.MAX_FAILED_CHECKS + " times",
        "--resume --pearl");
    // One add, then every lookup (each failed with a 503 before the sandbox looked).
    assertThat(sandbox.sandbox.counters().getRequests())
        .isEqualTo(1 + Resolution.MAX_FAILED_CHECKS);
    assertThat(sandbox.sandbox.counters().getRequestsWithStatus(503))
        .isEqualTo(Resolution.MAX_FAILED_CHECKS);
    assertThat(stored().get("lead-1")).hasSize(1);   // never sent again
    assertThat(run.out).contains("The lookups of 1 of them kept failing",
        "--resume --pearl " + TestSandbox.OUTBOUND);

    sandbox.sandbox.faults().clear();
    Cli.Run resumed = importFile(csv, "--pearl", TestSandbox.OUTBOUND, "--settle", "100ms",
        "--resume");

    assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.OK);
    Results.Line settled = Results.read(dir.resolve("leads.results.csv")).get(0);
    assertThat(settled.outcome()).isEqualTo("added");
    assertThat(settled.reason()).isEqualTo("found by external id");
    assertThat(settled.leadId()).isEqualTo(stored().get("lead-1").get(0).getId());
    assertThat(stored().get("lead-1")).hasSize(1);
  }

  @Test
  void resumePearlSettlesTheUnknownRowsOfARunWithoutPearl() {
    Path csv = Csv.validRows(dir, "leads.csv", 3);
    sandbox.sandbox.faults().next(1).afterHandling().dropConnection().next(1).status(504);

    Cli.Run first = importFile(csv);

    assertThat(first.status).as("%s", first).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(first.out).contains("--resume --pearl ID settles them",
        "To settle them, run the same command with --resume --pearl ID")
        .doesNotContain("check the campaign", "Check the campaign");
    assertThat(sandbox.sandbox.counters().getLeadLookups()).isZero();

    // The earlier run ended a moment ago: its rows are looked up a settle time after the results
    // file was last written, beyond the sandbox's lag.
    Cli.Run resumed = importFile(csv, "--resume", "--pearl", TestSandbox.OUTBOUND,
        "--settle", "1s");

    assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.OK);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, 3);
    assertThat(lines).allMatch(Results.Line::added);
    assertThat(line(lines, 1).reason()).isEqualTo("found by external id");
    assertThat(line(lines, 2).reason()).isEqualTo("not found by external id, sent again");
    assertThat(stored()).hasSize(3).allSatisfy((id, leads) -> assertThat(leads).hasSize(1));
    assertThat(sandbox.sandbox.counters().getLeadLookups()).isEqualTo(2);
  }

  @Test
  void rowsWithoutAnExternalIdAreCountedAndNotLookedUp() {
    Path csv = Csv.write(dir, "leads.csv", "phoneNumber", "+14155550101", "+14155550102");
    sandbox.sandbox.faults().next(1).afterHandling().status(502);

    Cli.Run run = importFile(csv, "--pearl", TestSandbox.OUTBOUND, "--settle", "0s");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(sandbox.sandbox.counters().getLeadLookups()).isZero();
    assertThat(run.out).contains("    no ext. id 1 (cannot be looked up: give every row an externalId)",
        "1 of them has no external id and cannot be looked up");
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    assertThat(line(lines, 1).outcome()).isEqualTo("unknown");
  }

  @Test
  void withoutPearlTheSummaryCountsTheRowsThatCannotBeLookedUp() {
    Path csv = Csv.write(dir, "leads.csv", "externalId,phoneNumber", ",+14155550101",
        "crm-2,+14155550102");
    sandbox.sandbox.faults().next(1).status(502).next(1).status(503);

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(run.out).contains("The outcome of 2 rows is unknown",
        "--resume --pearl ID", "1 of them has no external id");
  }

  @Test
  void retryUnknownAndPearlExcludeEachOther() {
    Path csv = Csv.validRows(dir, "leads.csv", 1);
    Cli.Run run = importFile(csv, "--resume", "--retry-unknown", "--pearl", TestSandbox.OUTBOUND);
    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("--retry-unknown and --pearl exclude each other");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void leadsFindPrintsTheLeadOrExitsOneWhenThereIsNone() {
    // A sandbox without lookup lag: the lead added is found at once.
    try (TestSandbox sandbox = TestSandbox.start()) {
      find(sandbox);
    }
  }

  private static void find(TestSandbox sandbox) {
    Cli cli = sandbox.cli();
    Cli.Run added = cli.run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550123", "--external-id", "crm-42", sandbox.baseUrl()));
    assertThat(added.status).as("%s", added).isEqualTo(ExitCodes.OK);
    String leadId = added.out.strip();

    Cli.Run found = cli.run(Cli.args("leads", "find", "--pearl", TestSandbox.OUTBOUND,
        "--external-id", "crm-42", sandbox.baseUrl()));
    assertThat(found.status).as("%s", found).isEqualTo(ExitCodes.OK);
    assertThat(found.out).contains("id               " + leadId, "externalId       crm-42",
        "phoneNumber      +14155550123");

    Cli.Run missing = cli.run(Cli.args("leads", "find", "--pearl", TestSandbox.OUTBOUND,
        "--external-id", "crm-43", sandbox.baseUrl()));
    assertThat(missing.status).as("%s", missing).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.out).isEmpty();
    assertThat(missing.err).contains("no lead with external id 'crm-43'");

    sandbox.sandbox.faults().next(3).status(503);
    Cli.Run failing = cli.run(Cli.args("leads", "find", "--pearl", TestSandbox.OUTBOUND,
        "--external-id", "crm-42", sandbox.baseUrl()));
    assertThat(failing.status).as("%s", failing).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(failing.err).contains("503", "not known").doesNotContain(TestSandbox.SECRET);
  }

  @Test
  void leadsFindRefusesBadInputBeforeSendingAnything() {
    Cli cli = sandbox.cli();
    Cli.Run blank = cli.run(Cli.args("leads", "find", "--pearl", TestSandbox.OUTBOUND,
        "--external-id", " ", sandbox.baseUrl()));
    assertThat(blank.status).as("%s", blank).isEqualTo(ExitCodes.USAGE);
    assertThat(blank.err).containsIgnoringCase("externalId");
    Cli.Run missing = cli.run(Cli.args("leads", "find", "--pearl", TestSandbox.OUTBOUND,
        sandbox.baseUrl()));
    assertThat(missing.status).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err).contains("--external-id");
    Cli.Run noCredentials = Cli.noCredentials().run("leads", "find", "--pearl",
        TestSandbox.OUTBOUND, "--external-id", "crm-42");
    assertThat(noCredentials.status).isEqualTo(ExitCodes.USAGE);
    assertThat(noCredentials.err).contains("no credentials", "--sandbox");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void leadsFindWorksAgainstTheEmbeddedSandbox() {
    Cli.Run run = Cli.noCredentials().run("leads", "find", "--pearl", "demo", "--external-id",
        "crm-1", "--sandbox");
    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).contains("embedded sandbox", "no lead with external id 'crm-1'");
  }

  static String keys(List<Results.Line> lines) {
    return lines.stream().map(Results.Line::key).collect(Collectors.joining(","));
  }
}
