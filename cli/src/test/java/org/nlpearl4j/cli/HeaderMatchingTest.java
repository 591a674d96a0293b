package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.SandboxLead;

/** The column names and separators of real CRM and spreadsheet exports, imported end to end. */
class HeaderMatchingTest {
  @TempDir Path dir;

  @RegisterExtension final TestSandbox sandbox = TestSandbox.start();

  private Cli.Run importFile(Path csv, Object... more) {
    Object[] args = new Object[more.length + 2];
    args[0] = "--concurrency";
    args[1] = "1";
    System.arraycopy(more, 0, args, 2, more.length);
    return sandbox.cli().run(sandbox.importArgs(csv, args));
  }

  private Map<String, SandboxLead> byExternalId() {
    return sandbox.sandbox.leads(TestSandbox.OUTBOUND).stream()
        .collect(Collectors.toMap(SandboxLead::getExternalId, lead -> lead));
  }

  @Test
  void theSemicolonSampleWithSpacedHeadersImportsAsIs() throws Exception {
    Path csv = Files.copy(Path.of("..", "samples", "crm-export-semicolon.csv"),
        dir.resolve("crm-export-semicolon.csv"));

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isZero();
    Map<String, SandboxLead> leads = byExternalId();
    assertThat(leads).containsOnlyKeys("crm-2001", "crm-2002", "crm-2003", "crm-2004", "crm-2005");
    SandboxLead chloe = leads.get("crm-2001");
    assertThat(chloe.getPhoneNumber()).isEqualTo("+33199001234");
    assertThat(chloe.getTimeZoneId()).isEqualTo("Romance Standard Time");
    // Decimal commas stay in their cell; "Mobile Phone" is not the phone number, so it is call data.
    assertThat(chloe.getCallData()).containsEntry("Deal Size", "12.500,00")
        .containsEntry("Mobile Phone", "+33 6 12 34 56 78")
        .containsEntry("First Name", "Chloé")
        .doesNotContainKeys("Phone Number", "External ID", "Time Zone");
    assertThat(leads.get("crm-2002").getCallData())
        .containsEntry("Notes", "Heeft interesse; belt terug");
    assertThat(leads.get("crm-2005").getCallData())
        .containsEntry("Notes", "Prefiere llamadas \"por la tarde\"");
  }

  @Test
  void columnMapsAFieldToAnyHeaderAndTheMatchingColumnBecomesCallData() throws Exception {
    Path csv = Files.copy(Path.of("..", "samples", "crm-export-semicolon.csv"),
        dir.resolve("mobile.csv"));

    Cli.Run run = importFile(csv, "--column", "phoneNumber=Mobile Phone");

    // Two rows have no mobile number: they fail as invalid, the other three are added.
    assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
    Map<String, SandboxLead> leads = byExternalId();
    assertThat(leads).containsOnlyKeys("crm-2001", "crm-2003", "crm-2004");
    assertThat(leads.get("crm-2003").getPhoneNumber()).isEqualTo("+4915155501234");
    assertThat(leads.get("crm-2003").getCallData()).containsEntry("Phone Number", "+49 30 555 0199");
  }

  @Test
  void spacedUnderscoredAndDashedNamesMatchTheFields() {
    Path csv = Csv.write(dir, "hubspot.csv",
        "Record ID,phone_number,EXTERNAL-ID,Time Zone ID,Owner",
        "901,+1 212 555 0147,crm-9,Eastern Standard Time,Sam");

    Cli.Run run = importFile(csv);

    assertThat(run.status).as("%s", run).isZero();
    SandboxLead lead = byExternalId().get("crm-9");
    assertThat(lead.getPhoneNumber()).isEqualTo("+12125550147");
    assertThat(lead.getTimeZoneId()).isEqualTo("Eastern Standard Time");
    assertThat(lead.getCallData()).containsExactly(Map.entry("Record ID", "901"),
        Map.entry("Owner", "Sam"));
  }

