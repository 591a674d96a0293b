package org.nlpearl4j.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Observes one call: its attempts (sequential), their responses, the retries and the end.
 * Implementations never throw.
 */
public interface CallProbe {
  /** An attempt starts: its request is about to be enqueued. */
  void attemptStarted();

  /**
   * The current attempt's response arrived.
   *
   * @param statusCode the HTTP status
   * @param requestId the server's request id, or null
   */
  void responded(int statusCode, @Nullable String requestId);

  /**
   * The current attempt failed and another one follows after a delay.
   *
   * @param delay the delay
   * @param failure the failure
   */
  void retryScheduled(Duration delay, Throwable failure);

  /**
   * The call succeeded.
   *
   * @param leadId the new lead's id for an add, else null (the id given at start is kept)
   */
  void succeeded(@Nullable String leadId);

  /**
   * The call failed.
   *
   * @param failure what the Single reports
   */
  void failed(Throwable failure);

  /** The subscriber disposed the call before it ended. */
  void canceled();
}
