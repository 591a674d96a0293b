package org.nlpearl4j.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A seeded random mix of faults for soak tests: each request gets a fault with probability
 * {@link #getRate()}, of a kind drawn evenly from {@link #getKinds()}. Immutable; set it with
 * {@link SandboxFaults#mix(FaultMix)}.
 *
 * <pre>{@code
 * sandbox.faults().mix(FaultMix.builder()
 *     .rate(0.3)                          // 30% of requests get a fault
 *     .seed(7)                            // the same seed and request order give the same faults
 *     .retryAfter(Duration.ZERO)          // 429s say Retry-After: 0, so the test does not wait
 *     .build());                          // every kind, before and after handling
 * }</pre>
 *
 * <p>Deterministic: the fault of the n-th request since the mix was set is
 * {@link #faultFor(long) faultFor(n)}, whatever happened to the requests before it. With
 * concurrent clients the order in which requests arrive is up to the scheduler, yet N requests
 * still take the numbers 0 to N-1 once each: the counts by kind are exact, only which request got
 * which fault varies.
 */
public final class FaultMix {
  /** The default {@code Retry-After} of a 429: one second. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /** The default wait of a slow answer: 100 ms. */
  public static final Duration DEFAULT_SLOW_DELAY = Duration.ofMillis(100);
  /** The longest slow answer allowed: one minute. */
  public static final Duration MAX_SLOW_DELAY = Duration.ofMinutes(1);

  /** SplittableRandom's own increment: seeding with {@code seed + 2n·GAMMA} reads one stream two values at a time. */
  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private final double rate;
  private final long seed;
  private final Set<FaultKind> kinds;
  private final FaultKind[] drawable;
  private final Duration retryAfter;
  private final Duration slowDelay;

  private FaultMix(Builder builder) {
    this.rate = builder.rate;
    this.seed = builder.seed;
    EnumSet<FaultKind> copy = EnumSet.copyOf(builder.kinds);
    this.kinds = Collections.unmodifiableSet(copy);
    this.drawable = copy.toArray(new FaultKind[0]);
    this.retryAfter = builder.retryAfter;
    this.slowDelay = builder.slowDelay;
  }

  /**
   * A mix of every kind at {@code rate} with {@code seed} and the default Retry-After and slow
   * delay, e.g. {@code FaultMix.of(0.3, 7)}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= rate <= 1}
   */
  public static FaultMix of(double rate, long seed) {
    return builder().rate(rate).seed(seed).build();
  }

  /** A builder with rate 0.1, seed 0, every kind, Retry-After 1 s and slow answers of 100 ms. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this mix's settings, to change some of them. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.rate = rate;
    builder.seed = seed;
    builder.kinds = EnumSet.copyOf(kinds);
    builder.retryAfter = retryAfter;
    builder.slowDelay = slowDelay;
    return builder;
  }

  /** The probability, from 0 to 1, that a request gets a fault. */
  public double getRate() {
    return rate;
  }

  /** The seed of the draws. */
  public long getSeed() {
    return seed;
  }

  /** The kinds drawn from, evenly; never empty. */
  public Set<FaultKind> getKinds() {
    return kinds;
  }

  /** The {@code Retry-After} sent with a 429 (whole seconds, rounded up; may be zero). */
  public Duration getRetryAfter() {
    return retryAfter;
  }

  /** How long a slow answer waits before the request is handled. */
  public Duration getSlowDelay() {
    return slowDelay;
  }

  /**
   * The fault this mix gives the {@code requestIndex}-th request since it was set (from 0), or
   * null for none. A pure function of the seed, the rate, the kinds and the index: a test can
   * compute what the sandbox will do.
   *
   * @throws IllegalArgumentException if {@code requestIndex} is negative
   */
  public @Nullable FaultKind faultFor(long requestIndex) {
    if (requestIndex < 0) {
      throw new IllegalArgumentException("requestIndex must not be negative: " + requestIndex);
    }
    SplittableRandom random = new SplittableRandom(seed + 2 * requestIndex * GAMMA);
    double draw = random.nextDouble();
    int which = random.nextInt(drawable.length);
    return draw < rate ? drawable[which] : null;
  }

  /** Equal when every setting is equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof FaultMix)) {
      return false;
    }
    FaultMix that = (FaultMix) other;
    return Double.compare(rate, that.rate) == 0
        && seed == that.seed
        && kinds.equals(that.kinds)
        && retryAfter.equals(that.retryAfter)
        && slowDelay.equals(that.slowDelay);
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(rate, seed, kinds, retryAfter, slowDelay);
  }

  /** Shows every setting, with the kinds by label. */
  @Override
  public String toString() {
    List<String> labels = new ArrayList<>();
    for (FaultKind kind : kinds) {
      labels.add(kind.getLabel());
    }
    return String.format(
        Locale.ROOT,
        "FaultMix{rate=%s, seed=%d, kinds=%s, retryAfter=%s, slowDelay=%s}",
        rate,
        seed,
        labels,
        retryAfter,
        slowDelay);
  }

  /**
   * Settings of a {@link FaultMix}.
   *
   * <pre>{@code
   * FaultMix mix = FaultMix.builder().rate(0.3).seed(7).kinds(FaultKind.HTTP_502_AFTER, FaultKind.DROP_AFTER).build();
   * }</pre>
   */
  public static final class Builder {
    private double rate = 0.1;
    private long seed;
    private EnumSet<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
    private Duration retryAfter = DEFAULT_RETRY_AFTER;
    private Duration slowDelay = DEFAULT_SLOW_DELAY;

    private Builder() {}

    /**
     * The probability that a request gets a fault; 0.1 by default.
     *
     * @throws IllegalArgumentException unless {@code 0 <= rate <= 1}
     */
    public Builder rate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
      }
      this.rate = rate;
      return this;
    }

    /** The seed of the draws; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The kinds to draw from, evenly; every kind by default.
     *
     * @throws IllegalArgumentException if none is given
     */
    public Builder kinds(FaultKind... kinds) {
      return kinds(Arrays.asList(Objects.requireNonNull(kinds, "kinds")));
    }

    /**
     * The kinds to draw from, evenly; every kind by default.
     *
     * @throws IllegalArgumentException if the collection is empty
     */
    public Builder kinds(Collection<FaultKind> kinds) {
      Objects.requireNonNull(kinds, "kinds");
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("kinds must name at least one fault kind; use one of " + FaultKind.labels());
      }
      for (FaultKind kind : kinds) {
        Objects.requireNonNull(kind, "kinds must not contain null");
      }
      this.kinds = EnumSet.copyOf(kinds);
      return this;
    }

    /**
     * The {@code Retry-After} of a 429; 1 s by default, zero allowed (tests that must not wait).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * How long a slow answer waits before the request is handled; 100 ms by default.
     *
     * @throws IllegalArgumentException if negative or longer than {@link #MAX_SLOW_DELAY}
     */
    public Builder slowDelay(Duration slowDelay) {
      Objects.requireNonNull(slowDelay, "slowDelay");
      if (slowDelay.isNegative() || slowDelay.compareTo(MAX_SLOW_DELAY) > 0) {
        throw new IllegalArgumentException("slowDelay must be between 0 and " + MAX_SLOW_DELAY + ": " + slowDelay);
      }
      this.slowDelay = slowDelay;
      return this;
    }

    /** The mix. */
    public FaultMix build() {
      return new FaultMix(this);
    }
  }
}
