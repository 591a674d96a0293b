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
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The results file of an import: a CSV with one line per row of the input, written as rows finish.
 *
 * <pre>
 * row,key,outcome,leadId,errorType,message
 * 2,crm-1002,added,65f1c0a9e4b0a1b2c3d4e5f6,,
 * 1,crm-1001,failed,,InvalidRequestException,"addLead request is invalid, nothing was sent: ..."
 * </pre>
 *
 * <p>Lines are in the order rows finished, not in row order. Every line is one physical line
 * (line breaks inside keys and messages become spaces), so a line cut short by a crash is easy to
 * recognise and is dropped on resume.
 */
final class ResultsFile {
  static final String ADDED = "added";
  static final String FAILED = "failed";
  static final List<String> HEADER =
      List.of("row", "key", "outcome", "leadId", "errorType", "message");

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
          result.outcome(),
          result.leadId() == null ? "" : result.leadId(),
          result.errorType() == null ? "" : result.errorType(),
          result.message() == null ? "" : singleLine(result.message()));
      printer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      printer.close(true);
    }
  }

  /**
   * The rows an earlier run added, read from its results file for {@code --resume}.
   *
   * <p>Reading it also writes a compacted copy beside it holding only the {@code added} lines;
   * {@link #commit()} puts that copy in place of the file (failed rows are then tried again and
   * appended, so every row is still in the file exactly once), {@link #discard()} drops it.
   */
  static final class Resume implements Closeable {
    private final Path file;
    private final Path compacted;
    private final BitSet added;
    private int[] keyHashes;
    private final long addedCount;
    private final long failedCount;
    private final boolean droppedPartialLine;

    private Resume(Path file, Path compacted, BitSet added, int[] keyHashes, long addedCount,
        long failedCount, boolean droppedPartialLine) {
      this.file = file;
      this.compacted = compacted;
      this.added = added;
      this.keyHashes = keyHashes;
      this.addedCount = addedCount;
      this.failedCount = failedCount;
      this.droppedPartialLine = droppedPartialLine;
    }

    /**
     * Reads an earlier run's results file.
     *
     * @throws UsageException when the file is not a results file of this tool or is inconsistent
     */
    static Resume read(Path file) {
      boolean complete;
      try {
        complete = endsWithNewline(file);
      } catch (IOException e) {
        throw new UsageException(file + ": cannot read the results file to resume: "
            + e.getMessage(), e);
      }
      Path compacted = file.resolveSibling(file.getFileName() + ".resume.tmp");
      BitSet added = new BitSet();
      int[] hashes = new int[1024];
      long addedCount = 0;
      long failedCount = 0;
      boolean dropped = false;
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
          Writer copy = Writer.create(compacted)) {
        Iterator<CSVRecord> records = parser.iterator();
        if (!records.hasNext() || !matchesHeader(records.next())) {
          throw new UsageException(file + " is not a results file of nlpearl (its first line should "
              + "be " + String.join(",", HEADER) + "); pass --results with the file of the run "
              + "to resume");
        }
        while (records.hasNext()) {
          CSVRecord record = records.next();
          if (!records.hasNext() && !complete) {
            dropped = true; // cut short by a crash: that row is tried again
            break;
          }
          if (record.size() != HEADER.size()) {
            throw corrupt(file, record, "it has " + record.size() + " fields, not " + HEADER.size());
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
          String outcome = record.get(2);
          if (ADDED.equals(outcome)) {
            if (added.get((int) row)) {
              throw corrupt(file, record, "row " + row + " is recorded as added twice");
            }
            added.set((int) row);
            if (row >= hashes.length) {
              hashes = Arrays.copyOf(hashes, (int) Math.max(row + 1, hashes.length * 2L));
            }
            hashes[(int) row] = record.get(1).hashCode();
            addedCount++;
            copy.write(ImportResult.added(row, record.get(1), record.get(3)));
          } else if (FAILED.equals(outcome)) {
            failedCount++;
          } else {
            throw corrupt(file, record, "outcome '" + outcome + "' is neither added nor failed");
          }
        }
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        deleteQuietly(compacted);
        throw new UsageException(file + ": cannot read the results file to resume: "
            + e.getMessage(), e);
      } catch (UsageException e) {
        deleteQuietly(compacted);
        throw e;
      }
      return new Resume(file, compacted, added, hashes, addedCount, failedCount, dropped);
    }

    private static boolean matchesHeader(CSVRecord record) {
      if (record.size() != HEADER.size()) {
        return false;
      }
      for (int i = 0; i < HEADER.size(); i++) {
        String cell = i == 0 ? record.get(i).replace("\uFEFF", "") : record.get(i);
        if (!HEADER.get(i).equals(cell)) {
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

    /** Tells whether an earlier run added this row. */
    boolean isAdded(long row) {
      return row < Integer.MAX_VALUE && added.get((int) row);
    }

    /**
     * Checks that a row of the CSV is the row the earlier run added under that number.
     *
     * @throws UsageException when the keys differ: the results file belongs to another CSV, or the
     *     CSV changed since
     */
    void check(Path csv, long row, String key) {
      if (isAdded(row) && keyHashes[(int) row] != key.hashCode()) {
        throw new UsageException(file + " records row " + row + " with another key than row " + row
            + " of " + csv + " ('" + key + "'): the results file belongs to another CSV, or the CSV"
            + " changed since; resume with the same CSV, or start over with a new --results file");
      }
    }

    /**
     * Checks that the CSV has every row the earlier run added; frees the keys.
     *
     * @throws UsageException when the results file names rows past the end of the CSV
     */
    void checkRowCount(Path csv, long rows) {
      int last = added.length() - 1;
      if (last > rows) {
        throw new UsageException(file + " records row " + last + " as added but " + csv + " has only "
            + rows + " rows: the results file belongs to another CSV");
      }
      keyHashes = new int[0];
    }

    /** Returns how many rows the earlier run added. */
    long addedCount() {
      return addedCount;
    }

    /** Returns how many rows the earlier run recorded as failed (they are tried again). */
    long failedCount() {
      return failedCount;
    }

    /** Tells whether the last line was cut short (and dropped). */
    boolean droppedPartialLine() {
      return droppedPartialLine;
    }

    /** Replaces the results file by its compacted copy (only the added lines). */
    void commit() throws IOException {
      try {
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING);
      }
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
