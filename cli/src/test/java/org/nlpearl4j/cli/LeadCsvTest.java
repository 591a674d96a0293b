package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;

class LeadCsvTest {
  @TempDir Path dir;

  private static List<LeadInput> inputs(Path csv) throws Exception {
    List<LeadInput> inputs = new ArrayList<>();
    try (LeadCsv file = LeadCsv.open(csv)) {
      for (LeadCsv.CsvRow row; (row = file.next()) != null; ) {
        inputs.add(LeadInput.of(file.header(), row));
      }
    }
    return inputs;
  }

  @Test
  void headerFindsTheLeadColumnsAndTheCallDataColumns() throws Exception {
    Path csv = Csv.write(dir, "a.csv", "\uFEFFname, phoneNumber ,EXTERNALID,timezone,email,");
    try (LeadCsv file = LeadCsv.open(csv)) {
      LeadCsv.Header header = file.header();
      assertThat(header.phoneNumber()).isEqualTo(1);
      assertThat(header.externalId()).isEqualTo(2);
      assertThat(header.timeZone()).isEqualTo(3);
      assertThat(header.timeZoneId()).isEqualTo(-1);
      assertThat(header.callDataColumns()).containsExactly(0, 4);
      assertThat(file.next()).isNull();
    }
  }

  @Test
  void rowsBecomeValidLeadsOrListEveryProblem() throws Exception {
    Path csv = Csv.write(dir, "a.csv",
        "phoneNumber,externalId,timeZone,city",
        "+1 (415) 555-0123,crm-1,Europe/Paris,Paris",
        "abc,\"  \",Nowhere/Land,",
        "+4930901820,,,");

    List<LeadInput> inputs = inputs(csv);

    NewLead first = inputs.get(0).lead();
    assertThat(first).isNotNull();
    assertThat(first.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(first.getExternalId()).isEqualTo("crm-1");
    assertThat(first.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(first.getCallData()).isEqualTo(Map.of("city", "Paris"));
    assertThat(inputs.get(0).key()).isEqualTo("crm-1");

    LeadInput second = inputs.get(1);
    assertThat(second.lead()).isNull();
    assertThat(second.invalid().getProblems())
        .containsOnlyKeys("phoneNumber", "externalId", "timeZone");
    assertThat(second.key()).isEqualTo("abc");

    assertThat(inputs.get(2).lead().getExternalId()).isNull();
    assertThat(inputs.get(2).key()).isEqualTo("+4930901820");
    assertThat(inputs).extracting(LeadInput::row).containsExactly(1L, 2L, 3L);
  }
}
