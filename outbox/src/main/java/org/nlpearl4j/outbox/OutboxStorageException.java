package org.nlpearl4j.outbox;

import java.io.File;
import java.io.IOException;

/**
 * Reading or writing the outbox's store failed (disk full, permissions, I/O error, a database
 * error). When it comes from {@code add}, the lead is not in the outbox: keep it and try again.
 */
public final class OutboxStorageException extends OutboxException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was being done
   * @param directory the outbox's directory
   * @param cause the I/O failure
   */
  public OutboxStorageException(String message, File directory, IOException cause) {
    super(message + " in " + directory + ": " + cause, directory, cause);
  }

  /**
   * Creates the exception for a store that is not a directory (a database table).
   *
   * <pre>{@code throw new OutboxStorageException("cannot claim entries", sqlException);}</pre>
   *
   * @param message what was being done; never personal data
   * @param cause the store's failure
   */
  public OutboxStorageException(String message, Throwable cause) {
    super(message + ": " + cause, null, cause);
  }
}
