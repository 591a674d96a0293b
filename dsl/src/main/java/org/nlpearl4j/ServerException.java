package org.nlpearl4j;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * NLPearl or a gateway in front of it failed (HTTP 5xx).
 *
 * <p>Whether the request had an effect is unknown ({@link Delivery#UNKNOWN}: a gateway may answer
 * 502 or 504 after NLPearl stored the lead), so a lead add is never retried after one; an update is
 * retried after 502, 503 and 504 (see {@link RetryPolicy}).
 */
public final class ServerException extends NlPearlException {
  /** The wait the server asked for, if any. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param statusCode the HTTP status, 500 to 599
   * @param requestId the server's request id, or null
   * @param problem the problem details sent by the server, or null
   * @param retryAfter how long the server asked to wait ({@code Retry-After}), or null
   */
  public ServerException(
      String operation, int statusCode, @Nullable String requestId,
      @Nullable ValidationProblem problem, @Nullable Duration retryAfter) {
    super(httpMessage(operation, statusCode, reason(statusCode), requestId, problem),
        operation, statusCode, requestId, problem, Delivery.UNKNOWN,
        FailureReason.SERVER_ERROR, null);
    this.retryAfter = retryAfter;
  }

  private static String reason(int statusCode) {
    switch (statusCode) {
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "Server Error";
    }
  }

  /**
   * Returns how long the server asked to wait before retrying (a 503 may carry
   * {@code Retry-After}).
   *
   * @return the wait, or null when the server sent none
   */
  public @Nullable Duration getRetryAfter() {
    return retryAfter;
  }
}
