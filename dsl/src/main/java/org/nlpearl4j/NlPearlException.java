package org.nlpearl4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The base of every exception nlpearl4j reports; unchecked, so it travels through RxJava's
 * {@code onError} unchanged.
 *
 * <p>Each subtype stands for one kind of outcome; handle the ones you care about and let the rest
 * through:
 *
 * <pre>{@code
 * client.outbound(outboundId).addLead(lead).subscribe(
 *     leadId -> log.info("added {}", leadId),
 *     error -> {
 *       if (error instanceof InvalidRequestException) {
 *         showFieldErrors(((InvalidRequestException) error).getProblems());
 *       } else if (error instanceof RateLimitedException) {
 *         later(((RateLimitedException) error).getRetryAfter());
 *       } else if (error instanceof NlPearlException) {
 *         log.warn("{} (request id {})", error.getMessage(), ((NlPearlException) error).getRequestId());
 *       }
 *     });
 * }</pre>
 *
 * <p>{@link #getDelivery()} tells whether NLPearl may have acted on the request, whatever the
 * subtype: check it before sending an add again. {@link #getReason()} tells what happened, in the
 * {@link FailureReason} vocabulary that logs, files and metrics share.
 *
 * <p>Messages name the operation, the HTTP status and the delivery, never the credentials.
 * Exceptions of the underlying HTTP and JSON libraries are available as the {@linkplain
 * #getCause() cause} only.
 */
public abstract class NlPearlException extends RuntimeException {
  /** The operation that failed. */
  private final String operation;
  /** The HTTP status, or 0 without a response. */
  private final int statusCode;
  /** The server's request id, if any. */
  private final @Nullable String requestId;
  /** The problem details, if any. */
  private final @Nullable ValidationProblem problem;
  /** Whether NLPearl may have acted on the request. */
  private final Delivery delivery;
  /** What happened. */
  private final FailureReason reason;

  /**
   * Creates the exception; the message gets the delivery's clause appended (e.g. {@code ; delivery
   * UNKNOWN: NLPearl may have acted on it}).
   */
  NlPearlException(
      String message,
      String operation,
      int statusCode,
      @Nullable String requestId,
      @Nullable ValidationProblem problem,
      Delivery delivery,
      FailureReason reason,
      @Nullable Throwable cause) {
    super(message + "; " + Objects.requireNonNull(delivery, "delivery").describe(), cause);
    this.operation = Objects.requireNonNull(operation, "operation");
    this.statusCode = statusCode;
    this.requestId = requestId;
    this.problem = problem;
    this.delivery = delivery;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the call failed, the one vocabulary every part of nlpearl4j reports failures in.
   *
   * <pre>{@code
   * log.warn("add failed ({}): {}", e.getReason().getCode(), e.getMessage());
   * }</pre>
   *
   * @return the reason; never {@link FailureReason#CANCELLED} or {@link
   *     FailureReason#INTERNAL_ERROR}, which no exception of the SDK carries
   */
  public FailureReason getReason() {
    return reason;
  }

  /**
   * Returns whether NLPearl may have acted on the request, i.e. whether it is safe to send it again.
   *
   * <pre>{@code
   * if (e.getDelivery().isSafeToSendAgain()) {
   *   retryLater(lead);              // NEVER_SENT or REJECTED: NLPearl did not act
   * } else {
   *   flagForReview(lead, e);        // UNKNOWN or ACCEPTED: it may already be added
   * }
   * }</pre>
   *
   * @return {@link Delivery#NEVER_SENT} for validation and connect failures, {@link
   *     Delivery#REJECTED} for 4xx answers, {@link Delivery#UNKNOWN} for 5xx answers and failures
   *     after sending, {@link Delivery#ACCEPTED} for an unusable 2xx answer
   */
  public Delivery getDelivery() {
    return delivery;
  }

  /**
   * Returns the operation that failed.
   *
   * @return {@code addLead} or {@code updateLead}
   */
  public String getOperation() {
    return operation;
  }

  /**
   * Returns the HTTP status code of the response.
   *
   * @return the status, or 0 when there was no HTTP response (invalid request, network failure)
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns the server's id for the request: the problem's {@code traceId}, else a request-id
   * header of the response. Quote it when contacting NLPearl support.
   *
   * @return the request id, or null when the server gave none
   */
  public @Nullable String getRequestId() {
    return requestId;
  }

  /**
   * Returns the problem details the server sent (or, for {@link InvalidRequestException}, the
   * problems found before sending).
   *
   * @return the problem, or null when there is none
   */
  public @Nullable ValidationProblem getProblem() {
    return problem;
  }

  /** Builds "{operation} failed: HTTP {status} {reason}: {problem} (request id {id})". */
  static String httpMessage(
      String operation,
      int statusCode,
      String reason,
      @Nullable String requestId,
      @Nullable ValidationProblem problem) {
    StringBuilder message = new StringBuilder(96)
        .append(Objects.requireNonNull(operation, "operation"))
        .append(" failed: HTTP ").append(statusCode).append(' ').append(reason);
    appendProblem(message, problem);
    if (requestId != null) {
      message.append(" (request id ").append(requestId).append(')');
    }
    return message.toString();
  }

  static void appendProblem(StringBuilder message, @Nullable ValidationProblem problem) {
    if (problem == null) {
      return;
    }
    String summary = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
    if (summary != null) {
      message.append(": ").append(summary);
    }
    appendErrors(message, problem.getErrors());
  }

  static void appendErrors(StringBuilder message, Map<String, List<String>> errors) {
    if (errors.isEmpty()) {
      return;
    }
    message.append(" [");
    boolean first = true;
    for (Map.Entry<String, List<String>> entry : errors.entrySet()) {
      if (!first) {
        message.append("; ");
      }
      first = false;
      message.append(entry.getKey().isEmpty() ? "(request)" : entry.getKey()).append(": ")
          .append(String.join(", ", entry.getValue()));
    }
    message.append(']');
  }
}