  @Test
  void twoColumnsForOneFieldIsAUsageErrorNamingBothAndNothingIsSent() {
    Path csv = Csv.write(dir, "twice.csv", "Phone Number,phone_number,name",
        "+14155550101,+14155550102,Ada");

    Cli.Run run = importFile(csv);

    assertThat(run.status).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("columns 'Phone Number' (column 1) and 'phone_number' (column 2) "
        + "both name phoneNumber").contains("--column phoneNumber=\"Phone Number\"");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();

    Cli.Run resolved = importFile(csv, "--column", "phoneNumber=phone_number");
    assertThat(resolved.status).as("%s", resolved).isZero();
    SandboxLead lead = sandbox.sandbox.leads(TestSandbox.OUTBOUND).get(0);
    assertThat(lead.getPhoneNumber()).isEqualTo("+14155550102");
    assertThat(lead.getCallData()).containsEntry("Phone Number", "+14155550101");
  }

  @Test
  void badColumnOptionsAreUsageErrors() {
    Path csv = Csv.write(dir, "a.csv", "phoneNumber,name", "+14155550101,Ada");

    Cli.Run unknownField = importFile(csv, "--column", "mobile=name");
    assertThat(unknownField.status).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownField.err).contains("--column mobile=...: no such lead field; the fields are "
        + "phoneNumber, externalId, timeZoneId, timeZone");

    Cli.Run unknownColumn = importFile(csv, "--column", "externalId=Record ID");
    assertThat(unknownColumn.status).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownColumn.err).contains("--column externalId=Record ID: the header has no "
        + "column 'Record ID'; it has phoneNumber, name");

    Cli.Run badSeparator = importFile(csv, "--separator", "pipe");
    assertThat(badSeparator.status).isEqualTo(ExitCodes.USAGE);
    assertThat(badSeparator.err).contains("--separator must be comma, semicolon or tab, not 'pipe'");
    assertThat(sandbox.sandbox.counters().getRequests()).isZero();
  }

  @Test
  void tabSeparatedFilesAreDetectedAndAGivenSeparatorWins() {
    Path tabs = Csv.write(dir, "tabs.csv", "phoneNumber\texternalId\tnote",
        "+14155550101\tt-1\tone, two; three");
    Cli.Run run = importFile(tabs);
    assertThat(run.status).as("%s", run).isZero();
    assertThat(byExternalId().get("t-1").getCallData()).containsExactly(
        Map.entry("note", "one, two; three"));

    // A header with more semicolons than commas, but the file is really comma-separated.
    Path commas = Csv.write(dir, "commas.csv", "phoneNumber,externalId,\"a;b;c\"",
        "+14155550102,c-1,x");
    Cli.Run given = importFile(commas, "--separator", "comma");
    assertThat(given.status).as("%s", given).isZero();
    assertThat(byExternalId().get("c-1").getCallData()).containsExactly(Map.entry("a;b;c", "x"));
  }

  @Test
  void detectionCountsSeparatorsOutsideQuotesOnTheHeaderLineOnly() throws Exception {
    assertThat(detect("a,b,c\n1;2;3;4;5\n")).isEqualTo(',');
    assertThat(detect("a;b;\"c,d,e\"\n")).isEqualTo(';');
    assertThat(detect("a\tb\tc;d\r\n")).isEqualTo('\t');
    assertThat(detect("phoneNumber\n+1;+2;+3")).isEqualTo(',');
    assertThat(detect("")).isEqualTo(',');
  }

  private static char detect(String text) throws Exception {
    BufferedReader reader = new BufferedReader(new StringReader(text));
    char separator = LeadCsv.detectSeparator(reader);
    assertThat(reader.readLine()).as("the reader is left where it was")
        .isEqualTo(text.isEmpty() ? null : text.split("\r?\n", -1)[0]);
    return separator;
  }
}
