package org.nlpearl4j.cli;

import org.jspecify.annotations.Nullable;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.NotFoundException;

/**
 * Turns the facade's errors into results-file lines: the outcome (may NLPearl have stored the
 * lead? from the SDK's {@link Delivery}), the reason in words, the machine-readable error type, and
 * whether the import must stop.
 *
 * <p>The reasons, as the summary and the {@code reason} column name them:
 *
 * <table>
 *   <caption>reasons</caption>
 *   <tr><th>reason</th><th>errorType</th><th>outcome</th></tr>
 *   <tr><td>invalid</td><td>InvalidRequestException</td><td>failed</td></tr>
 *   <tr><td>rejected by NLPearl</td><td>BadRequestException</td><td>failed</td></tr>
 *   <tr><td>not authorized</td><td>AuthenticationException</td><td>failed</td></tr>
 *   <tr><td>not found</td><td>NotFoundException</td><td>failed</td></tr>
 *   <tr><td>rate limited</td><td>RateLimitedException</td><td>failed</td></tr>
 *   <tr><td>server error</td><td>ServerException</td><td>unknown</td></tr>
 *   <tr><td>network: could not connect</td><td>NetworkException</td><td>failed</td></tr>
 *   <tr><td>network: timed out</td><td>NetworkException</td><td>unknown</td></tr>
 *   <tr><td>network: answer cut short</td><td>NetworkException</td><td>added (a 2xx whose body
 *       broke off)</td></tr>
 *   <tr><td>network: connection lost</td><td>NetworkException</td><td>unknown</td></tr>
 *   <tr><td>unexpected response</td><td>UnexpectedResponseException</td><td>added (2xx) or
 *       unknown</td></tr>
 *   <tr><td>cancelled</td><td>Cancelled</td><td>unknown</td></tr>
 *   <tr><td>internal error</td><td>UnexpectedError</td><td>unknown</td></tr>
 * </table>
 */
final class Failures {
  static final String INVALID = "invalid";
  static final String REJECTED = "rejected by NLPearl";
  static final String NOT_AUTHORIZED = "not authorized";
  static final String NOT_FOUND = "not found";
  static final String RATE_LIMITED = "rate limited";
  static final String SERVER_ERROR = "server error";
  static final String COULD_NOT_CONNECT = "network: could not connect";
  static final String TIMED_OUT = "network: timed out";
  static final String CUT_SHORT = "network: answer cut short";
  static final String CONNECTION_LOST = "network: connection lost";
  static final String UNEXPECTED_RESPONSE = "unexpected response";
  static final String CANCELLED = "cancelled";
  static final String CANCELLED_TYPE = "Cancelled";

  /**
   * How a row that did not simply come back "added, with this id" is reported.
   *
   * @param outcome added (accepted, id unreadable), failed or unknown
   * @param reason what went wrong, in words
   * @param type the error type written to the results file (the exception's simple class name)
   * @param message what went wrong, on one line, without secrets
   * @param abortReason non-null when no further row can succeed either, e.g. credentials refused
   */
  record Failure(Outcome outcome, String reason, String type, String message,
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
    if (!(error instanceof NlPearlException)) {
      // Not an SDK failure: a bug. Whether the request left is not known, so the row is unknown.
      return new Failure(Outcome.UNKNOWN, "internal error", "UnexpectedError",
          error.getClass().getName() + ": " + message, null);
    }
    NlPearlException failure = (NlPearlException) error;
    Outcome outcome = outcomeOf(failure);
    String abort = null;
    if (error instanceof AuthenticationException) {
      abort = "the API refused the credentials (" + message + ")";
    } else if (error instanceof NotFoundException) {
      abort = "outbound campaign '" + outboundId + "' was not found (" + message + ")";
    }
    if (outcome == Outcome.ADDED) {
      message = "NLPearl accepted the lead but its answer could not be read, so its id is unknown"
          + " (do not add it again): " + message;
    }
    return new Failure(outcome, reason(failure), type, message, abort);
  }

  /** Returns the failure for a row still in flight when a stopped import gave up waiting. */
  static Failure cancelled(long seconds) {
    return new Failure(Outcome.UNKNOWN, CANCELLED, CANCELLED_TYPE, "still in flight " + seconds
        + " s after the import was stopped; the lead may or may not have been added", null);
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

  /**
   * Returns a failure's reason in words: a network failure by what happened to the connection,
   * any other by its type, as {@link #reasonOfType} names it.
   */
  static String reason(NlPearlException error) {
    if (error instanceof NetworkException) {
      NetworkException network = (NetworkException) error;
      if (network.isConnectFailure()) {
        return COULD_NOT_CONNECT;
      }
      if (network.getDelivery() == Delivery.ACCEPTED) {
        return CUT_SHORT;
      }
      return network.isTimeout() ? TIMED_OUT : CONNECTION_LOST;
    }
    return reasonOfType(error.getClass().getSimpleName());
  }

  /**
   * Returns the reason in words for an error type: the SDK's exception's simple class name, also
   * as written by an earlier version whose results file had no {@code reason} column (a network
   * failure is then just {@code network}).
   */
  static String reasonOfType(String type) {
    switch (type) {
      case "InvalidRequestException":
        return INVALID;
      case "BadRequestException":
        return REJECTED;
      case "AuthenticationException":
        return NOT_AUTHORIZED;
      case "NotFoundException":
        return NOT_FOUND;
      case "RateLimitedException":
        return RATE_LIMITED;
      case "ServerException":
        return SERVER_ERROR;
      case "NetworkException":
        return "network";
      case "UnexpectedResponseException":
        return UNEXPECTED_RESPONSE;
      case CANCELLED_TYPE:
        return CANCELLED;
      case "UnexpectedError":
        return "internal error";
      default:
        return "error";
    }
  }

  /**
   * Returns what a {@code failed} line of an earlier version's results file means. Those files
   * called every failure {@code failed}, also those after which NLPearl may have stored the lead;
   * only the error types after which it certainly did not stay {@code failed}, the others become
   * {@code unknown} so that {@code --resume} does not send them again.
   */
  static Outcome outcomeOfLegacyFailure(String type, String message) {
    switch (type) {
      case "InvalidRequestException":
      case "BadRequestException":
      case "AuthenticationException":
      case "NotFoundException":
      case "RateLimitedException":
        return Outcome.FAILED;
      case "NetworkException":
        // The SDK's message says whether the request left: "... before the request was sent".
        return message.contains("before the request was sent") ? Outcome.FAILED : Outcome.UNKNOWN;
      default:
        return Outcome.UNKNOWN;
    }
  }
}
