package org.nlpearl4j.sandbox.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One injected fault, applied to one request. Immutable. */
public final class Fault {
  /** What the fault does. */
  public enum Kind {
    /** Answer with a status (and optional Retry-After), before or after handling the request. */
    STATUS,
    /** Wait, then handle the request normally. */
    DELAY,
    /** Close the connection without answering, before or after handling the request. */
    DROP,
    /** Handle the request, send the headers and half the body, then close the connection. */
    TRUNCATE,
    /** Handle the request, then send a complete response whose JSON body is cut short. */
    MALFORMED,
    /** Handle the request, then send its status with an empty body. */
    EMPTY
  }

  private final Kind kind;
  private final int status;
  private final @Nullable Duration retryAfter;
  private final Duration delay;
  private final boolean afterHandling;
  private final boolean fromMix;

  private Fault(
      Kind kind, int status, @Nullable Duration retryAfter, Duration delay, boolean afterHandling, boolean fromMix) {
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.delay = delay;
    this.afterHandling = afterHandling;
    this.fromMix = fromMix;
  }

  /** A status answered before handling (nothing stored). */
  public static Fault status(int status, @Nullable Duration retryAfter) {
    return status(status, retryAfter, false);
  }

  /** A status answered before handling, or after it when {@code afterHandling}. */
  public static Fault status(int status, @Nullable Duration retryAfter, boolean afterHandling) {
    return new Fault(Kind.STATUS, status, retryAfter, Duration.ZERO, afterHandling, false);
  }

  /** A wait before the request is handled. */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, delay, true, false);
  }

  /** A connection closed without an answer, before handling or after it when {@code afterHandling}. */
  public static Fault drop(boolean afterHandling) {
    return new Fault(Kind.DROP, 0, null, Duration.ZERO, afterHandling, false);
  }

  /**
   * A fault without parameters: {@link Kind#DROP} before handling, or one of the body faults
   * (always after handling).
   */
  public static Fault of(Kind kind) {
    if (kind == Kind.STATUS || kind == Kind.DELAY) {
      throw new IllegalArgumentException(kind + " needs parameters");
    }
    return new Fault(kind, 0, null, Duration.ZERO, kind != Kind.DROP, false);
  }

  /** The same fault, marked as drawn from a fault mix. */
  public Fault drawnFromMix() {
    return new Fault(kind, status, retryAfter, delay, afterHandling, true);
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  public Duration delay() {
    return delay;
  }

  /**
   * True when the request is handled (the lead stored or updated) despite the fault: every fault
   * except a status or a dropped connection sent before handling.
   */
  public boolean afterHandling() {
    return afterHandling;
  }

  /** True when a fault mix drew it (rather than the queue of explicit faults). */
  public boolean fromMix() {
    return fromMix;
  }

  /**
   * The key it is counted under, the same as the labels of the public {@code FaultKind}:
   * {@code 429-before}, {@code 502-after}, {@code drop-before}, {@code truncated},
   * {@code malformed}, {@code empty-200}, {@code slow}.
   */
  public String key() {
    switch (kind) {
      case STATUS:
        return status + (afterHandling ? "-after" : "-before");
      case DROP:
        return afterHandling ? "drop-after" : "drop-before";
      case DELAY:
        return "slow";
      case TRUNCATE:
        return "truncated";
      case MALFORMED:
        return "malformed";
      case EMPTY:
        return "empty-200";
      default:
        return kind.name();
    }
  }

  /** A short label for recordings and logs, e.g. {@code status 429 (Retry-After 2 s)}. */
  public String label() {
    String after = afterHandling ? " after handling" : "";
    switch (kind) {
      case STATUS:
        return "status " + status + (retryAfter == null ? "" : " (Retry-After " + RetryAfter.seconds(retryAfter) + " s)")
            + after;
      case DELAY:
        return "delay " + delay.toMillis() + " ms";
      case DROP:
        return "dropped connection" + after;
      case TRUNCATE:
        return "truncated body";
      case MALFORMED:
        return "malformed body";
      case EMPTY:
        return "empty body";
      default:
        return kind.name();
    }
  }

  @Override
  public String toString() {
    return label();
  }

  /** Retry-After is whole seconds; a fraction is rounded up so a client never retries too early. */
  public static final class RetryAfter {
    private RetryAfter() {}

    public static long seconds(Duration duration) {
      long seconds = duration.getSeconds();
      return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
  }
}
