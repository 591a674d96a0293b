package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a results file in tests. */
final class Results {
  /** One line of a results file. */
  record Line(long row, String key, String outcome, String reason, String leadId,
      String errorType, String message) {
    boolean added() {
      return outcome.equals("added");
    }
  }

  private Results() {}

  static List<Line> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
      List<Line> lines = new ArrayList<>();
      boolean header = true;
      for (CSVRecord record : parser) {
        if (header) {
          assertThat(record.toList()).containsExactly(
              "row", "key", "outcome", "reason", "leadId", "errorType", "message");
          header = false;
          continue;
        }
        assertThat(record.size()).as("fields of %s", record).isEqualTo(7);
        lines.add(new Line(Long.parseLong(record.get(0)), record.get(1), record.get(2),
            record.get(3), record.get(4), record.get(5), record.get(6)));
      }
      assertThat(header).as("%s has a header", file).isFalse();
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that rows 1..n each appear exactly once. */
  static void assertEveryRowOnce(List<Line> lines, long n) {
    List<Long> rows = lines.stream().map(Line::row).sorted().collect(Collectors.toList());
    assertThat(rows).containsExactlyElementsOf(
        LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList()));
  }

  static List<String> addedLeadIds(List<Line> lines) {
    return lines.stream().filter(Line::added).map(Line::leadId).collect(Collectors.toList());
  }

  static long count(List<Line> lines, String outcome) {
    return lines.stream().filter(line -> line.outcome().equals(outcome)).count();
  }
}
