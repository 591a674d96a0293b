package org.nlpearl4j.sample;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;

/**
 * Why an action failed, and whether NLPearl may have acted on it anyway, for the screen to put in
 * words. What went wrong is the SDK's own {@link FailureReason}; the app adds one case of its own,
 * the phone's storage failing ({@link #isStorage()}).
 */
public final class Failure {
  private final ProspectPresenter.Work action;
  private final @Nullable FailureReason reason;
  private final Delivery delivery;
  private final int statusCode;
  private final String detail;

  Failure(ProspectPresenter.Work action, @Nullable FailureReason reason, Delivery delivery,
      int statusCode, String detail) {
    this.action = Objects.requireNonNull(action, "action");
    this.reason = reason;
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.statusCode = statusCode;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** What the rep was doing: adding the prospect or marking the lead. */
  public ProspectPresenter.Work getAction() {
    return action;
  }

  /**
   * What went wrong, as the SDK says ({@link FailureReason#of(Throwable)}); null when the phone
   * could not save the prospect or read back the saved ones ({@link #isStorage()}).
   */
  public @Nullable FailureReason getReason() {
    return reason;
  }

  /** Whether the phone's storage failed (detail: why); nothing was sent then. */
  public boolean isStorage() {
    return reason == null;
  }

  /**
   * Whether NLPearl may have acted anyway: after {@link Delivery#UNKNOWN} or {@link
   * Delivery#ACCEPTED} the prospect may already be a lead, so adding it again could have it called
   * twice; after {@link Delivery#NEVER_SENT} or {@link Delivery#REJECTED} it is not, and trying
   * again is safe.
   */
  public Delivery getDelivery() {
    return delivery;
  }

  /** The HTTP status, or 0 when there was no answer or no request. */
  public int getStatusCode() {
    return statusCode;
  }

  /** Extra words for the rep, possibly empty. */
  public String getDetail() {
    return detail;
  }

  @Override
  public String toString() {
    return "Failure{" + action + ", " + (reason == null ? "storage" : reason.getCode()) + ", "
        + delivery + ", " + statusCode + ", " + detail + "}";
  }
}
