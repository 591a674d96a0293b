package org.nlpearl4j.cli;

/**
 * The command line or one of its inputs is wrong; the message says what and how to fix it, and the
 * command exits with {@link ExitCodes#USAGE} before sending anything.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
