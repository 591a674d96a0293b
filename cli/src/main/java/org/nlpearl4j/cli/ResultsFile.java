package org.nlpearl4j.cli;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * The results file of an import: a CSV with one line per row of the input, written as rows finish.
 *
 * <pre>
 * row,key,outcome,reason,leadId,errorType,message
 * 2,crm-1002,added,,65f1c0a9e4b0a1b2c3d4e5f6,,
 * 1,crm-1001,failed,invalid,,InvalidRequestException,"addLead request is invalid, nothing was sent: ..."
 * 3,crm-1003,unknown,server error,,ServerException,"addLead failed: HTTP 502 ..."
 * </pre>
 *
 * <p>Lines are in the order rows finished, not in row order; the row number comes first so that
 * {@code sort -t, -k1,1n} restores the order of the CSV (the header, whose first field is not a
 * number, sorts first). Every line is one physical line (line breaks inside keys and messages
 * become spaces), so a line cut short by a crash is easy to recognise and is dropped on resume.
 */
final class ResultsFile {
  static final List<String> HEADER =
      List.of("row", "key", "outcome", "reason", "leadId", "errorType", "message");
  /** How many rows of unknown outcome a resume keeps in memory to list them in the summary. */
  static final int UNKNOWN_SAMPLE = 20;

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setRecordSeparator('\n')
      .get();

  private ResultsFile() {}

  /** Replaces line breaks (and other control characters) by spaces, so a value stays on one line. */
  static String singleLine(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        out.append(' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * Reads every line of a complete results file in file order; with {@code replacements}, writes
   * a copy in which the rows it names have their new line, and puts it in place of the file in one
   * move (a crash leaves the old file or the new one, never half of each).
   *
   * @param file a results file this tool wrote
   * @param replacements new lines by row; empty to only read
   * @param each told about every line as it now stands (the replacement where there is one)
   * @throws UsageException when the file is not a results file of this tool
   */
  static void rewrite(Path file, java.util.Map<Long, ImportResult> replacements,
      java.util.function.Consumer<ImportResult> each) throws IOException {
    Path copy = file.resolveSibling(file.getFileName() + ".resolve.tmp");
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        Writer out = replacements.isEmpty() ? null : Writer.create(copy)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext() || !Resume.matchesHeader(records.next(), HEADER)) {
        throw new UsageException(file + " is not a results file of nlpearl");
      }
      while (records.hasNext()) {
        CSVRecord record = records.next();
        if (record.size() != HEADER.size()) {
          throw Resume.corrupt(file, record, "it has " + record.size() + " fields");
        }
        long row = Long.parseLong(record.get(0));
        ImportResult result = replacements.getOrDefault(row, Resume.line(file, record, row));
        if (out != null) {
          out.write(result);
        }
        each.accept(result);
      }
    }
    if (!replacements.isEmpty()) {
      moveInPlace(copy, file);
    }
  }

