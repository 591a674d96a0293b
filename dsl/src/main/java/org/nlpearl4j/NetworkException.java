package org.nlpearl4j;

import java.io.IOException;
import java.util.Objects;

/**
 * The HTTP exchange failed without a usable response: the host was unreachable, the connection
 * broke, or a timeout expired.
 *
 * <p>{@link #getDelivery()} tells whether NLPearl may have acted on the request:
 *
 * <ul>
 *   <li>{@link Delivery#NEVER_SENT} ({@link #isConnectFailure()}): no connection was made (DNS
 *       failure, connection refused, connect timeout, TLS handshake failure);
 *   <li>{@link Delivery#UNKNOWN}: the request may have been sent, and no status line came back
 *       (read timeout, connection reset before the answer);
 *   <li>{@link Delivery#ACCEPTED}: a 2xx status line arrived but its body broke off while being read
 *       (connection reset or timeout mid-body), so the server acted but its answer is lost; {@link
 *       #getStatusCode()} is that status.
 * </ul>
 *
 * <p>The underlying {@link IOException} is the {@linkplain #getCause() cause}.
 */
public final class NetworkException extends NlPearlException {
  /** Whether the request never left this machine. */
  private final boolean connectFailure;
  /** Whether a timeout ended the exchange. */
  private final boolean timeout;

  /**
   * Creates the exception for a failure before any status line arrived.
   *
   * @param operation the operation that failed
   * @param cause the I/O failure
   * @param connectFailure true when no byte of the request was sent (connection not established):
   *     {@link Delivery#NEVER_SENT}; false gives {@link Delivery#UNKNOWN}
   * @param timeout true when a connect, read, write or call timeout expired
   */
  public NetworkException(
      String operation, IOException cause, boolean connectFailure, boolean timeout) {
    this(operation, 0, cause, connectFailure ? Delivery.NEVER_SENT : Delivery.UNKNOWN, timeout);
  }

  /**
   * Creates the exception with an explicit delivery, e.g. {@link Delivery#ACCEPTED} for a 2xx
   * answer whose body broke off.
   *
   * @param operation the operation that failed
   * @param statusCode the status of the response whose body broke off, or 0 when none arrived
   * @param cause the I/O failure
   * @param delivery {@link Delivery#NEVER_SENT}, {@link Delivery#UNKNOWN} or {@link
   *     Delivery#ACCEPTED}
   * @param timeout true when a connect, read, write or call timeout expired
   * @throws IllegalArgumentException for {@link Delivery#REJECTED}, which only an answer can say
   */
  public NetworkException(
      String operation, int statusCode, IOException cause, Delivery delivery, boolean timeout) {
    super(message(operation, statusCode, Objects.requireNonNull(cause, "cause"),
            checked(delivery), timeout),
        operation, statusCode, null, null, delivery,
        FailureReason.ofNetwork(delivery, timeout), cause);
    this.connectFailure = delivery == Delivery.NEVER_SENT;
    this.timeout = timeout;
  }

  private static Delivery checked(Delivery delivery) {
    if (Objects.requireNonNull(delivery, "delivery") == Delivery.REJECTED) {
      throw new IllegalArgumentException("a network failure cannot be REJECTED");
    }
    return delivery;
  }

  private static String message(
      String operation, int statusCode, IOException cause, Delivery delivery, boolean timeout) {
    String what = timeout ? "timed out" : "network error";
    String when;
    switch (delivery) {
      case NEVER_SENT:
        when = "before the request was sent";
        break;
      case ACCEPTED:
        when = statusCode > 0 ? "while reading the body of the HTTP " + statusCode + " answer"
            : "while reading the body of the answer";
        break;
      default:
        when = "after the request may have been sent";
        break;
    }
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return Objects.requireNonNull(operation, "operation") + " failed: " + what + " " + when
        + " (" + detail + ")";
  }

  /**
   * Returns whether the failure happened before the request was sent (DNS failure, connection
   * refused, connect timeout, TLS handshake failure), so NLPearl cannot have acted on it; the same
   * as {@code getDelivery() == Delivery.NEVER_SENT}.
   *
   * @return true when the request never reached the server
   */
  public boolean isConnectFailure() {
    return connectFailure;
  }

  /**
   * Returns whether a timeout (connect, read, write or the whole call) ended the exchange.
   *
   * @return true for a timeout
   */
  public boolean isTimeout() {
    return timeout;
  }
}
