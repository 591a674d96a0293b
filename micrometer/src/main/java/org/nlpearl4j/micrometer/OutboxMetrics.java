package org.nlpearl4j.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxStats;

/**
 * Gauges of a {@link LeadOutbox} (on the journal file or on a shared PostgreSQL table) in a
 * Micrometer {@link MeterRegistry}: how many entries are in each state, and how long the oldest
 * waiting entry has waited. Each scrape reads {@link LeadOutbox#stats()} once (a count in memory
 * for the journal, one grouped query for a table), reused by every gauge for {@link
 * Builder#maxAge} (1 s by default).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #ENTRIES}</td><td>gauge</td><td>state</td>
 *       <td>entries in the state ({@code waiting}, {@code sending}, {@code added}, {@code
 *       updated}, {@code rejected}, {@code unknown})</td></tr>
 *   <tr><td>{@value #OLDEST_WAITING}</td><td>time gauge (seconds)</td><td></td>
 *       <td>how long the oldest waiting entry has waited since it was put in; 0 when none
 *       waits</td></tr>
 * </table>
 *
 * <p>When the store cannot be read (the database is down), the gauges read NaN until it can.
 *
 * <pre>{@code
 * PostgresOutbox outbox = PostgresOutbox.builder().dataSource(dataSource).client(client).open();
 * OutboxMetrics.bind(outbox.outbox(), meterRegistry);
 * }</pre>
 */
public final class OutboxMetrics implements AutoCloseable {
  /** The gauge of entries, one per state (tag {@code state}). */
  public static final String ENTRIES = "nlpearl.outbox.entries";
  /** The time gauge of the oldest waiting entry's age. */
  public static final String OLDEST_WAITING = "nlpearl.outbox.oldest.waiting";

  private final LeadOutbox outbox;
  private final MeterRegistry registry;
  private final Clock clock;
  private final long maxAgeNanos;
  private final List<Meter> meters = new ArrayList<>();
  private final Object lock = new Object();
  private @Nullable OutboxStats last;
  private long readAt;
  private boolean failed;

  private OutboxMetrics(Builder b) {
    this.outbox = b.outbox;
    this.registry = b.registry;
    this.clock = registry.config().clock();
    this.maxAgeNanos = b.maxAge.toNanos();
    for (EntryState state : EntryState.values()) {
      if (state == EntryState.FORGOTTEN) {
        continue;
      }
      meters.add(Gauge.builder(ENTRIES, this, m -> m.count(state))
          .description("nlpearl4j outbox entries in the state")
          .tags(b.tags)
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry));
    }
    meters.add(TimeGauge.builder(OLDEST_WAITING, this, TimeUnit.SECONDS,
            OutboxMetrics::oldestWaitingSeconds)
        .description("how long the oldest waiting nlpearl4j outbox entry has waited")
        .tags(b.tags)
        .strongReference(true)
        .register(registry));
  }

  /**
   * Registers the outbox's gauges, without extra tags.
   *
   * <pre>{@code OutboxMetrics.bind(outbox, registry);}</pre>
   *
   * @param outbox the outbox
   * @param registry the registry
   * @return the bound gauges; {@link #close()} removes them
   */
  public static OutboxMetrics bind(LeadOutbox outbox, MeterRegistry registry) {
    return builder(outbox, registry).bind();
  }

  /**
   * Returns a builder, e.g. to add a tag that tells two outboxes apart.
   *
   * <pre>{@code OutboxMetrics.builder(outbox, registry).tag("outbox", "crm").bind();}</pre>
   *
   * @param outbox the outbox
   * @param registry the registry
   * @return the builder
   */
  public static Builder builder(LeadOutbox outbox, MeterRegistry registry) {
    return new Builder(outbox, registry);
  }

  /** Removes the gauges from the registry (e.g. before closing the outbox). Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      for (Meter meter : meters) {
        registry.remove(meter);
      }
      meters.clear();
    }
  }

  /** The summary, read at most once per max age; null when the store cannot be read. */
  private @Nullable OutboxStats stats() {
    synchronized (lock) {
      long now = clock.monotonicTime();
      if ((last == null && !failed) || now - readAt >= maxAgeNanos) {
        readAt = now;
        try {
          last = outbox.stats();
          failed = false;
        } catch (RuntimeException e) {
          // The store cannot be read now (database down, outbox closed): NaN until it can.
          last = null;
          failed = true;
        }
      }
      return last;
    }
  }

  private double count(EntryState state) {
    OutboxStats stats = stats();
    return stats == null ? Double.NaN : stats.count(state);
  }

  private double oldestWaitingSeconds() {
    OutboxStats stats = stats();
    if (stats == null) {
      return Double.NaN;
    }
    Duration age = stats.oldestWaitingAge(Instant.ofEpochMilli(clock.wallTime()));
    return age == null ? 0 : age.toMillis() / 1000.0;
  }

  @Override
  public String toString() {
    return "OutboxMetrics{" + outbox + "}";
  }

  /** Options for {@link OutboxMetrics}. */
  public static final class Builder {
    private final LeadOutbox outbox;
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private Duration maxAge = Duration.ofSeconds(1);

    private Builder(LeadOutbox outbox, MeterRegistry registry) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds a tag to every gauge, e.g. to tell two outboxes apart.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags = tags.and(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds tags to every gauge.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Sets how long one read of {@link LeadOutbox#stats()} serves the gauges (default 1 s), so
     * that a scrape reads the store once, not once per gauge.
     *
     * @param maxAge zero or more; zero reads the store for every gauge
     * @return this builder
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Registers the gauges.
     *
     * @return the bound gauges
     */
    public OutboxMetrics bind() {
      return new OutboxMetrics(this);
    }
  }
}
