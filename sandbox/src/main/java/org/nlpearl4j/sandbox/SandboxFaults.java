package org.nlpearl4j.sandbox;

import java.time.Duration;
import java.util.Objects;
import org.nlpearl4j.sandbox.internal.Fault;
import org.nlpearl4j.sandbox.internal.FaultQueue;

/**
 * Faults for the next requests, for reliability tests: from {@link NlPearlSandbox#faults()}.
 *
 * <p>Faults are used first in, first out, one per request, whatever the route:
 * <pre>{@code
 * sandbox.faults()
 *     .next(2).rateLimited(Duration.ofSeconds(1))   // two 429s with Retry-After: 1
 *     .next(1).status(503)                          // then one 503
 *     .next(1).dropConnection();                    // then a connection closed without an answer
 * }</pre>
 *
 * <p>A status fault or a dropped connection replaces the request's handling (nothing is stored).
 * A delay, a truncated body or a malformed body lets the request be handled normally (a lead is
 * stored) and only changes how the answer arrives.
 */
public final class SandboxFaults {
  private static final int MAX_COUNT = 1_000_000;

  private final FaultQueue queue;

  SandboxFaults(FaultQueue queue) {
    this.queue = queue;
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

  /** How many requests still have a fault waiting for them. */
  public long pending() {
    return queue.pending();
  }

  /** Drops every waiting fault. */
  public SandboxFaults clear() {
    queue.clear();
    return this;
  }

  /** Shows how many faults are pending. */
  @Override
  public String toString() {
    return "SandboxFaults{pending=" + pending() + "}";
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
      return add(Fault.of(Fault.Kind.DROP));
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

    private SandboxFaults add(Fault fault) {
      queue.add(fault, count);
      return SandboxFaults.this;
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
