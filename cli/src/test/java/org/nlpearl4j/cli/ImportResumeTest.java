package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of an import, and {@code --resume} afterwards. */
class ImportResumeTest {
  private static final int ROWS = 60;
  private static final int CONCURRENCY = 4;

  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private Cli.Run importFile(Cli cli, Path csv, String... more) {
    return cli.run(sandbox.importArgs(csv, "--concurrency", Integer.toString(CONCURRENCY), more));
  }

  @Test
  void ctrlCStopsSendingFlushesTheResultsAndResumeDoesTheRestWithoutDuplicates() {
    Path csv = Csv.validRows(dir, "leads.csv", ROWS);
    Path results = dir.resolve("leads.results.csv");
    // Slow answers so that the import is still running when Ctrl-C comes after 7 rows.
    sandbox.sandbox.faults().next(ROWS).delay(Duration.ofMillis(20));
    Cli cli = sandbox.cli();
    cli.listener((row, key, added, finished) -> {
      if (finished == 7) {
        cli.interrupts().fire();
      }
    });

    Cli.Run interrupted = importFile(cli, csv);

    assertThat(interrupted.status).as("%s", interrupted).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(cli.interrupts().registered()).isEqualTo(1);
    assertThat(cli.interrupts().active()).as("handler removed after the import").isFalse();
    List<Results.Line> partial = Results.read(results);
    // The 7 rows, plus those in flight when Ctrl-C came (at most the concurrency): they finish
    // and are written; nothing after them is read.
    assertThat(partial.size()).isBetween(7, 7 + CONCURRENCY);
    assertThat(partial.stream().map(Results.Line::row).distinct().count()).isEqualTo(partial.size());
    assertThat(partial).allMatch(Results.Line::added);
    assertThat(sandbox.storedLeads()).isEqualTo(partial.size());
    assertThat(interrupted.out).contains("Interrupted: " + partial.size() + " of " + ROWS
        + " rows done", "--resume", "not done   " + (ROWS - partial.size()));

    sandbox.sandbox.faults().clear();
    Cli.Run resumed = importFile(sandbox.cli(), csv, "--resume");

    assertThat(resumed.status).as("%s", resumed).isEqualTo(ExitCodes.OK);
    List<Results.Line> all = Results.read(results);
    Results.assertEveryRowOnce(all, ROWS);
    assertThat(all.subList(0, partial.size())).containsExactlyElementsOf(partial);
    assertThat(sandbox.storedLeads()).isEqualTo(ROWS);
    assertThat(Results.addedLeadIds(all))
        .containsExactlyInAnyOrderElementsOf(sandbox.leadsById().keySet());
    assertThat(resumed.err).contains("resuming " + results + ": " + partial.size()
        + " rows already added are skipped");
    assertThat(resumed.out).contains("added      " + (ROWS - partial.size()));
  }

