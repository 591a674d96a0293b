package org.nlpearl4j.cli;

import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.internal.Pacer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nlpearl leads import}: the main job. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Adds every row of a CSV file as a lead of an outbound campaign and writes a results file "
          + "with one line per row: row,key,outcome,reason,leadId,errorType,message. Lines come "
          + "in the order rows finish; sort -t, -k1,1n restores the order of the CSV.",
      "",
      "Each row's outcome is added (NLPearl stored it; leadId is empty when its answer could not "
          + "be read), failed (NLPearl certainly did not store it: safe to send again) or unknown "
          + "(it may have: a 5xx, a timeout or a lost connection after sending). --resume sends "
          + "failed rows again and leaves unknown rows alone; --retry-unknown sends those too.",
      "",
      "With --pearl ID (the campaign's Pearl id), the import settles every unknown row itself: "
          + "after the settle time it looks the lead up by its external id; found, the row is "
          + "added with the lead's id; not found, it is sent again; repeated until no row is "
          + "unknown or the lookups keep failing. Rows added without a readable id get theirs "
          + "the same way. Only rows with an external id can be looked up: give every row one.",
      "",
      "Columns (names matched ignoring case, spaces, underscores and dashes: Phone Number and "
          + "phone_number are phoneNumber): phoneNumber (required), externalId, timeZoneId (a "
          + "Windows id such as \"Romance Standard Time\") or timeZone (an IANA id such as "
          + "Europe/Paris; either column takes either form); --column maps a column of any other "
          + "name. Every other column goes into the lead's callData under its header. UTF-8, with "
          + "or without BOM; separated by commas, semicolons or tabs (detected from the header "
          + "line, or --separator); quoted fields may hold separators, quotes and line breaks.",
      "",
      "Invalid rows are reported in the results file and the others go on. The file is read as "
          + "rows are sent, so memory does not grow with its size. Ctrl-C stops sending, lets the "
          + "requests in flight finish and flushes the results; --resume then does the rest."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  nlpearl leads import samples/leads.csv --outbound demo-outbound --sandbox",
      "  export NLPEARL_API_TOKEN=AccountId:SecretKey",
      "  nlpearl leads import crm-export.csv --outbound 6650d1c3a2b4c5d6e7f80912 \\",
      "      --concurrency 16 --results crm-export.results.csv",
      "  nlpearl leads import hubspot.csv --outbound 6650d1c3a2b4c5d6e7f80912 \\",
      "      --column phoneNumber=\"Mobile Phone\" --column externalId=\"Record ID\"",
      "  nlpearl leads import crm-export.csv --outbound 6650d1c3a2b4c5d6e7f80912 \\",
      "      --results crm-export.results.csv --resume   # after Ctrl-C or a failure",
      "  nlpearl leads import crm-export.csv --outbound 6650d1c3a2b4c5d6e7f80912 \\",
      "      --pearl 6650d1c3a2b4c5d6e7f80912 --resume   # settle an earlier run's unknown rows",
      "  sort -t, -k1,1n crm-export.results.csv   # the results in the order of the CSV"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "  0:every row was added",
      "  1:some rows failed, none is unknown: NLPearl did not store them; --resume sends them again",
      "  2:usage error (bad option, no credentials and no --sandbox, unreadable CSV, no "
          + "phoneNumber column): nothing sent",
      "  3:aborted: credentials refused or campaign not found; fix, then --resume",
      "  4:the outcome of some rows is unknown (NLPearl may have stored them; some rows may also "
          + "have failed): the summary lists them; --resume --pearl ID settles them",
      "130:interrupted by Ctrl-C; run the same command with --resume for the rest"
    })
final class LeadsImportCommand implements Callable<Integer> {
  static final int MAX_CONCURRENCY = 256;

  @ParentCommand LeadsCommand leads;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file of leads.")
  Path csv;

  @Option(names = "--outbound", required = true, paramLabel = "ID",
      description = "Id of the outbound campaign to add the leads to.")
  String outboundId;

  @Option(names = "--concurrency", paramLabel = "N|auto", defaultValue = "auto",
      description = "Requests in flight at once: auto finds the highest rate the server sustains "
          + "(more in flight while answers stay fast, fewer on 429s, 503s and rising latency), a "
          + "number from 1 to " + MAX_CONCURRENCY + " fixes it (default: ${DEFAULT-VALUE}). Either "
          + "way a 429's Retry-After pauses every request, not just the row that got it.")
  String concurrency;

