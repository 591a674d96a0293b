package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import com.zaxxer.hikari.HikariDataSource;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * What the PostgreSQL tests share: a sandbox (the truth), a database of the test class's own, and
 * instances of the outbox on one table, closed at the end.
 */
final class PgFixture implements AutoCloseable {
  /** The sandbox names a campaign by one id for both APIs: the outbound id is the Pearl id. */
  static final String CAMPAIGN = "65f1c0ffee0000000000abcd";
  static final Duration LAG = Duration.ofMillis(200);
  static final Duration SETTLE = Duration.ofMillis(400);

  final NlPearlSandbox sandbox;
  final HikariDataSource dataSource;
  private final List<AutoCloseable> open = new ArrayList<>();

  PgFixture(String name, Consumer<NlPearlSandbox.Builder> sandboxOptions) {
    NlPearlSandbox.Builder b = NlPearlSandbox.builder().lookupLag(LAG);
    sandboxOptions.accept(b);
    this.sandbox = b.start();
    this.dataSource = TestDatabase.create(name);
  }

  PgFixture(String name) {
    this(name, b -> { });
  }

  NlPearl client() {
    NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
        .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();
    open.add(client);
    return client;
  }

  /** A new instance on the table, resolving the campaign's uncertain adds. */
  PostgresOutbox instance(Consumer<PostgresOutbox.Builder> options) {
    NlPearl client = client();
    PostgresOutbox.Builder b = PostgresOutbox.builder().dataSource(dataSource).client(client)
        .pearlId(CAMPAIGN, CAMPAIGN)
        .resolver(LeadResolver.builder(client).settleTime(SETTLE)
            .recheckDelays(Duration.ofMillis(200), Duration.ofMillis(800)).build())
        .pollInterval(Duration.ofMillis(100));
    options.accept(b);
    PostgresOutbox outbox = b.open();
    open.add(0, outbox);
    return outbox;
  }

  PostgresOutbox instance() {
    return instance(b -> { });
  }

  static NewLead lead(String externalId) {
    return NewLead.of(l -> l.phoneNumber("+14155550123").externalId(externalId));
  }

  static void drain(LeadOutbox outbox) {
    assertThat(outbox.drain().blockingAwait(60, TimeUnit.SECONDS)).as("drain finished").isTrue();
  }

  List<SandboxLead> stored(String externalId) {
    return sandbox.leadsWithExternalId(CAMPAIGN, externalId);
  }

  long requests(String operation) {
    return sandbox.recordedRequests().stream()
        .filter(r -> operation.equals(r.getOperation())).count();
  }

  static OutboxEntry await(LeadOutbox outbox, String id, Predicate<OutboxEntry> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      OutboxEntry entry = outbox.entry(id);
      if (entry != null && until.test(entry)) {
        return entry;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("entry never reached the state: " + outbox.entry(id));
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    sandbox.close();
    dataSource.close();
  }
}
