package org.nlpearl4j.outbox.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * One of the sender processes {@link PostgresCrashTest} kills: an instance of the outbox on the
 * shared table, with its own pool, draining against the test's sandbox until nothing in the table
 * waits, is being sent or has a lookup planned (another instance may hold what is left, so it
 * drains again after a pause). Prints {@code OPEN} once open and {@code DONE} at the end; exit
 * status 3 when a drain failed.
 */
public final class PgCrashChild {
  /** Short, so that a killed instance's claims expire within the test. */
  static final Duration LEASE = Duration.ofSeconds(3);
  /** The settle time: above the sandbox's lookup lag in {@link PostgresCrashTest}. */
  static final Duration SETTLE = Duration.ofMillis(2_500);
  static final int MAX_IN_FLIGHT = 8;

  private PgCrashChild() {
  }

  /**
   * Runs one instance.
   *
   * @param args the table's JDBC URL, the sandbox's base URL and the campaign id (the sandbox's
   *     Pearl id for it is the same)
   */
  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(4);
    try (HikariDataSource dataSource = new HikariDataSource(config);
        NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN).baseUrl(args[1])
            .retryPolicy(RetryPolicy.none()).build();
        PostgresOutbox outbox = PostgresOutbox.builder().dataSource(dataSource).client(client)
            .leaseTime(LEASE).maxInFlight(MAX_IN_FLIGHT).pearlId(args[2], args[2])
            .resolver(LeadResolver.builder(client).settleTime(SETTLE)
                .recheckDelays(Duration.ofMillis(250), Duration.ofSeconds(1)).build())
            .open()) {
      System.out.println("OPEN " + outbox.getInstanceId());
      System.out.flush();
      while (true) {
        try {
          outbox.outbox().drain().blockingAwait();
        } catch (RuntimeException e) {
          System.out.println("FAILED " + e);
          System.out.flush();
          System.exit(3);
        }
        if (unfinished(dataSource) == 0) {
          break;
        }
        Thread.sleep(300);
      }
      System.out.println("DONE");
      System.out.flush();
    }
  }

  /** Entries still waiting, being sent (by any instance, dead or alive) or with a lookup planned. */
  static long unfinished(javax.sql.DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + PostgresOutbox.DEFAULT_TABLE_PREFIX
            + " WHERE state IN ('WAITING', 'SENDING') OR next_check_at IS NOT NULL")) {
      r.next();
      return r.getLong(1);
    }
  }
}
