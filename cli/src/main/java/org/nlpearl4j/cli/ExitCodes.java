package org.nlpearl4j.cli;

/**
 * The exit statuses of {@code nlpearl}; documented in {@code cli/README.md} and in {@code --help}.
 */
public final class ExitCodes {
  /** The command did everything it was asked: every row was added, the lead was added or updated. */
  public static final int OK = 0;

  /**
   * Some rows failed, and NLPearl certainly did not store them (they are in the results file with
   * the reason; {@code --resume} sends them again); no row's outcome is unknown. For {@code leads
   * add} and {@code leads update}: the API refused the request, or it failed before it was sent.
   */
  public static final int FAILED = 1;

  /**
   * The command line or its inputs are wrong and nothing was sent: unknown option, missing value,
   * unreadable or malformed CSV, no {@code phoneNumber} column, unreadable token file, a results
   * file that does not belong to the CSV, a lead that fails validation.
   */
  public static final int USAGE = 2;

  /**
   * The import stopped early because going on could not succeed: credentials refused, outbound
   * campaign not found, the CSV became unreadable, or the results file could not be written. Rows
   * finished so far are in the results file; fix the cause and run again with {@code --resume}.
   */
  public static final int ABORTED = 3;

  /**
   * The outcome of some rows is unknown: NLPearl may have stored them (a 5xx, a timeout or a lost
   * connection after sending). The summary lists them; {@code --resume --pearl ID} settles them
   * by looking them up by external id (after {@code --pearl}, a row is still unknown only when its
   * lookups kept failing or it has no external id). Other rows may have failed too (the summary counts
   * both). For {@code leads add} and {@code leads update}: the request may have been carried out,
   * or (add) the lead was added but its id could not be read.
   */
  public static final int UNKNOWN = 4;

  /** A bug: an unexpected exception (its stack trace is printed on stderr). */
  public static final int SOFTWARE = 70;

  /**
   * Interrupted by Ctrl-C (SIGINT): sending stopped, in-flight requests finished, the results file
   * was flushed. Run again with {@code --resume} to do the rest.
   */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
