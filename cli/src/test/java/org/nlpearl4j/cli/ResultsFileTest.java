package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.FailureReason;

class ResultsFileTest {
  private static final String HEADER = "row,key,outcome,reason,leadId,errorType,message";

  @TempDir Path dir;

  @Test
  void linesAreQuotedAsNeededAndKeptOnOnePhysicalLine() throws Exception {
    Path file = dir.resolve("r.csv");
    try (ResultsFile.Writer writer = ResultsFile.Writer.create(file)) {
      writer.write(ImportResult.added(2, "crm-2", "65f1c0a9e4b0a1b2c3d4e5f6"));
      writer.write(ImportResult.of(1, "multi\r\nline \"key\"", new Failures.Failure(
          Outcome.FAILED, FailureReason.REJECTED, "BadRequestException",
          "addLead failed: HTTP 400, really\nbad", null)));
      writer.write(ImportResult.of(3, "crm-3", new Failures.Failure(Outcome.UNKNOWN,
          FailureReason.SERVER_ERROR, "ServerException", "addLead failed: HTTP 502", null)));
    }

    assertThat(Csv.read(file)).isEqualTo(HEADER + "\n"
        + "2,crm-2,added,,65f1c0a9e4b0a1b2c3d4e5f6,,\n"
        + "1,\"multi line \"\"key\"\"\",failed,rejected by NLPearl,,BadRequestException,"
        + "\"addLead failed: HTTP 400, really bad\"\n"
        + "3,crm-3,unknown,server error,,ServerException,addLead failed: HTTP 502\n");
  }

  @Test
  void singleLineReplacesControlCharacters() {
    assertThat(ResultsFile.singleLine("a\r\nb\nc\rd\te")).isEqualTo("a b c d e");
    assertThat(ResultsFile.singleLine("plain")).isEqualTo("plain");
  }

  @Test
  void resumeSkipsAddedAndUnknownRowsAndCompactsTheFileOnCommit() throws Exception {
    Path file = Csv.write(dir, "r.csv", HEADER,
        "3,c,added,,000000000000000000000003,,",
        "1,a,failed,rate limited,,RateLimitedException,slow down",
        "4,d,unknown,server error,,ServerException,addLead failed: HTTP 504",
        "5,e,added,unexpected response,,UnexpectedResponseException,NLPearl accepted the lead",
        "2,b,added,,000000000000000000000002,,");

    try (ResultsFile.Resume resume = ResultsFile.Resume.read(file)) {
      assertThat(resume.isDone(1)).isFalse();
      assertThat(resume.isDone(2)).isTrue();
      assertThat(resume.isDone(3)).isTrue();
      assertThat(resume.isDone(4)).as("unknown: left alone").isTrue();
      assertThat(resume.isDone(5)).as("added without an id").isTrue();
      assertThat(resume.addedCount()).isEqualTo(3);
      assertThat(resume.unknownCount()).isEqualTo(1);
      assertThat(resume.failedCount()).isEqualTo(1);
      assertThat(resume.unknownSample()).extracting(ImportResult::row).containsExactly(4L);
      resume.check(file, 2, "b");
      resume.check(file, 4, "d");
      assertThatThrownBy(() -> resume.check(file, 3, "x")).isInstanceOf(UsageException.class)
          .hasMessageContaining("records row 3 with another key");
      assertThatThrownBy(() -> resume.check(file, 4, "x")).isInstanceOf(UsageException.class)
          .hasMessageContaining("records row 4 with another key");
      resume.checkRowCount(file, 5);
      resume.commit();
    }

    assertThat(Csv.read(file)).isEqualTo(HEADER + "\n"
        + "3,c,added,,000000000000000000000003,,\n"
        + "4,d,unknown,server error,,ServerException,addLead failed: HTTP 504\n"
        + "5,e,added,unexpected response,,UnexpectedResponseException,NLPearl accepted the lead\n"
        + "2,b,added,,000000000000000000000002,,\n");
  }

  @Test
  void retryUnknownSendsUnknownRowsAgain() throws Exception {
    Path file = Csv.write(dir, "r.csv", HEADER,
        "1,a,unknown,network: connection lost,,NetworkException,lost",
        "2,b,added,,000000000000000000000002,,");

    try (ResultsFile.Resume resume = ResultsFile.Resume.read(file, true)) {
      assertThat(resume.isDone(1)).isFalse();
      assertThat(resume.isDone(2)).isTrue();
      assertThat(resume.unknownCount()).isZero();
      assertThat(resume.retriedUnknownCount()).isEqualTo(1);
      resume.commit();
    }
    assertThat(Csv.read(file)).isEqualTo(HEADER + "\n" + "2,b,added,,000000000000000000000002,,\n");
  }

  @Test
  void aFileOfTheFormatBeforeTheThreeOutcomesIsNotAResultsFile() {
    // Written before the reason column and outcome unknown; never released, so never resumed.
    Path file = Csv.write(dir, "old.csv", "row,key,outcome,leadId,errorType,message",
        "2,b,added,000000000000000000000002,,");

    assertThatThrownBy(() -> ResultsFile.Resume.read(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not a results file of nlpearl (its first line should be " + HEADER);
  }

  @Test
  void resumeRefusesInconsistentFiles() {
    Path twice = Csv.write(dir, "twice.csv", HEADER, "1,a,added,,x,,", "1,a,unknown,,,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(twice))
        .hasMessageContaining("row 1 is recorded twice");

    Path outcome = Csv.write(dir, "outcome.csv", HEADER, "1,a,maybe,,,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(outcome))
        .hasMessageContaining("outcome 'maybe' is not added, failed or unknown");

    Path row = Csv.write(dir, "row.csv", HEADER, "one,a,added,,x,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(row))
        .hasMessageContaining("'one' is not a row number");

    Path fields = Csv.write(dir, "fields.csv", HEADER, "1,a,added,x,,");
    assertThatThrownBy(() -> ResultsFile.Resume.read(fields))
        .hasMessageContaining("it has 6 fields, not 7");
  }
}
