package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

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
        Child child = Child.start(outboxDir, sandbox.baseUrl(), CAMPAIGN);
        if (random.nextInt(8) == 0) {
          // Sometimes while it starts: opening, turning "sending" into "unknown", compacting.
          Thread.sleep(200 + random.nextInt(900));
        } else {
          assertThat(child.awaitLine("OPEN", 60)).as("child opened the outbox").isTrue();
          long target = sandbox.counters().getRequests() + 1 + random.nextInt(40);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (sandbox.counters().getRequests() < target && child.process.isAlive()
              && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          Thread.sleep(random.nextInt(4));
        }
        if (child.process.isAlive()) {
          child.process.destroyForcibly();
          child.process.waitFor(30, TimeUnit.SECONDS);
          kills++;
        } else {
          child.process.waitFor();
        }
      }
      assertThat(kills).as("kills").isGreaterThanOrEqualTo(30);

      // The last run is left to finish (again if the drain ended with entries still waiting).
      int finalRuns = 0;
      boolean finished = false;
      while (!finished && finalRuns < 5) {
        finalRuns++;
        Child child = Child.start(outboxDir, sandbox.baseUrl(), CAMPAIGN);
        assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).as("final run ends").isTrue();
        assertThat(child.process.exitValue()).as("final run: %s", child.output()).isZero();
        finished = child.output().contains("DONE 0");
      }
      assertThat(finished).as("nothing left waiting or to look up").isTrue();

      List<OutboxEntry> entries = readBack(outboxDir);
      Map<EntryState, Integer> byState = new EnumMap<>(EntryState.class);
      entries.forEach(e -> byState.merge(e.getState(), 1, Integer::sum));

      // Nothing lost from the journal, and every entry ended added or rejected: every lead has an
      // external id, so no uncertain add is left for a person.
      assertThat(entries).extracting(OutboxEntry::getId)
          .containsExactlyInAnyOrderElementsOf(externalIdByEntry.keySet());
      assertThat(byState.keySet()).isSubsetOf(EntryState.ADDED, EntryState.REJECTED);
      assertThat(entries).as("no lookup left planned").allMatch(e -> e.getNextCheckAt() == null);

      // The store: no lead twice; every added lead stored under its id; no rejected lead stored.
      Map<String, List<SandboxLead>> stored = sandbox.leadsByExternalId(CAMPAIGN);
      assertThat(sandbox.leadCount(CAMPAIGN)).as("every stored lead has an external id")
          .isEqualTo(stored.values().stream().mapToInt(List::size).sum());
      long duplicates = stored.values().stream().filter(l -> l.size() > 1).count();
      assertThat(duplicates).as("leads stored twice").isZero();
      assertThat(stored.keySet()).as("every stored lead is an entry's")
          .isSubsetOf(externalIdByEntry.values());
      int foundByLookup = 0;
      for (OutboxEntry entry : entries) {
        String externalId = externalIdByEntry.get(entry.getId());
        List<SandboxLead> leads = stored.getOrDefault(externalId, List.of());
        if (entry.getState() == EntryState.ADDED) {
          assertThat(leads).as("added %s is stored", externalId).hasSize(1);
          assertThat(entry.getLeadId()).as("added %s with its lead id", externalId)
              .isEqualTo(leads.get(0).getId());
          if ("found in NLPearl by its external id".equals(entry.getMessage())) {
            foundByLookup++;
          }
        } else {
          assertThat(leads).as("rejected %s is not stored", externalId).isEmpty();
        }
      }
      int unknown = byState.getOrDefault(EntryState.UNKNOWN, 0);
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
          byState.getOrDefault(EntryState.ADDED, 0), foundByLookup,
          byState.getOrDefault(EntryState.REJECTED, 0), unknown, lost);
      System.out.printf("  sandbox: %d requests (%d adds, %d lookups), %d leads stored, duplicates"
              + " %d; unknown-making faults %d; faults %s%n",
          sandbox.counters().getRequests(), adds, lookups, sandbox.leadCount(CAMPAIGN), duplicates,
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

  /** A child JVM running {@link CrashChild}, its output collected line by line. */
  private static final class Child {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final StringBuffer all = new StringBuffer();

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            all.append(line).append('\n');
            lines.add(line);
          }
        } catch (java.io.IOException e) {
          // the process was killed
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(File outboxDir, String baseUrl, String campaign) throws java.io.IOException {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), outboxDir.getPath(), baseUrl, campaign);
      builder.redirectErrorStream(true);
      return new Child(builder.start());
    }

    boolean awaitLine(String prefix, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return true;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          return false;
        }
      }
      return false;
    }

    String output() {
      return all.toString();
    }
  }
}
