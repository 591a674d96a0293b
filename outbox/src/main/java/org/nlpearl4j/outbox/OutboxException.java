package org.nlpearl4j.outbox;

import java.io.File;
import org.jspecify.annotations.Nullable;

/**
 * The base of every failure of the outbox's own storage; unchecked, so it travels through RxJava's
 * {@code onError} unchanged. Failures of a request to NLPearl are not exceptions here: they are
 * recorded on the entry ({@link OutboxEntry#getState()}).
 */
public abstract class OutboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final @Nullable File directory;

  OutboxException(String message, @Nullable File directory, @Nullable Throwable cause) {
    super(message, cause);
    this.directory = directory;
  }

  /**
   * Returns the outbox's directory.
   *
   * @return the directory, or null for an outbox on another store than the journal
   */
  public @Nullable File getDirectory() {
    return directory;
  }
}
