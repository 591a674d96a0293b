package org.nlpearl4j.cli;

/**
 * Told about every row an import finishes, after its line is in the results file; for embedding
 * the importer and for tests (for example to interrupt an import after some rows).
 */
@FunctionalInterface
public interface ImportListener {
  /** A listener that does nothing. */
  ImportListener NONE = (row, key, added, finished) -> { };

  /**
   * Called once per row, in the order rows finish, never concurrently.
   *
   * @param row the 1-based row number in the CSV
   * @param key the row's external id, else its phone number
   * @param added true when the lead was added
   * @param finished how many rows this run has finished so far, this one included
   */
  void rowFinished(long row, String key, boolean added, long finished);
}
