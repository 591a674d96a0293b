package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected in the middle of an import: no row is lost or written twice, the sandbox holds
 * exactly the leads the results file records as added, and --resume finishes the job.
 */
class ImportFaultsTest {
  private static final int ROWS = 80;

  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private Cli.Run importFile(Cli cli, Path csv, String... more) {
    return cli.run(sandbox.importArgs(csv, "--concurrency", "6", more));
  }

  /** Injects faults once, when the given number of rows have finished. */
  private ImportListener injectAfter(long rows, Runnable inject) {
    AtomicBoolean done = new AtomicBoolean();
    return (row, key, added, finished) -> {
      if (finished >= rows && done.compareAndSet(false, true)) {
        inject.run();
      }
    };
  }

  /**
   * Asserts that the results file has each of the {@link #ROWS} rows once, all added, and that the
   * sandbox holds exactly the leads it records.
   */
  private void assertEveryRowAddedOnce(List<Results.Line> lines) {
    Results.assertEveryRowOnce(lines, ROWS);
    assertThat(Results.count(lines, "added")).isEqualTo(ROWS);
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS);
    assertThat(Results.addedLeadIds(lines))
        .containsExactlyInAnyOrderElementsOf(sandbox.leadsById().keySet());
  }

  @Test
  void rateLimitBurstsAreRetriedAndEveryRowIsAdded() {
    Path csv = Csv.validRows(dir, "leads.csv", ROWS);
    Cli cli = sandbox.cli().listener(injectAfter(10,
        () -> sandbox.sandbox.faults().next(5).rateLimited(Duration.ZERO)));

    // Six attempts per lead: even if one lead meets all five 429s, its sixth attempt goes through.
    Cli.Run run = importFile(cli, csv, "--max-attempts", "6");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    assertEveryRowAddedOnce(Results.read(dir.resolve("leads.results.csv")));
    assertThat(sandbox.sandbox.counters().getRequestsWithStatus(429)).isEqualTo(5);
    assertThat(run.out).contains("retries    5");
  }

  @Test
  void maxAttemptsOfOneReportsARateLimitedRowInsteadOfRetryingIt() {
    Path csv = Csv.validRows(dir, "leads.csv", ROWS);
    Cli cli = sandbox.cli().listener(injectAfter(10,
        () -> sandbox.sandbox.faults().next(1).rateLimited(Duration.ZERO)));

    Cli.Run run = importFile(cli, csv, "--max-attempts", "1");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, ROWS);
    assertThat(lines.stream().filter(line -> !line.added()))
        .extracting(Results.Line::outcome, Results.Line::reason, Results.Line::errorType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("failed", "rate limited",
            "RateLimitedException"));
    assertThat(run.out).contains("failed     1 (", "    rate limited                 1\n");
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS - 1);
    assertThat(sandbox.sandbox.counters().getRequestsWithStatus(429)).isEqualTo(1);
    assertThat(run.out).contains("retries    0");
  }

  @Test
  void serverErrorsAndDroppedConnectionsMakeRowsUnknownWhichResumeLeavesAlone() {
    Path csv = Csv.validRows(dir, "leads.csv", ROWS);
    Cli cli = sandbox.cli().listener(injectAfter(20, () -> sandbox.sandbox.faults()
        .next(3).rateLimited(Duration.ZERO)
        .next(4).serverError()
        .next(3).dropConnection()
        .next(2).status(503)));

    Cli.Run run = importFile(cli, csv);

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, ROWS);
    long added = Results.count(lines, "added");
    assertThat(sandbox.storedLeads()).isEqualTo(added);
    assertThat(Results.addedLeadIds(lines))
        .containsExactlyInAnyOrderElementsOf(sandbox.leadsById().keySet());
    long unknown = Results.count(lines, "unknown");
    long failed = Results.count(lines, "failed");
    assertThat(added + unknown + failed).isEqualTo(ROWS);
    // 5xx and connections lost after sending: NLPearl may have stored the lead.
    assertThat(unknown).isEqualTo(9);
    assertThat(lines.stream().filter(line -> line.outcome().equals("unknown"))
        .map(Results.Line::reason)).isSubsetOf("server error", "network: connection lost");
    // Only the 429s may have failed (a lead that met all three of them): it was not stored.
    assertThat(lines.stream().filter(line -> line.outcome().equals("failed"))
        .map(Results.Line::reason)).isSubsetOf("rate limited");
    assertThat(run.out).contains("unknown    " + unknown + " (NLPearl may have stored them; "
        + "--resume --pearl ID settles them)", "    server error                 6\n",
        "The outcome of " + unknown + " rows is unknown",
        "run the same command with --resume --pearl ID");
    assertThat(run.out).doesNotContain("ServerException");

    // Resume: the failed rows (if any) are sent again, the unknown ones are left alone.
    Cli.Run resumed = importFile(sandbox.cli(), csv, "--resume");

    assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.UNKNOWN);
    List<Results.Line> after = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(after, ROWS);
    assertThat(Results.count(after, "unknown")).isEqualTo(unknown);
    assertThat(Results.count(after, "added")).isEqualTo(ROWS - unknown);
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS - unknown);
    assertThat(resumed.err).contains(unknown + " rows of unknown outcome are left alone");
    assertThat(resumed.out).contains("skipped    " + added + " added by an earlier run, " + unknown
        + " of unknown outcome left alone", "The outcome of " + unknown + " rows is unknown");

    // These faults came before the sandbox stored anything: sending the unknown rows again is
    // safe here, and --retry-unknown does it.
    Cli.Run retried = importFile(sandbox.cli(), csv, "--resume", "--retry-unknown");

    assertThat(retried.status).as("%s", retried).isEqualTo(ExitCodes.OK);
    assertEveryRowAddedOnce(Results.read(dir.resolve("leads.results.csv")));
    assertThat(retried.err).contains(unknown + " rows of unknown outcome are sent again");
  }

  @Test
  void failuresAfterNlpearlStoredTheLeadAreUnknownAndResumeNeverAddsThemTwice() {
    Path csv = Csv.validRows(dir, "leads.csv", ROWS);
    // A gateway answering 502/504 after the backend stored the lead, a connection reset after the
    // server acted: the issue that made --resume add 359 of 1,000 leads twice.
    Cli cli = sandbox.cli().listener(injectAfter(10, () -> sandbox.sandbox.faults()
        .next(2).afterHandling().status(502)
        .next(1).afterHandling().status(504)
        .next(2).afterHandling().dropConnection()));

    Cli.Run run = importFile(cli, csv);

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, ROWS);
    List<Results.Line> unknown = lines.stream()
        .filter(line -> line.outcome().equals("unknown")).toList();
    assertThat(unknown).hasSize(5);
    assertThat(unknown).extracting(Results.Line::reason)
        .containsOnly("server error", "network: connection lost");
    // The sandbox stored every lead, those of unknown outcome too.
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS);

    for (int i = 0; i < 2; i++) {
      Cli.Run resumed = importFile(sandbox.cli(), csv, "--resume");
      assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.UNKNOWN);
      assertThat(resumed.out).contains("The outcome of 5 rows is unknown");
    }
    assertThat(sandbox.storedLeads()).as("resume sent none of them again").isEqualTo(ROWS);
    assertThat(sandbox.sandbox.leadsByExternalId(TestSandbox.OUTBOUND).values())
        .allSatisfy(leads -> assertThat(leads).hasSize(1));

    // --retry-unknown is the user's decision: here every one of them was stored, so each becomes
    // a duplicate. That is why it is never done on its own.
    Cli.Run retried = importFile(sandbox.cli(), csv, "--resume", "--retry-unknown");
    assertThat(retried.status).as("%s", retried).isEqualTo(ExitCodes.OK);
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS + 5);
    for (Results.Line line : unknown) {
      assertThat(sandbox.sandbox.leadsWithExternalId(TestSandbox.OUTBOUND, line.key()))
          .hasSize(2);
    }
  }

  @Test
  void aGarbledAnswerToAStoredAddIsAddedWithoutAnIdAndNeverSentAgain() {
    Path csv = Csv.validRows(dir, "leads.csv", 40);
    Cli cli = sandbox.cli().listener(injectAfter(5, () -> sandbox.sandbox.faults()
        .next(6).delay(Duration.ofMillis(200))
        .next(2).malformedBody()));

    Cli.Run run = importFile(cli, csv);

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, 40);
    assertThat(lines).allMatch(Results.Line::added);
    List<Results.Line> withoutId = lines.stream().filter(line -> line.leadId().isEmpty()).toList();
    assertThat(withoutId).hasSize(2).allSatisfy(line -> {
      assertThat(line.reason()).isEqualTo("unexpected response");
      assertThat(line.message()).contains("its id is unknown");
    });
    // The sandbox stored every lead, the two with garbled answers too.
    assertThat(sandbox.storedLeads()).isEqualTo(40);
    assertThat(run.out).contains("added      40 (2 accepted by NLPearl without a readable id");

    Cli.Run resumed = importFile(sandbox.cli(), csv, "--resume");
    assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.OK);
    assertThat(sandbox.storedLeads()).isEqualTo(40);
    assertThat(sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .map(lead -> lead.getExternalId()).distinct().count()).isEqualTo(40);
  }
}
