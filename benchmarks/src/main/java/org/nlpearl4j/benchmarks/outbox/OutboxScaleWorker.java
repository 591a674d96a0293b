package org.nlpearl4j.benchmarks.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxStats;
import org.nlpearl4j.outbox.postgres.PostgresOutbox;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * One outbox instance of {@link OutboxScaleHarness}, in its own JVM: opens the outbox (a PostgreSQL
 * table through its own pool, or a journal directory), prints {@code READY}, waits for {@code GO}
 * on stdin, drains until nothing waits or is being sent, and prints {@code DONE} with its CPU time
 * and, for the table, how many store steps (transactions) it ran and how long it held their
 * connections.
 *
 * <pre>
 * java -cp benchmarks.jar org.nlpearl4j.benchmarks.outbox.OutboxScaleWorker \
 *   pg|journal JDBC-URL|DIRECTORY SANDBOX-URL CAMPAIGN MAX-IN-FLIGHT
 * </pre>
 */
public final class OutboxScaleWorker {
  private OutboxScaleWorker() {
  }

  /** Runs one instance; see the class documentation. */
  public static void main(String[] args) throws Exception {
    boolean pg = args[0].equals("pg");
    String campaign = args[3];
    int maxInFlight = Integer.parseInt(args[4]);
    LongAdder steps = new LongAdder();
    LongAdder heldNanos = new LongAdder();
    HikariDataSource pool = null;
    try (NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN).baseUrl(args[2])
        .retryPolicy(RetryPolicy.none()).build()) {
      LeadOutbox outbox;
      PostgresOutbox table = null;
      if (pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        table = PostgresOutbox.builder().dataSource(timed(pool, steps, heldNanos)).client(client)
            .maxInFlight(maxInFlight).pearlId(campaign, campaign).open();
        outbox = table.outbox();
      } else {
        outbox = LeadOutbox.builder().directory(new File(args[1])).client(client)
            .maxInFlight(maxInFlight).pearlId(campaign, campaign).open();
      }
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        throw new IllegalStateException("expected GO");
      }
      long cpuStart = cpuNanos();
      steps.reset();
      heldNanos.reset();
      while (true) {
        outbox.drain().blockingAwait();
        OutboxStats stats = outbox.stats();
        if (stats.count(EntryState.WAITING) + stats.count(EntryState.SENDING) == 0) {
          break;
        }
        Thread.sleep(20); // another instance holds what is left
      }
      long cpu = cpuNanos() - cpuStart;
      System.out.printf("DONE cpuMs=%d steps=%d heldMs=%d%n", cpu / 1_000_000, steps.sum(),
          heldNanos.sum() / 1_000_000);
      System.out.flush();
      if (table != null) {
        table.close();
      } else {
        outbox.close();
      }
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The pool, counting each connection the store borrows and how long it holds it. */
  private static DataSource timed(HikariDataSource pool, LongAdder steps, LongAdder heldNanos) {
    return (DataSource) Proxy.newProxyInstance(OutboxScaleWorker.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, methodArgs) -> {
          Object result = invoke(pool, method, methodArgs);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          long borrowed = System.nanoTime();
          return Proxy.newProxyInstance(OutboxScaleWorker.class.getClassLoader(),
              new Class<?>[] {Connection.class}, (p, m, a) -> {
                if (m.getName().equals("close")) {
                  steps.increment();
                  heldNanos.add(System.nanoTime() - borrowed);
                }
                return invoke(connection, m, a);
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
