package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.Pacer;

class FormattingTest {
  @Test
  void theSummarySaysHowManyWereInFlight() {
    TestScheduler clock = new TestScheduler();
    assertThat(LeadsImportCommand.inFlight(Pacer.adaptive(256, clock)))
        .isEqualTo("auto: reached 8 and the server never pushed back");
    assertThat(LeadsImportCommand.inFlight(Pacer.fixed(8, clock))).isEqualTo("8 (fixed)");
    Pacer paused = Pacer.fixed(8, clock);
    paused.pause(Duration.ofSeconds(2));
    assertThat(LeadsImportCommand.inFlight(paused))
        .isEqualTo("8 (fixed); paused 1 time for Retry-After (2.0s)");
  }

  @Test
  void durationsReadNaturally() {
    assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("0.9s");
    assertThat(Durations.human(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Durations.human(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(Durations.human(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  @Test
  void progressShowsCountsAndNoEtaBeforeTheFirstRow() {
    ImportStats stats = new ImportStats();
    stats.start(1000, 0, 0);
    StringWriter err = new StringWriter();
    try (Progress progress = Progress.start(Progress.Mode.NONE, false, stats,
        new PrintWriter(err), Duration.ofSeconds(10))) {
      assertThat(progress.status()).startsWith("0/1000 rows (0%), 0 added, 0 failed, 0 unknown, ")
          .doesNotContain("ETA");
      assertThat(progress.bar()).startsWith("[............................]   0% 0/1000  ");
      for (int i = 0; i < 250; i++) {
        stats.rowRead();
        stats.rowFinished(i % 50 == 0
            ? ImportResult.of(i + 1, "k", new Failures.Failure(Outcome.FAILED,
                org.nlpearl4j.FailureReason.RATE_LIMITED,
                "RateLimitedException", "boom", null))
            : i % 125 == 1
                ? ImportResult.of(i + 1, "k", new Failures.Failure(Outcome.UNKNOWN,
                    org.nlpearl4j.FailureReason.SERVER_ERROR, "ServerException", "boom", null))
                : ImportResult.added(i + 1, "k", "id"));
      }
      assertThat(progress.status()).startsWith("250/1000 rows (25%), 243 added, 5 failed, 2 unknown, ")
          .contains(" rows/s, ETA ");
      assertThat(progress.bar()).startsWith("[#######.....................]  25% 250/1000  ")
          .contains(" rows/s  ETA ");
      for (int i = 250; i < 1000; i++) {
        stats.rowRead();
        stats.rowFinished(ImportResult.added(i + 1, "k", "id"));
      }
      assertThat(progress.bar()).startsWith("[############################] 100% 1000/1000  ")
          .doesNotContain("ETA");
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void defaultResultsFileSitsBesideTheInput() {
    assertThat(LeadsImportCommand.defaultResults(Path.of("data", "Leads.CSV")))
        .isEqualTo(Path.of("data", "Leads.results.csv"));
    assertThat(LeadsImportCommand.defaultResults(Path.of("export.txt")))
        .isEqualTo(Path.of("export.txt.results.csv"));
  }
}
