package org.nlpearl4j;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response arrived for an attempt (any status, before its body is decoded).
 *
 * <p>Holds no token and no personal data; {@link #toString()} shows the operation, the call id,
 * the attempt, the status, the request id and the latency only.
 */
public final class ResponseReceived {
  private final CallContext call;
  private final int attempt;
  private final int statusCode;
  private final @Nullable String requestId;
  private final Duration latency;

  ResponseReceived(CallContext call, int attempt, int statusCode, @Nullable String requestId,
      Duration latency) {
    this.call = call;
    this.attempt = attempt;
    this.statusCode = statusCode;
    this.requestId = requestId;
    this.latency = latency;
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
   * Returns the number of the attempt this response answers.
   *
   * @return 1 for the first attempt
   */
  public int getAttempt() {
    return attempt;
  }

  /**
   * Returns the HTTP status.
   *
   * @return e.g. 200, 429, 503
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns the server's id for the request (the problem's {@code traceId}, else a request-id
   * header): the id NLPearl support asks for.
   *
   * @return the id, or null when the server gave none
   */
  public @Nullable String getRequestId() {
    return requestId;
  }

  /**
   * Returns the attempt's latency: from its start to the arrival of the response headers (for an
   * error status, until its problem body, at most 64 KiB, has been read too).
   *
   * @return the latency
   */
  public Duration getLatency() {
    return latency;
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
    return "ResponseReceived{operation=" + call.operation + ", callId=" + call.callId
        + ", attempt=" + attempt + ", status=" + statusCode + ", requestId=" + requestId
        + ", latency=" + latency + "}";
  }
}
