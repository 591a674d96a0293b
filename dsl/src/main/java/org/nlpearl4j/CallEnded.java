package org.nlpearl4j;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A call ended: it succeeded, failed or was canceled; reported once per call.
 *
 * <p>On success it hands out what NLPearl support asks for: the {@linkplain #getRequestId()
 * request id}, the {@linkplain #getStatusCode() status} and the {@linkplain #getAttempts()
 * number of attempts}. On failure it carries the SDK exception and its {@link Delivery}: whether
 * NLPearl may have acted on the request.
 *
 * <p>Holds no token and no personal data; {@link #toString()} shows the operation, the call id,
 * the outcome, the attempts, the time, the status, the request id and the lead id only.
 */
public final class CallEnded {
  private final CallContext call;
  private final @Nullable Throwable failure;
  private final boolean canceled;
  private final int attempts;
  private final Duration duration;
  private final int statusCode;
  private final @Nullable String requestId;
  private final @Nullable String leadId;

  CallEnded(CallContext call, @Nullable Throwable failure, boolean canceled, int attempts,
      Duration duration, int statusCode, @Nullable String requestId, @Nullable String leadId) {
    this.call = call;
    this.failure = failure;
    this.canceled = canceled;
    this.attempts = attempts;
    this.duration = duration;
    this.statusCode = statusCode;
    this.requestId = requestId;
    this.leadId = leadId;
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
   * Returns whether the call succeeded.
   *
   * @return true when the Single emitted its value
   */
  public boolean isSuccess() {
    return failure == null && !canceled;
  }

  /**
   * Returns whether the subscriber disposed the call before it ended; NLPearl may have acted on
   * an attempt already sent.
   *
   * @return true when canceled
   */
  public boolean isCanceled() {
    return canceled;
  }

  /**
   * Returns the failure the Single reported.
   *
   * @return an {@link NlPearlException} subtype, or null on success and cancellation
   */
  public @Nullable Throwable getFailure() {
    return failure;
  }

  /**
   * Returns whether NLPearl may have acted on the request, for a call that did not succeed.
   *
   * @return the failure's {@link NlPearlException#getDelivery()}; {@link Delivery#UNKNOWN} for any
   *     other failure and for a call canceled after an attempt started ({@link
   *     Delivery#NEVER_SENT} before); null on success
   */
  public @Nullable Delivery getDelivery() {
    if (failure instanceof NlPearlException) {
      return ((NlPearlException) failure).getDelivery();
    }
    if (failure != null) {
      return Delivery.UNKNOWN;
    }
    if (canceled) {
      return attempts > 0 ? Delivery.UNKNOWN : Delivery.NEVER_SENT;
    }
    return null;
  }

  /**
   * Returns why the call failed.
   *
   * <pre>{@code
   * FailureReason reason = event.getReason();
   * log.info("{} {}", event.getOperation(), reason == null ? "ok" : reason.getCode());
   * }</pre>
   *
   * @return the failure's {@link FailureReason#of(Throwable) reason}; {@link
   *     FailureReason#CANCELLED} for a canceled call; null on success
   */
  public @Nullable FailureReason getReason() {
    if (failure != null) {
      return FailureReason.of(failure);
    }
    return canceled ? FailureReason.CANCELLED : null;
  }

  /**
   * Returns how many attempts were started.
   *
   * @return 0 when validation failed (nothing sent), else 1 plus the retries
   */
  public int getAttempts() {
    return attempts;
  }

  /**
   * Returns the time from subscription to the end, retry delays included.
   *
   * @return the duration
   */
  public Duration getDuration() {
    return duration;
  }

  /**
   * Returns the HTTP status the outcome rests on: on success the final response's; on failure the
   * reported exception's ({@link NlPearlException#getStatusCode()}; when an earlier attempt may
   * have acted and a later one did not, the SDK reports the earlier one).
   *
   * @return e.g. 200 or 404; 0 when that attempt got no response (validation failure, network
   *     failure) or the call was canceled before any response
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns the server's id for the request the outcome rests on (see {@link #getStatusCode()}):
   * the id to quote to NLPearl support, on success as on failure.
   *
   * @return the id, or null when the server gave none or no response arrived
   */
  public @Nullable String getRequestId() {
    return requestId;
  }

  /**
   * Returns the lead's id: the new lead's on a successful {@code addLead}, the updated lead's for
   * {@code updateLead}.
   *
   * @return the id, or null for an {@code addLead} that did not succeed
   */
  public @Nullable String getLeadId() {
    return leadId;
  }

  /**
   * Returns the request value: personal data, so only ask for it when you mean to handle it.
   *
   * @return the {@link NewLead} of an {@code addLead}, the {@link LeadUpdate} of an {@code
   *     updateLead}; null when validation failed before the value could be built
   */
  public @Nullable Object getRequest() {
    return call.request;
  }

  @Override
  public String toString() {
    String outcome = canceled ? "canceled" : failure == null ? "success"
        : "failure " + failure.getClass().getSimpleName() + " " + getDelivery();
    return "CallEnded{operation=" + call.operation + ", callId=" + call.callId
        + ", outcome=" + outcome + ", attempts=" + attempts + ", duration=" + duration
        + ", status=" + statusCode + ", requestId=" + requestId + ", leadId=" + leadId + "}";
  }
}