  @Test
  void resumeFromAResultsFilePrefixSendsOnlyTheFailedRowsAndTheRest() throws Exception {
    Path csv = Csv.validRows(dir, "leads.csv", 10);
    Path results = Csv.write(dir, "leads.results.csv",
        "row,key,outcome,reason,leadId,errorType,message",
        "2,lead-2,added,,aaaaaaaaaaaaaaaaaaaaaaa2,,",
        "1,lead-1,added,,aaaaaaaaaaaaaaaaaaaaaaa1,,",
        "3,lead-3,failed,rate limited,,RateLimitedException,\"addLead failed: HTTP 429\"",
        "5,lead-5,unknown,server error,,ServerException,\"addLead failed: HTTP 502\"",
        "4,lead-4,added,,aaaaaaaaaaaaaaaaaaaaaaa4,,");

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "1", "--resume"));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.UNKNOWN);
    List<Results.Line> lines = Results.read(results);
    Results.assertEveryRowOnce(lines, 10);
    assertThat(lines.subList(0, 4)).extracting(Results.Line::row, Results.Line::outcome)
        .containsExactly(tuple(2L, "added"), tuple(1L, "added"), tuple(5L, "unknown"),
            tuple(4L, "added"));
    assertThat(lines.stream().filter(line -> line.row() != 5)).allMatch(Results.Line::added);
    Set<String> sent = sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .map(lead -> lead.getExternalId()).collect(Collectors.toSet());
    assertThat(sent).containsExactlyInAnyOrder(
        "lead-3", "lead-6", "lead-7", "lead-8", "lead-9", "lead-10");
    assertThat(run.err).contains("3 rows already added are skipped, 1 rows of unknown outcome are "
        + "left alone (--pearl settles them), 1 failed rows are tried again");
    assertThat(run.out).contains("The outcome of 1 row is unknown",
        "  row 5      lead-5                   server error");
    assertThat(Files.exists(dir.resolve("leads.results.csv.resume.tmp"))).isFalse();
  }

  @Test
  void aResultsFileWithoutTheReasonColumnIsRefusedAndNothingIsSent() {
    // The format before outcome "unknown" was never released: no reader for it is kept.
    Path csv = Csv.validRows(dir, "leads.csv", 3);
    Path results = Csv.write(dir, "leads.results.csv",
        "row,key,outcome,leadId,errorType,message",
        "2,lead-2,added,aaaaaaaaaaaaaaaaaaaaaaa2,,");

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--resume"));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("is not a results file of nlpearl");
    assertThat(sandbox.storedLeads()).isZero();
    assertThat(Csv.read(results)).startsWith("row,key,outcome,leadId,errorType,message\n");
  }

  @Test
  void aLastLineCutShortByACrashIsDroppedAndItsRowSentAgain() {
    Path csv = Csv.validRows(dir, "leads.csv", 3);
    Path results = Csv.writeRaw(dir, "leads.results.csv",
        "row,key,outcome,reason,leadId,errorType,message\n"
            + "1,lead-1,added,,aaaaaaaaaaaaaaaaaaaaaaa1,,\n"
            + "2,lead-2,added,,aaaaaaaaaaaa");

    Cli.Run run = importFile(sandbox.cli(), csv, "--resume");

    assertThat(run.status).as("%s", run).isZero();
    assertThat(run.err).contains("its last line was cut short and is dropped");
    Results.assertEveryRowOnce(Results.read(results), 3);
    assertThat(sandbox.storedLeads()).isEqualTo(2);
  }

  @Test
  void resumingWithTheResultsOfAnotherCsvIsRefusedBeforeSendingAnything() {
    Path csv = Csv.validRows(dir, "leads.csv", 5);
    String original = "row,key,outcome,reason,leadId,errorType,message\n"
        + "1,lead-1,added,,aaaaaaaaaaaaaaaaaaaaaaa1,,\n"
        + "2,someone-else,unknown,server error,,ServerException,HTTP 500\n";
    Path results = Csv.writeRaw(dir, "leads.results.csv", original);

    Cli.Run run = importFile(sandbox.cli(), csv, "--resume");

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("records row 2 with another key than row 2 of " + csv
        + " ('lead-2')", "belongs to another CSV");
    assertThat(Csv.read(results)).isEqualTo(original);
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void resumingWithRowsPastTheEndOfTheCsvIsRefused() {
    Path csv = Csv.validRows(dir, "leads.csv", 2);
    Csv.write(dir, "leads.results.csv",
        "row,key,outcome,reason,leadId,errorType,message",
        "9,lead-9,added,,aaaaaaaaaaaaaaaaaaaaaaa9,,");

    Cli.Run run = importFile(sandbox.cli(), csv, "--resume");

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("records row 9 but " + csv + " has only 2 rows");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void resumingFromSomethingElseThanAResultsFileIsRefused() {
    Path csv = Csv.validRows(dir, "leads.csv", 2);
    Csv.write(dir, "leads.results.csv", "a,b,c", "1,2,3");

    Cli.Run run = importFile(sandbox.cli(), csv, "--resume");

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("is not a results file of nlpearl");
  }

  @Test
  void resumeWithoutAResultsFileStartsANewOne() {
    Path csv = Csv.validRows(dir, "leads.csv", 3);

    Cli.Run run = importFile(sandbox.cli(), csv, "--resume");

    assertThat(run.status).isZero();
    Results.assertEveryRowOnce(Results.read(dir.resolve("leads.results.csv")), 3);
  }
}
