package org.nlpearl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.sandbox.FaultKind;
import org.nlpearl4j.sandbox.FaultMix;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxFaultCounts;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The soak test of issue 12: a realistic import of 10,000 rows against a sandbox that fails 30% of
 * requests, with every kind of fault, before and after handling, 8 requests in flight like a real
 * user, then {@code --resume} until a run sends nothing. The sandbox's store is the truth: no lead
 * is stored twice, every {@code added} row is stored once (under its lead id when known), no
 * {@code failed} row is stored, an {@code unknown} row at most once, and every CSV row is in the
 * results file once.
 *
 * <p>Retries are off ({@code --max-attempts 1}): with the default budget every 429 of this mix is
 * absorbed by a retry, the first run fails only its invalid rows and {@code --resume} has nothing
 * to send. Without retries the rate-limited rows come back {@code failed} (NLPearl answered that it
 * did not act), and the resumes send them again into the same faults, which is the path under
 * test.
 *
 * <p>The figures go to the test's output ({@code
 * cli/target/surefire-reports/org.nlpearl4j.cli.ImportSoakTest-output.txt}).
 */
class ImportSoakTest {
  private static final int ROWS = 10_000;
  /** Every this many rows, one is invalid (no usable phone number): it fails every time. */
  private static final int INVALID_EVERY = 1_000;
  private static final int CONCURRENCY = 8;
  private static final double FAULT_RATE = 0.3;
  private static final long FAULT_SEED = 7;
  private static final int MAX_RESUMES = 30;

  @TempDir Path dir;

