package org.nlpearl4j.sample;

import java.util.Objects;
import org.nlpearl4j.Delivery;

/**
 * Why an action failed, and whether NLPearl may have acted on it anyway, for the screen to put in
 * words.
 */
public final class Failure {
  /** The kinds of failure the rep can tell apart and act on. */
  public enum Kind {
    /** The form breaks a rule; the fields say which (detail: problems not tied to a field). */
    INVALID,
    /** NLPearl answered 400 (detail: what it said that no field shows). */
    REJECTED,
    /** NLPearl answered 401 or 403: the token is wrong. */
    AUTHENTICATION,
    /** NLPearl answered 404: unknown campaign or lead. */
    NOT_FOUND,
    /** NLPearl answered 429. */
    RATE_LIMITED,
    /** NLPearl answered 5xx. */
    SERVER,
    /** No answer: offline, wrong address, server down, timeout (detail: the SDK's message). */
    NETWORK,
    /** The phone could not save the prospect, or read back the saved ones (detail: why). */
    STORAGE,
    /** Anything else (detail: the SDK's message, which never contains the secret key). */
    UNEXPECTED
  }

  private final ProspectPresenter.Work action;
  private final Kind kind;
  private final Delivery delivery;
  private final int statusCode;
  private final String detail;

  Failure(ProspectPresenter.Work action, Kind kind, Delivery delivery, int statusCode,
      String detail) {
    this.action = Objects.requireNonNull(action, "action");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.statusCode = statusCode;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** What the rep was doing: adding the prospect or marking the lead. */
  public ProspectPresenter.Work getAction() {
    return action;
  }

  /** What went wrong. */
  public Kind getKind() {
    return kind;
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
    return "Failure{" + action + ", " + kind + ", " + delivery + ", " + statusCode + ", " + detail
        + "}";
  }
}
