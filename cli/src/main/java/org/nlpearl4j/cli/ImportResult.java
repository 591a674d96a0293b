package org.nlpearl4j.cli;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one row of an import: one line of the results file.
 *
 * @param row the 1-based row number in the CSV
 * @param key the row's external id, else its phone number as typed
 * @param outcome added, failed (NLPearl certainly did not store it) or unknown (it may have)
 * @param reason what went wrong: the SDK's {@link org.nlpearl4j.FailureReason} in its words
 *     ({@code invalid}, {@code server error}, ...; see {@link Failures}); null when the lead was added without trouble
 * @param leadId the new lead's id when added and known
 * @param errorType the machine-readable kind of failure: the simple name of the SDK's exception
 *     class, e.g. {@code InvalidRequestException}, or {@code Cancelled}, {@code UnexpectedError}
 * @param message what went wrong, on one line
 */
record ImportResult(
    long row,
    String key,
    Outcome outcome,
    @Nullable String reason,
    @Nullable String leadId,
    @Nullable String errorType,
    @Nullable String message) {

  ImportResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** A lead added, with its id. */
  static ImportResult added(long row, String key, String leadId) {
    return new ImportResult(row, key, Outcome.ADDED, null, leadId, null, null);
  }

  /**
   * A lead added, as resolution found out: {@code reason} says how ({@code found by external id},
   * or sent again after a lookup found nothing).
   */
  static ImportResult resolved(long row, String key, @Nullable String leadId, String reason) {
    return new ImportResult(row, key, Outcome.ADDED, reason, leadId, null,
        leadId == null ? "NLPearl has the lead but its answer carried no id" : null);
  }

  /** A row that did not get the plain answer "added, with this id". */
  static ImportResult of(long row, String key, Failures.Failure failure) {
    return new ImportResult(row, key, failure.outcome(),
        failure.reason().getDescription(), null, failure.type(),
        failure.message());
  }

  /** Tells whether the lead is in NLPearl (with or without a known id). */
  boolean added() {
    return outcome == Outcome.ADDED;
  }
}
