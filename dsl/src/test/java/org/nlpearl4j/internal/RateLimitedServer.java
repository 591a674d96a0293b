package org.nlpearl4j.internal;

import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A rate-limited server and an import in virtual time, to see what a {@link Pacer} makes of it
 * without a clock on the wall: the sandbox's token bucket ({@code burst} at once, {@code rate} a
 * second; beyond it an immediate 429 whose {@code Retry-After} is the whole seconds until a token,
 * rounded up), a latency, and a client that sends {@code rows} requests through the pacer, reports
 * every answer, pauses on every 429 and sends a refused request again after its {@code
 * Retry-After}, holding its permit, as the CLI's import with the SDK's retries does. Deterministic:
 * the client's own overhead per request is drawn from a seeded random.
 */
final class RateLimitedServer {
  private static final long MS = 1_000_000L;

  private final double rate;
  private final int burst;
  private final long latencyNanos;
  private final TestScheduler clock = new TestScheduler();
  private final Random random = new Random(21);
  private double tokens;
  private long refilledAt;
  private long requests;
  private long refused;
  private long stored;
  private long lastAnswer;

  RateLimitedServer(double rate, int burst, Duration latency) {
    this.rate = rate;
    this.burst = burst;
    this.latencyNanos = latency.toNanos();
    this.tokens = burst;
  }

  /** What an import of a number of rows through a pacer came to. */
  static final class Run {
    final long rows;
    final long requests;
    final long refused;
    final double seconds;
    final double rate;
    final Pacer pacer;

    Run(long rows, long requests, long refused, double seconds, Pacer pacer) {
      this.rows = rows;
      this.requests = requests;
      this.refused = refused;
      this.seconds = seconds;
      this.rate = rows / seconds;
      this.pacer = pacer;
    }

    /** The share of the server's rate the import reached. */
    double shareOf(double serverRate) {
      return rate / serverRate;
    }

    /** The share of requests answered 429. */
    double share429() {
      return (double) refused / requests;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d rows in %.2f s: %.1f/s, %d requests, %d x 429, limit %d, %d pauses", rows, seconds,
          rate, requests, refused, pacer.limit(), pacer.pauses());
    }
  }

  /** Imports {@code rows} rows through an adaptive pacer. */
  Run importRows(int rows) {
    return importRows(rows, Pacer.adaptive(256, clock));
  }

  /** Imports {@code rows} rows through a pacer made on this server's clock. */
  Run importRows(int rows, Pacer pacer) {
    for (int i = 0; i < rows; i++) {
      pacer.permit().subscribe(permit -> send(pacer));
    }
    clock.advanceTimeBy(1, TimeUnit.HOURS);
    if (stored != rows) {
      throw new AssertionError("only " + stored + " of " + rows + " rows stored");
    }
    return new Run(rows, requests, refused, lastAnswer / 1e9, pacer);
  }

  /** The scheduler whose clock this server and its client read. */
  TestScheduler clock() {
    return clock;
  }

  private void send(Pacer pacer) {
    long now = clock.now(TimeUnit.NANOSECONDS);
    requests++;
    // The client's own share of the round trip: a few milliseconds, not always the same.
    long overhead = MS + (long) (random.nextDouble() * 3 * MS);
    long wait = take(now);
    if (wait == 0) {
      long roundTrip = latencyNanos + overhead;
      clock.scheduleDirect(() -> {
        stored++;
        lastAnswer = clock.now(TimeUnit.NANOSECONDS);
        pacer.answered(200, Duration.ofNanos(roundTrip));
        pacer.release();
      }, roundTrip, TimeUnit.NANOSECONDS);
    } else {
      refused++;
      Duration retryAfter = Duration.ofSeconds((wait + 999_999_999L) / 1_000_000_000L);
      clock.scheduleDirect(() -> {
        pacer.answered(429, Duration.ofNanos(overhead));
        pacer.pause(retryAfter);
        clock.scheduleDirect(() -> send(pacer), retryAfter.toNanos(), TimeUnit.NANOSECONDS);
      }, overhead, TimeUnit.NANOSECONDS);
    }
  }

  /** The sandbox's token bucket: 0 when a token is taken, else the nanoseconds until one. */
  private long take(long now) {
    tokens = Math.min(burst, tokens + (now - refilledAt) * rate / 1e9);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / rate * 1e9));
  }
}