  @Option(names = "--column", paramLabel = "FIELD=NAME", mapFallbackValue = "",
      description = "The column holding a lead field, when its name does not say so, e.g. "
          + "--column phoneNumber=\"Mobile Phone\" (repeatable). Fields: phoneNumber, externalId, "
          + "timeZoneId, timeZone.")
  @Nullable Map<String, String> columns;

  @Option(names = "--separator", paramLabel = "SEP",
      description = "The separator between cells: comma, semicolon or tab (default: detected from "
          + "the header line).")
  @Nullable String separator;

  @Option(names = "--results", paramLabel = "FILE",
      description = "Results file (default: FILE.results.csv beside the input).")
  @Nullable Path results;

  @Option(names = "--resume",
      description = "Continue an earlier run: skip the rows its results file records as added or "
          + "unknown, send the failed ones again, and append to it.")
  boolean resume;

  @Option(names = "--retry-unknown",
      description = "With --resume, also send again the rows whose outcome is unknown. NLPearl may "
          + "have stored them, so some may be added twice: for rows without an external id, which "
          + "--pearl cannot look up.")
  boolean retryUnknown;

  @Option(names = "--pearl", paramLabel = "ID",
      description = "The Pearl id of the campaign (NLPearl's v2 name for it): settle every row of "
          + "unknown outcome by looking it up by its external id (found: added; not found: sent "
          + "again). With --resume, settles an earlier run's unknown rows too.")
  @Nullable String pearlId;

