package org.nlpearl4j;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * NLPearl asked the client to slow down (HTTP 429), and the retry policy's attempts are used up.
 *
 * <p>NLPearl did not act on the request ({@link Delivery#REJECTED}): it is safe to send it again
 * later, an add included.
 *
 * <pre>{@code
 * } catch (RateLimitedException e) {
 *   Duration wait = e.getRetryAfter() != null ? e.getRetryAfter() : Duration.ofSeconds(30);
 * }
 * }</pre>
 */
public final class RateLimitedException extends NlPearlException {
  /** The wait the server asked for, if any. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param requestId the server's request id, or null
   * @param problem the problem details sent by the server, or null
   * @param retryAfter how long the server asked to wait ({@code Retry-After}), or null
   */
  public RateLimitedException(
      String operation, @Nullable String requestId, @Nullable ValidationProblem problem,
      @Nullable Duration retryAfter) {
    super(httpMessage(operation, 429,
            retryAfter == null ? "Too Many Requests"
                : "Too Many Requests (retry after " + retryAfter.getSeconds() + "s)",
            requestId, problem),
        operation, 429, requestId, problem, Delivery.REJECTED,
        FailureReason.RATE_LIMITED, null);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long the server asked to wait before retrying, from its {@code Retry-After} header
   * (seconds or an HTTP date).
   *
   * @return the wait, or null when the server sent no usable {@code Retry-After}
   */
  public @Nullable Duration getRetryAfter() {
    return retryAfter;
  }
}
