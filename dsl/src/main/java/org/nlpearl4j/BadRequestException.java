package org.nlpearl4j;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * NLPearl refused the request as invalid (HTTP 400, or another 4xx without a more specific type);
 * the field errors of its {@code ValidationProblemDetails} are in {@link #getProblems()}.
 *
 * <p>A 4xx says the server refused the request without carrying it out ({@link Delivery#REJECTED}),
 * which also holds for 408 (the server gave up waiting for the request), 409 (a conflict with the
 * current state), 413 (too large) and 422 (unprocessable).
 *
 * <pre>{@code
 * } catch (BadRequestException e) {
 *   e.getProblems().forEach((field, rules) -> log.warn("{}: {}", field, rules));
 * }
 * }</pre>
 */
public final class BadRequestException extends NlPearlException {
  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param statusCode the HTTP status, usually 400
   * @param requestId the server's request id, or null
   * @param problem the problem details sent by the server, or null
   */
  public BadRequestException(
      String operation, int statusCode, @Nullable String requestId,
      @Nullable ValidationProblem problem) {
    super(httpMessage(operation, statusCode, "Bad Request", requestId, problem),
        operation, statusCode, requestId, problem, Delivery.REJECTED,
        FailureReason.REJECTED, null);
  }

  /**
   * Returns the server's field errors: field name to the rules it broke.
   *
   * @return the errors of {@link #getProblem()}, or an empty map when the server sent none
   */
  public Map<String, List<String>> getProblems() {
    ValidationProblem problem = getProblem();
    return problem == null ? Collections.<String, List<String>>emptyMap() : problem.getErrors();
  }
}
