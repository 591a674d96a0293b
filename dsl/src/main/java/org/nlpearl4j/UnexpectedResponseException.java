package org.nlpearl4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NLPearl answered with something this SDK cannot use: a body that is not the documented JSON, a
 * missing or implausible required value (e.g. a {@code leadId} that is blank, too long or holds
 * control characters), a body larger than the SDK reads, or a status code outside the documented
 * ones (e.g. a redirect).
 *
 * <p>The {@linkplain #getDelivery() delivery} follows the status: after a 2xx the server acted
 * ({@link Delivery#ACCEPTED}: for an add, the lead exists but its id is unknown, so do not add it
 * again); after a 4xx it refused ({@link Delivery#REJECTED}); after any other status (1xx, 3xx,
 * 5xx) whether it acted is {@link Delivery#UNKNOWN}.
 */
public final class UnexpectedResponseException extends NlPearlException {
  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param statusCode the HTTP status of the response
   * @param requestId the server's request id, or null
   * @param reason what was wrong, e.g. {@code body is not JSON}
   * @param cause the parsing failure, or null
   */
  public UnexpectedResponseException(
      String operation, int statusCode, @Nullable String requestId, String reason,
      @Nullable Throwable cause) {
    super(Objects.requireNonNull(operation, "operation") + " failed: unexpected HTTP " + statusCode
            + " response: " + Objects.requireNonNull(reason, "reason")
            + (requestId == null ? "" : " (request id " + requestId + ")"),
        operation, statusCode, requestId, null, deliveryOf(statusCode),
        FailureReason.BAD_RESPONSE, cause);
  }

  private static Delivery deliveryOf(int statusCode) {
    if (statusCode >= 200 && statusCode < 300) {
      return Delivery.ACCEPTED;
    }
    if (statusCode >= 400 && statusCode < 500) {
      return Delivery.REJECTED;
    }
    return Delivery.UNKNOWN;
  }
}
