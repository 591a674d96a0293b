package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200,000-row file goes through the importer with a fast in-memory sender: rows are read only as
 * results come back, so the number of rows read but not yet written never exceeds the concurrency
 * (plus a small constant), whatever the size of the file.
 */
class StreamingTest {
  private static final int ROWS = 200_000;
  private static final int CONCURRENCY = 16;

  @TempDir Path dir;

  @Test
  void aLargeFileIsStreamedWithBoundedBuffering() throws Exception {
    Path csv = dir.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("externalId,phoneNumber,firstName,notes\n");
      for (int i = 1; i <= ROWS; i++) {
        // Every 1000th row is invalid, so both paths (sent and refused before sending) are used.
        String phone = i % 1000 == 0 ? "n/a" : "+1 415 " + (1_000_000 + i);
        out.write("id-" + i + "," + phone + ",Name " + i + ",\"note, with comma\"\n");
      }
    }
    Path results = dir.resolve("big.results.csv");
    AtomicLong sent = new AtomicLong();
    AtomicLong concurrentNow = new AtomicLong();
    AtomicLong concurrentMax = new AtomicLong();
    LeadImporter importer = new LeadImporter(
        (lead, row) -> Single.fromCallable(() -> {
          long now = concurrentNow.incrementAndGet();
          concurrentMax.accumulateAndGet(now, Math::max);
          return String.format("%024x", sent.incrementAndGet());
        }).subscribeOn(Schedulers.computation()).doFinally(concurrentNow::decrementAndGet),
        error -> new Failures.Failure(Outcome.FAILED,
            org.nlpearl4j.FailureReason.INVALID_REQUEST, error.getClass().getSimpleName(),
            String.valueOf(error.getMessage()), null),
        CONCURRENCY,
        Duration.ofSeconds(30));
    ImportStats stats = new ImportStats();
    stats.start(ROWS, 0, 0);

    LeadImporter.End end;
    try (LeadCsv file = LeadCsv.open(csv);
        ResultsFile.Writer writer = ResultsFile.Writer.create(results)) {
      end = importer.run(file, null, writer, stats, ImportListener.NONE,
          new PrintWriter(PrintWriter.nullWriter()));
    }

    assertThat(end).isEqualTo(LeadImporter.End.COMPLETED);
    assertThat(stats.read()).isEqualTo(ROWS);
    assertThat(stats.added()).isEqualTo(ROWS - ROWS / 1000);
    assertThat(stats.failed()).isEqualTo(ROWS / 1000);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.maxInFlight()).isBetween(2L, CONCURRENCY + 2L);
    assertThat(concurrentMax.get()).isLessThanOrEqualTo(CONCURRENCY);
    assertThat(sent.get()).isEqualTo(ROWS - ROWS / 1000);

    BitSet seen = new BitSet(ROWS + 1);
    long lines = 0;
    try (var reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
      assertThat(reader.readLine()).isEqualTo("row,key,outcome,reason,leadId,errorType,message");
      for (String line; (line = reader.readLine()) != null; ) {
        int row = Integer.parseInt(line.substring(0, line.indexOf(',')));
        assertThat(seen.get(row)).as("row %d twice", row).isFalse();
        seen.set(row);
        lines++;
      }
    }
    assertThat(lines).isEqualTo(ROWS);
    assertThat(seen.cardinality()).isEqualTo(ROWS);
    assertThat(seen.nextSetBit(0)).isEqualTo(1);
  }

  @Test
  void resumeBookkeepingStaysSmall() throws Exception {
    // A results file naming 200,000 added rows is held as one bit per row once checked.
    Path results = dir.resolve("r.csv");
    try (BufferedWriter out = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
      out.write("row,key,outcome,reason,leadId,errorType,message\n");
      for (int i = ROWS; i >= 1; i--) {
        out.write(i + ",id-" + i + ",added,," + String.format("%024x", i) + ",,\n");
      }
    }
    try (ResultsFile.Resume resume = ResultsFile.Resume.read(results)) {
      assertThat(resume.addedCount()).isEqualTo(ROWS);
      for (long row : List.of(1L, 777L, (long) ROWS)) {
        assertThat(resume.isDone(row)).isTrue();
        resume.check(results, row, "id-" + row);
      }
      assertThat(resume.isDone(ROWS + 1)).isFalse();
      resume.checkRowCount(results, ROWS);
    }
  }
}
