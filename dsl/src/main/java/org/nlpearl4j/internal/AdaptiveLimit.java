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
 *   <li><b>The end of the slow start</b> (the first 429 or 503): the server's rate is first
 *       estimated from what it took over the last second, the answers and the requests still in
 *       flight (answers lag a round trip behind); the limit goes to {@link #HEADROOM} of that rate
 *       times the smoothed round trip (Little's law), and climbs one per round trip back to it.
 *   <li><b>Overload</b> (a 429 or a 503): the limit becomes what the server just sustained: the
 *       rate of successful answers over the last {@link #RATE_WINDOW_NANOS} (since the last
 *       pause, which is not the server's rate) times the smoothed round trip,
 *       {@link #HEADROOM} of it (the rate includes what the server's burst let through), and at
 *       most {@link #BACKOFF} of the limit before.
 *       The 429s of requests already in flight belong to the same overload and are counted once.
 *   <li><b>A rate to stay under</b>: when that overload came after at least {@link
 *       #STEADY_SPAN_NANOS} of steady sending (the limit growing slowly, not climbing: below the
 *       server's rate, its burst goes unused and the rate measured is not the server's), the rate
 *       then is what the server takes: for {@link #HOLD_NANOS} the limit climbs one per round trip
 *       back to {@link #CEILING} of it (times the round trip) and no further, rather than probe
 *       into the next 429, which would pause every sender for a whole {@code Retry-After}.
 *   <li><b>Latency rising</b> (the smoothed round trip above {@link #LATENCY_TOLERANCE} times the
 *       fastest, still a round trip later: a stall of the client delays every answer in flight at
 *       once, and the next are fast again): requests are queueing at the server; the limit shrinks
 *       by the same ratio, at most by half, once per round trip.
 *   <li>Otherwise, with the limit in use, it grows by one every round trip; from {@link #NEAR}
 *       of the limit at the last overload on (near what the server takes), by one every {@link
 *       #ROUND_TRIPS_PER_STEP} round trips, so that the probing costs few 429s.
 * </ul>
 *
 * <p>{@link #spacing()} spreads the requests the limit allows over the fastest round trip, so that
 * a window of them (at the start, after a pause) does not leave at once: a server that allows a
 * small burst refuses that, and each refusal pauses every sender.
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
  /** The share of the rate sustained before the last overload that the limit stays under. */
  static final double CEILING = 0.95;
  /** The least span a rate is measured over, in steady sending, to be taken for the server's. */
  static final long STEADY_SPAN_NANOS = 2_000_000_000L;
  /** How long the limit stays under that rate before it probes above it again. */
  static final long HOLD_NANOS = 60_000_000_000L;
  /**
   * How much faster than the limit per fastest round trip requests may be sent: enough to let the
   * limit rule, not so much that a window of them leaves at once.
   */
  static final double PACING = 1.25;
  /** The same during the slow start, when the limit doubles every round trip. */
  static final double SLOW_START_PACING = 2.5;
  /** The span the rate at the end of the slow start is measured over. */
  static final long SLOW_START_WINDOW_NANOS = 1_000_000_000L;
  private static final int RING = 8192;

  private final int max;
  private double limit;
  private boolean slowStart = true;
  private long fastest = Long.MAX_VALUE;
  private double smoothed;
  private long quietUntil = Long.MIN_VALUE;
  private long overloads;
  /** Up to this limit it grows by one every round trip; 0: no bound known. */
  private double fastUntil;
  private long resumedAt = Long.MIN_VALUE;
  private double lastRate;
  private long lastSpan;
  private long slowSince = Long.MIN_VALUE;
  private long firstSuccess;
  private long latencyHighSince = Long.MIN_VALUE;
  private double rateCeiling;
  private long holdUntil = Long.MIN_VALUE;
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

  /**
   * Returns the least time between two requests sent, in nanoseconds: the fastest round trip
   * shared out among the requests the limit allows, a little faster ({@link #PACING}); 0 before
   * any answer. A window of requests (at the start, after a pause) then goes out over a round trip
   * rather than at once, which a server that allows only a small burst refuses.
   */
  public long spacing() {
    if (fastest == Long.MAX_VALUE) {
      return 0;
    }
    // At its maximum there is nothing left to probe: a slow start that never met the server's
    // limit (a sender whose maximum is below it) is paced as a settled limit, or its permits
    // would come at 1.25 / 2.5 = half the rate the limit allows.
    boolean probing = slowStart && limit < max;
    return (long) (fastest / (get() * (probing ? SLOW_START_PACING : PACING)));
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
    if (successCount == 0) {
      firstSuccess = now;
    }
    successes[(int) (successCount++ % RING)] = now;
    long rtt = Math.max(1, roundTrip);
    smoothed = smoothed == 0 ? rtt : smoothed + (Math.min(rtt, 2 * smoothed) - smoothed) / 8;
    if (rtt < fastest) {
      // Faster than ever (the first answers are slow: connections, a cold JVM): no queue, the
      // average starts again from here (not from the edge of the tolerance, where the next
      // answer a little slower would look like a queue).
      fastest = rtt;
      smoothed = Math.min(smoothed, rtt);
    } else {
      // Drifts up slowly, so that a server that became slower for good is learnt.
      fastest += (rtt - fastest) / 8192;
    }
    if (now < quietUntil) {
      return;
    }
    if (smoothed > LATENCY_TOLERANCE * fastest) {
      // A stall of the client (a GC, a busy machine) delays every answer in flight at once, and
      // the next ones are fast again: only latency still high a round trip later is a queue.
      if (latencyHighSince == Long.MIN_VALUE) {
        latencyHighSince = now;
      }
      if (now - latencyHighSince < fastest) {
        return; // no growth meanwhile
      }
      latencyHighSince = Long.MIN_VALUE;
      limit = Math.max(1, limit * Math.max(0.5, fastest / smoothed));
      slowStart = false;
      slowSince = Long.MIN_VALUE;
      quietUntil = now + (long) smoothed;
      return;
    }
    latencyHighSince = Long.MIN_VALUE;
    if (inFlight * 2 < limit) {
      return; // not using the limit: nothing learnt about the server
    }
    boolean fast = slowStart || fastUntil == 0 || limit < fastUntil;
    if (fast) {
      slowSince = Long.MIN_VALUE;
    } else if (slowSince == Long.MIN_VALUE) {
      slowSince = now;
    }
    double step = slowStart ? 1 : fast ? 1.0 / limit : 1.0 / (ROUND_TRIPS_PER_STEP * limit);
    double next = Math.min(max, limit + step);
    if (now < holdUntil) {
      // Not past the rate the server took before it last refused (Little's law: rate x RTT).
      next = Math.min(next, Math.max(limit, CEILING * rateCeiling * smoothed / 1e9));
    }
    limit = next;
  }

  /**
   * Returns the rate per second the limit stays under at {@code now}: what the server took in
   * steady sending before it last refused, for {@link #HOLD_NANOS} after that; 0 when none holds.
   */
  public double rateCeiling(long now) {
    return now < holdUntil ? rateCeiling : 0;
  }

  /**
   * Takes a 429 or 503 into account: the first of a burst lowers the limit, the others are the
   * same overload and change nothing.
   *
   * @param now when it came
   */
  public void onOverload(long now) {
    onOverload(now, 0);
  }

  /**
   * Takes a 429 or 503 into account, knowing how many requests are in flight: at the end of the
   * slow start, those the server took (answered, and in flight) since the start over the time
   * since then are the first estimate of its rate.
   *
   * @param now when it came
   * @param inFlight how many requests are in flight, this one included
   */
  public void onOverload(long now, int inFlight) {
    if (now < quietUntil) {
      return;
    }
    overloads++;
    fastUntil = NEAR * limit;
    double target = limit * BACKOFF;
    double rate = rate(now);
    if (slowStart && successCount > 0 && smoothed > 0) {
      // What the server took over the last second: answers lag a round trip behind it, so the
      // requests in flight count too, over a round trip more.
      long from = Math.max(firstSuccess, now - SLOW_START_WINDOW_NANOS);
      double took = (answeredSince(from) + Math.max(0, inFlight - 1)) * 1e9
          / Math.max(1, now - from + fastest);
      // Little's law with the fastest round trip, not the average: a slow start that overshot
      // into the server's queue has inflated the average, and rate x that would keep the queue.
      fastUntil = Math.min(limit, took * fastest / 1e9); // climbs fast back to it
      target = Math.min(target, HEADROOM * fastUntil);
    } else if (rate > 0 && smoothed > 0) {
      target = Math.min(target, HEADROOM * rate * smoothed / 1e9);
    }
    // What the server took over seconds of steady sending, the limit growing slowly (a climb
    // is not the server's rate: below it, the server's burst went unused): the limit will not
    // grow past it for a while, rather than probe into the next 429.
    if (slowSince != Long.MIN_VALUE) {
      double steady = rate(now, slowSince);
      if (lastSpan >= STEADY_SPAN_NANOS) {
        rateCeiling = steady;
        holdUntil = now + HOLD_NANOS;
        fastUntil = CEILING * steady * smoothed / 1e9; // climbs fast back to it
      }
    }
    slowSince = Long.MIN_VALUE;
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
    return rate(now, Long.MIN_VALUE);
  }

  private long answeredSince(long from) {
    long stored = Math.min(successCount, RING);
    long count = 0;
    for (long i = 0; i < stored; i++) {
      if (successes[(int) ((successCount - 1 - i) % RING)] < from) {
        break;
      }
      count++;
    }
    return count;
  }

  /** The same, over no time before {@code notBefore}. */
  private double rate(long now, long notBefore) {
    lastSpan = 0;
    long stored = Math.min(successCount, RING);
    if (stored < 2) {
      return lastRate;
    }
    long from = Math.max(now - RATE_WINDOW_NANOS, notBefore);
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
    // The whole window when answers came before it. Else, and after a pause, from the first
    // answer: nothing was sent during the pause, so nothing comes back for a round trip after it.
    long span = older && from != resumedAt ? now - from : now - oldest;
    if (count < 2 || span <= 0) {
      return lastRate;
    }
    lastRate = count * 1e9 / span;
    lastSpan = span;
    return lastRate;
  }
}
