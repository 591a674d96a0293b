package org.nlpearl4j;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one rule that settles an add whose outcome was uncertain, by looking the lead up by its
 * external id: the CLI, the outbox and the Android sample all call it, none has its own.
 *
 * <p>An add is uncertain when it failed with {@link Delivery#UNKNOWN} (a 5xx, a timeout, a lost
 * connection after sending), or with {@link Delivery#ACCEPTED} (NLPearl answered 2xx but the lead
 * id could not be read): {@link #needsResolution(Throwable)} says so. If the lead carried an
 * external id, {@link #resolve(String, String, Instant)} answers:
 *
 * <ol>
 *   <li>it waits until the settle time has passed since the uncertain attempt ended (NLPearl may
 *       take a moment to show a new lead; a lookup straight away could miss a lead that was
 *       stored), without blocking a thread;
 *   <li>it looks the lead up ({@link Pearl#leadByExternalId(String)}, retried by the client's
 *       {@link RetryPolicy} like any lookup);
 *   <li>found: {@link LeadResolution.Outcome#FOUND}, with the lead and its id: the add was stored,
 *       never send it again. A 404: {@link LeadResolution.Outcome#ABSENT}: not stored, safe to send
 *       again. Any other failure: {@link LeadResolution.Outcome#STILL_UNKNOWN}, with the cause and
 *       the time to ask again (a backoff that grows with the checks that failed before).
 * </ol>
 *
 * <p>The lookup goes to the Pearl that runs the campaign the lead was added to: NLPearl's v2 API
 * names a campaign by its Pearl id where v1 (which adds leads) named it by its outbound id.
 *
 * <pre>{@code
 * LeadResolver resolver = LeadResolver.builder(client)
 *     .settleTime(Duration.ofSeconds(5))
 *     .build();
 *
 * client.outbound(outboundId).addLead(lead).subscribe(
 *     leadId -> added(row, leadId),
 *     error -> {
 *       if (!LeadResolver.needsResolution(error)) {
 *         failed(row, error);                             // certainly not stored
 *         return;
 *       }
 *       Instant uncertainSince = Instant.now();           // when the uncertain attempt ended
 *       resolver.resolve(pearlId, lead.getExternalId(), uncertainSince).subscribe(r -> {
 *         switch (r.getOutcome()) {
 *           case FOUND:         added(row, r.getLeadId()); break;
 *           case ABSENT:        sendAgain(row); break;
 *           case STILL_UNKNOWN: checkAgainAt(row, r.getNextCheckAt()); break;
 *         }
 *       });
 *     });
 * }</pre>
 *
 * <p>A store that persists uncertain adds (the outbox) keeps the time of the uncertain attempt and
 * the number of failed checks, and calls {@link #resolve(String, String, Instant, int)} when the
 * stored {@link LeadResolution#getNextCheckAt()} comes; after a restart the settle time is already
 * over and the lookup goes out at once.
 *
 * <p>Thread-safe and immutable. Time is read from, and waits run on, the {@linkplain
 * Builder#scheduler scheduler}; with a {@code TestScheduler} (also given to the client's {@link
 * NlPearl.Builder#retryScheduler}) a test controls every wait.
 */
public final class LeadResolver {
  /** The default settle time: 5 seconds. */
  public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(5);
  /** The default delay before asking again after the first failed check: 30 seconds. */
  public static final Duration DEFAULT_FIRST_RECHECK = Duration.ofSeconds(30);
  /** The default longest delay between checks: 15 minutes. */
  public static final Duration DEFAULT_MAX_RECHECK = Duration.ofMinutes(15);

  private final NlPearl client;
  private final Duration settleTime;
  private final Duration firstRecheck;
  private final Duration maxRecheck;
  private final Scheduler scheduler;

  private LeadResolver(Builder builder) {
    this.client = builder.client;
    this.settleTime = builder.settleTime;
    this.firstRecheck = builder.firstRecheck;
    this.maxRecheck = builder.maxRecheck;
    this.scheduler = builder.scheduler;
  }

  /**
   * Returns a resolver with the default settle time and recheck delays.
   *
   * @param client the client whose lookups it makes
   * @return the resolver
   */
  public static LeadResolver create(NlPearl client) {
    return builder(client).build();
  }

  /**
   * Returns a builder for a resolver that looks leads up through {@code client}.
   *
   * @param client the client whose lookups it makes
   * @return the builder, with the defaults
   */
  public static Builder builder(NlPearl client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Returns a builder holding this resolver's settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(client).settleTime(settleTime).recheckDelays(firstRecheck, maxRecheck)
        .scheduler(scheduler);
  }

  /**
   * Tells whether an add's failure leaves its outcome uncertain, so that it needs resolution
   * before anything else is done with it: an {@link NlPearlException} with {@link
   * Delivery#UNKNOWN} or {@link Delivery#ACCEPTED}, or any other throwable (nothing says it was
   * not sent).
   *
   * @param addFailure the error an {@code addLead} Single failed with
   * @return false only when NLPearl certainly did not store the lead ({@link Delivery#NEVER_SENT}
   *     or {@link Delivery#REJECTED})
   */
  public static boolean needsResolution(Throwable addFailure) {
    Objects.requireNonNull(addFailure, "addFailure");
    return !(addFailure instanceof NlPearlException)
        || ((NlPearlException) addFailure).getDelivery().mayHaveActed();
  }

  /**
   * Resolves an uncertain add whose lead carried {@code externalId}; the first check.
   *
   * <p>Same as {@link #resolve(String, String, Instant, int)} with no failed checks before.
   *
   * @param pearlId the Pearl of the campaign the lead was added to
   * @param externalId the external id the lead was added with
   * @param uncertainSince when the uncertain add attempt ended
   * @return a cold Single of the resolution
   */
  public Single<LeadResolution> resolve(String pearlId, String externalId, Instant uncertainSince) {
    return resolve(pearlId, externalId, uncertainSince, 0);
  }

  /**
   * Resolves an uncertain add whose lead carried {@code externalId}: waits out the settle time
   * since {@code uncertainSince}, then looks the lead up.
   *
   * <p>Cold: nothing happens before subscription; disposing during the wait or the lookup stops it
   * (the HTTP call is canceled). The Single succeeds with a {@link LeadResolution} for every
   * answer and every {@link NlPearlException} of the lookup, including an {@link
   * InvalidRequestException} for an implausible id (then {@link
   * LeadResolution.Outcome#STILL_UNKNOWN}: no lookup can settle it); it fails only for errors that
   * are not the SDK's (a bug).
   *
   * @param pearlId the Pearl of the campaign the lead was added to
   * @param externalId the external id the lead was added with
   * @param uncertainSince when the uncertain add attempt ended (for a stored entry: the stored
   *     time); the lookup goes out no earlier than this plus the settle time
   * @param failedChecks how many checks of this add failed before (0 for the first); sets the
   *     backoff of {@link LeadResolution#getNextCheckAt()}
   * @return a cold Single of the resolution
   */
  public Single<LeadResolution> resolve(
      String pearlId, String externalId, Instant uncertainSince, int failedChecks) {
    Objects.requireNonNull(pearlId, "pearlId");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(uncertainSince, "uncertainSince");
    if (failedChecks < 0) {
      throw new IllegalArgumentException("failedChecks must not be negative: " + failedChecks);
    }
    return Single.defer(() -> {
      long wait = settledAt(uncertainSince).toEpochMilli() - scheduler.now(TimeUnit.MILLISECONDS);
      Single<LeadResolution> lookup = client.pearl(pearlId).leadByExternalId(externalId)
          .map(lead -> LeadResolution.found(pearlId, externalId, lead, now()))
          .switchIfEmpty(Single.fromCallable(
              () -> LeadResolution.absent(pearlId, externalId, now())))
          .onErrorResumeNext(error -> {
            if (!(error instanceof NlPearlException)) {
              return Single.error(error);
            }
            Instant at = now();
            return Single.just(LeadResolution.stillUnknown(pearlId, externalId,
                (NlPearlException) error, at, nextCheckAt(at, failedChecks)));
          });
      return wait <= 0 ? lookup
          : Single.timer(wait, TimeUnit.MILLISECONDS, scheduler).flatMap(tick -> lookup);
    });
  }

  /**
   * Returns when a lookup for an add that became uncertain at {@code uncertainSince} may go out:
   * that time plus the settle time.
   *
   * @param uncertainSince when the uncertain add attempt ended
   * @return the earliest time of a lookup that counts
   */
  public Instant settledAt(Instant uncertainSince) {
    return uncertainSince.plus(settleTime);
  }

  /**
   * Returns when to check again after a check that failed at {@code failedAt}: the first recheck
   * delay, doubled for each check that failed before, at most the longest delay.
   *
   * @param failedAt when the check failed
   * @param failedChecksBefore checks of this add that failed before this one
   * @return the time of the next check
   */
  public Instant nextCheckAt(Instant failedAt, int failedChecksBefore) {
    long delay = firstRecheck.toMillis();
    for (int i = 0; i < failedChecksBefore && delay < maxRecheck.toMillis(); i++) {
      delay *= 2;
    }
    return failedAt.plusMillis(Math.min(delay, maxRecheck.toMillis()));
  }

  /**
   * Returns the settle time.
   *
   * @return the time waited after an uncertain attempt before the lookup
   */
  public Duration getSettleTime() {
    return settleTime;
  }

  /**
   * Returns the delay before the second check, after the first failed.
   *
   * @return the first recheck delay
   */
  public Duration getFirstRecheckDelay() {
    return firstRecheck;
  }

  /**
   * Returns the longest delay between checks.
   *
   * @return the longest recheck delay
   */
  public Duration getMaxRecheckDelay() {
    return maxRecheck;
  }

  private Instant now() {
    return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
  }

  @Override
  public String toString() {
    return "LeadResolver{settleTime=" + settleTime + ", recheck=" + firstRecheck + ".."
        + maxRecheck + "}";
  }

  /** Builds a {@link LeadResolver}. */
  public static final class Builder {
    private final NlPearl client;
    private Duration settleTime = DEFAULT_SETTLE_TIME;
    private Duration firstRecheck = DEFAULT_FIRST_RECHECK;
    private Duration maxRecheck = DEFAULT_MAX_RECHECK;
    private Scheduler scheduler = Schedulers.computation();

    private Builder(NlPearl client) {
      this.client = client;
    }

    /**
     * Sets how long after the uncertain attempt the lookup waits, so that a lead NLPearl stored
     * has time to show (default {@link #DEFAULT_SETTLE_TIME}); zero looks up at once.
     *
     * @param settleTime the settle time, not negative
     * @return this builder
     */
    public Builder settleTime(Duration settleTime) {
      Objects.requireNonNull(settleTime, "settleTime");
      if (settleTime.isNegative()) {
        throw new IllegalArgumentException("settleTime must not be negative: " + settleTime);
      }
      this.settleTime = settleTime;
      return this;
    }

    /**
     * Sets the backoff of {@link LeadResolution#getNextCheckAt()} after failed checks: the first
     * delay, doubled after each further failure, capped at the longest (defaults {@link
     * #DEFAULT_FIRST_RECHECK} and {@link #DEFAULT_MAX_RECHECK}).
     *
     * @param first the delay after the first failed check, positive
     * @param longest the longest delay, at least {@code first}
     * @return this builder
     */
    public Builder recheckDelays(Duration first, Duration longest) {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(longest, "longest");
      if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
        throw new IllegalArgumentException("recheck delays must be positive with longest >= first:"
            + " first " + first + ", longest " + longest);
      }
      this.firstRecheck = first;
      this.maxRecheck = longest;
      return this;
    }

    /**
     * Sets the scheduler the settle wait runs on and whose clock ({@link Scheduler#now}) gives
     * every time; default {@link Schedulers#computation()}.
     *
     * @param scheduler the scheduler, e.g. a {@code TestScheduler} in tests
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     */
    public LeadResolver build() {
      return new LeadResolver(this);
    }
  }
}
