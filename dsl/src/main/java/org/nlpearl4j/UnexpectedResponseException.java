package org.nlpearl4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NLPearl answered with something this SDK cannot use: a body that is not the documented JSON, a
 * missing required value, or a status code outside the documented ones (e.g. a redirect).
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
        operation, statusCode, requestId, null, cause);
  }
}
