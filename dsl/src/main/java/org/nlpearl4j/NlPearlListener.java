package org.nlpearl4j;

/**
 * Observes the calls of an {@link NlPearl} client: every attempt, response, retry and outcome,
 * e.g. to log request ids or to export metrics (the {@code nlpearl4j-micrometer} module has a
 * ready-made one).
 *
 * <p>Every method has an empty default, so implement only the ones you need. They are called on
 * the thread that happens to run the call (the subscribing thread, an OkHttp thread or the retry
 * scheduler), in order within one call, concurrently across calls: keep them short, thread-safe
 * and non-blocking.
 *
 * <p>The events carry no token and no personal data: operation, call id, attempt number, HTTP
 * status, request id, lead id, durations and the SDK exception. The lead or update itself (phone
 * number, call data) is only handed out when a listener asks for it with {@code getRequest()}.
 *
 * <p>A listener that throws does not break the call: the exception is caught and logged once per
 * client (as a {@code java.util.logging} warning of the logger {@code org.nlpearl4j.NlPearlListener}),
 * and the call goes on. With no listener the SDK creates no events at all.
 *
 * <pre>{@code
 * NlPearl client = NlPearl.builder()
 *     .token(System.getenv("NLPEARL_TOKEN"))
 *     .listener(new NlPearlListener() {
 *       @Override
 *       public void onCallEnd(CallEnded call) {
 *         if (call.isSuccess()) {
 *           log.info("{} lead {} ok: request id {}, {} attempt(s)", call.getOperation(),
 *               call.getLeadId(), call.getRequestId(), call.getAttempts());
 *         } else {
 *           log.warn("{} failed ({}): {}", call.getOperation(), call.getDelivery(),
 *               call.getFailure());
 *         }
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface NlPearlListener {
  /**
   * Called when an attempt starts, i.e. right before its HTTP request is handed to OkHttp.
   *
   * @param event the operation and the attempt number (1 for the first)
   */
  default void onAttemptStart(AttemptStarted event) {}

  /**
   * Called when an HTTP response arrives (any status), before its body is decoded.
   *
   * @param event the status, the request id and the attempt's latency
   */
  default void onResponse(ResponseReceived event) {}

  /**
   * Called when a failed attempt will be retried, before the delay starts.
   *
   * @param event the delay and the failure that caused the retry
   */
  default void onRetry(RetryScheduled event) {}

  /**
   * Called once when a call ends: success, failure (with whether NLPearl may have acted), or
   * cancellation (the subscriber disposed it). Also called for requests that fail validation, with
   * zero attempts.
   *
   * @param event the outcome, the attempts and the total time
   */
  default void onCallEnd(CallEnded event) {}
}
