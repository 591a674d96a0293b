package org.nlpearl4j.cli;

import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.NotFoundException;

/** Turns the facade's errors into results-file failures, and says which ones end an import. */
final class Failures {
  private Failures() {}

  /**
   * Describes a failed row.
   *
   * @param error what the facade reported
   * @param outboundId the campaign being imported into, for messages
   * @param redactor removes the token's secret from messages
   */
  static LeadImporter.Failure classify(Throwable error, String outboundId, Redactor redactor) {
    String type = error.getClass().getSimpleName();
    String message = redactor.redact(ResultsFile.singleLine(
        error.getMessage() == null ? type : error.getMessage()));
    String abort = null;
    if (error instanceof AuthenticationException) {
      abort = "the API refused the credentials (" + message + ")";
    } else if (error instanceof NotFoundException) {
      abort = "outbound campaign '" + outboundId + "' was not found (" + message + ")";
    } else if (!(error instanceof NlPearlException)) {
      type = "UnexpectedError";
      message = error.getClass().getName() + ": " + message;
    }
    return new LeadImporter.Failure(type, message, abort);
  }
}