  /** Puts {@code copy} in place of {@code file}, atomically where the file system can. */
  private static void moveInPlace(Path copy, Path file) throws IOException {
    try {
      Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Appends results to a file, flushing after every line. */
  static final class Writer implements Closeable {
    private final CSVPrinter printer;

    private Writer(CSVPrinter printer) {
      this.printer = printer;
    }

    /** Creates (or truncates) a results file and writes its header. */
    static Writer create(Path file) throws IOException {
      Writer writer = open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      writer.printer.printRecord(HEADER);
      writer.printer.flush();
      return writer;
    }

    /** Opens an existing results file (with its header) for appending. */
    static Writer append(Path file) throws IOException {
      return open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static Writer open(Path file, StandardOpenOption... options) throws IOException {
      java.io.Writer out = new BufferedWriter(
          new java.io.OutputStreamWriter(Files.newOutputStream(file, options),
              StandardCharsets.UTF_8));
      return new Writer(new CSVPrinter(out, FORMAT));
    }

    /** Writes one result and flushes it to the file. */
    synchronized void write(ImportResult result) throws IOException {
      printer.printRecord(
          result.row(),
          singleLine(result.key()),
          result.outcome().word(),
          result.reason() == null ? "" : singleLine(result.reason()),
          result.leadId() == null ? "" : result.leadId(),
          result.errorType() == null ? "" : singleLine(result.errorType()),
          result.message() == null ? "" : singleLine(result.message()));
      printer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      printer.close(true);
    }
  }

  /**
   * What an earlier run did, read from its results file for {@code --resume}.
   *
   * <p>Rows it recorded as {@code added} are done and skipped. Rows recorded as {@code unknown}
   * (NLPearl may have stored them) are skipped too, unless {@code retryUnknown}. Rows recorded as
   * {@code failed} are sent again.
   *
   * <p>Reading it also writes a compacted copy beside it, holding only the
   * lines of the rows that are skipped; {@link #commit()} puts that copy in place of the file (the
   * rows sent again are then appended, so every row is still in the file exactly once), {@link
   * #discard()} drops it.
   */
  static final class Resume implements Closeable {
    private final Path file;
    private final Path compacted;
    private final BitSet done;
    private int[] keyHashes;
    private final long addedCount;
    private final long unknownCount;
    private final long failedCount;
    private final long retriedUnknownCount;
    private final List<ImportResult> unknownSample;
    private final boolean droppedPartialLine;

    private Resume(Path file, Path compacted, BitSet done, int[] keyHashes, long addedCount,
        long unknownCount, long failedCount, long retriedUnknownCount,
        List<ImportResult> unknownSample, boolean droppedPartialLine) {
      this.file = file;
      this.compacted = compacted;
      this.done = done;
      this.keyHashes = keyHashes;
      this.addedCount = addedCount;
      this.unknownCount = unknownCount;
      this.failedCount = failedCount;
      this.retriedUnknownCount = retriedUnknownCount;
      this.unknownSample = unknownSample;
      this.droppedPartialLine = droppedPartialLine;
    }

    /**
     * Reads an earlier run's results file; its rows of unknown outcome are skipped.
     *
     * @throws UsageException when the file is not a results file of this tool or is inconsistent
     */
    static Resume read(Path file) {
      return read(file, false);
    }

    /**
     * Reads an earlier run's results file.
     *
     * @param retryUnknown true to send the rows of unknown outcome again ({@code --retry-unknown})
     * @throws UsageException when the file is not a results file of this tool or is inconsistent
     */
    static Resume read(Path file, boolean retryUnknown) {
      boolean complete;
      try {
        complete = endsWithNewline(file);
      } catch (IOException e) {
        throw new UsageException(file + ": cannot read the results file to resume: "
            + e.getMessage(), e);
      }
      Path compacted = file.resolveSibling(file.getFileName() + ".resume.tmp");
      BitSet done = new BitSet();
      int[] hashes = new int[1024];
      long addedCount = 0;
      long unknownCount = 0;
      long failedCount = 0;
      long retriedUnknownCount = 0;
      List<ImportResult> unknownSample = new ArrayList<>();
      boolean dropped = false;
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
          Writer copy = Writer.create(compacted)) {
        Iterator<CSVRecord> records = parser.iterator();
        CSVRecord header = records.hasNext() ? records.next() : null;
        if (header == null || !matchesHeader(header, HEADER)) {
          throw new UsageException(file + " is not a results file of nlpearl (its first line should "
              + "be " + String.join(",", HEADER) + "); pass --results with the file of the run "
              + "to resume");
        }
        int fields = HEADER.size();
        while (records.hasNext()) {
          CSVRecord record = records.next();
          if (!records.hasNext() && !complete) {
            dropped = true; // cut short by a crash: that row is tried again
            break;
          }
          if (record.size() != fields) {
            throw corrupt(file, record, "it has " + record.size() + " fields, not " + fields);
          }
          long row;
          try {
            row = Long.parseLong(record.get(0));
          } catch (NumberFormatException e) {
            throw corrupt(file, record, "'" + record.get(0) + "' is not a row number");
          }
          if (row < 1 || row > Integer.MAX_VALUE - 1) {
            throw corrupt(file, record, "row number " + row + " is out of range");
          }
          ImportResult result = line(file, record, row);
          if (result.outcome() == Outcome.FAILED) {
            failedCount++;
            continue;
          }
          if (result.outcome() == Outcome.UNKNOWN && retryUnknown) {
            retriedUnknownCount++;
            continue;
          }
          if (done.get((int) row)) {
            throw corrupt(file, record, "row " + row + " is recorded twice");
          }
          done.set((int) row);
          if (row >= hashes.length) {
            hashes = Arrays.copyOf(hashes, (int) Math.max(row + 1, hashes.length * 2L));
          }
          hashes[(int) row] = result.key().hashCode();
          if (result.outcome() == Outcome.ADDED) {
            addedCount++;
          } else {
            unknownCount++;
            if (unknownSample.size() < UNKNOWN_SAMPLE) {
              unknownSample.add(result);
            }
          }
          copy.write(result);
        }
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        deleteQuietly(compacted);
        throw new UsageException(file + ": cannot read the results file to resume: "
            + e.getMessage(), e);
      } catch (UsageException e) {
        deleteQuietly(compacted);
        throw e;
      }
      return new Resume(file, compacted, done, hashes, addedCount, unknownCount, failedCount,
          retriedUnknownCount, List.copyOf(unknownSample), dropped);
    }

    private static ImportResult line(Path file, CSVRecord record, long row) {
      Outcome outcome = Outcome.fromWord(record.get(2));
      if (outcome == null) {
        throw corrupt(file, record, "outcome '" + record.get(2) + "' is not added, failed or "
            + "unknown");
      }
      return new ImportResult(row, record.get(1), outcome, emptyToNull(record.get(3)),
          emptyToNull(record.get(4)), emptyToNull(record.get(5)), emptyToNull(record.get(6)));
    }

    private static @Nullable String emptyToNull(String value) {
      return value.isEmpty() ? null : value;
    }

    private static boolean matchesHeader(CSVRecord record, List<String> header) {
      if (record.size() != header.size()) {
        return false;
      }
      for (int i = 0; i < header.size(); i++) {
        String cell = i == 0 ? record.get(i).replace("\uFEFF", "") : record.get(i);
        if (!header.get(i).equals(cell)) {
          return false;
        }
      }
      return true;
    }

    private static UsageException corrupt(Path file, CSVRecord record, String why) {
      return new UsageException(file + ", record " + record.getRecordNumber()
          + ": cannot resume from this results file: " + why);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        long length = raf.length();
        if (length == 0) {
          return true;
        }
        raf.seek(length - 1);
        return raf.read() == '\n';
      }
    }

    /** Tells whether the earlier run's outcome for this row stands (added, or unknown and kept). */
    boolean isDone(long row) {
      return row < Integer.MAX_VALUE && done.get((int) row);
    }

    /**
     * Checks that a row of the CSV is the row the earlier run recorded under that number.
     *
     * @throws UsageException when the keys differ: the results file belongs to another CSV, or the
     *     CSV changed since
     */
    void check(Path csv, long row, String key) {
      if (isDone(row) && keyHashes[(int) row] != key.hashCode()) {
        throw new UsageException(file + " records row " + row + " with another key than row " + row
            + " of " + csv + " ('" + key + "'): the results file belongs to another CSV, or the CSV"
            + " changed since; resume with the same CSV, or start over with a new --results file");
      }
    }

    /**
     * Checks that the CSV has every row the earlier run recorded; frees the keys.
     *
     * @throws UsageException when the results file names rows past the end of the CSV
     */
    void checkRowCount(Path csv, long rows) {
      int last = done.length() - 1;
      if (last > rows) {
        throw new UsageException(file + " records row " + last + " but " + csv + " has only "
            + rows + " rows: the results file belongs to another CSV");
      }
      keyHashes = new int[0];
    }

    /** Returns how many rows the earlier run added (skipped). */
    long addedCount() {
      return addedCount;
    }

    /** Returns how many rows of unknown outcome are kept as they are (skipped). */
    long unknownCount() {
      return unknownCount;
    }

    /** Returns the first {@link #UNKNOWN_SAMPLE} rows of unknown outcome kept, to list them. */
    List<ImportResult> unknownSample() {
      return unknownSample;
    }

    /** Returns how many rows the earlier run recorded as failed (they are sent again). */
    long failedCount() {
      return failedCount;
    }

    /** Returns how many rows of unknown outcome are sent again ({@code --retry-unknown}). */
    long retriedUnknownCount() {
      return retriedUnknownCount;
    }

    /** Tells whether the last line was cut short (and dropped). */
    boolean droppedPartialLine() {
      return droppedPartialLine;
    }

    /** Replaces the results file by its compacted copy (only the lines of skipped rows). */
    void commit() throws IOException {
      moveInPlace(compacted, file);
    }

    /** Drops the compacted copy, leaving the results file as it was. */
    void discard() {
      deleteQuietly(compacted);
    }

    @Override
    public void close() {
      discard();
    }

    private static void deleteQuietly(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // best effort: a stale .resume.tmp is overwritten by the next resume
      }
    }
  }
}