  @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "5s",
      converter = SandboxCommand.LookupLagConverter.class,
      description = "With --pearl, how long after an uncertain add the lookup waits, so that a "
          + "lead NLPearl stored has time to show (e.g. 5s, 500ms, 1m; default: "
          + "${DEFAULT-VALUE}). Too short, and a stored lead may look absent and be sent again.")
  Duration settle;

  @Option(names = "--overwrite",
      description = "Start over: replace an existing results file.")
  boolean overwrite;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "Progress on stderr: auto (a bar on a terminal, else plain lines), bar, lines "
          + "or none (default: ${DEFAULT-VALUE}).")
  Progress.Mode progress;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between plain progress lines (default: ${DEFAULT-VALUE}).")
  int progressInterval;

  @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "60", hidden = true,
      description = "After Ctrl-C, how long requests in flight may take before they are cancelled.")
  int drainTimeout;

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws IOException, InterruptedException {
    CliContext context = leads.context();
    Integer fixedConcurrency = fixedConcurrency();
    if (resume && overwrite) {
      throw new ParameterException(spec.commandLine(), "--resume and --overwrite exclude each other");
    }
    if (retryUnknown && !resume) {
      throw new ParameterException(spec.commandLine(), "--retry-unknown goes with --resume: it "
          + "sends again the rows an earlier run recorded as unknown");
    }
    if (retryUnknown && pearlId != null) {
      throw new ParameterException(spec.commandLine(), "--retry-unknown and --pearl exclude each "
          + "other: --pearl looks the unknown rows up and sends again only those NLPearl does not "
          + "have");
    }
    if (pearlId != null && pearlId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--pearl needs the campaign's Pearl id");
    }
    if (progressInterval < 1) {
      throw new ParameterException(spec.commandLine(), "--progress-interval must be at least 1");
    }
    LeadCsv.Layout layout = layout();
    Path resultsFile = results != null ? results : defaultResults(csv);
    boolean exists = Files.exists(resultsFile) && Files.size(resultsFile) > 0;
    if (exists && !resume && !overwrite) {
      throw new UsageException(resultsFile + " already exists, from an earlier import: add --resume "
          + "to continue that import (rows it added, or whose outcome is unknown, are skipped), or "
          + "--overwrite to start over");
    }
    if (resultsFile.toAbsolutePath().normalize().equals(csv.toAbsolutePath().normalize())) {
      throw new UsageException("--results must not be the input file itself");
    }

    ResultsFile.Resume previous = resume && exists
        ? ResultsFile.Resume.read(resultsFile, retryUnknown) : null;
    Instant earlierSince = exists ? Files.getLastModifiedTime(resultsFile).toInstant()
        : Instant.now();
    try {
      long rows = scan(csv, layout, previous);
      return run(context, resultsFile, rows, previous, layout, fixedConcurrency, earlierSince);
    } finally {
      if (previous != null) {
        previous.close();
      }
    }
  }

  /**
   * Reads the whole CSV once before sending anything: it must be well-formed, its rows are
   * counted (for the progress ETA), and on resume every row the earlier run settled (added, or
   * unknown and left alone) must still have the same key.
   */
  private static long scan(Path csv, LeadCsv.Layout layout, ResultsFile.@Nullable Resume previous)
      throws IOException {
    long rows = 0;
    try (LeadCsv file = LeadCsv.open(csv, layout)) {
      for (LeadCsv.CsvRow row; (row = file.next()) != null; ) {
        rows = row.number();
        if (previous != null) {
          previous.check(csv, row.number(), LeadInput.keyOf(file.header(), row));
        }
      }
    }
    if (previous != null) {
      previous.checkRowCount(csv, rows);
    }
    return rows;
  }

  private int run(CliContext context, Path resultsFile, long rows,
      ResultsFile.@Nullable Resume previous, LeadCsv.Layout layout,
      @Nullable Integer fixedConcurrency, Instant earlierSince)
      throws IOException, InterruptedException {
    PrintWriter err = context.err();
    int concurrency = fixedConcurrency != null ? fixedConcurrency : MAX_CONCURRENCY;
    Pacer pacer = fixedConcurrency != null
        ? Pacer.fixed(concurrency, Schedulers.computation())
        : Pacer.adaptive(MAX_CONCURRENCY, Schedulers.computation());
    try (Connection connection = Connection.open(this.connection, context, concurrency, pacer);
        LeadCsv file = LeadCsv.open(csv, layout)) {
      warnAboutUnnamedColumns(file.header(), err);
      ResultsFile.Writer writer = openResults(resultsFile, previous);
      if (previous != null) {
        err.println("nlpearl: resuming " + resultsFile + ": " + previous.addedCount()
            + " rows already added are skipped"
            + (previous.unknownCount() > 0 ? ", " + previous.unknownCount() + " rows of unknown "
                + "outcome are " + (pearlId != null ? "settled by lookup after the others (--pearl)"
                    : "left alone (--pearl settles them)") : "")
            + (previous.retriedUnknownCount() > 0 ? ", " + previous.retriedUnknownCount()
                + " rows of unknown outcome are sent again (--retry-unknown)" : "")
            + (previous.failedCount() > 0
                ? ", " + previous.failedCount() + " failed rows are tried again" : "")
            + (previous.droppedPartialLine() ? " (its last line was cut short and is dropped)" : ""));
      }
      Redactor redactor = connection.redactor();
      LeadImporter.Sender sender = (lead, row) -> connection.tagged(lead, row,
          connection.client().outbound(outboundId).addLead(lead));
      Function<Throwable, Failures.Failure> classifier =
          error -> Failures.classify(error, outboundId, redactor);
      LeadImporter importer = new LeadImporter(
          sender,
          classifier,
          concurrency,
          pacer,
          Duration.ofSeconds(drainTimeout));
      ImportStats stats = new ImportStats();
      stats.pacer(pacer);
      stats.start(rows, previous == null ? 0 : previous.addedCount(),
          previous == null ? 0 : previous.unknownCount());
      LeadImporter.End end;
      // Ctrl-C stops the sending pass, then (with --pearl) the resolution that follows it.
      AtomicReference<Runnable> onInterrupt = new AtomicReference<>(importer::requestStop);
      Interrupts.Registration interrupt =
          context.interrupts().register(() -> onInterrupt.get().run());
      Resolution.Report resolved = null;
      try {
        // --verbose prints lines of its own: a bar redrawn in place would garble them.
        Progress.Mode mode = this.connection.verbose && progress == Progress.Mode.AUTO
            ? Progress.Mode.LINES : progress;
        Progress shown = Progress.start(mode, context.terminal(), stats, err,
            Duration.ofSeconds(progressInterval));
        try {
          end = importer.run(file, previous, writer, stats, context.importListener(), err);
        } finally {
          shown.close();
          writer.close();
        }
        Resolution.Survey survey = null;
        if (end == LeadImporter.End.COMPLETED
            && (pearlId != null || stats.unknown() + stats.alreadyUnknown() > 0)) {
          Instant passEnd = Instant.now();
          survey = Resolution.survey(csv, layout, resultsFile, pearlId != null);
          if (pearlId != null) {
            Resolution resolution = new Resolution(
                LeadResolver.builder(connection.client()).settleTime(settle)
                    .recheckDelays(recheck(settle), MAX_RECHECK).build(),
                pearlId, sender, classifier, pacer, redactor);
            onInterrupt.set(resolution::requestStop);
            if (survey.resolvable() > 0) {
              err.println("nlpearl: settling " + survey.resolvable() + " rows of uncertain "
                  + "outcome by external id (settle time " + Durations.human(settle) + ")");
            }
            resolved = resolution.run(survey, resultsFile, passEnd, earlierSince,
                row -> previous != null && previous.isDone(row));
            if (resolved.interrupted) {
              end = LeadImporter.End.INTERRUPTED;
            }
          }
        }
        printSummary(context.out(), stats, end, importer.abortReason(), connection,
            resultsFile, previous, survey, resolved);
        context.out().flush();
        err.flush();
      } finally {
        interrupt.close();
      }
      switch (end) {
        case INTERRUPTED:
          return ExitCodes.INTERRUPTED;
        case ABORTED:
          return ExitCodes.ABORTED;
        default:
          if (resolved != null) {
            return resolved.finalUnknown > 0 ? ExitCodes.UNKNOWN
                : resolved.finalFailed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
          }
          if (stats.unknown() + stats.alreadyUnknown() > 0) {
            return ExitCodes.UNKNOWN;
          }
          return stats.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }

  /** The longest wait between two lookups of a row whose lookups keep failing. */
  private static final Duration MAX_RECHECK = Duration.ofMinutes(1);

  /** Returns the wait after a row's first failed lookup: the settle time, at least 100 ms. */
  private static Duration recheck(Duration settle) {
    Duration first = settle.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : settle;
    return first.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : first;
  }

  /** Returns how to read the CSV, from --separator and --column; checks both first. */
  private LeadCsv.Layout layout() {
    Character sep = null;
    if (separator != null) {
      String name = separator.strip().toLowerCase(Locale.ROOT);
      sep = LeadCsv.SEPARATORS.get(name);
      if (sep == null && separator.length() == 1 && LeadCsv.SEPARATORS.containsValue(separator.charAt(0))) {
        sep = separator.charAt(0);
      }
      if (sep == null) {
        throw new ParameterException(spec.commandLine(), "--separator must be comma, semicolon "
            + "or tab, not '" + separator + "'");
      }
    }
    Map<String, String> mapped = new java.util.LinkedHashMap<>();
    if (columns != null) {
      for (Map.Entry<String, String> column : columns.entrySet()) {
        String field = LeadCsv.fieldNamed(column.getKey());
        if (field == null) {
          throw new ParameterException(spec.commandLine(), "--column " + column.getKey() + "=...: "
              + "no such lead field; the fields are " + String.join(", ", LeadCsv.FIELDS)
              + " (every other column goes into callData under its header)");
        }
        if (column.getValue().isBlank()) {
          throw new ParameterException(spec.commandLine(), "--column " + field + " needs the "
              + "column's name, e.g. --column " + field + "=\"Mobile Phone\"");
        }
        if (mapped.put(field, column.getValue()) != null) {
          throw new ParameterException(spec.commandLine(), "--column " + field + " is given twice");
        }
      }
    }
    return new LeadCsv.Layout(sep, mapped);
  }

  private static ResultsFile.Writer openResults(Path resultsFile,
      ResultsFile.@Nullable Resume previous) {
    try {
      if (previous == null) {
        return ResultsFile.Writer.create(resultsFile);
      }
      previous.commit();
      return ResultsFile.Writer.append(resultsFile);
    } catch (IOException e) {
      throw new UsageException("cannot write the results file " + resultsFile + " ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); pass --results with a "
          + "writable path", e);
    }
  }

  private static void warnAboutUnnamedColumns(LeadCsv.Header header, PrintWriter err) {
    for (int i = 0; i < header.names().size(); i++) {
      if (header.names().get(i).isEmpty()) {
        err.println("nlpearl: column " + (i + 1) + " has no name in the header; its cells are "
            + "ignored");
      }
    }
  }

  private void printSummary(PrintWriter out, ImportStats stats, LeadImporter.End end,
      @Nullable String abortReason, Connection connection, Path resultsFile,
      ResultsFile.@Nullable Resume previous, Resolution.@Nullable Survey survey,
      Resolution.@Nullable Report resolved) {
    switch (end) {
      case COMPLETED:
        out.println("Imported " + csv + " into outbound " + outboundId + " ("
            + connection.target() + ")");
        break;
      case INTERRUPTED:
        out.println("Interrupted: " + stats.finished() + " of " + stats.toDo() + " rows done; run "
            + "the same command with --resume to do the rest");
        break;
      default:
        out.println("Aborted: " + abortReason);
        out.println("  fix that and run the same command with --resume to do the rest");
        break;
    }
    row(out, "rows", stats.totalRows() + " in the file");
    if (stats.alreadyAdded() + stats.alreadyUnknown() > 0) {
      row(out, "skipped", stats.alreadyAdded() + " added by an earlier run"
          + (stats.alreadyUnknown() > 0 ? ", " + stats.alreadyUnknown() + " of unknown outcome"
              + " left alone" : "") + " (--resume)");
    }
    row(out, "added", stats.added() + (stats.addedWithoutId() > 0 ? " (" + stats.addedWithoutId()
        + " accepted by NLPearl without a readable id: leadId is empty)" : ""));
    Map<String, Long> failedByReason = stats.failedByReason();
    row(out, "failed", stats.failed() + (stats.failed() == 0 ? ""
        : failedByReason.containsKey(FailureReason.INVALID_REQUEST.getDescription())
            ? " (NLPearl did not store them; fix the invalid rows, then --resume sends them again)"
            : " (NLPearl did not store them; --resume sends them again)"));
    reasons(out, failedByReason);
    row(out, "unknown", stats.unknown() + (stats.unknown() == 0 ? ""
        : resolved != null ? " (settled below)"
        : " (NLPearl may have stored them; --resume --pearl ID settles them)"));
    reasons(out, stats.unknownByReason());
    if (resolved != null) {
      resolution(out, resolved);
    }
    long notDone = stats.toDo() - stats.finished();
    if (notDone > 0) {
      row(out, "not done", notDone + " (not sent; --resume sends them)");
    }
    AttemptStats attempts = connection.attemptStats();
    row(out, "retries", Long.toString(attempts.retries()));
    reasons(out, attempts.retriesByWords());
    row(out, "latency", attempts.latencySummary());
    row(out, "elapsed", Durations.human(Duration.ofNanos(stats.elapsedNanos())));
    row(out, "rate", String.format(Locale.ROOT, "%.1f leads/s",
        Progress.perSecond(stats.added(), stats.elapsedNanos())));
    Pacer pacer = stats.pacer();
    if (pacer != null) {
      row(out, "in flight", inFlight(pacer));
    }
    row(out, "results", resultsFile.toString());
    listUnknown(out, stats, previous, resultsFile, survey, resolved);
  }

  /** Prints what resolution did and where the rows stand after it. */
  private void resolution(PrintWriter out, Resolution.Report r) {
    out.println("  settled by external id (--pearl " + pearlId + ", settle time "
        + Durations.human(settle) + "):");
    subRow(out, "rows", r.rows + " of uncertain outcome looked up"
        + (r.interrupted ? " (interrupted: rows not settled stay as they were)" : ""));
    subRow(out, "found", r.found.get() + " (added: NLPearl had stored them)");
    subRow(out, "not found", r.absent.get() + " (sent again: " + r.sentAgain.get()
        + (r.sentAgain.get() == 1 ? " add)" : " adds)"));
    subRow(out, "lookups", r.lookups.get() + " (" + r.lookupsFailed.get() + " failed)");
    subRow(out, "unknown", r.stillUnknown + (r.stillUnknown > 0 ? " (the lookups kept failing: "
        + "--resume --pearl asks again)" : ""));
    if (r.withoutExternalId > 0) {
      subRow(out, "no ext. id", r.withoutExternalId + " (cannot be looked up: give every row an "
          + "externalId)");
    }
    subRow(out, "took", Durations.human(Duration.ofNanos(r.elapsedNanos)));
    row(out, "now", r.finalAdded + " added" + (r.finalAddedWithoutId > 0 ? " ("
        + r.finalAddedWithoutId + " without a readable id)" : "") + ", " + r.finalFailed
        + " failed, " + r.finalUnknown + " unknown (every row of the results file)");
  }

  /** Describes the concurrency of the run: fixed, or where auto settled and how it got there. */
  static String inFlight(Pacer pacer) {
    String paused = pacer.pauses() == 0 ? "" : "; paused " + pacer.pauses()
        + (pacer.pauses() == 1 ? " time" : " times") + " for Retry-After ("
        + Durations.human(pacer.paused()) + ")";
    if (!pacer.adaptive()) {
      return pacer.limit() + " (fixed)" + paused;
    }
    if (!pacer.pushedBack()) {
      return "auto: reached " + pacer.limit() + " and the server never pushed back" + paused;
    }
    return "auto: settled at " + pacer.settled() + " (from " + pacer.lowest() + " to "
        + pacer.highest() + ")" + paused;
  }

  /** Returns the number --concurrency fixes, or null for auto; checks it first. */
  private @Nullable Integer fixedConcurrency() {
    String value = concurrency.strip();
    if (value.equalsIgnoreCase("auto")) {
      return null;
    }
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--concurrency must be auto or a number "
          + "between 1 and " + MAX_CONCURRENCY + ", not '" + concurrency + "'");
    }
    if (number < 1 || number > MAX_CONCURRENCY) {
      throw new ParameterException(spec.commandLine(),
          "--concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + number);
    }
    return number;
  }

  private static void reasons(PrintWriter out, Map<String, Long> byReason) {
    for (Map.Entry<String, Long> reason : byReason.entrySet()) {
      out.printf("    %-28s %d%n", reason.getKey(), reason.getValue());
    }
  }

  /** Lists the rows of unknown outcome in the results file, and what to do about them. */
  private static void listUnknown(PrintWriter out, ImportStats stats,
      ResultsFile.@Nullable Resume previous, Path resultsFile, Resolution.@Nullable Survey survey,
      Resolution.@Nullable Report resolved) {
    long total = resolved != null ? resolved.finalUnknown
        : stats.unknown() + stats.alreadyUnknown();
    if (total == 0) {
      return;
    }
    List<ImportResult> rows = new ArrayList<>();
    if (resolved != null) {
      rows.addAll(resolved.unknownSample);
    } else {
      if (previous != null) {
        rows.addAll(previous.unknownSample());
      }
      rows.addAll(stats.unknownSample());
    }
    rows.sort(Comparator.comparingLong(ImportResult::row));
    out.println();
    out.println("The outcome of " + total + (total == 1 ? " row is" : " rows is") + " unknown: "
        + "NLPearl may have stored " + (total == 1 ? "it" : "them") + ".");
    int shown = (int) Math.min(rows.size(), ResultsFile.UNKNOWN_SAMPLE);
    for (ImportResult result : rows.subList(0, shown)) {
      out.printf("  row %-6d %-24s %s%n", result.row(), result.key(), result.reason());
    }
    if (total > shown) {
      out.println("  ... and " + (total - shown) + " more: grep ',unknown,' " + resultsFile);
    }
    long without = survey == null ? 0 : survey.unknownWithoutExternalId();
    if (resolved == null) {
      out.println("To settle them, run the same command with --resume --pearl ID (the campaign's "
          + "Pearl id): each row is looked up by its external id; found, it is recorded as added; "
          + "not found, it is sent again.");
    } else if (total > without) {
      out.println("The lookups of " + (total - without) + " of them kept failing: run the same "
          + "command with --resume --pearl " + resolved.pearlId + " later to settle them.");
    }
    if (without > 0) {
      out.println(without + (without == 1 ? " of them has" : " of them have") + " no external "
          + "id and cannot be looked up: give every row an externalId. Check the campaign for "
          + (without == 1 ? "it" : "them") + " by phone number; --resume --retry-unknown sends "
          + "them again, accepting that some may be added twice.");
    }
  }

  private static void subRow(PrintWriter out, String name, String value) {
    out.printf("    %-10s %s%n", name, value);
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("  %-10s %s%n", name, value);
  }

  /** Returns {@code leads.results.csv} beside {@code leads.csv}. */
  static Path defaultResults(Path csv) {
    String name = csv.getFileName().toString();
    String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv")
        ? name.substring(0, name.length() - 4) : name;
    return csv.resolveSibling(stem + ".results.csv");
  }
}