  @Test
  void tenThousandRowsAgainstAServerThatFailsBeforeAndAfterHandlingAreEachStoredAtMostOnce()
      throws Exception {
    FaultMix mix = FaultMix.builder()
        .rate(FAULT_RATE)
        .seed(FAULT_SEED)
        .retryAfter(Duration.ZERO)          // 429s are retried at once: the test does not wait
        .slowDelay(Duration.ofMillis(20))   // slow answers stay below every timeout
        .build();                           // every kind, before and after handling
    // No contract check and no request log: the sandbox stays as cheap as it can on 2 cores.
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().token(TestSandbox.TOKEN)
        .contractCheck(false).recordLimit(0).start()) {
      sandbox.faults().mix(mix);
      Path csv = writeCsv(dir.resolve("soak.csv"));
      Path results = dir.resolve("soak.results.csv");
      Cli cli = Cli.withEnv(Map.of(Credentials.TOKEN_ENV, TestSandbox.TOKEN));
      String[] args = Cli.args("leads", "import", csv.toString(), "--outbound",
          TestSandbox.OUTBOUND, "--base-url", sandbox.baseUrl(), "--concurrency",
          Integer.toString(CONCURRENCY), "--max-attempts", "1", "--progress", "none");
      long started = System.nanoTime();

      Cli.Run first = cli.run(args);
      assertThat(first.status).as("%s", first).isIn(ExitCodes.FAILED, ExitCodes.UNKNOWN);
      List<Results.Line> afterFirst = Results.read(results);
      Results.assertEveryRowOnce(afterFirst, ROWS);
      assertFailedRowsNotStored(afterFirst, sandbox);
      long firstRequests = sandbox.counters().getRequests();

      // --resume until a run changes nothing: it sends no request.
      int resumes = 0;
      Cli.Run last = first;
      List<String> resumeFigures = new ArrayList<>();
      while (true) {
        long before = sandbox.counters().getRequests();
        assertThat(resumes).as("resumes before a run changed nothing").isLessThan(MAX_RESUMES);
        last = cli.run(Cli.args(args, "--resume"));
        resumes++;
        assertThat(last.status).as("%s", last).isIn(ExitCodes.FAILED, ExitCodes.UNKNOWN);
        List<Results.Line> lines = Results.read(results);
        Results.assertEveryRowOnce(lines, ROWS);
        assertFailedRowsNotStored(lines, sandbox);
        long sent = sandbox.counters().getRequests() - before;
        resumeFigures.add(String.format(Locale.ROOT, "resume %d: %d requests, then %s, exit %d",
            resumes, sent, figures(lines), last.status));
        if (sent == 0) {
          break;
        }
      }
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

      List<Results.Line> lines = Results.read(results);
      Results.assertEveryRowOnce(lines, ROWS);
      Map<String, List<SandboxLead>> byExternalId = sandbox.leadsByExternalId(TestSandbox.OUTBOUND);
      Map<String, List<SandboxLead>> byPhone = sandbox.leadsByPhoneNumber(TestSandbox.OUTBOUND);
      long stored = sandbox.leadCount(TestSandbox.OUTBOUND);

      // No lead stored twice, by external id or by phone number; every stored lead is a CSV row.
      assertThat(byExternalId.values()).allSatisfy(leads -> assertThat(leads).hasSizeLessThan(2));
      assertThat(byPhone.values()).allSatisfy(leads -> assertThat(leads).hasSizeLessThan(2));
      assertThat(byExternalId.values().stream().mapToLong(List::size).sum()).isEqualTo(stored);

      long added = 0;
      long addedWithoutId = 0;
      long failed = 0;
      long unknown = 0;
      long unknownStored = 0;
      for (Results.Line line : lines) {
        List<SandboxLead> leads = byExternalId.getOrDefault(line.key(), List.of());
        switch (line.outcome()) {
          case "added" -> {
            added++;
            assertThat(leads).as("stored leads of added row %s", line).hasSize(1);
            if (line.leadId().isEmpty()) {
              addedWithoutId++;
              assertThat(line.message()).contains("its id is unknown");
            } else {
              assertThat(leads.get(0).getId()).as("lead id of %s", line).isEqualTo(line.leadId());
            }
          }
          case "failed" -> {
            failed++;
            assertThat(leads).as("stored leads of failed row %s", line).isEmpty();
            // After the last resume only rows that can never succeed are still failed.
            assertThat(line.reason()).as("%s", line).isEqualTo("invalid");
          }
          case "unknown" -> {
            unknown++;
            assertThat(leads).as("stored leads of unknown row %s", line).hasSizeLessThan(2);
            unknownStored += leads.size();
          }
          default -> throw new AssertionError("outcome of " + line);
        }
      }
      assertThat(failed).isEqualTo(ROWS / INVALID_EVERY);
      assertThat(stored).isEqualTo(added + unknownStored);
      // The faults did happen, after handling too: the figures below are not those of a kind server.
      SandboxFaultCounts faults = sandbox.faults().injected();
      assertThat(faults.getAfterHandling()).isPositive();
      assertThat(faults.getBeforeHandling()).isPositive();
      // Each add was sent once per run (no retries), so the last request of every row decides its
      // outcome, and the fault counts must match the outcomes one for one.
      assertThat(addedWithoutId).as("2xx with an unusable body: added, id unknown").isEqualTo(
          faults.get(FaultKind.EMPTY_200) + faults.get(FaultKind.MALFORMED_BODY)
              + faults.get(FaultKind.TRUNCATED_BODY));
      assertThat(unknownStored).as("failures after handling: unknown, stored").isEqualTo(
          faults.get(FaultKind.HTTP_500_AFTER) + faults.get(FaultKind.HTTP_502_AFTER)
              + faults.get(FaultKind.HTTP_503_AFTER) + faults.get(FaultKind.HTTP_504_AFTER)
              + faults.get(FaultKind.DROP_AFTER));
      assertThat(unknown - unknownStored).as("failures before handling: unknown, not stored")
          .isEqualTo(faults.get(FaultKind.HTTP_500_BEFORE) + faults.get(FaultKind.HTTP_502_BEFORE)
              + faults.get(FaultKind.HTTP_503_BEFORE) + faults.get(FaultKind.HTTP_504_BEFORE)
              + faults.get(FaultKind.DROP_BEFORE));

      System.out.println(String.format(Locale.ROOT, """
          Soak: %d rows (%d invalid), concurrency %d, --max-attempts 1, fault mix rate %.2f seed %d \
          over %d kinds (before and after handling)
            first run: %d requests, then %s, exit %d
            %s
            final: %d added (%d without a readable id), %d failed (all invalid), %d unknown \
          (%d of them stored by the sandbox, %d not)
            resumes: %d (the last one sent nothing)
            requests: %d in all; faults injected: %d (%d before handling, %d after): %s
            store: %d leads, 0 stored twice; added rows stored once each; failed rows stored 0 \
          times; unknown rows at most once
            elapsed: %.1f s""",
          ROWS, ROWS / INVALID_EVERY, CONCURRENCY, mix.getRate(), mix.getSeed(),
          mix.getKinds().size(), firstRequests, figures(afterFirst), first.status,
          String.join("\n  ", resumeFigures), added, addedWithoutId, failed, unknown,
          unknownStored, unknown - unknownStored, resumes, sandbox.counters().getRequests(),
          faults.getTotal(), faults.getBeforeHandling(), faults.getAfterHandling(),
          faults.getByKind(), stored, elapsedMillis / 1000.0));
      assertThat(last.out).contains("The outcome of " + unknown + " rows is unknown");
      sandbox.faults().clearMix();
    }
  }

  /**
   * The soak of issue 19: the same 10,000 rows, 8 in flight, the same fault mix (on the lookups
   * too), a sandbox that shows a stored lead to lookups only 2 s after storing it, and {@code
   * --pearl} with a settle time of the lag plus a second. One run, the default retries: every row
   * ends added (once, under its stored lead's id) or failed (not stored: invalid, or refused with
   * a 429 on every attempt), none unknown.
   */
  @Test
  void withPearlEveryUncertainRowIsSettledByLookupAndNoLeadIsStoredTwice() throws Exception {
    Duration lag = Duration.ofSeconds(2);
    Duration settle = lag.plusSeconds(1);
    FaultMix mix = FaultMix.builder()
        .rate(FAULT_RATE)
        .seed(FAULT_SEED)
        .retryAfter(Duration.ZERO)
        .slowDelay(Duration.ofMillis(20))
        .build();
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().token(TestSandbox.TOKEN)
        .contractCheck(false).recordLimit(0).lookupLag(lag).start()) {
      sandbox.faults().mix(mix);
      Path csv = writeCsv(dir.resolve("soak.csv"));
      Path results = dir.resolve("soak.results.csv");
      Cli cli = Cli.withEnv(Map.of(Credentials.TOKEN_ENV, TestSandbox.TOKEN));
      long started = System.nanoTime();

      Cli.Run run = cli.run(Cli.args("leads", "import", csv.toString(), "--outbound",
          TestSandbox.OUTBOUND, "--base-url", sandbox.baseUrl(), "--concurrency",
          Integer.toString(CONCURRENCY), "--pearl", TestSandbox.OUTBOUND, "--settle",
          settle.toSeconds() + "s", "--progress", "none"));
      // A row whose lookups fail 5 times in a row stays unknown by design (30% of lookups fail
      // here); the user's next step is --resume --pearl, which the soak takes, at most twice.
      for (int resume = 0; resume < 2 && run.status == ExitCodes.UNKNOWN; resume++) {
        run = cli.run(Cli.args("leads", "import", csv.toString(), "--outbound",
            TestSandbox.OUTBOUND, "--base-url", sandbox.baseUrl(), "--concurrency",
            Integer.toString(CONCURRENCY), "--pearl", TestSandbox.OUTBOUND, "--settle",
            settle.toSeconds() + "s", "--progress", "none", "--resume"));
      }
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(run.status).as("%s", run).isEqualTo(ExitCodes.FAILED);
      List<Results.Line> lines = Results.read(results);
      Results.assertEveryRowOnce(lines, ROWS);
      Map<String, List<SandboxLead>> byExternalId = sandbox.leadsByExternalId(TestSandbox.OUTBOUND);
      Map<String, List<SandboxLead>> byPhone = sandbox.leadsByPhoneNumber(TestSandbox.OUTBOUND);
      long stored = sandbox.leadCount(TestSandbox.OUTBOUND);
      assertThat(byExternalId.values()).allSatisfy(leads -> assertThat(leads).hasSize(1));
      assertThat(byPhone.values()).allSatisfy(leads -> assertThat(leads).hasSize(1));
      long found = 0;
      long sentAgain = 0;
      long refused = 0;
      for (Results.Line line : lines) {
        List<SandboxLead> leads = byExternalId.getOrDefault(line.key(), List.of());
        switch (line.outcome()) {
          case "added" -> {
            assertThat(leads).as("stored leads of added row %s", line).hasSize(1);
            assertThat(line.leadId()).as("lead id of %s", line).isEqualTo(leads.get(0).getId());
            found += line.reason().equals(Resolution.FOUND) ? 1 : 0;
            sentAgain += line.reason().equals(Resolution.SENT_AGAIN) ? 1 : 0;
          }
          case "failed" -> {
            // Failed means certainly not stored: the invalid rows, and (rarely, when one row draws
            // a 429 on every one of its attempts) a row refused before NLPearl acted.
            assertThat(leads).as("stored leads of failed row %s", line).isEmpty();
            assertThat(line.reason()).as("%s", line).isIn("invalid", "rate limited");
            if (line.reason().equals("rate limited")) {
              assertThat(line.message()).as("%s", line).contains("safe to send again");
              refused++;
            }
          }
          default -> throw new AssertionError("not settled: " + line);
        }
      }
      long added = Results.count(lines, "added");
      assertThat(Results.count(lines, "failed")).isEqualTo(ROWS / INVALID_EVERY + refused);
      assertThat(added).isEqualTo(ROWS - ROWS / INVALID_EVERY - refused).isEqualTo(stored);
      assertThat(found).isPositive();
      assertThat(sentAgain).isPositive();
      SandboxFaultCounts faults = sandbox.faults().injected();
      assertThat(faults.getAfterHandling()).isPositive();
      assertThat(faults.getBeforeHandling()).isPositive();

      System.out.println(String.format(Locale.ROOT, """
          Soak with --pearl: %d rows (%d invalid), concurrency %d, default retries, fault mix \
          rate %.2f seed %d over %d kinds (adds and lookups), lookup lag %s, --settle %s
            final: %d added (%d found by external id, %d sent again after a lookup found nothing), \
          %d failed (%d invalid, %d refused with 429 on every attempt: safe to send again), 0 unknown
            store: %d leads, 0 stored twice (by external id and by phone), 0 failed rows stored
            lookups answered by the sandbox: %d (%d found); requests in all: %d; faults injected: \
          %d (%d before handling, %d after)
            elapsed: %.1f s in all
          %s""",
          ROWS, ROWS / INVALID_EVERY, CONCURRENCY, mix.getRate(), mix.getSeed(),
          mix.getKinds().size(), lag.toSeconds() + "s", settle.toSeconds() + "s", added, found,
          sentAgain, ROWS / INVALID_EVERY + refused, ROWS / INVALID_EVERY, refused, stored,
          sandbox.counters().getLeadLookups(),
          sandbox.counters().getLeadLookupsFound(), sandbox.counters().getRequests(),
          faults.getTotal(), faults.getBeforeHandling(), faults.getAfterHandling(),
          elapsedMillis / 1000.0, run.out));
      sandbox.faults().clearMix();
    }
  }

  /** Checks, after every run, that no row the results file calls failed is in the store. */
  private static void assertFailedRowsNotStored(List<Results.Line> lines, NlPearlSandbox sandbox) {
    Map<String, List<SandboxLead>> byExternalId = sandbox.leadsByExternalId(TestSandbox.OUTBOUND);
    for (Results.Line line : lines) {
      if (line.outcome().equals("failed")) {
        assertThat(byExternalId.getOrDefault(line.key(), List.of()))
            .as("stored leads of failed row %s", line).isEmpty();
      }
    }
  }

  private static String figures(List<Results.Line> lines) {
    return Results.count(lines, "added") + " added, " + Results.count(lines, "failed")
        + " failed, " + Results.count(lines, "unknown") + " unknown";
  }

  /** Writes the CSV: a unique external id and phone number per row, so the store counts rows. */
  private static Path writeCsv(Path csv) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("externalId,phoneNumber,firstName,company\n");
      for (int i = 1; i <= ROWS; i++) {
        String phone = i % INVALID_EVERY == 0 ? "n/a" : "+1 415 " + (2_000_000 + i);
        out.write("soak-" + i + "," + phone + ",Person " + i + ",\"Company " + i + ", Inc\"\n");
      }
    }
    return csv;
  }
}
