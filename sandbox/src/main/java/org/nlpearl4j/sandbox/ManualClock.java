package org.nlpearl4j.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A clock that only moves when told to, so tests of the call simulation never sleep.
 *
 * <p>Give it to {@link NlPearlSandbox.Builder#clock(Clock)}; every {@link #advance(Duration)} then
 * runs the simulation steps that have come due, on the calling thread, before it returns:
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));
 * NlPearlSandbox sandbox = NlPearlSandbox.builder().clock(clock).simulateCalls(42).build().start();
 * // ... add a lead ...
 * clock.advance(Duration.ofMinutes(1)); // the lead has been called
 * }</pre>
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;
  private final List<Runnable> listeners;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone, List<Runnable> listeners) {
    this.now = now;
    this.zone = zone;
    this.listeners = listeners;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static ManualClock startingAt(Instant start) {
    return new ManualClock(
        new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC, new CopyOnWriteArrayList<Runnable>());
  }

  /**
   * Moves the clock forward and runs what came due.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public ManualClock advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    now.updateAndGet(current -> current.plus(duration));
    for (Runnable listener : listeners) {
      listener.run();
    }
    return this;
  }

  /** The current instant. */
  @Override
  public Instant instant() {
    return now.get();
  }

  /** The zone of this view of the clock (UTC unless {@link #withZone(ZoneId)} was used). */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view of the same clock in another zone; advancing either moves both. */
  @Override
  public ManualClock withZone(ZoneId newZone) {
    return new ManualClock(now, Objects.requireNonNull(newZone, "zone"), listeners);
  }

  void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** Two views are equal when they share the same time and zone. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ManualClock && ((ManualClock) other).now == now && ((ManualClock) other).zone.equals(zone);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  /** Shows the current instant and zone. */
  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
