package org.nlpearl4j.sandbox.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a real service can take: a rate limit (a token bucket: {@code burst} requests at once, then
 * {@code ratePerSecond} on average; beyond it a 429), a latency (a base plus a uniform spread) and
 * a number of workers (requests beyond them wait in line, so their latency grows). Every part is
 * off unless set: the instant, unlimited sandbox.
 */
public final class Capacity {
  private final double ratePerSecond;
  private final int burst;
  private final long baseNanos;
  private final long spreadNanos;
  private final @Nullable Semaphore workers;
  private final LongSupplier ticker;

  private double tokens;
  private long refilledAt;

  /**
   * A capacity.
   *
   * @param ratePerSecond the sustained rate, or 0 for no rate limit
   * @param burst how many requests the bucket holds when full (ignored without a rate)
   * @param baseNanos the least time a request takes
   * @param spreadNanos up to this much more, uniformly
   * @param workers how many requests are served at once, or 0 for no limit
   * @param ticker nanoseconds, monotonic (System::nanoTime; a manual clock in tests)
   */
  public Capacity(double ratePerSecond, int burst, long baseNanos, long spreadNanos, int workers,
      LongSupplier ticker) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.baseNanos = baseNanos;
    this.spreadNanos = spreadNanos;
    this.workers = workers > 0 ? new Semaphore(workers, true) : null;
    this.ticker = ticker;
    this.tokens = burst;
    this.refilledAt = ticker.getAsLong();
  }

  /** Tells whether a rate limit is set. */
  public boolean rateLimited() {
    return ratePerSecond > 0;
  }

  /**
   * Takes one request's token: returns 0 when the request may go on, else how long until the
   * bucket holds a token again (the request is then answered 429).
   */
  public synchronized long take() {
    if (ratePerSecond <= 0) {
      return 0;
    }
    long now = ticker.getAsLong();
    tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerSecond / 1e9);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
  }

  /**
   * Waits for a free worker (when their number is limited), then for the request's latency.
   * Call {@link #leave()} afterwards, also when this throws.
   *
   * @return whether a worker was taken, to give back with {@link #leave()}
   * @throws InterruptedException when the server stops meanwhile
   */
  public boolean enter() throws InterruptedException {
    Semaphore pool = workers;
    if (pool != null) {
      pool.acquire();
    }
    long nanos = baseNanos + (spreadNanos > 0 ? ThreadLocalRandom.current().nextLong(spreadNanos + 1) : 0);
    if (nanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        if (pool != null) {
          pool.release();
        }
        throw e;
      }
    }
    return pool != null;
  }

  /** Gives back the worker {@link #enter()} took. */
  public void leave() {
    Semaphore pool = workers;
    if (pool != null) {
      pool.release();
    }
  }

  /** Describes the rate limit for a 429's body, e.g. {@code 300 requests/s (burst 100)}. */
  public String describeRate() {
    return describeRate(ratePerSecond, burst);
  }

  /** Describes a rate limit, e.g. {@code 300 requests/s (burst 100)}. */
  public static String describeRate(double ratePerSecond, int burst) {
    return (ratePerSecond == Math.rint(ratePerSecond) ? Long.toString((long) ratePerSecond)
        : Double.toString(ratePerSecond)) + " requests/s (burst " + burst + ")";
  }
}
