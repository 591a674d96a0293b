package org.nlpearl4j.spec;

/**
 * Thrown when the vendored pages cannot be merged into one OpenAPI document.
 *
 * <p>The message always names the page (or pages) at fault and what is wrong with them, for
 * example {@code component schema 'ValidationProblemDetails' differs between a.md and b.md}.
 */
public final class SpecMergeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the page and the problem.
   *
   * @param message what went wrong, naming the page or pages
   */
  public SpecMergeException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that names the page and the problem, and its cause.
   *
   * @param message what went wrong, naming the page or pages
   * @param cause the parser or I/O error behind it
   */
  public SpecMergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
