package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/** The exit statuses documented in the README and in --help. */
class ExitCodesTest {
  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  @ParameterizedTest
  @ValueSource(strings = {"", "leads", "leads add", "leads update", "leads find", "leads import",
      "sandbox"})
  void helpOnEveryCommandHasExamplesAndExitsZero(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");

    Cli.Run run = Cli.noCredentials().run(Cli.args(words, "--help"));

    assertThat(run.status).isZero();
    assertThat(run.out).startsWith("Usage: nlpearl" + (command.isEmpty() ? "" : " " + command))
        .contains("Examples:", "  nlpearl ");
  }

  @Test
  void importHelpListsTheExitStatusesAndTheOutcomes() {
    Cli.Run run = Cli.noCredentials().run("leads", "import", "--help");

    assertThat(run.out).contains("  4   the outcome of some rows is unknown",
        "  1   some rows failed, none is unknown", "--retry-unknown", "--sandbox",
        "nlpearl leads import samples/leads.csv --outbound demo-outbound --sandbox",
        "sort -t, -k1,1n");
  }

  @Test
  void retryUnknownWithoutResumeIsAUsageError() {
    Path csv = Csv.validRows(dir, "leads.csv", 1);

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--retry-unknown"));

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("--retry-unknown goes with --resume");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(Cli.noCredentials().run().status).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.noCredentials().run("leads").status).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void unknownOptionsAndMissingValuesAreUsageErrors() {
    Path csv = Csv.validRows(dir, "leads.csv", 1);
    assertThat(Cli.noCredentials().run("leads", "import", csv.toString()).status)
        .isEqualTo(ExitCodes.USAGE);
    Cli.Run unknown = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound", "o",
        "--colour");
    assertThat(unknown.status).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err).contains("Unknown option: '--colour'");
    Cli.Run concurrency = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound",
        "o", "--concurrency", "0");
    assertThat(concurrency.status).isEqualTo(ExitCodes.USAGE);
    assertThat(concurrency.err).contains("--concurrency must be between 1 and 256");
    assertThat(Cli.noCredentials().run("leads", "add", "--outbound", "o").status)
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void thereIsNoOptionForTheTokenItself() {
    Cli.Run run = Cli.noCredentials().run("leads", "add", "--outbound", "o", "--phone",
        "+14155550100", "--token", TestSandbox.TOKEN);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("Unknown option: '--token' and 1 other argument (not shown)",
        "--token-file");
    assertThat(run.all()).doesNotContain(TestSandbox.SECRET);

    Cli.Run equals = Cli.noCredentials().run("leads", "add", "--outbound", "o", "--phone",
        "+14155550100", "--token=" + TestSandbox.TOKEN);
    assertThat(equals.status).isEqualTo(ExitCodes.USAGE);
    assertThat(equals.err).contains("Unknown option: '--token=...'");
    assertThat(equals.all()).doesNotContain(TestSandbox.SECRET);
  }

  @Test
  void aMissingCsvIsAUsageError() {
    Cli.Run run = sandbox.cli().run(Cli.args("leads", "import", dir.resolve("nope.csv").toString(),
        "--outbound", "o", sandbox.baseUrl()));

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("nope.csv: no such file");
  }

  @Test
  void anUnwritableResultsFileIsAUsageErrorAndNothingIsSent() {
    Path csv = Csv.validRows(dir, "leads.csv", 2);

    Cli.Run run = sandbox.cli().run(sandbox.importArgs(csv, "--results",
        dir.resolve("no-such-dir").resolve("r.csv").toString()));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("cannot write the results file", "no-such-dir");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void refusedCredentialsAbortTheImportWithStatus3() {
    Path csv = Csv.validRows(dir, "leads.csv", 30);
    Cli cli = Cli.withEnv(Map.of(Credentials.TOKEN_ENV, TestSandbox.ACCOUNT + ":WrongSecretKey"));

    Cli.Run run = cli.run(sandbox.importArgs(csv, "--concurrency", "2"));

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.ABORTED);
    assertThat(run.out).contains("Aborted: the API refused the credentials", "--resume",
        "    not authorized");
    var lines = Results.read(dir.resolve("leads.results.csv"));
    assertThat(lines.size()).isBetween(1, 3);
    assertThat(lines).noneMatch(Results.Line::added);
    assertThat(sandbox.sandbox.counters().getRequests()).isLessThanOrEqualTo(3);
  }

  @Test
  void anUnknownCampaignAbortsTheImportWithStatus3() {
    try (TestSandbox strict = new TestSandbox(NlPearlSandbox.builder().autoCreateCampaigns(false)
        .campaign("65f00000000000000000aaaa"))) {
      Path csv = Csv.validRows(dir, "leads.csv", 30);

      Cli.Run run = strict.cli().run(Cli.args("leads", "import", csv.toString(), "--outbound",
          "65f00000000000000000bbbb", strict.baseUrl(), "--concurrency", "1"));

      assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.ABORTED);
      assertThat(run.out).contains("Aborted: outbound campaign '65f00000000000000000bbbb' was not "
          + "found");
      assertThat(Results.read(dir.resolve("leads.results.csv"))).hasSize(1);
    }
  }

  @Test
  void addPrintsTheLeadIdAndExitsZero() {
    Cli.Run run = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+33 1 99 00 12 34", "--external-id", "crm-9", "--time-zone", "Europe/Paris",
        "--data", "name=Chloé", "--data", "plan=pro=max", sandbox.baseUrl()));

    assertThat(run.status).as("%s", run).isZero();
    String leadId = run.out.strip();
    assertThat(leadId).matches("[0-9a-f]{24}");
    SandboxLead lead = sandbox.leadsById().get(leadId);
    assertThat(lead.getPhoneNumber()).isEqualTo("+33199001234");
    assertThat(lead.getExternalId()).isEqualTo("crm-9");
    assertThat(lead.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(lead.getCallData()).containsExactly(Map.entry("name", "Chloé"),
        Map.entry("plan", "pro=max"));
  }

  @Test
  void addWithAnInvalidLeadIsAUsageErrorAndSendsNothing() {
    Cli.Run run = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "555-0100", sandbox.baseUrl()));

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("phoneNumber: must be an international number");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();

    Cli.Run zone = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550100", "--time-zone", "Atlantis/Capital", sandbox.baseUrl()));
    assertThat(zone.status).isEqualTo(ExitCodes.USAGE);
    assertThat(zone.err).contains("--time-zone: 'Atlantis/Capital' is not a time zone");
  }

  @Test
  void addFailedByTheApiExitsFourAndRefusedExitsOne() {
    sandbox.sandbox.faults().next(1).serverError();

    Cli.Run run = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550100", sandbox.baseUrl()));

    // A 500 may come after NLPearl stored the lead: the outcome is unknown.
    assertThat(run.status).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(run.err).contains("addLead failed: HTTP 500",
        "NLPearl may have carried out the request; check before sending it again");
    assertThat(run.out).isEmpty();

    sandbox.sandbox.faults().next(1).afterHandling().status(504);
    Cli.Run stored = sandbox.cli().run(Cli.args("leads", "add", "--outbound",
        TestSandbox.OUTBOUND, "--phone", "+14155550101", sandbox.baseUrl()));
    assertThat(stored.status).isEqualTo(ExitCodes.UNKNOWN);
    assertThat(sandbox.sandbox.leadsWithPhoneNumber(TestSandbox.OUTBOUND, "+14155550101"))
        .as("a 504 after the lead was stored").hasSize(1);

    sandbox.sandbox.faults().next(1).status(400);
    Cli.Run refused = sandbox.cli().run(Cli.args("leads", "add", "--outbound",
        TestSandbox.OUTBOUND, "--phone", "+14155550100", sandbox.baseUrl()));
    assertThat(refused.status).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err).contains("HTTP 400").doesNotContain("may have");
  }

  @Test
  void updateChangesTheLeadAndPrintsIt() {
    String leadId = sandbox.cli().run(Cli.args("leads", "add", "--outbound", TestSandbox.OUTBOUND,
        "--phone", "+14155550100", "--external-id", "crm-1", sandbox.baseUrl())).out.strip();

    Cli.Run run = sandbox.cli().run(Cli.args("leads", "update", "--pearl", TestSandbox.OUTBOUND,
        "--lead", leadId, "--status", "completed", "--data", "note=closed in CRM",
        sandbox.baseUrl()));

    assertThat(run.status).as("%s", run).isZero();
    assertThat(run.out).contains("id               " + leadId, "externalId       crm-1",
        "status           Completed (130)", "callData.note    closed in CRM");
    assertThat(sandbox.leadsById().get(leadId).getStatus()).isEqualTo(130);
  }

  @Test
  void updateOfAnUnknownLeadExitsOneAndABadStatusIsAUsageError() {
    Cli.Run missing = sandbox.cli().run(Cli.args("leads", "update", "--pearl",
        TestSandbox.OUTBOUND, "--lead", "0123456789abcdef01234567", "--status", "Success",
        sandbox.baseUrl()));
    assertThat(missing.status).as("%s", missing).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err).contains("updateLead failed: HTTP 404");

    Cli.Run status = sandbox.cli().run(Cli.args("leads", "update", "--pearl",
        TestSandbox.OUTBOUND, "--lead", "0123456789abcdef01234567", "--status", "Calling",
        sandbox.baseUrl()));
    assertThat(status.status).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err).contains("'Calling' is not a status a client may set");
  }
}
