package org.nlpearl4j.sandbox.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One injected fault, applied to one request. */
public final class Fault {
  /** What the fault does. */
  public enum Kind {
    /** Answer with a status (and optional Retry-After) instead of handling the request. */
    STATUS,
    /** Wait, then handle the request normally. */
    DELAY,
    /** Close the connection without answering; the request is not handled. */
    DROP,
    /** Handle the request, send the headers and half the body, then close the connection. */
    TRUNCATE,
    /** Handle the request, then send a complete response whose JSON body is cut short. */
    MALFORMED
  }

  private final Kind kind;
  private final int status;
  private final @Nullable Duration retryAfter;
  private final Duration delay;

  private Fault(Kind kind, int status, @Nullable Duration retryAfter, Duration delay) {
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.delay = delay;
  }

  public static Fault status(int status, @Nullable Duration retryAfter) {
    return new Fault(Kind.STATUS, status, retryAfter, Duration.ZERO);
  }

  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, delay);
  }

  public static Fault of(Kind kind) {
    return new Fault(kind, 0, null, Duration.ZERO);
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

  /** A short label for recordings and logs, e.g. {@code status 429 (Retry-After 2 s)}. */
  public String label() {
    switch (kind) {
      case STATUS:
        return "status " + status + (retryAfter == null ? "" : " (Retry-After " + RetryAfter.seconds(retryAfter) + " s)");
      case DELAY:
        return "delay " + delay.toMillis() + " ms";
      case DROP:
        return "dropped connection";
      case TRUNCATE:
        return "truncated body";
      case MALFORMED:
        return "malformed body";
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
