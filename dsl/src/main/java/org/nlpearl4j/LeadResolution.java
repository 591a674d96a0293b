package org.nlpearl4j;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link LeadResolver} found out about an add whose outcome was uncertain: the lead was
 * {@linkplain Outcome#FOUND stored}, is {@linkplain Outcome#ABSENT certainly absent}, or is
 * {@linkplain Outcome#STILL_UNKNOWN still unknown} (ask again at {@link #getNextCheckAt()}).
 *
 * <pre>{@code
 * switch (resolution.getOutcome()) {
 *   case FOUND:         store.added(row, resolution.getLeadId()); break;   // never send it again
 *   case ABSENT:        resend(row); break;                                // NLPearl has no such lead
 *   case STILL_UNKNOWN: store.checkAgainAt(row, resolution.getNextCheckAt()); break;
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. The static factories exist so that tests of code that consumes
 * resolutions can make them without a server.
 */
public final class LeadResolution {
  /** The three answers resolution can give. */
  public enum Outcome {
    /** NLPearl has a lead with this external id: the add was stored. Never send it again. */
    FOUND,
    /**
     * NLPearl answered 404 after the settle time: there is no such lead, so the add was not
     * stored and is safe to send again. (NLPearl documents only 200 and 400 for the lookup; 404
     * as "no such lead" is an assumption.)
     */
    ABSENT,
    /**
     * The lookup itself failed (5xx, timeout, 429 after the retries, 400, ...): nothing is known
     * yet. Ask again at {@link #getNextCheckAt()}; do not send the add again.
     */
    STILL_UNKNOWN
  }

  private final Outcome outcome;
  private final String pearlId;
  private final String externalId;
  private final Instant checkedAt;
  private final @Nullable Lead lead;
  private final @Nullable NlPearlException cause;
  private final @Nullable Instant nextCheckAt;

  private LeadResolution(Outcome outcome, String pearlId, String externalId, Instant checkedAt,
      @Nullable Lead lead, @Nullable NlPearlException cause, @Nullable Instant nextCheckAt) {
    this.outcome = outcome;
    this.pearlId = Objects.requireNonNull(pearlId, "pearlId");
    this.externalId = Objects.requireNonNull(externalId, "externalId");
    this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
    this.lead = lead;
    this.cause = cause;
    this.nextCheckAt = nextCheckAt;
  }

  /**
   * Returns a resolution that found the lead.
   *
   * @param pearlId the Pearl id the lookup went to
   * @param externalId the external id looked up
   * @param lead the lead NLPearl returned
   * @param checkedAt when the lookup answered
   * @return the resolution
   */
  public static LeadResolution found(
      String pearlId, String externalId, Lead lead, Instant checkedAt) {
    return new LeadResolution(Outcome.FOUND, pearlId, externalId, checkedAt,
        Objects.requireNonNull(lead, "lead"), null, null);
  }

  /**
   * Returns a resolution for a lead that is certainly absent.
   *
   * @param pearlId the Pearl id the lookup went to
   * @param externalId the external id looked up
   * @param checkedAt when the lookup answered 404
   * @return the resolution
   */
  public static LeadResolution absent(String pearlId, String externalId, Instant checkedAt) {
    return new LeadResolution(Outcome.ABSENT, pearlId, externalId, checkedAt, null, null, null);
  }

  /**
   * Returns a resolution whose lookup failed.
   *
   * @param pearlId the Pearl id the lookup went to
   * @param externalId the external id looked up
   * @param cause why the lookup failed
   * @param checkedAt when the lookup failed
   * @param nextCheckAt when to ask again
   * @return the resolution
   */
  public static LeadResolution stillUnknown(String pearlId, String externalId,
      NlPearlException cause, Instant checkedAt, Instant nextCheckAt) {
    return new LeadResolution(Outcome.STILL_UNKNOWN, pearlId, externalId, checkedAt, null,
        Objects.requireNonNull(cause, "cause"), Objects.requireNonNull(nextCheckAt, "nextCheckAt"));
  }

  /**
   * Returns the outcome.
   *
   * @return {@link Outcome#FOUND}, {@link Outcome#ABSENT} or {@link Outcome#STILL_UNKNOWN}
   */
  public Outcome getOutcome() {
    return outcome;
  }

  /**
   * Returns the Pearl id the lookup went to.
   *
   * @return the Pearl id
   */
  public String getPearlId() {
    return pearlId;
  }

  /**
   * Returns the external id that was looked up.
   *
   * @return the external id
   */
  public String getExternalId() {
    return externalId;
  }

  /**
   * Returns when the lookup answered or failed (by the resolver's scheduler clock).
   *
   * @return the instant
   */
  public Instant getCheckedAt() {
    return checkedAt;
  }

  /**
   * Returns the lead NLPearl has, for {@link Outcome#FOUND}.
   *
   * @return the lead, or null for the other outcomes
   */
  public @Nullable Lead getLead() {
    return lead;
  }

  /**
   * Returns the stored lead's id, for {@link Outcome#FOUND}.
   *
   * @return the id, or null for the other outcomes (and, for a found lead, only if NLPearl's
   *     answer carried no id: the lead exists all the same)
   */
  public @Nullable String getLeadId() {
    return lead == null ? null : lead.getId();
  }

  /**
   * Returns why the lookup failed, for {@link Outcome#STILL_UNKNOWN}.
   *
   * @return the failure, or null for the other outcomes
   */
  public @Nullable NlPearlException getCause() {
    return cause;
  }

  /**
   * Returns when to ask again, for {@link Outcome#STILL_UNKNOWN}: the check time after a backoff
   * that grows with the failed checks (see {@link LeadResolver.Builder#recheckDelays}).
   *
   * @return the instant, or null for the other outcomes
   */
  public @Nullable Instant getNextCheckAt() {
    return nextCheckAt;
  }

  /**
   * Tells whether the add was stored.
   *
   * @return true for {@link Outcome#FOUND}
   */
  public boolean isFound() {
    return outcome == Outcome.FOUND;
  }

  /**
   * Tells whether the add is safe to send again.
   *
   * @return true for {@link Outcome#ABSENT}
   */
  public boolean isSafeToSendAgain() {
    return outcome == Outcome.ABSENT;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof LeadResolution)) {
      return false;
    }
    LeadResolution that = (LeadResolution) o;
    return outcome == that.outcome && pearlId.equals(that.pearlId)
        && externalId.equals(that.externalId) && checkedAt.equals(that.checkedAt)
        && Objects.equals(lead, that.lead) && Objects.equals(cause, that.cause)
        && Objects.equals(nextCheckAt, that.nextCheckAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, pearlId, externalId, checkedAt, lead, cause, nextCheckAt);
  }

  /** Names the outcome, the ids and the times; no personal data of the lead. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("LeadResolution{outcome=").append(outcome)
        .append(", pearlId=").append(pearlId)
        .append(", externalId=").append(externalId)
        .append(", checkedAt=").append(checkedAt);
    if (lead != null) {
      out.append(", leadId=").append(lead.getId());
    }
    if (cause != null) {
      out.append(", cause=").append(cause.getClass().getSimpleName())
          .append(", nextCheckAt=").append(nextCheckAt);
    }
    return out.append('}').toString();
  }
}
