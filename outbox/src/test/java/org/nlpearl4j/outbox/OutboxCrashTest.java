package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * The outbox's promise under kill -9: a child JVM drains 1,000 entries against a sandbox that
 * fails before and after handling (lookups too) and shows a stored lead to lookups only after a
 * lag; it is killed at random moments, restarted on the same directory, and finally left to
 * finish. Every uncertain add is settled by looking it up. The sandbox's store is the truth.
 */
class OutboxCrashTest {
  private static final String CAMPAIGN = "65f1c0ffee00000000c0ffee";
  private static final int ENTRIES = 1_000;
  private static final int KILLS = 32;
  /** The sandbox shows a stored lead to lookups this long after storing it (below the settle time). */
  private static final Duration LOOKUP_LAG = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void killedAgainAndAgainWhileDrainingEveryLeadIsAccountedForAndNoneIsStoredTwice() throws Exception {
    long seed = Long.getLong("outbox.crash.seed", 7L);
    Random random = new Random(seed);
    long started = System.nanoTime();
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false)
        .lookupLag(LOOKUP_LAG).start()) {
      CrashFaults faults = CrashFaults.install(sandbox, seed);
      File outboxDir = dir.resolve("outbox").toFile();
      Map<String, String> externalIdByEntry = populate(outboxDir);

      int kills = 0;
      int runs = 0;
      while (kills < KILLS && runs < KILLS * 3) {
        runs++;
        ChildJvm child = start(outboxDir, sandbox.baseUrl());
        if (random.nextInt(8) == 0) {
          // Sometimes while it starts: opening, turning "sending" into "unknown", compacting.
          Thread.sleep(200 + random.nextInt(900));
        } else {
          assertThat(child.awaitLine("OPEN", 60)).as("child opened the outbox").isNotNull();
          long target = sandbox.counters().getRequests() + 1 + random.nextInt(40);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (sandbox.counters().getRequests() < target && child.process().isAlive()
              && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          Thread.sleep(random.nextInt(4));
        }
        if (child.process().isAlive()) {
          child.process().destroyForcibly();
          child.process().waitFor(30, TimeUnit.SECONDS);
          kills++;
        } else {
          child.process().waitFor();
        }
      }
      assertThat(kills).as("kills").isGreaterThanOrEqualTo(30);

      // The last run is left to finish (again if the drain ended with entries still waiting).
      int finalRuns = 0;
      boolean finished = false;
      while (!finished && finalRuns < 5) {
        finalRuns++;
        ChildJvm child = start(outboxDir, sandbox.baseUrl());
        assertThat(child.process().waitFor(120, TimeUnit.SECONDS)).as("final run ends").isTrue();
        assertThat(child.process().exitValue()).as("final run: %s", child.output()).isZero();
        finished = child.output().contains("DONE 0");
      }
      assertThat(finished).as("nothing left waiting or to look up").isTrue();

      List<OutboxEntry> entries = readBack(outboxDir);
      CrashVerdict verdict = CrashVerdict.check(sandbox, CAMPAIGN, entries, externalIdByEntry);
      int unknown = verdict.count(EntryState.UNKNOWN);
      long lost = ENTRIES - entries.size();
      long adds = sandbox.recordedRequests().stream()
          .filter(r -> "addLead".equals(r.getOperation())).count();
      long lookups = sandbox.recordedRequests().stream()
          .filter(r -> "getLeadViaExternalID".equals(r.getOperation())).count();

      System.out.printf("%n[outbox crash test] seed %d, %d entries, %d kills (%d child runs + %d"
              + " final), lookup lag %d ms, settle time %d ms, %.1f s%n", seed, ENTRIES, kills, runs,
          finalRuns, LOOKUP_LAG.toMillis(), CrashChild.SETTLE.toMillis(),
          (System.nanoTime() - started) / 1e9);
      System.out.printf("  ended: added %d (%d of them found by a lookup, every one with its lead"
              + " id), rejected %d, unknown %d, lost %d%n",
          verdict.count(EntryState.ADDED), verdict.foundByLookup(),
          verdict.count(EntryState.REJECTED), unknown, lost);
      System.out.printf("  sandbox: %d requests (%d adds, %d lookups), %d leads stored, duplicates"
              + " %d; unknown-making faults %d; faults %s%n",
          sandbox.counters().getRequests(), adds, lookups, sandbox.leadCount(CAMPAIGN),
          verdict.duplicates(),
          faults.unknownFaultsInjected(), faults.describe());
      assertThat(unknown).as("unknown entries (every lead has an external id)").isZero();
      assertThat(lost).as("lost").isZero();
    }
  }

  private static Map<String, String> populate(File outboxDir) {
    Map<String, String> externalIdByEntry = new HashMap<>();
    try (NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        LeadOutbox outbox = LeadOutbox.open(outboxDir, unused)) {
      for (int i = 0; i < ENTRIES; i++) {
        String externalId = "crm-" + i;
        int index = i;
        NewLead lead = NewLead.of(l -> l.phoneNumber("+1415" + String.format("%07d", 2_000_000 + index))
            .externalId(externalId).callData("email", externalId + "@example.com"));
        externalIdByEntry.put(outbox.add(CAMPAIGN, lead).blockingGet(), externalId);
      }
    }
    return externalIdByEntry;
  }

  private static List<OutboxEntry> readBack(File outboxDir) {
    try (NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        LeadOutbox outbox = LeadOutbox.builder().directory(outboxDir).client(unused)
            .pearlId(CAMPAIGN, CAMPAIGN).open()) {
      return outbox.entries();
    }
  }

  private static ChildJvm start(File outboxDir, String baseUrl) throws java.io.IOException {
    return ChildJvm.start(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        CrashChild.class, outboxDir.getPath(), baseUrl, CAMPAIGN);
  }
}
