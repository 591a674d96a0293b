package org.nlpearl4j.internal;

/**
 * How many requests to keep in flight against a server that says nothing of its capacity: the
 * algorithm behind the CLI's {@code --concurrency auto}, shared by every sender through {@link
 * Pacer}. Not thread-safe: {@link Pacer} calls it under its lock. Times are nanoseconds from any
 * fixed origin, given by the caller, so tests drive it with a clock of their own.
 *
 * <p>Internal: not a public API of nlpearl4j; it may change in any release.
 *
 * <p>It starts at {@link #INITIAL} and doubles every round trip while the answers come back as
 * fast as the fastest seen (a slow start). Then:
 *
 * <ul>
 *   <li><b>Overload</b> (a 429 or a 503): the limit becomes what the server just sustained: the
 *       rate of successful answers over the last {@link #RATE_WINDOW_NANOS} (since the last
 *       pause, which is not the server's rate) times the smoothed round trip (Little's law),
 *       {@link #HEADROOM} of it (the rate includes what the server's burst let through), and at
 *       most {@link #BACKOFF} of the limit before.
 *       The 429s of requests already in flight belong to the same overload and are counted once.
 *   <li><b>Latency rising</b> (the smoothed round trip above {@link #LATENCY_TOLERANCE} times the
 *       fastest): requests are queueing at the server; the limit shrinks by the same ratio, at most
 *       by half, once per round trip.
 *   <li>Otherwise, with the limit in use, it grows by one every round trip; from {@link #NEAR}
 *       of the limit at the last overload on (near what the server takes), by one every {@link
 *       #ROUND_TRIPS_PER_STEP} round trips, so that the probing costs few 429s (each pauses every
 *       sender for its {@code Retry-After}).
 * </ul>
 *
 * <p>One slow answer (a pause of the client's JVM, a lost packet) moves the smoothed round trip by
 * at most an eighth of it: only answers that stay slow, as from a queue, lower the limit.
 *
 * <p>Written here rather than taken from Netflix's concurrency-limits (0.5.4 on Maven Central):
 * its algorithms (AIMD, Vegas, Gradient2) take one sample at a time and cut the limit once per
 * dropped request, so a burst of 429s from one overload cuts it many times over; none sizes the cut
 * from the rate the server just sustained, which is what a rate-limited API tells a client; and
 * the pause a {@code Retry-After} asks for is outside them anyway. What is left to take from the
 * library would be its {@code Limit} interface.
 */
public final class AdaptiveLimit {
  /** The limit it starts at. */
  public static final int INITIAL = 8;
  static final double BACKOFF = 0.9;
  static final double HEADROOM = 0.9;
  /** From this share of the limit at the last overload on, the limit grows slowly. */
  static final double NEAR = 0.8;
  static final double LATENCY_TOLERANCE = 2.0;
  static final int ROUND_TRIPS_PER_STEP = 16;
  static final long RATE_WINDOW_NANOS = 5_000_000_000L;
  /** The shortest span a rate is measured over; a shorter one since a pause keeps the last rate. */
  static final long MIN_RATE_SPAN_NANOS = 500_000_000L;
  private static final int RING = 8192;

  private final int max;
  private double limit;
  private boolean slowStart = true;
  private long fastest = Long.MAX_VALUE;
  private double smoothed;
  private long quietUntil = Long.MIN_VALUE;
  private long overloads;
  private double ceiling;
  private long resumedAt = Long.MIN_VALUE;
  private double lastRate;
  private final long[] successes = new long[RING];
  private long successCount;

  /**
   * A limit starting at {@code min(INITIAL, max)}.
   *
   * @param max the most it may reach
   */
  public AdaptiveLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.limit = Math.min(INITIAL, max);
  }

  /** Returns the limit now: how many requests may be in flight. */
  public int get() {
    return Math.max(1, (int) limit);
  }

  /** Tells whether it is still in its slow start (it has seen no sign of the server's limit). */
  public boolean slowStart() {
    return slowStart;
  }

  /** Returns how many overloads (429s or 503s, one per burst) lowered the limit. */
  public long overloads() {
    return overloads;
  }

  /**
   * Takes a successful answer into account.
   *
   * @param now when it came
   * @param roundTrip how long it took
   * @param inFlight how many requests were in flight, this one included
   */
  public void onSuccess(long now, long roundTrip, int inFlight) {
    successes[(int) (successCount++ % RING)] = now;
    long rtt = Math.max(1, roundTrip);
    smoothed = smoothed == 0 ? rtt : smoothed + (Math.min(rtt, 2 * smoothed) - smoothed) / 8;
    if (rtt < fastest) {
      // Faster than ever (the first answers are slow: connections, a cold JVM): not a queue.
      fastest = rtt;
      smoothed = Math.min(smoothed, LATENCY_TOLERANCE * rtt);
    } else {
      // Drifts up slowly, so that a server that became slower for good is learnt.
      fastest += (rtt - fastest) / 8192;
    }
    if (now < quietUntil) {
      return;
    }
    if (smoothed > LATENCY_TOLERANCE * fastest) {
      limit = Math.max(1, limit * Math.max(0.5, fastest / smoothed));
      slowStart = false;
      quietUntil = now + (long) smoothed;
      return;
    }
    if (inFlight * 2 < limit) {
      return; // not using the limit: nothing learnt about the server
    }
    double step = slowStart ? 1
        : limit < NEAR * ceiling || ceiling == 0 ? 1.0 / limit
        : 1.0 / (ROUND_TRIPS_PER_STEP * limit);
    limit = Math.min(max, limit + step);
  }

  /**
   * Takes a 429 or 503 into account: the first of a burst lowers the limit, the others are the
   * same overload and change nothing.
   *
   * @param now when it came
   */
  public void onOverload(long now) {
    if (now < quietUntil) {
      return;
    }
    overloads++;
    ceiling = limit;
    double target = limit * BACKOFF;
    double rate = rate(now);
    if (rate > 0 && smoothed > 0) {
      target = Math.min(target, HEADROOM * rate * smoothed / 1e9);
    }
    limit = Math.max(1, target);
    slowStart = false;
    // Requests sent before this answer may still come back 429: one round trip of quiet.
    quietUntil = now + (long) Math.max(smoothed, fastest == Long.MAX_VALUE ? 0 : fastest);
  }

  /**
   * Tells it that every sender was paused until {@code end} (a {@code Retry-After}): the rate is
   * measured from then on, the pause is not the server's rate.
   */
  public void pausedUntil(long end) {
    resumedAt = Math.max(resumedAt, end);
  }

  /**
   * Returns the rate of successful answers per second over the window before {@code now}, or
   * since the last pause ended if that is later; the last rate measured when that is too short.
   */
  public double rate(long now) {
    long stored = Math.min(successCount, RING);
    if (stored < 2) {
      return lastRate;
    }
    long from = now - RATE_WINDOW_NANOS;
    if (resumedAt > from) {
      if (now - resumedAt < MIN_RATE_SPAN_NANOS) {
        return lastRate;
      }
      from = resumedAt;
    }
    long count = 0;
    long oldest = now;
    boolean older = false;
    for (long i = 0; i < stored; i++) {
      long at = successes[(int) ((successCount - 1 - i) % RING)];
      if (at < from) {
        older = true;
        break;
      }
      count++;
      oldest = at;
    }
    // The whole span when answers came before it; else the time since the oldest answer kept.
    long span = older ? now - from : now - oldest;
    if (count < 2 || span <= 0) {
      return lastRate;
    }
    lastRate = count * 1e9 / span;
    return lastRate;
  }
}
