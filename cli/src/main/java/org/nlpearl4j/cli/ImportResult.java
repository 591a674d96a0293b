package org.nlpearl4j.cli;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one row of an import: one line of the results file.
 *
 * @param row the 1-based row number in the CSV
 * @param key the row's external id, else its phone number as typed
 * @param added true when the lead was added
 * @param leadId the new lead's id when added
 * @param errorType the kind of failure when not added, e.g. {@code InvalidRequestException}
 * @param message what went wrong when not added, on one line
 */
record ImportResult(
    long row,
    String key,
    boolean added,
    @Nullable String leadId,
    @Nullable String errorType,
    @Nullable String message) {

  static ImportResult added(long row, String key, String leadId) {
    return new ImportResult(row, key, true, leadId, null, null);
  }

  static ImportResult failed(long row, String key, String errorType, String message) {
    return new ImportResult(row, key, false, null, errorType, message);
  }

  /** Returns {@code added} or {@code failed}, as written in the results file. */
  String outcome() {
    return added ? ResultsFile.ADDED : ResultsFile.FAILED;
  }
}
