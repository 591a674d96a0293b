package org.nlpearl4j.cli;

/**
 * How many requests to keep in flight against a server that says nothing of its capacity: the
 * algorithm behind {@code --concurrency auto}. Not thread-safe: {@link Pacer} calls it under its
 * lock. Times are nanoseconds from any fixed origin, given by the caller, so tests drive it with a
 * clock of their own.
 *
 * <p>It starts at {@link #INITIAL} and doubles every round trip while the answers come back as
 * fast as the fastest seen (a slow start). Then:
 *
 * <ul>
 *   <li><b>Overload</b> (a 429 or a 503): the limit becomes what the server just sustained: the
 *       rate of successful answers over the last {@link #RATE_WINDOW_NANOS} times the fastest round
 *       trip (Little's law), a little under it, and at most {@link #BACKOFF} of the limit before.
 *       The 429s of requests already in flight belong to the same overload and are counted once.
 *   <li><b>Latency rising</b> (the smoothed round trip above {@link #LATENCY_TOLERANCE} times the
 *       fastest): requests are queueing at the server; the limit shrinks by the same ratio, at most
 *       by half, once per round trip.
 *   <li>Otherwise, with the limit in use, it grows by one every round trip; within 10% of the
 *       limit of the last overload (near what the server takes), by one every {@link
 *       #ROUND_TRIPS_PER_STEP} round trips.
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
final class AdaptiveLimit {
  static final int INITIAL = 8;
  static final double BACKOFF = 0.9;
  static final double HEADROOM = 0.95;
  static final double LATENCY_TOLERANCE = 2.0;
  static final int ROUND_TRIPS_PER_STEP = 4;
  static final long RATE_WINDOW_NANOS = 2_000_000_000L;
  private static final int RING = 8192;

  private final int max;
  private double limit;
  private boolean slowStart = true;
  private long fastest = Long.MAX_VALUE;
  private double smoothed;
  private long quietUntil = Long.MIN_VALUE;
  private long overloads;
  private double ceiling;
  private final long[] successes = new long[RING];
  private long successCount;

  /**
   * A limit starting at {@code min(INITIAL, max)}.
   *
   * @param max the most it may reach
   */
  AdaptiveLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.limit = Math.min(INITIAL, max);
  }

  /** Returns the limit now: how many requests may be in flight. */
  int get() {
    return Math.max(1, (int) limit);
  }

  /** Tells whether it is still in its slow start (it has seen no sign of the server's limit). */
  boolean slowStart() {
    return slowStart;
  }

  /** Returns how many overloads (429s or 503s, one per burst) lowered the limit. */
  long overloads() {
    return overloads;
  }

  /**
   * Takes a successful answer into account.
   *
   * @param now when it came
   * @param roundTrip how long it took
   * @param inFlight how many requests were in flight, this one included
   */
  void onSuccess(long now, long roundTrip, int inFlight) {
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
        : limit < 0.9 * ceiling || ceiling == 0 ? 1.0 / limit
        : 1.0 / (ROUND_TRIPS_PER_STEP * limit);
    limit = Math.min(max, limit + step);
  }

  /**
   * Takes a 429 or 503 into account: the first of a burst lowers the limit, the others are the
   * same overload and change nothing.
   *
   * @param now when it came
   */
  void onOverload(long now) {
    if (now < quietUntil) {
      return;
    }
    overloads++;
    ceiling = limit;
    double target = limit * BACKOFF;
    double rate = rate(now);
    if (rate > 0 && fastest != Long.MAX_VALUE) {
      target = Math.min(target, HEADROOM * rate * fastest / 1e9);
    }
    limit = Math.max(1, target);
    slowStart = false;
    // Requests sent before this answer may still come back 429: one round trip of quiet.
    quietUntil = now + (long) Math.max(smoothed, fastest == Long.MAX_VALUE ? 0 : fastest);
  }

  /** Returns the rate of successful answers over the window before {@code now}, per second. */
  double rate(long now) {
    long stored = Math.min(successCount, RING);
    if (stored < 2) {
      return 0;
    }
    long from = now - RATE_WINDOW_NANOS;
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
    // A full window when answers came before it; else the time since the oldest answer kept.
    long span = older ? RATE_WINDOW_NANOS : now - oldest;
    return count < 2 || span <= 0 ? 0 : count * 1e9 / span;
  }
}
