package org.nlpearl4j.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.Fault;
import org.nlpearl4j.sandbox.internal.FaultQueue;
import org.nlpearl4j.sandbox.internal.Recorder;

/**
 * Faults for the next requests, for reliability tests: from {@link NlPearlSandbox#faults()}.
 *
 * <p>Queued faults are used first in, first out, one per request, whatever the route:
 * <pre>{@code
 * sandbox.faults()
 *     .next(2).rateLimited(Duration.ofSeconds(1))   // two 429s with Retry-After: 1
 *     .next(1).status(503)                          // then one 503, nothing stored
 *     .next(1).afterHandling().status(502)          // then the lead is stored, but the client gets a 502
 *     .next(1).dropConnection()                     // then a connection closed without an answer
 *     .next(1).afterHandling().dropConnection();    // then the lead is stored and the connection closed
 * }</pre>
 *
 * <p>A status fault or a dropped connection happens <em>before handling</em> by default: it
 * replaces the handling and nothing is stored. After {@link Next#afterHandling()} it happens
 * <em>after handling</em>: the request is handled (the lead stored or updated) and then the
 * failure is sent instead of the answer. A delay, a truncated, malformed or empty body always let
 * the request be handled and only change how the answer arrives.
 *
 * <p>For soak tests, a seeded {@link FaultMix} adds random faults to requests with nothing queued:
 * <pre>{@code
 * sandbox.faults().mix(FaultMix.of(0.3, 7));   // 30% of requests, every kind
 * // ... run the import ...
 * System.out.println(sandbox.faults().injected());
 * sandbox.faults().clearMix();
 * }</pre>
 */
public final class SandboxFaults {
  private static final int MAX_COUNT = 1_000_000;

  private final FaultQueue queue;
  private final Recorder recorder;
  private volatile @Nullable FaultMix mix;

  SandboxFaults(FaultQueue queue, Recorder recorder) {
    this.queue = queue;
    this.recorder = recorder;
  }

