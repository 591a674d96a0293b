package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
  @TempDir Path dir;

  @Test
  void linesAreQuotedAsNeededAndKeptOnOnePhysicalLine() throws Exception {
    Path file = dir.resolve("r.csv");
    try (ResultsFile.Writer writer = ResultsFile.Writer.create(file)) {
      writer.write(ImportResult.added(2, "crm-2", "65f1c0a9e4b0a1b2c3d4e5f6"));
      writer.write(ImportResult.failed(1, "multi\r\nline \"key\"", "BadRequestException",
          "addLead failed: HTTP 400, really\nbad"));
    }

    assertThat(Csv.read(file)).isEqualTo("row,key,outcome,leadId,errorType,message\n"
        + "2,crm-2,added,65f1c0a9e4b0a1b2c3d4e5f6,,\n"
        + "1,\"multi line \"\"key\"\"\",failed,,BadRequestException,"
        + "\"addLead failed: HTTP 400, really bad\"\n");
  }

  @Test
  void singleLineReplacesControlCharacters() {
    assertThat(ResultsFile.singleLine("a\r\nb\nc\rd\te")).isEqualTo("a b c d e");
    assertThat(ResultsFile.singleLine("plain")).isEqualTo("plain");
  }

  @Test
  void resumeReadsAddedRowsAndCompactsTheFileOnCommit() throws Exception {
    Path file = Csv.write(dir, "r.csv",
        "row,key,outcome,leadId,errorType,message",
        "3,c,added,000000000000000000000003,,",
        "1,a,failed,,ServerException,boom",
        "2,b,added,000000000000000000000002,,");

    try (ResultsFile.Resume resume = ResultsFile.Resume.read(file)) {
      assertThat(resume.isAdded(1)).isFalse();
      assertThat(resume.isAdded(2)).isTrue();
      assertThat(resume.isAdded(3)).isTrue();
      assertThat(resume.addedCount()).isEqualTo(2);
      assertThat(resume.failedCount()).isEqualTo(1);
      resume.check(file, 2, "b");
      assertThatThrownBy(() -> resume.check(file, 3, "x")).isInstanceOf(UsageException.class)
          .hasMessageContaining("records row 3 with another key");
      resume.checkRowCount(file, 3);
      resume.commit();
    }

    assertThat(Csv.read(file)).isEqualTo("row,key,outcome,leadId,errorType,message\n"
        + "3,c,added,000000000000000000000003,,\n"
        + "2,b,added,000000000000000000000002,,\n");
  }

  @Test
  void resumeRefusesInconsistentFiles() {
    Path twice = Csv.write(dir, "twice.csv", "row,key,outcome,leadId,errorType,message",
        "1,a,added,x,,", "1,a,added,y,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(twice))
        .hasMessageContaining("row 1 is recorded as added twice");

    Path outcome = Csv.write(dir, "outcome.csv", "row,key,outcome,leadId,errorType,message",
        "1,a,maybe,,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(outcome))
        .hasMessageContaining("outcome 'maybe' is neither added nor failed");

    Path row = Csv.write(dir, "row.csv", "row,key,outcome,leadId,errorType,message",
        "one,a,added,x,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(row))
        .hasMessageContaining("'one' is not a row number");
  }
}
