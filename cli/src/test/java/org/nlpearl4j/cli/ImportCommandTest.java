package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.internal.PhoneNumbers;
import org.nlpearl4j.sandbox.SandboxLead;

/** {@code nlpearl leads import} end to end against the sandbox. */
class ImportCommandTest {
  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private Cli.Run importFile(Path csv, String... more) {
    return sandbox.cli().run(sandbox.importArgs(csv, more));
  }

  private String leadIdOf(String phoneE164) {
    return sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .filter(lead -> lead.getPhoneNumber().equals(phoneE164))
        .map(SandboxLead::getId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no lead with " + phoneE164));
  }

  @Test
  void validAndInvalidRowsGiveTheExactResultsFile() {
    Path csv = Csv.write(dir, "leads.csv",
        "externalId,phoneNumber,firstName,timeZone,timeZoneId",
        "crm-1,+1 (415) 555-0101,Ada,America/Los_Angeles,",
        "crm-2,+44 20 7946 0958,Alan,,GMT Standard Time",
        "crm-3,+1 415 CALL NOW,Bad,,",
        "crm-4,,NoPhone,,",
        "crm-5,+33 1 99 00 12 34,Chloé,Mars/Base,",
        ",0049 30 901820,Jürgen,,");

    Cli.Run run = importFile(csv, "--concurrency", "1");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    String prefix = "addLead request is invalid, nothing was sent: 1 invalid field ";
    assertThat(Csv.read(dir.resolve("leads.results.csv"))).isEqualTo(String.join("\n",
        "row,key,outcome,leadId,errorType,message",
        "1,crm-1,added," + leadIdOf("+14155550101") + ",,",
        "2,crm-2,added," + leadIdOf("+442079460958") + ",,",
        "3,crm-3,failed,,InvalidRequestException,\"" + prefix + "[phoneNumber: "
            + PhoneNumbers.RULE + "]\"",
        "4,crm-4,failed,,InvalidRequestException,\"" + prefix + "[phoneNumber: is required]\"",
        "5,crm-5,failed,,InvalidRequestException,\"" + prefix + "[timeZone: 'Mars/Base' is not a "
            + "time zone: use an IANA id such as Europe/Paris or America/New_York, or a Windows id "
            + "such as Pacific Standard Time]\"",
        "6,0049 30 901820,added," + leadIdOf("+4930901820") + ",,",
        ""));
    assertThat(sandbox.storedLeads()).isEqualTo(3);
    assertThat(run.out).contains("added      3", "failed     3", "InvalidRequestException      3",
        "retries    0");
  }

  @Test
  void rowsBecomeLeadsWithTimeZonesAndCallData() {
    Path csv = Csv.write(dir, "leads.csv",
        "phoneNumber,externalId,timeZone,firstName,email,company,Plan Tier",
        "+1 212 555 0147,crm-1,America/New_York,Grace,grace@example.org,\"Hopper, Inc\",gold",
        "+81-3-1234-5678,crm-2,Tokyo Standard Time,太郎,taro@example.jp,山田商事,");

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    Map<String, SandboxLead> byExternalId = sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .collect(Collectors.toMap(SandboxLead::getExternalId, lead -> lead));
    SandboxLead grace = byExternalId.get("crm-1");
    assertThat(grace.getPhoneNumber()).isEqualTo("+12125550147");
    assertThat(grace.getTimeZoneId()).isEqualTo("Eastern Standard Time");
    assertThat(grace.getCallData()).containsExactly(
        Map.entry("firstName", "Grace"), Map.entry("email", "grace@example.org"),
        Map.entry("company", "Hopper, Inc"), Map.entry("Plan Tier", "gold"));
    SandboxLead taro = byExternalId.get("crm-2");
    assertThat(taro.getTimeZoneId()).isEqualTo("Tokyo Standard Time");
    assertThat(taro.getCallData()).containsExactly(
        Map.entry("firstName", "太郎"), Map.entry("email", "taro@example.jp"),
        Map.entry("company", "山田商事"));
  }

  @Test
  void everyRowIsAddedWithConcurrencyAndTheResultsMatchTheSandbox() {
    Path csv = Csv.validRows(dir, "many.csv", 120);

    Cli.Run run = importFile(csv, "--concurrency", "8");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.OK);
    List<Results.Line> lines = Results.read(dir.resolve("many.results.csv"));
    Results.assertEveryRowOnce(lines, 120);
    assertThat(Results.addedLeadIds(lines))
        .containsExactlyInAnyOrderElementsOf(sandbox.leadsById().keySet());
    for (Results.Line line : lines) {
      assertThat(line.leadId()).matches("[0-9a-f]{24}");
      assertThat(sandbox.leadsById().get(line.leadId()).getExternalId()).isEqualTo(line.key());
    }
    assertThat(run.out).contains("rows       120 in the file", "added      120", "failed     0");
  }

  @Test
  void resultsGoWhereToldAndAnExistingFileIsNotOverwrittenByAccident() throws Exception {
    Path csv = Csv.validRows(dir, "leads.csv", 3);
    Path results = dir.resolve("out").resolve("r.csv");
    Files.createDirectories(results.getParent());

    assertThat(importFile(csv, "--results", results.toString()).status).isZero();
    String first = Csv.read(results);

    Cli.Run again = importFile(csv, "--results", results.toString());
    assertThat(again.status).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err).contains(results + " already exists", "--resume", "--overwrite");
    assertThat(Csv.read(results)).isEqualTo(first);
    assertThat(sandbox.storedLeads()).isEqualTo(3);

    Cli.Run overwritten = importFile(csv, "--results", results.toString(), "--overwrite");
    assertThat(overwritten.status).isZero();
    assertThat(Results.read(results)).hasSize(3);
    assertThat(sandbox.storedLeads()).isEqualTo(6);
  }

  @Test
  void theEmbeddedSandboxIsUsedWithoutCredentialsAndSaysSoInOneLine() {
    Path csv = Csv.validRows(dir, "leads.csv", 4);

    Cli.Run run = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound", "demo");

    assertThat(run.status).as("%s", run).isZero();
    List<String> notices = run.err.lines().filter(line -> line.contains("embedded sandbox"))
        .collect(Collectors.toList());
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0)).startsWith("nlpearl: no credentials (NLPEARL_API_TOKEN or "
        + "--token-file), so using an embedded sandbox at http://127.0.0.1:");
    assertThat(run.out).contains("embedded sandbox", "added      4");
    Results.assertEveryRowOnce(Results.read(dir.resolve("leads.results.csv")), 4);
  }

  @Test
  void baseUrlWithoutCredentialsIsAUsageError() {
    Path csv = Csv.validRows(dir, "leads.csv", 2);

    Cli.Run run = Cli.noCredentials().run(Cli.args("leads", "import", csv.toString(),
        "--outbound", "o", sandbox.baseUrl()));

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("needs credentials", "NLPEARL_API_TOKEN", "--token-file");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void plainProgressLinesAndNoBarWhenStderrIsNotATerminal() {
    Path csv = Csv.validRows(dir, "leads.csv", 5);

    Cli.Run run = importFile(csv, "--progress", "lines");

    assertThat(run.status).isZero();
    assertThat(run.err).doesNotContain("\r");
  }

  @Test
  void aBarIsDrawnWhenStderrIsATerminal() {
    Path csv = Csv.validRows(dir, "leads.csv", 5);

    Cli.Run run = sandbox.cli().terminal(true).run(sandbox.importArgs(csv));

    assertThat(run.status).isZero();
    assertThat(run.err).contains("\r[############################] 100% 5/5", " rows/s");
  }
}