  /**
   * Picks how many of the next requests the fault chosen on the returned object applies to.
   *
   * @throws IllegalArgumentException unless {@code 1 <= count <= 1,000,000}
   */
  public Next next(int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ": " + count);
    }
    return new Next(count);
  }

  /** How many requests still have a queued fault waiting for them (the mix is not counted). */
  public long pending() {
    return queue.pending();
  }

  /** Drops every queued fault; a mix set with {@link #mix(FaultMix)} stays. */
  public SandboxFaults clear() {
    queue.clear();
    return this;
  }

  /**
   * Gives random faults from {@code mix} to every later request that has no queued fault (queued
   * faults win), replacing any mix set before; requests are counted from 0 again, so the n-th
   * request from now gets {@link FaultMix#faultFor(long) mix.faultFor(n)}.
   *
   * <pre>{@code
   * sandbox.faults().mix(FaultMix.builder().rate(0.3).seed(7).retryAfter(Duration.ZERO).build());
   * }</pre>
   */
  public SandboxFaults mix(FaultMix mix) {
    Objects.requireNonNull(mix, "mix");
    synchronized (this) {
      this.mix = mix;
      queue.mix(
          index -> {
            FaultKind kind = mix.faultFor(index);
            return kind == null ? null : toFault(kind, mix.getRetryAfter(), mix.getSlowDelay()).drawnFromMix();
          });
    }
    return this;
  }

  /** Stops the random faults of the mix; queued faults stay. */
  public SandboxFaults clearMix() {
    synchronized (this) {
      this.mix = null;
      queue.mix(null);
    }
    return this;
  }

  /** The mix in use, if any. */
  public Optional<FaultMix> getMix() {
    return Optional.ofNullable(mix);
  }

  /**
   * How many faults were injected so far (queued and drawn from the mix), by kind and by before
   * or after handling; {@link NlPearlSandbox#reset()} sets them back to zero.
   */
  public SandboxFaultCounts injected() {
    return new SandboxFaultCounts(
        recorder.faults(),
        recorder.faultsBeforeHandling(),
        recorder.faultsAfterHandling(),
        recorder.faultsFromMix(),
        recorder.faultsByKey());
  }

  /** Shows how many faults are pending and the mix. */
  @Override
  public String toString() {
    FaultMix current = mix;
    return "SandboxFaults{pending=" + pending() + (current == null ? "" : ", mix=" + current) + "}";
  }

  /** The fault to apply to the next {@code count} requests; each method queues it and returns the plan. */
  public final class Next {
    private final int count;

    private Next(int count) {
      this.count = count;
    }

    /**
     * Answers with {@code status} and a problem body instead of handling the request.
     *
     * @throws IllegalArgumentException unless {@code 400 <= status <= 599}
     */
    public SandboxFaults status(int status) {
      return add(Fault.status(checkStatus(status), null));
    }

    /**
     * Answers with {@code status}, a {@code Retry-After} header (whole seconds, rounded up) and a
     * problem body instead of handling the request.
     *
     * @throws IllegalArgumentException unless {@code 400 <= status <= 599} and the delay is not negative
     */
    public SandboxFaults status(int status, Duration retryAfter) {
      return add(Fault.status(checkStatus(status), checkDuration(retryAfter, "retryAfter")));
    }

    /** Answers 429 Too Many Requests with {@code Retry-After}, e.g. {@code rateLimited(Duration.ofSeconds(2))}. */
    public SandboxFaults rateLimited(Duration retryAfter) {
      return status(429, retryAfter);
    }

    /** Answers 500 with an ASP.NET-style problem body. */
    public SandboxFaults serverError() {
      return status(500);
    }

    /** Waits {@code delay} before handling the request normally (on the server's thread). */
    public SandboxFaults delay(Duration delay) {
      return add(Fault.delay(checkDuration(delay, "delay")));
    }

    /** Closes the connection without sending anything; the request is not handled. */
    public SandboxFaults dropConnection() {
      return add(Fault.drop(false));
    }

    /**
     * Handles the request, then sends the headers (with the full Content-Length) and half of the
     * body, and closes the connection.
     */
    public SandboxFaults truncateBody() {
      return add(Fault.of(Fault.Kind.TRUNCATE));
    }

    /** Handles the request, then sends a complete response whose JSON body is cut in half (not parseable). */
    public SandboxFaults malformedBody() {
      return add(Fault.of(Fault.Kind.MALFORMED));
    }

    /**
     * Handles the request, then sends its status (200 for a good request) with an empty body: the
     * lead was stored, but its id cannot be read.
     */
    public SandboxFaults emptyBody() {
      return add(Fault.of(Fault.Kind.EMPTY));
    }

    /**
     * Queues a fault of {@code kind}, with the defaults of a mix ({@link FaultMix#DEFAULT_RETRY_AFTER},
     * {@link FaultMix#DEFAULT_SLOW_DELAY}); handy to go through every kind in a test.
     *
     * <pre>{@code
     * for (FaultKind kind : FaultKind.values()) { sandbox.faults().next(1).fault(kind); ... }
     * }</pre>
     */
    public SandboxFaults fault(FaultKind kind) {
      Objects.requireNonNull(kind, "kind");
      return add(toFault(kind, FaultMix.DEFAULT_RETRY_AFTER, FaultMix.DEFAULT_SLOW_DELAY));
    }

    /**
     * Makes the status or dropped connection chosen next happen after handling: the request is
     * handled (the lead stored or updated), then the failure is sent instead of the answer.
     *
     * <pre>{@code
     * sandbox.faults().next(1).afterHandling().status(504);   // stored, but the client sees a gateway timeout
     * }</pre>
     */
    public AfterHandling afterHandling() {
      return new AfterHandling(count);
    }

    private SandboxFaults add(Fault fault) {
      queue.add(fault, count);
      return SandboxFaults.this;
    }
  }

  /**
   * A failure sent after the request was handled: the lead is stored or updated first, as when a
   * gateway times out while the backend acted, or a connection is reset after the server wrote
   * its answer. From {@link Next#afterHandling()}.
   */
  public final class AfterHandling {
    private final int count;

    private AfterHandling(int count) {
      this.count = count;
    }

    /**
     * Handles the request, then answers {@code status} with a problem body instead of its answer.
     *
     * @throws IllegalArgumentException unless {@code 400 <= status <= 599}
     */
    public SandboxFaults status(int status) {
      return add(Fault.status(checkStatus(status), null, true));
    }

    /**
     * Handles the request, then answers {@code status} with a {@code Retry-After} header (whole
     * seconds, rounded up) and a problem body instead of its answer.
     *
     * @throws IllegalArgumentException unless {@code 400 <= status <= 599} and the delay is not negative
     */
    public SandboxFaults status(int status, Duration retryAfter) {
      return add(Fault.status(checkStatus(status), checkDuration(retryAfter, "retryAfter"), true));
    }

    /**
     * Handles the request, then answers 429 with {@code Retry-After}: a server that breaks
     * NLPearl's promise that a 429 means it did not act (a mix never does this).
     */
    public SandboxFaults rateLimited(Duration retryAfter) {
      return status(429, retryAfter);
    }

    /** Handles the request, then answers 500 with an ASP.NET-style problem body. */
    public SandboxFaults serverError() {
      return status(500);
    }

    /** Handles the request, then closes the connection without sending a byte of the answer. */
    public SandboxFaults dropConnection() {
      return add(Fault.drop(true));
    }

    private SandboxFaults add(Fault fault) {
      queue.add(fault, count);
      return SandboxFaults.this;
    }
  }

  static Fault toFault(FaultKind kind, Duration retryAfter, Duration slowDelay) {
    switch (kind) {
      case HTTP_429:
        return Fault.status(429, retryAfter, false);
      case DROP_BEFORE:
        return Fault.drop(false);
      case DROP_AFTER:
        return Fault.drop(true);
      case TRUNCATED_BODY:
        return Fault.of(Fault.Kind.TRUNCATE);
      case MALFORMED_BODY:
        return Fault.of(Fault.Kind.MALFORMED);
      case EMPTY_200:
        return Fault.of(Fault.Kind.EMPTY);
      case SLOW_ANSWER:
        return Fault.delay(slowDelay);
      default:
        return Fault.status(kind.getStatus(), null, kind.isAfterHandling());
    }
  }

  private static int checkStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an error status (400-599): " + status);
    }
    return status;
  }

  private static Duration checkDuration(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }
}
