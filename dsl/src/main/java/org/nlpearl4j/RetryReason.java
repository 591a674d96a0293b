package org.nlpearl4j;

/**
 * Why the SDK retries a failed attempt, as {@link RetryScheduled#getReason()} reports it: a small,
 * fixed set, fit for a log field or a metric tag.
 */
public enum RetryReason {
  /** 429 Too Many Requests ({@link RateLimitedException}). */
  RATE_LIMITED,
  /** A 502, 503 or 504 of an idempotent operation ({@link ServerException}). */
  SERVER_ERROR,
  /** The connection could not be made: nothing was sent ({@link NetworkException#isConnectFailure()}). */
  CONNECT_FAILURE,
  /** An idempotent operation timed out after sending ({@link NetworkException#isTimeout()}). */
  TIMEOUT,
  /** The connection of an idempotent operation broke after sending, before any status arrived. */
  CONNECTION_LOST,
  /**
   * An idempotent operation got a 2xx it could not use: malformed, cut short, without a required
   * member ({@link UnexpectedResponseException}, or a {@link NetworkException} with a status).
   */
  BAD_RESPONSE,
  /** Any other failure the retry rules allow. */
  OTHER;

  static RetryReason of(Throwable failure) {
    if (failure instanceof RateLimitedException) {
      return RATE_LIMITED;
    }
    if (failure instanceof ServerException) {
      return SERVER_ERROR;
    }
    if (failure instanceof UnexpectedResponseException) {
      return BAD_RESPONSE;
    }
    if (failure instanceof NetworkException) {
      NetworkException network = (NetworkException) failure;
      if (network.isConnectFailure()) {
        return CONNECT_FAILURE;
      }
      if (network.getStatusCode() != 0) {
        return BAD_RESPONSE;
      }
      return network.isTimeout() ? TIMEOUT : CONNECTION_LOST;
    }
    return OTHER;
  }
}
