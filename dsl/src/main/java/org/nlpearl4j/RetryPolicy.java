package org.nlpearl4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How often and how patiently a failed call is tried again: exponential backoff with jitter, and
 * the server's {@code Retry-After} honoured up to a cap.
 *
 * <p><b>What is retried</b> is fixed by the SDK and follows the failure's {@link Delivery}, so
 * that no policy can create a duplicate lead:
 *
 * <ul>
 *   <li>adding a lead (not idempotent) is retried only when NLPearl cannot have acted on it: the
 *       request was never sent ({@link Delivery#NEVER_SENT}: DNS failure, connection refused,
 *       connect timeout) or the server answered 429 ({@link Delivery#REJECTED}); never after a 5xx,
 *       a timeout after sending or an unusable 2xx answer;
 *   <li>updating a lead (idempotent) is also retried after 502, 503 and 504, after timeouts and
 *       other I/O failures, and after an unusable 2xx answer ({@link Delivery#ACCEPTED}: sending
 *       the same update again is harmless and brings the lead back).
 * </ul>
 *
 * <p>When the attempts are used up, the failure reported is the last one, unless an earlier
 * attempt may have acted ({@link Delivery#UNKNOWN} or {@link Delivery#ACCEPTED}) and the last did
 * not: then the earlier one is reported (with the later ones as {@linkplain
 * Throwable#getSuppressed() suppressed}), so "may have acted" is never lost.
 *
 * <p><b>When</b>: before retry {@code n} (1 for the first retry) the SDK waits
 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, randomised by the {@link Jitter}; when
 * the response carried {@code Retry-After} it waits that long instead, but at most {@link
 * #getMaxRetryAfter()}.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .initialBackoff(Duration.ofSeconds(1))
 *     .maxBackoff(Duration.ofSeconds(20))
 *     .build();
 * NlPearl client = NlPearl.builder().token(token).retryPolicy(patient).build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final DoubleSupplier THREAD_LOCAL_RANDOM = new DoubleSupplier() {
    @Override
    public double getAsDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public String toString() {
      return "ThreadLocalRandom";
    }
  };

  private static final RetryPolicy DEFAULTS = new Builder().build();
  private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();

  /** How the exponential delay is randomised, so that many clients do not retry in lockstep. */
  public enum Jitter {
    /** A uniformly random delay between zero and the exponential delay. */
    FULL,
    /** Half the exponential delay plus a random part of up to the other half. */
    EQUAL,
    /** Exactly the exponential delay (deterministic; useful in tests). */
    NONE
  }

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final Jitter jitter;
  private final Duration maxRetryAfter;
  private final DoubleSupplier random;

  private RetryPolicy(Builder builder) {
    if (builder.maxBackoff.compareTo(builder.initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + builder.maxBackoff
          + ") must not be shorter than initialBackoff (" + builder.initialBackoff + ")");
    }
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.multiplier = builder.multiplier;
    this.jitter = builder.jitter;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.random = builder.random;
  }

  /**
   * Returns the default policy: 3 attempts in all, backoff from 500 ms doubling up to 10 s with full
   * jitter, {@code Retry-After} honoured up to 60 s.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries: each call is attempted once.
   *
   * @return the policy with one attempt
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Returns a builder starting from the {@linkplain #defaults() defaults}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a policy built by a lambda, starting from the defaults.
   *
   * <pre>{@code RetryPolicy.of(retry -> retry.maxAttempts(5).jitter(RetryPolicy.Jitter.EQUAL))}</pre>
   *
   * @param spec fills in the builder
   * @return the policy
   */
  public static RetryPolicy of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .multiplier(multiplier)
        .jitter(jitter)
        .maxRetryAfter(maxRetryAfter)
        .random(random);
  }

  /**
   * Returns the maximum number of attempts, the first one included.
   *
   * @return at least 1; 1 means no retries
   */
  public int getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the delay before the first retry, before jitter.
   *
   * @return the initial backoff
   */
  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the longest delay the exponential backoff grows to, before jitter.
   *
   * @return the maximum backoff
   */
  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the factor by which the delay grows after each retry.
   *
   * @return at least 1.0
   */
  public double getMultiplier() {
    return multiplier;
  }

  /**
   * Returns how the delay is randomised.
   *
   * @return the jitter
   */
  public Jitter getJitter() {
    return jitter;
  }

  /**
   * Returns the longest {@code Retry-After} the SDK waits; a longer one is shortened to this.
   *
   * @return the cap
   */
  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the delay before a retry.
   *
   * <pre>{@code
   * RetryPolicy.builder().jitter(RetryPolicy.Jitter.NONE).build().delayBeforeRetry(2, null); // 1 s
   * }</pre>
   *
   * @param retry which retry this is: 1 for the first retry (the second attempt)
   * @param retryAfter the server's {@code Retry-After}, or null
   * @return the capped {@code retryAfter} when given, else the jittered exponential backoff
   */
  public Duration delayBeforeRetry(int retry, @Nullable Duration retryAfter) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1, was " + retry);
    }
    if (retryAfter != null) {
      if (retryAfter.isNegative()) {
        return Duration.ZERO;
      }
      return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    double exponential = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(exponential, (double) maxBackoff.toNanos());
    double jittered;
    switch (jitter) {
      case FULL:
        jittered = capped * unit();
        break;
      case EQUAL:
        jittered = capped / 2 + capped / 2 * unit();
        break;
      default:
        jittered = capped;
        break;
    }
    return Duration.ofNanos((long) jittered);
  }

  private double unit() {
    double value = random.getAsDouble();
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalStateException("the random source must return values in [0, 1], got " + value);
    }
    return value;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy that = (RetryPolicy) o;
    return maxAttempts == that.maxAttempts
        && Double.compare(multiplier, that.multiplier) == 0
        && initialBackoff.equals(that.initialBackoff)
        && maxBackoff.equals(that.maxBackoff)
        && jitter == that.jitter
        && maxRetryAfter.equals(that.maxRetryAfter)
        && random.equals(that.random);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, maxRetryAfter,
        random);
  }

  @Override
  public String toString() {
    if (maxAttempts == 1) {
      return "RetryPolicy{none}";
    }
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter
        + ", maxRetryAfter=" + maxRetryAfter + "}";
  }

  /** Builds a {@link RetryPolicy}; starts from the {@linkplain RetryPolicy#defaults() defaults}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private Jitter jitter = Jitter.FULL;
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private DoubleSupplier random = THREAD_LOCAL_RANDOM;

    private Builder() {}

    /**
     * Sets the maximum number of attempts, the first one included.
     *
     * @param maxAttempts at least 1 (1 disables retries); default 3
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the delay before the first retry, before jitter.
     *
     * @param initialBackoff not negative; default 500 ms
     * @return this builder
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = notNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Sets the longest delay the backoff grows to, before jitter.
     *
     * @param maxBackoff not negative, not shorter than the initial backoff; default 10 s
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = notNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Sets the factor by which the delay grows after each retry.
     *
     * @param multiplier at least 1.0; default 2.0
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be a finite number >= 1, was "
            + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets how the delay is randomised.
     *
     * @param jitter the jitter; default {@link Jitter#FULL}
     * @return this builder
     */
    public Builder jitter(Jitter jitter) {
      this.jitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} honoured; a longer one is shortened to this.
     *
     * @param maxRetryAfter not negative; default 60 s
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = notNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Sets the source of randomness for the jitter (tests pass a fixed one).
     *
     * @param random returns values in [0, 1]; default {@link ThreadLocalRandom}
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the immutable policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if the maximum backoff is shorter than the initial one
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration notNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }
  }
}
