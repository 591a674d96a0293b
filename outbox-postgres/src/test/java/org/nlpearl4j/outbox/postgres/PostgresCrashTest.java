package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.FaultMix;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxCounters;
import org.nlpearl4j.sandbox.SandboxFaultCounts;
import org.nlpearl4j.sandbox.SandboxLead;
import org.nlpearl4j.sandbox.SandboxRequest;

/**
 * The shared table's promise under kill -9: four sender processes ({@link PgCrashChild}, separate
 * JVMs with their own pools) drain one table of 10,000 leads against a sandbox that fails 30% of
 * requests before and after handling (lookups too) and shows a stored lead to lookups only after a
 * lag. Instances are killed at random moments spread over the drain and restarted; their claims
 * expire with their lease and the lookup settles them. The sandbox's store is the truth.
 */
class PostgresCrashTest {
  private static final String CAMPAIGN = "65f1c0ffee00000000c0ffee";
  private static final int ENTRIES = 10_000;
  private static final int INSTANCES = 4;
  private static final int KILLS = 30;
  /** The sandbox shows a stored lead to lookups this long after storing it (below the settle time). */
  private static final Duration LOOKUP_LAG = Duration.ofSeconds(2);

  @Test
  void fourInstancesKilledAgainAndAgainAccountForEveryLeadAndStoreNoneTwice() throws Exception {
    long seed = Long.getLong("outbox.crash.seed", 11L);
    Random random = new Random(seed);
    long started = System.nanoTime();
    String url = TestDatabase.url("crash");
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false)
            .lookupLag(LOOKUP_LAG).recordLimit(200_000).start();
        HikariDataSource dataSource = pool(url)) {
      sandbox.faults().mix(FaultMix.builder().rate(0.3).seed(seed)
          .retryAfter(Duration.ZERO)            // 429s say Retry-After: 0, so the test does not wait
          .slowDelay(Duration.ofMillis(30))
          .build());                            // every kind, before and after handling
      Map<String, String> externalIdByEntry = populate(dataSource);

      // Kill moments, spread over the drain: when the store holds this many leads.
      List<Integer> killAt = new ArrayList<>();
      for (int i = 0; i < KILLS; i++) {
        killAt.add(100 + random.nextInt(ENTRIES - 600));
      }
      killAt.sort(null);
      Child[] children = new Child[INSTANCES];
      int starts = 0;
      for (int i = 0; i < INSTANCES; i++) {
        children[i] = Child.start(url, sandbox.baseUrl());
        starts++;
      }
      int kills = 0;
      for (int target : killAt) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sandbox.counters().getLeadsStored() < target && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        assertThat(sandbox.counters().getLeadsStored()).as("the drain goes on (kill %d)", kills)
            .isGreaterThanOrEqualTo(target);
        Thread.sleep(random.nextInt(4));
        int victim = random.nextInt(INSTANCES);
        Child child = children[victim];
        assertThat(child.process.isAlive()).as("instance %d runs: %s", victim, child.output())
            .isTrue();
        child.process.destroyForcibly(); // SIGKILL
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        kills++;
        children[victim] = Child.start(url, sandbox.baseUrl());
        starts++;
      }

      // Every instance is left to finish: each stops once nothing in the table is left to do.
      for (Child child : children) {
        assertThat(child.process.waitFor(180, TimeUnit.SECONDS)).as("instance ends").isTrue();
        assertThat(child.process.exitValue()).as("instance: %s", child.output()).isZero();
        assertThat(child.output()).contains("DONE");
      }
      assertThat(PgCrashChild.unfinished(dataSource)).as("nothing waiting, sending or to look up")
          .isZero();

      List<OutboxEntry> entries = readBack(dataSource);
      Map<EntryState, Integer> byState = new EnumMap<>(EntryState.class);
      entries.forEach(e -> byState.merge(e.getState(), 1, Integer::sum));

      // Nothing lost from the table, and every entry ended added or rejected: every lead has an
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
      long lost = ENTRIES - entries.size();
      List<SandboxRequest> requests = sandbox.recordedRequests();
      SandboxCounters counters = sandbox.counters();
      assertThat((long) requests.size()).as("every request recorded")
          .isEqualTo(counters.getRequests());
      long adds = requests.stream().filter(r -> "addLead".equals(r.getOperation())).count();
      long lookups = requests.stream()
          .filter(r -> "getLeadViaExternalID".equals(r.getOperation())).count();
      SandboxFaultCounts faults = sandbox.faults().injected();

      System.out.printf("%n[outbox-postgres crash test] seed %d: %d entries, %d instances, %d"
              + " kills (%d starts), faults %d of %d requests (%d before handling, %d after),"
              + " adds sent %d, lookups sent %d; added %d (%d found by a lookup), rejected %d,"
              + " unknown %d, stored twice %d, lost %d; lease %d s, lookup lag %d ms, %.1f s%n",
          seed, ENTRIES, INSTANCES, kills, starts, faults.getTotal(), counters.getRequests(),
          faults.getBeforeHandling(), faults.getAfterHandling(), adds, lookups,
          byState.getOrDefault(EntryState.ADDED, 0), foundByLookup,
          byState.getOrDefault(EntryState.REJECTED, 0),
          byState.getOrDefault(EntryState.UNKNOWN, 0), duplicates, lost,
          PgCrashChild.LEASE.getSeconds(), LOOKUP_LAG.toMillis(),
          (System.nanoTime() - started) / 1e9);
      System.out.println("  faults by kind: " + faults.getByKind());
      assertThat(kills).as("kills").isEqualTo(KILLS);
      assertThat(lost).as("lost").isZero();
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** Queues the leads in one transaction, as a service's import would. */
  private static Map<String, String> populate(HikariDataSource dataSource) throws Exception {
    Map<String, String> externalIdByEntry = new HashMap<>();
    try (NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        PostgresOutbox outbox = PostgresOutbox.builder().dataSource(dataSource).client(unused)
            .open();
        Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < ENTRIES; i++) {
        String externalId = "crm-" + i;
        int index = i;
        NewLead lead = NewLead.of(l -> l.phoneNumber("+1415" + String.format("%07d",
            2_000_000 + index)).externalId(externalId).callData("email", externalId
            + "@example.com"));
        externalIdByEntry.put(outbox.add(c, CAMPAIGN, lead), externalId);
      }
      c.commit();
    }
    return externalIdByEntry;
  }

  private static List<OutboxEntry> readBack(HikariDataSource dataSource) {
    try (NlPearl unused = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl("http://127.0.0.1:9/").build();
        PostgresOutbox outbox = PostgresOutbox.builder().dataSource(dataSource).client(unused)
            .open()) {
      return outbox.outbox().entries();
    }
  }

  /** A child JVM running {@link PgCrashChild}, its output collected. */
  private static final class Child {
    final Process process;
    final StringBuffer all = new StringBuffer();

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            all.append(line).append('\n');
          }
        } catch (IOException e) {
          // the process was killed
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(String url, String baseUrl) throws IOException {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          PgCrashChild.class.getName(), url, baseUrl, CAMPAIGN);
      builder.redirectErrorStream(true);
      return new Child(builder.start());
    }

    String output() {
      String text = all.toString();
      return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }
  }
}
