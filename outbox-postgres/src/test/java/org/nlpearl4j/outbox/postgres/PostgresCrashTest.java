package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.ChildJvm;
import org.nlpearl4j.outbox.CrashVerdict;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.FaultMix;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxCounters;
import org.nlpearl4j.sandbox.SandboxFaultCounts;
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
      ChildJvm[] children = new ChildJvm[INSTANCES];
      int starts = 0;
      for (int i = 0; i < INSTANCES; i++) {
        children[i] = start(url, sandbox.baseUrl());
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
        ChildJvm child = children[victim];
        assertThat(child.process().isAlive()).as("instance %d runs: %s", victim, child.output())
            .isTrue();
        child.process().destroyForcibly(); // SIGKILL
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        kills++;
        children[victim] = start(url, sandbox.baseUrl());
        starts++;
      }

      // Every instance is left to finish: each stops once nothing in the table is left to do.
      for (ChildJvm child : children) {
        assertThat(child.process().waitFor(180, TimeUnit.SECONDS)).as("instance ends").isTrue();
        assertThat(child.process().exitValue()).as("instance: %s", child.output()).isZero();
        assertThat(child.output()).contains("DONE");
      }
      assertThat(PgCrashChild.unfinished(dataSource)).as("nothing waiting, sending or to look up")
          .isZero();

      List<OutboxEntry> entries = readBack(dataSource);
      CrashVerdict verdict = CrashVerdict.check(sandbox, CAMPAIGN, entries, externalIdByEntry);
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
          verdict.count(EntryState.ADDED), verdict.foundByLookup(),
          verdict.count(EntryState.REJECTED), verdict.count(EntryState.UNKNOWN),
          verdict.duplicates(), lost,
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

  private static ChildJvm start(String url, String baseUrl) throws IOException {
    return ChildJvm.start(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        PgCrashChild.class, url, baseUrl, CAMPAIGN);
  }
}
