package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * fails before and after handling; it is killed at random moments, restarted on the same
 * directory, and finally left to finish. The sandbox's store is the truth.
 */
class OutboxCrashTest {
  private static final String CAMPAIGN = "65f1c0ffee00000000c0ffee";
  private static final int ENTRIES = 1_000;
  private static final int KILLS = 32;
  /** The sender has at most this many requests in flight. */
  private static final int IN_FLIGHT = 1;

  @TempDir Path dir;

  @Test
  void killedAgainAndAgainWhileDrainingEveryLeadIsAccountedForAndNoneIsStoredTwice() throws Exception {
    long seed = Long.getLong("outbox.crash.seed", 7L);
    Random random = new Random(seed);
    long started = System.nanoTime();
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false).start()) {
      CrashFaults faults = CrashFaults.install(sandbox, seed);
      File outboxDir = dir.resolve("outbox").toFile();
      Map<String, String> externalIdByEntry = populate(outboxDir);

      int kills = 0;
      int runs = 0;
      while (kills < KILLS && runs < KILLS * 3) {
        runs++;
        Child child = Child.start(outboxDir, sandbox.baseUrl());
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
        Child child = Child.start(outboxDir, sandbox.baseUrl());
        assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).as("final run ends").isTrue();
        assertThat(child.process.exitValue()).as("final run: %s", child.output()).isZero();
        finished = child.output().contains("DONE 0");
      }
      assertThat(finished).as("nothing left waiting").isTrue();

      List<OutboxEntry> entries = readBack(outboxDir);
      Map<EntryState, Integer> byState = new EnumMap<>(EntryState.class);
      entries.forEach(e -> byState.merge(e.getState(), 1, Integer::sum));

      // Nothing lost from the journal, and every entry ended added, rejected or unknown.
      assertThat(entries).extracting(OutboxEntry::getId)
          .containsExactlyInAnyOrderElementsOf(externalIdByEntry.keySet());
      assertThat(byState.keySet()).isSubsetOf(EntryState.ADDED, EntryState.REJECTED,
          EntryState.UNKNOWN);

      // The store: no lead twice; every added lead stored under its id; no rejected lead stored.
      Map<String, List<SandboxLead>> stored = sandbox.leadsByExternalId(CAMPAIGN);
      assertThat(sandbox.leadCount(CAMPAIGN)).as("every stored lead has an external id")
          .isEqualTo(stored.values().stream().mapToInt(List::size).sum());
      long duplicates = stored.values().stream().filter(l -> l.size() > 1).count();
      assertThat(duplicates).as("leads stored twice").isZero();
      assertThat(stored.keySet()).as("every stored lead is an entry's")
          .isSubsetOf(externalIdByEntry.values());
      int addedWithoutId = 0;
      int unknownStored = 0;
      int unknownFromKills = 0;
      for (OutboxEntry entry : entries) {
        String externalId = externalIdByEntry.get(entry.getId());
        List<SandboxLead> leads = stored.getOrDefault(externalId, List.of());
        switch (entry.getState()) {
          case ADDED:
            assertThat(leads).as("added %s is stored", externalId).hasSize(1);
            if (entry.getLeadId() == null) {
              addedWithoutId++;
            } else {
              assertThat(leads.get(0).getId()).as("stored under its id").isEqualTo(entry.getLeadId());
            }
            break;
          case REJECTED:
            assertThat(leads).as("rejected %s is not stored", externalId).isEmpty();
            break;
          default:
            unknownStored += leads.size();
            if (entry.getMessage() != null && entry.getMessage().startsWith("the app stopped")) {
              unknownFromKills++;
            }
        }
      }
      int unknown = byState.getOrDefault(EntryState.UNKNOWN, 0);
      long unknownFaults = faults.unknownFaultsInjected();
      assertThat(unknownFromKills).as("unknown because of a kill").isLessThanOrEqualTo(kills * IN_FLIGHT);
      assertThat(unknown).as("unknown entries")
          .isLessThanOrEqualTo((int) (kills * IN_FLIGHT + unknownFaults));

      System.out.printf("%n[outbox crash test] seed %d, %d entries, %d kills (%d child runs + %d"
              + " final), %.1f s%n", seed, ENTRIES, kills, runs, finalRuns,
          (System.nanoTime() - started) / 1e9);
      System.out.printf("  ended: added %d (%d without a readable lead id), rejected %d, unknown %d"
              + " (%d after a kill, %d after a fault; %d of them stored by the sandbox)%n",
          byState.getOrDefault(EntryState.ADDED, 0), addedWithoutId,
          byState.getOrDefault(EntryState.REJECTED, 0), unknown, unknownFromKills,
          unknown - unknownFromKills, unknownStored);
      System.out.printf("  bound: unknown %d <= kills x in flight (%d x %d) + unknown-making faults"
              + " (%d) = %d%n", unknown, kills, IN_FLIGHT, unknownFaults,
          kills * IN_FLIGHT + unknownFaults);
      System.out.printf("  sandbox: %d requests, %d leads stored, duplicates %d, lost %d; faults %s%n",
          sandbox.counters().getRequests(), sandbox.leadCount(CAMPAIGN), duplicates,
          ENTRIES - entries.size(), faults.describe());
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
        LeadOutbox outbox = LeadOutbox.open(outboxDir, unused)) {
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

    static Child start(File outboxDir, String baseUrl) throws java.io.IOException {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), outboxDir.getPath(), baseUrl);
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
