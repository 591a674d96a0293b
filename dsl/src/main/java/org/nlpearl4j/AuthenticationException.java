package org.nlpearl4j;

import org.jspecify.annotations.Nullable;

/**
 * NLPearl did not accept the credentials (HTTP 401) or refused them access (HTTP 403).
 *
 * <p>Check the account id and secret key at https://platform.nlpearl.ai/app/settings/api. The
 * message never contains them. NLPearl did not act on the request ({@link Delivery#REJECTED}).
 */
public final class AuthenticationException extends NlPearlException {
  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param statusCode 401 or 403
   * @param requestId the server's request id, or null
   * @param problem the problem details sent by the server, or null
   */
  public AuthenticationException(
      String operation, int statusCode, @Nullable String requestId,
      @Nullable ValidationProblem problem) {
    super(httpMessage(operation, statusCode,
            statusCode == 403 ? "Forbidden (the credentials may not do this)"
                : "Unauthorized (check the account id and secret key)",
            requestId, problem),
        operation, statusCode, requestId, problem, Delivery.REJECTED,
        FailureReason.AUTHENTICATION, null);
  }
}
