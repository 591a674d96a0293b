package org.nlpearl4j;

import org.jspecify.annotations.Nullable;

/**
 * An attempt of a call is starting: its HTTP request is about to be handed to OkHttp.
 *
 * <p>Holds no token and no personal data; {@link #toString()} shows the operation, the call id
 * and the attempt number only.
 */
public final class AttemptStarted {
  private final CallContext call;
  private final int attempt;

  AttemptStarted(CallContext call, int attempt) {
    this.call = call;
    this.attempt = attempt;
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
   * @return a positive number, increasing with each call
   */
  public long getCallId() {
    return call.callId;
  }

  /**
   * Returns the attempt's number.
   *
   * @return 1 for the first attempt, 2 for the first retry, ...
   */
  public int getAttempt() {
    return attempt;
  }

  /**
   * Returns the request value: personal data (phone number, call data), so only ask for it when
   * you mean to handle it.
   *
   * @return the {@link NewLead} of an {@code addLead}, the {@link LeadUpdate} of an {@code
   *     updateLead}, the external id (a String) of a {@code getLeadViaExternalID}
   */
  public @Nullable Object getRequest() {
    return call.request;
  }

  @Override
  public String toString() {
    return "AttemptStarted{operation=" + call.operation + ", callId=" + call.callId
        + ", attempt=" + attempt + "}";
  }
}
