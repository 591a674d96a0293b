package org.nlpearl4j;

import org.jspecify.annotations.Nullable;

/**
 * NLPearl found no such outbound campaign, Pearl or lead (HTTP 404).
 *
 * <p>A frequent cause is passing a Pearl id where an outbound id is expected, or the reverse.
 * NLPearl did not act on the request ({@link Delivery#REJECTED}).
 */
public final class NotFoundException extends NlPearlException {
  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param statusCode the HTTP status, usually 404
   * @param requestId the server's request id, or null
   * @param problem the problem details sent by the server, or null
   */
  public NotFoundException(
      String operation, int statusCode, @Nullable String requestId,
      @Nullable ValidationProblem problem) {
    super(httpMessage(operation, statusCode, "Not Found", requestId, problem),
        operation, statusCode, requestId, problem, Delivery.REJECTED,
        FailureReason.NOT_FOUND, null);
  }
}
