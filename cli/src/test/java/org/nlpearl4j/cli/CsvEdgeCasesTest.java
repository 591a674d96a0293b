package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.SandboxLead;

/** CSV files as spreadsheets and CRMs really export them, imported end to end. */
class CsvEdgeCasesTest {
  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private Cli.Run importFile(Path csv) {
    return sandbox.cli().run(sandbox.importArgs(csv, "--concurrency", "1"));
  }

  private Map<String, SandboxLead> byExternalId() {
    return sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .collect(Collectors.toMap(SandboxLead::getExternalId, lead -> lead));
  }

  @Test
  void bomQuotesEmbeddedNewlinesUtf8AndEmptyLines() {
    Path csv = Csv.writeRaw(dir, "excel.csv", "\uFEFFexternalId,phoneNumber,name,notes\r\n"
        + "crm-1,+1 415 555 0101,Zoë Ångström,\"Likes \"\"quotes\"\", commas, and\r\nline breaks\"\r\n"
        + "\r\n"
        + "crm-2,+44 20 7946 0958,Łukasz Żółć,\r\n"
        + ",,,\r\n"
        + "\r\n"
        + "crm-3,+81 3 1234 5678,山田 太郎,\"multi\nline\nnote\"\r\n");

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isZero();
    Map<String, SandboxLead> leads = byExternalId();
    assertThat(leads).containsOnlyKeys("crm-1", "crm-2", "crm-3");
    assertThat(leads.get("crm-1").getCallData()).containsExactly(
        Map.entry("name", "Zoë Ångström"),
        Map.entry("notes", "Likes \"quotes\", commas, and\r\nline breaks"));
    assertThat(leads.get("crm-2").getCallData()).containsExactly(Map.entry("name", "Łukasz Żółć"));
    assertThat(leads.get("crm-3").getCallData()).containsEntry("notes", "multi\nline\nnote");
    // Empty lines and all-empty records are not rows: rows are numbered 1..3.
    List<Results.Line> lines = Results.read(dir.resolve("excel.results.csv"));
    assertThat(lines).extracting(Results.Line::row, Results.Line::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "crm-1"),
            org.assertj.core.groups.Tuple.tuple(2L, "crm-2"),
            org.assertj.core.groups.Tuple.tuple(3L, "crm-3"));
  }

  @Test
  void headersAreMatchedIgnoringCaseAndExtraColumnsGoToCallData() {
    Path csv = Csv.write(dir, "crm.csv",
        "Email,PHONENUMBER,ExternalID,TimeZone,Deal Size,owner",
        "a@example.com,+1 212 555 0147,crm-7,America/New_York,\"12,500\",Sam");

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isZero();
    SandboxLead lead = byExternalId().get("crm-7");
    assertThat(lead.getTimeZoneId()).isEqualTo("Eastern Standard Time");
    assertThat(lead.getCallData()).containsExactly(Map.entry("Email", "a@example.com"),
        Map.entry("Deal Size", "12,500"), Map.entry("owner", "Sam"));
  }

  @Test
  void aMissingPhoneNumberColumnIsAClearUsageErrorAndNothingIsSent() {
    Path csv = Csv.write(dir, "export.csv", "name,phone,email", "Ada,+14155550101,a@example.com");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains(csv + ": no phoneNumber column; the header has name, phone, email.")
        .contains("phoneNumber (required), externalId, timeZoneId or timeZone");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
    assertThat(Files.exists(dir.resolve("export.results.csv"))).isFalse();
  }

  @Test
  void aColumnNamedTwiceIsAUsageError() {
    Path csv = Csv.write(dir, "dup.csv", "phoneNumber,email,Email", "+14155550101,a,b");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("names column 'Email' twice (columns 2 and 3)");
  }

  @Test
  void anUnterminatedQuoteIsFoundBeforeAnythingIsSent() {
    Path csv = Csv.write(dir, "broken.csv",
        "externalId,phoneNumber,notes",
        "crm-1,+14155550101,fine",
        "crm-2,+14155550102,\"never closed",
        "crm-3,+14155550103,fine");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains(csv + ": unreadable near line");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void aFileThatIsNotUtf8IsAUsageError() throws Exception {
    Path csv = dir.resolve("latin1.csv");
    Files.write(csv, "phoneNumber,name\n+14155550101,Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1));

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("it is not UTF-8 text");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void anEmptyFileIsAUsageErrorAndAHeaderOnlyFileImportsNothing() {
    Cli.Run empty = importFile(Csv.writeRaw(dir, "empty.csv", ""));
    assertThat(empty.status).isEqualTo(ExitCodes.USAGE);
    assertThat(empty.err).contains("is empty");

    Cli.Run headerOnly = importFile(Csv.write(dir, "header.csv", "phoneNumber,externalId"));
    assertThat(headerOnly.status).as("%s", headerOnly).isZero();
    assertThat(headerOnly.out).contains("rows       0 in the file");
    assertThat(Results.read(dir.resolve("header.results.csv"))).isEmpty();
  }

  @Test
  void rowsLongerThanTheHeaderFailAndShorterOnesAreFine() {
    Path csv = Csv.write(dir, "ragged.csv",
        "externalId,phoneNumber,name",
        "crm-1,+14155550101,Ada,unexpected",
        "crm-2,+14155550102",
        "crm-3,+14155550103,Cy,,");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.FAILED);
    List<Results.Line> lines = Results.read(dir.resolve("ragged.results.csv"));
    assertThat(lines.get(0).outcome()).isEqualTo("failed");
    assertThat(lines.get(0).message()).contains("$: the row has 4 cells but the header names 3 "
        + "columns");
    assertThat(lines.get(1).added()).isTrue();
    assertThat(lines.get(2).added()).isTrue();
    assertThat(byExternalId().get("crm-2").getCallData()).isEmpty();
  }

  @Test
  void aColumnWithoutANameIsIgnoredWithAWarning() {
    Path csv = Csv.write(dir, "unnamed.csv", "phoneNumber,,name", "+14155550101,x,Ada");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isZero();
    assertThat(run.err).contains("column 2 has no name in the header; its cells are ignored");
    assertThat(sandbox.sandbox.leads(TestSandbox.OUTBOUND).get(0).getCallData())
        .containsExactly(Map.entry("name", "Ada"));
  }

  @Test
  void bothTimeZoneColumnsOnOneRowIsAnInvalidRow() {
    Path csv = Csv.write(dir, "zones.csv",
        "externalId,phoneNumber,timeZone,timeZoneId",
        "crm-1,+14155550101,Europe/Paris,Romance Standard Time",
        "crm-2,+14155550102,,Europe/Berlin",
        "crm-3,+14155550103,Pacific Standard Time,");

    Cli.Run run = importFile(csv);

    List<Results.Line> lines = Results.read(dir.resolve("zones.results.csv"));
    assertThat(lines.get(0).message()).contains("timeZone: give timeZone or timeZoneId, not both");
    assertThat(byExternalId().get("crm-2").getTimeZoneId()).isEqualTo("W. Europe Standard Time");
    assertThat(byExternalId().get("crm-3").getTimeZoneId()).isEqualTo("Pacific Standard Time");
    assertThat(run.status).isEqualTo(ExitCodes.FAILED);
  }
}
