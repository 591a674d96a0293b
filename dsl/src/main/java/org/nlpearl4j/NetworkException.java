package org.nlpearl4j;

import java.io.IOException;
import java.util.Objects;

/**
 * The HTTP exchange failed without a response: the host was unreachable, the connection broke, or a
 * timeout expired.
 *
 * <p>{@link #isConnectFailure()} tells whether the request never left this machine (so NLPearl
 * cannot have acted on it); the underlying {@link IOException} is the {@linkplain #getCause() cause}.
 */
public final class NetworkException extends NlPearlException {
  /** Whether the request never left this machine. */
  private final boolean connectFailure;
  /** Whether a timeout ended the exchange. */
  private final boolean timeout;

  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param cause the I/O failure
   * @param connectFailure true when no byte of the request was sent (connection not established)
   * @param timeout true when a connect, read, write or call timeout expired
   */
  public NetworkException(
      String operation, IOException cause, boolean connectFailure, boolean timeout) {
    super(message(operation, Objects.requireNonNull(cause, "cause"), connectFailure, timeout),
        operation, 0, null, null, cause);
    this.connectFailure = connectFailure;
    this.timeout = timeout;
  }

  private static String message(
      String operation, IOException cause, boolean connectFailure, boolean timeout) {
    String what = timeout ? "timed out" : "network error";
    String when = connectFailure ? "before the request was sent"
        : "after the request may have been sent";
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return Objects.requireNonNull(operation, "operation") + " failed: " + what + " " + when
        + " (" + detail + ")";
  }

  /**
   * Returns whether the failure happened before the request was sent (DNS failure, connection
   * refused, connect timeout, TLS handshake failure), so NLPearl cannot have acted on it.
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
