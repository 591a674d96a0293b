package org.nlpearl4j;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failed attempt will be retried after a delay.
 *
 * <p>Holds no token and no personal data (the SDK's exception messages carry neither); {@link
 * #toString()} shows the operation, the call id, the attempt, the delay and the failure's type
 * and status.
 */
public final class RetryScheduled {
  private final CallContext call;
  private final int attempt;
  private final Duration delay;
  private final Throwable failure;

  RetryScheduled(CallContext call, int attempt, Duration delay, Throwable failure) {
    this.call = call;
    this.attempt = attempt;
    this.delay = delay;
    this.failure = failure;
  }

  /**
   * Returns the operation.
   *
   * @return {@code addLead} or {@code updateLead}
   */
  public String getOperation() {
    return call.operation;
  }

  /**
   * Returns the id of the call, the same for all its events and unique within the client.
   *
   * @return a positive number
   */
  public long getCallId() {
    return call.callId;
  }

  /**
   * Returns the number of the attempt that failed; the next one is this plus one.
   *
   * @return 1 after the first attempt
   */
  public int getAttempt() {
    return attempt;
  }

  /**
   * Returns how long the SDK waits before the next attempt (the server's {@code Retry-After} when
   * it gave one and the policy allows it, else the policy's backoff).
   *
   * @return the delay
   */
  public Duration getDelay() {
    return delay;
  }

  /**
   * Returns the failure that caused the retry: a {@link RateLimitedException}, a {@link
   * ServerException} (502, 503, 504) or a {@link NetworkException}.
   *
   * @return the failure
   */
  public Throwable getFailure() {
    return failure;
  }

  /**
   * Returns why the attempt is retried: {@link FailureReason#of(Throwable) the reason} of {@link
   * #getFailure()}. Only the reasons the retry rules allow occur: {@link
   * FailureReason#RATE_LIMITED}, {@link FailureReason#SERVER_ERROR}, {@link
   * FailureReason#NETWORK_BEFORE_SENDING}, {@link FailureReason#NETWORK_AFTER_SENDING}, {@link
   * FailureReason#TIMEOUT}, {@link FailureReason#ANSWER_CUT_SHORT} and {@link
   * FailureReason#BAD_RESPONSE}.
   *
   * @return e.g. {@link FailureReason#RATE_LIMITED}
   */
  public FailureReason getReason() {
    return FailureReason.of(failure);
  }

  /**
   * Returns the request value: personal data, so only ask for it when you mean to handle it.
   *
   * @return the {@link NewLead} of an {@code addLead}, the {@link LeadUpdate} of an {@code
   *     updateLead}
   */
  public @Nullable Object getRequest() {
    return call.request;
  }

  @Override
  public String toString() {
    int status = failure instanceof NlPearlException
        ? ((NlPearlException) failure).getStatusCode() : 0;
    return "RetryScheduled{operation=" + call.operation + ", callId=" + call.callId
        + ", attempt=" + attempt + ", delay=" + delay + ", reason=" + getReason() + ", failure="
        + failure.getClass().getSimpleName() + (status != 0 ? " " + status : "") + "}";
  }
}
