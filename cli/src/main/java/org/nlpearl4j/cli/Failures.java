package org.nlpearl4j.cli;

import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.NlPearlException;

/**
 * Turns the facade's errors into results-file lines: the outcome (may NLPearl have stored the
 * lead? from the SDK's {@link Delivery}), the reason (the SDK's {@link FailureReason}, written in
 * its {@linkplain FailureReason#getDescription() words}), the error type, and whether the import
 * must stop. Nothing here sorts failures itself: the SDK's reason and delivery say it all.
 *
 * <p>The reasons, as the summary and the {@code reason} column name them:
 *
 * <table>
 *   <caption>reasons</caption>
 *   <tr><th>reason</th><th>FailureReason</th><th>outcome</th></tr>
 *   <tr><td>invalid</td><td>INVALID_REQUEST</td><td>failed</td></tr>
 *   <tr><td>rejected by NLPearl</td><td>REJECTED</td><td>failed</td></tr>
 *   <tr><td>not authorized</td><td>AUTHENTICATION</td><td>failed (the import stops)</td></tr>
 *   <tr><td>not found</td><td>NOT_FOUND</td><td>failed (the import stops)</td></tr>
 *   <tr><td>rate limited</td><td>RATE_LIMITED</td><td>failed</td></tr>
 *   <tr><td>server error</td><td>SERVER_ERROR</td><td>unknown</td></tr>
 *   <tr><td>network: could not connect</td><td>NETWORK_BEFORE_SENDING</td><td>failed</td></tr>
 *   <tr><td>network: timed out</td><td>TIMEOUT</td><td>unknown</td></tr>
 *   <tr><td>network: answer cut short</td><td>ANSWER_CUT_SHORT</td><td>added (a 2xx whose body
 *       broke off)</td></tr>
 *   <tr><td>network: connection lost</td><td>NETWORK_AFTER_SENDING</td><td>unknown</td></tr>
 *   <tr><td>unexpected response</td><td>BAD_RESPONSE</td><td>added (2xx) or unknown</td></tr>
 *   <tr><td>cancelled</td><td>CANCELLED</td><td>unknown</td></tr>
 *   <tr><td>internal error</td><td>INTERNAL_ERROR</td><td>unknown</td></tr>
 * </table>
 */
final class Failures {
  /** The error type written for a row still in flight when a stopped import gave up on it. */
  static final String CANCELLED_TYPE = "Cancelled";
  /** The error type written for a failure that is not the SDK's (a bug). */
  static final String INTERNAL_TYPE = "UnexpectedError";

  /**
   * How a row that did not simply come back "added, with this id" is reported.
   *
   * @param outcome added (accepted, id unreadable), failed or unknown
   * @param reason what went wrong, as the SDK names it
   * @param type the error type written to the results file (the exception's simple class name)
   * @param message what went wrong, on one line, without secrets
   * @param abortReason non-null when no further row can succeed either, e.g. credentials refused
   */
  record Failure(Outcome outcome, FailureReason reason, String type, String message,
      @Nullable String abortReason) {}

  private Failures() {}

  /**
   * Describes a failed row.
   *
   * @param error what the facade reported
   * @param outboundId the campaign being imported into, for messages
   * @param redactor removes the token's secret from messages
   */
  static Failure classify(Throwable error, String outboundId, Redactor redactor) {
    String type = error.getClass().getSimpleName();
    String message = redactor.redact(ResultsFile.singleLine(
        error.getMessage() == null ? type : error.getMessage()));
    FailureReason reason = FailureReason.of(error);
    if (!(error instanceof NlPearlException)) {
      // Not an SDK failure: a bug. Whether the request left is not known, so the row is unknown.
      return new Failure(Outcome.UNKNOWN, reason, INTERNAL_TYPE,
          error.getClass().getName() + ": " + message, null);
    }
    Outcome outcome = outcomeOf((NlPearlException) error);
    String abort = null;
    if (reason == FailureReason.AUTHENTICATION) {
      abort = "the API refused the credentials (" + message + ")";
    } else if (reason == FailureReason.NOT_FOUND) {
      abort = "outbound campaign '" + outboundId + "' was not found (" + message + ")";
    }
    if (outcome == Outcome.ADDED) {
      message = "NLPearl accepted the lead but its answer could not be read, so its id is unknown"
          + " (do not add it again): " + message;
    }
    return new Failure(outcome, reason, type, message, abort);
  }

  /** Returns the failure for a row still in flight when a stopped import gave up waiting. */
  static Failure cancelled(long seconds) {
    return new Failure(Outcome.UNKNOWN, FailureReason.CANCELLED, CANCELLED_TYPE, "still in flight "
        + seconds + " s after the import was stopped; the lead may or may not have been added",
        null);
  }

  /**
   * Returns what a failure means for the lead, from the SDK's {@link Delivery}: stored with an
   * unreadable answer ({@code ACCEPTED}), certainly not stored ({@code NEVER_SENT}, {@code
   * REJECTED}), or maybe ({@code UNKNOWN}).
   */
  static Outcome outcomeOf(NlPearlException error) {
    switch (error.getDelivery()) {
      case ACCEPTED:
        return Outcome.ADDED;
      case NEVER_SENT:
      case REJECTED:
        return Outcome.FAILED;
      default:
        return Outcome.UNKNOWN;
    }
  }
}
