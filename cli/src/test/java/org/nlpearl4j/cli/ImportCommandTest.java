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
    String neverSent = "; delivery NEVER_SENT: not sent, safe to send again";
    assertThat(Csv.read(dir.resolve("leads.results.csv"))).isEqualTo(String.join("\n",
        "row,key,outcome,reason,leadId,errorType,message",
        "1,crm-1,added,," + leadIdOf("+14155550101") + ",,",
        "2,crm-2,added,," + leadIdOf("+442079460958") + ",,",
        "3,crm-3,failed,invalid,,InvalidRequestException,\"" + prefix + "[phoneNumber: "
            + PhoneNumbers.RULE + "]" + neverSent + "\"",
        "4,crm-4,failed,invalid,,InvalidRequestException,\"" + prefix
            + "[phoneNumber: is required]" + neverSent + "\"",
        "5,crm-5,failed,invalid,,InvalidRequestException,\"" + prefix + "[timeZone: 'Mars/Base' is "
            + "not a time zone: use an IANA id such as Europe/Paris or America/New_York, or a "
            + "Windows id such as Pacific Standard Time]" + neverSent + "\"",
        "6,0049 30 901820,added,," + leadIdOf("+4930901820") + ",,",
        ""));
    assertThat(sandbox.storedLeads()).isEqualTo(3);
    assertThat(run.out).contains("added      3\n",
        "failed     3 (NLPearl did not store them; fix the invalid rows, then --resume sends them "
            + "again)\n",
        "    invalid                      3\n", "unknown    0\n", "retries    0");
    assertThat(run.out).as("reasons in words, not class names")
        .doesNotContain("InvalidRequestException", "The outcome of");
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
  void theEmbeddedSandboxIsUsedWithSandboxAndSaysSoInOneLine() {
    Path csv = Csv.validRows(dir, "leads.csv", 4);

    Cli.Run run = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound", "demo",
        "--sandbox");

    assertThat(run.status).as("%s", run).isZero();
    List<String> notices = run.err.lines().filter(line -> line.contains("embedded sandbox"))
        .collect(Collectors.toList());
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0)).startsWith("nlpearl: --sandbox: using an embedded sandbox at "
        + "http://127.0.0.1:").endsWith(" - nothing is sent to NLPearl");
    assertThat(run.out).contains("embedded sandbox", "added      4");
    Results.assertEveryRowOnce(Results.read(dir.resolve("leads.results.csv")), 4);
  }

  @Test
  void theReadmeCommandOnTheSampleFileAddsTheValidRowsAndExitsOne() throws Exception {
    // README: ./nlpearl leads import samples/leads.csv --outbound demo-outbound --sandbox
    Path csv = Files.copy(Path.of("..", "samples", "leads.csv"), dir.resolve("leads.csv"));

    Cli.Run run = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound",
        "demo-outbound", "--sandbox");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).contains("rows       40 in the file", "added      35\n",
        "failed     5 (", "    invalid                      5\n", "unknown    0\n");
    List<Results.Line> lines = Results.read(dir.resolve("leads.results.csv"));
    Results.assertEveryRowOnce(lines, 40);
    assertThat(lines.stream().filter(line -> !line.added()).map(Results.Line::reason))
        .containsOnly("invalid").hasSize(5);
  }

  @Test
  void withoutCredentialsAndWithoutSandboxNothingRunsAndTheErrorSaysWhatToDo() {
    Path csv = Csv.validRows(dir, "leads.csv", 4);

    Cli.Run run = Cli.noCredentials().run("leads", "import", csv.toString(), "--outbound", "demo");

    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("no credentials, so nothing was sent",
        "NLPEARL_API_TOKEN=AccountId:SecretKey", "--token-file FILE", "add --sandbox");
    assertThat(run.out).isEmpty();
    assertThat(Files.exists(dir.resolve("leads.results.csv"))).isFalse();

    Cli.Run add = Cli.noCredentials().run("leads", "add", "--outbound", "demo", "--phone",
        "+14155550100");
    assertThat(add.status).isEqualTo(ExitCodes.USAGE);
    assertThat(add.err).contains("no credentials", "--sandbox");
    assertThat(add.out).isEmpty();
  }

  @Test
  void sandboxWithCredentialsOrABaseUrlIsRefusedBeforeAnythingIsSent() throws Exception {
    Path csv = Csv.validRows(dir, "leads.csv", 2);

    Cli.Run withEnv = sandbox.cli().run("leads", "import", csv.toString(), "--outbound", "demo",
        "--sandbox");
    assertThat(withEnv.status).as("%s", withEnv).isEqualTo(ExitCodes.USAGE);
    assertThat(withEnv.err).contains("--sandbox sends nothing to NLPearl, but credentials are set "
        + "(NLPEARL_API_TOKEN)", "env -u NLPEARL_API_TOKEN");

    Path token = Files.writeString(dir.resolve("nlpearl.token"), TestSandbox.TOKEN);
    Cli.Run withFile = Cli.noCredentials().run("leads", "add", "--outbound", "demo", "--phone",
        "+14155550100", "--token-file", token.toString(), "--sandbox");
    assertThat(withFile.status).isEqualTo(ExitCodes.USAGE);
    assertThat(withFile.err).contains("credentials are set (--token-file " + token + ")",
        "drop --token-file");

    Cli.Run withBaseUrl = Cli.noCredentials().run(Cli.args("leads", "import", csv.toString(),
        "--outbound", "demo", "--sandbox", sandbox.baseUrl()));
    assertThat(withBaseUrl.status).isEqualTo(ExitCodes.USAGE);
    assertThat(withBaseUrl.err).contains("--sandbox starts its own server, but --base-url");

    Cli.Run withBaseUrlEnv = Cli.withEnv(Map.of(ConnectionOptions.BASE_URL_ENV,
        sandbox.sandbox.baseUrl())).run("leads", "import", csv.toString(), "--outbound", "demo",
        "--sandbox");
    assertThat(withBaseUrlEnv.status).isEqualTo(ExitCodes.USAGE);
    assertThat(withBaseUrlEnv.err).contains("but NLPEARL_BASE_URL=");

    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
    assertThat(Files.exists(dir.resolve("leads.results.csv"))).isFalse();
    for (Cli.Run run : List.of(withEnv, withFile, withBaseUrl, withBaseUrlEnv)) {
      assertThat(run.all()).doesNotContain(TestSandbox.SECRET);
    }
  }

  @Test
  void resultsSortedByTheirFirstFieldComeInTheOrderOfTheCsv() {
    Path csv = Csv.validRows(dir, "leads.csv", 150);

    assertThat(importFile(csv, "--concurrency", "8").status).isZero();

    // What `sort -t, -k1,1n` does: numeric on the first field, a non-number (the header) as 0.
    List<String> lines = Csv.read(dir.resolve("leads.results.csv")).lines()
        .collect(Collectors.toList());
    List<String> sorted = lines.stream().sorted(java.util.Comparator.comparingLong(line -> {
      String first = line.substring(0, line.indexOf(','));
      return first.chars().allMatch(Character::isDigit) ? Long.parseLong(first) : 0L;
    })).collect(Collectors.toList());
    assertThat(sorted.get(0)).isEqualTo("row,key,outcome,reason,leadId,errorType,message");
    for (int i = 1; i <= 150; i++) {
      assertThat(sorted.get(i)).startsWith(i + ",lead-" + i + ",added,,");
    }
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
