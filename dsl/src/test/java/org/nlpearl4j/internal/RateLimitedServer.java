package org.nlpearl4j.internal;

import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nlpearl4j.sandbox.internal.Capacity;

/**
 * A rate-limited server and an import in virtual time, to see what a {@link Pacer} makes of it
 * without a clock on the wall: the sandbox's own token bucket ({@link Capacity}: {@code burst} at
 * once, {@code rate} a second; beyond it an immediate 429 whose {@code Retry-After} is the whole
 * seconds until a token, rounded up) on this test's clock, a latency, and a client that sends
 * {@code rows} requests through the pacer, reports every answer, pauses on every 429 and sends a
 * refused request again after its {@code Retry-After}, holding its permit, as the CLI's import with
 * the SDK's retries does. Deterministic: the client's own overhead per request is drawn from a
 * seeded random.
 */
final class RateLimitedServer {
  private static final long MS = 1_000_000L;

  private final long latencyNanos;
  private final TestScheduler clock = new TestScheduler();
  private final Capacity bucket;
  private final Random random = new Random(21);
  private long requests;
  private long refused;
  private long stored;
  private long lastAnswer;

  RateLimitedServer(double rate, int burst, Duration latency) {
    this.latencyNanos = latency.toNanos();
    this.bucket = new Capacity(rate, burst, 0, 0, 0, () -> clock.now(TimeUnit.NANOSECONDS));
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
    requests++;
    // The client's own share of the round trip: a few milliseconds, not always the same.
    long overhead = MS + (long) (random.nextDouble() * 3 * MS);
    long wait = bucket.take();
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
}
