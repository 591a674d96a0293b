package org.nlpearl4j.outbox;

import java.io.File;
import org.jspecify.annotations.Nullable;

/**
 * Another outbox (in this process or another one) has the directory open. Two writers would
 * corrupt the journal, so an outbox directory has one owner at a time: close the other one first.
 */
public final class OutboxLockedException extends OutboxException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param directory the outbox's directory
   * @param cause the lock failure, if any
   */
  public OutboxLockedException(File directory, @Nullable Throwable cause) {
    super("the outbox in " + directory + " is already open (in this process or another one)",
        directory, cause);
  }
}
