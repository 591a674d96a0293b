package org.nlpearl4j.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A summary of an outbox: how many entries it holds in each state, and when the oldest entry that
 * still waits was put in. Cheap to read ({@link LeadOutbox#stats()}), so metrics can read it on
 * every scrape.
 *
 * <pre>{@code
 * OutboxStats stats = outbox.stats();
 * log.info("{} waiting, oldest for {}", stats.count(EntryState.WAITING),
 *     stats.oldestWaitingAge(Instant.now()));
 * }</pre>
 */
public final class OutboxStats {
  private final Map<EntryState, Long> counts;
  private final @Nullable Instant oldestWaiting;

  private OutboxStats(Builder b) {
    EnumMap<EntryState, Long> all = new EnumMap<>(EntryState.class);
    for (EntryState state : EntryState.values()) {
      if (state != EntryState.FORGOTTEN) {
        Long n = b.counts.get(state);
        all.put(state, n != null ? n : 0L);
      }
    }
    this.counts = Collections.unmodifiableMap(all);
    this.oldestWaiting = b.oldestWaiting;
  }

  /**
   * Returns a new builder (every count zero, no waiting entry).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Summarises entries, as a store that holds them in memory does.
   *
   * <pre>{@code OutboxStats stats = OutboxStats.of(store.entries());}</pre>
   *
   * @param entries the entries ({@link EntryState#FORGOTTEN} ones are not counted)
   * @return the summary
   */
  public static OutboxStats of(Iterable<OutboxEntry> entries) {
    Objects.requireNonNull(entries, "entries");
    Builder b = builder();
    for (OutboxEntry entry : entries) {
      EntryState state = entry.getState();
      if (state == EntryState.FORGOTTEN) {
        continue;
      }
      Long n = b.counts.get(state);
      b.counts.put(state, n != null ? n + 1 : 1L);
      Instant oldest = b.oldestWaiting;
      if (state == EntryState.WAITING && (oldest == null || entry.getCreated().isBefore(oldest))) {
        b.oldestWaiting = entry.getCreated();
      }
    }
    return b.build();
  }

  /**
   * Returns a builder holding this summary.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.counts.putAll(counts);
    b.oldestWaiting = oldestWaiting;
    return b;
  }

  /**
   * Returns how many entries are in a state.
   *
   * @param state the state
   * @return the count; 0 for {@link EntryState#FORGOTTEN}, which an outbox never holds
   */
  public long count(EntryState state) {
    Long n = counts.get(Objects.requireNonNull(state, "state"));
    return n != null ? n : 0L;
  }

  /**
   * Returns the count of every state an outbox holds (all but {@link EntryState#FORGOTTEN}),
   * zeros included.
   *
   * @return an unmodifiable map in the states' order
   */
  public Map<EntryState, Long> getCounts() {
    return counts;
  }

  /**
   * Returns how many entries the outbox holds.
   *
   * @return the sum of the counts
   */
  public long getTotal() {
    long total = 0;
    for (long n : counts.values()) {
      total += n;
    }
    return total;
  }

  /**
   * Returns when the oldest {@link EntryState#WAITING} entry was put in ({@link
   * OutboxEntry#getCreated()}).
   *
   * @return the time, or null when nothing waits
   */
  public @Nullable Instant getOldestWaiting() {
    return oldestWaiting;
  }

  /**
   * Returns how long the oldest waiting entry has waited.
   *
   * @param now the current time
   * @return the age (zero for an entry put in after {@code now}), or null when nothing waits
   */
  public @Nullable Duration oldestWaitingAge(Instant now) {
    Objects.requireNonNull(now, "now");
    Instant oldest = oldestWaiting;
    if (oldest == null) {
      return null;
    }
    Duration age = Duration.between(oldest, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutboxStats)) {
      return false;
    }
    OutboxStats that = (OutboxStats) o;
    return counts.equals(that.counts) && Objects.equals(oldestWaiting, that.oldestWaiting);
  }

  @Override
  public int hashCode() {
    return Objects.hash(counts, oldestWaiting);
  }

  @Override
  public String toString() {
    return "OutboxStats{" + counts + (oldestWaiting != null ? ", oldestWaiting=" + oldestWaiting
        : "") + "}";
  }

  /** Builds an {@link OutboxStats}; used by stores ({@link org.nlpearl4j.outbox.spi.OutboxStore#stats()}). */
  public static final class Builder {
    private final EnumMap<EntryState, Long> counts = new EnumMap<>(EntryState.class);
    private @Nullable Instant oldestWaiting;

    private Builder() {
    }

    /**
     * Sets how many entries are in a state.
     *
     * @param state a state an outbox holds (not {@link EntryState#FORGOTTEN})
     * @param count at least 0
     * @return this builder
     * @throws IllegalArgumentException for a negative count or {@link EntryState#FORGOTTEN}
     */
    public Builder count(EntryState state, long count) {
      Objects.requireNonNull(state, "state");
      if (state == EntryState.FORGOTTEN) {
        throw new IllegalArgumentException("state: an outbox holds no FORGOTTEN entries");
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative, was " + count);
      }
      counts.put(state, count);
      return this;
    }

    /**
     * Sets when the oldest waiting entry was put in.
     *
     * @param oldestWaiting the time, or null when nothing waits
     * @return this builder
     */
    public Builder oldestWaiting(@Nullable Instant oldestWaiting) {
      this.oldestWaiting = oldestWaiting;
      return this;
    }

    /**
     * Builds the summary.
     *
     * @return the summary
     */
    public OutboxStats build() {
      return new OutboxStats(this);
    }
  }
}
