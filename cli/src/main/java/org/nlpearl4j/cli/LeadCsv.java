package org.nlpearl4j.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * A CSV file of leads, read one record at a time (memory does not grow with the file).
 *
 * <p>UTF-8, with or without a byte order mark; RFC 4180 quoting (commas, quotes and newlines inside
 * quoted fields). The first record is the header. Column names are matched without regard to case:
 * {@code phoneNumber} (required), {@code externalId}, {@code timeZoneId} (a Windows id) and {@code
 * timeZone} (an IANA id such as {@code Europe/Paris}; either column takes either form, see {@link
 * LeadInput}); every other named column becomes a call data variable under its header. Empty lines and records whose cells are all empty are skipped, so row
 * numbers count lead rows only: the first record after the header is row 1.
 */
final class LeadCsv implements Closeable {
  static final String PHONE_NUMBER = "phoneNumber";
  static final String EXTERNAL_ID = "externalId";
  static final String TIME_ZONE_ID = "timeZoneId";
  static final String TIME_ZONE = "timeZone";

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setIgnoreEmptyLines(true)
      .get();

  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Header header;
  private long row;

  private LeadCsv(Path file, CSVParser parser) {
    this.file = file;
    this.parser = parser;
    this.records = parser.iterator();
    CSVRecord first = nextRecord();
    if (first == null) {
      throw new UsageException(file + " is empty: expected a header line naming the columns, "
          + "at least " + PHONE_NUMBER);
    }
    this.header = Header.of(file, first);
  }

  /**
   * Opens a CSV file and reads its header.
   *
   * @throws UsageException when the file cannot be read, is empty, or its header lacks {@code
   *     phoneNumber} or names a column twice
   */
  static LeadCsv open(Path file) {
    Reader reader;
    try {
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 65536);
      skipByteOrderMark(reader);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read it: " + describe(e), e);
    }
    try {
      return new LeadCsv(file, CSVParser.builder().setReader(reader).setFormat(FORMAT).get());
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof UsageException) {
        throw (UsageException) e;
      }
      throw new UsageException(file + ": " + describe(e), e);
    }
  }

  private static void skipByteOrderMark(Reader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }

  /** Returns the header: which column holds what. */
  Header header() {
    return header;
  }

  /**
   * Returns the next lead row, or null at the end of the file.
   *
   * @throws UsageException when the file turns out to be malformed or not UTF-8 (the message names
   *     the line)
   */
  @Nullable CsvRow next() {
    while (true) {
      CSVRecord record = nextRecord();
      if (record == null) {
        return null;
      }
      if (allCellsEmpty(record)) {
        continue;
      }
      row++;
      List<String> cells = new ArrayList<>(record.size());
      record.forEach(cells::add);
      return new CsvRow(row, cells, parser.getCurrentLineNumber());
    }
  }

  private @Nullable CSVRecord nextRecord() {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException | IllegalStateException | NoSuchElementException e) {
      throw new UsageException(
          file + ": unreadable near line " + (parser.getCurrentLineNumber() + 1) + ": " + describe(e),
          e);
    }
  }

  private static String describe(Throwable e) {
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof java.nio.charset.CharacterCodingException) {
      return "it is not UTF-8 text (save it as CSV UTF-8)";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private static boolean allCellsEmpty(CSVRecord record) {
    for (String cell : record) {
      if (!cell.isBlank()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** One lead row: its 1-based number, its cells in column order, and the line it ends on. */
  record CsvRow(long number, List<String> cells, long endLine) {
    /** Returns the cell at a column, or the empty string when the row is shorter. */
    String cell(int column) {
      return column >= 0 && column < cells.size() ? cells.get(column) : "";
    }
  }

  /** The columns of the file: where the lead fields are and which columns are call data. */
  record Header(
      List<String> names,
      int phoneNumber,
      int externalId,
      int timeZoneId,
      int timeZone,
      List<Integer> callDataColumns) {

    static Header of(Path file, CSVRecord record) {
      List<String> names = new ArrayList<>(record.size());
      Map<String, Integer> seen = new HashMap<>();
      int phone = -1;
      int external = -1;
      int zoneId = -1;
      int zone = -1;
      List<Integer> callData = new ArrayList<>();
      for (int i = 0; i < record.size(); i++) {
        String name = record.get(i).strip();
        names.add(name);
        if (name.isEmpty()) {
          continue;
        }
        Integer previous = seen.put(name.toLowerCase(Locale.ROOT), i);
        if (previous != null) {
          throw new UsageException(file + ": the header names column '" + name + "' twice (columns "
              + (previous + 1) + " and " + (i + 1) + "); rename one of them");
        }
        if (name.equalsIgnoreCase(PHONE_NUMBER)) {
          phone = i;
        } else if (name.equalsIgnoreCase(EXTERNAL_ID)) {
          external = i;
        } else if (name.equalsIgnoreCase(TIME_ZONE_ID)) {
          zoneId = i;
        } else if (name.equalsIgnoreCase(TIME_ZONE)) {
          zone = i;
        } else {
          callData.add(i);
        }
      }
      if (phone < 0) {
        throw new UsageException(file + ": no " + PHONE_NUMBER + " column; the header has "
            + (names.isEmpty() ? "no columns" : String.join(", ", names)) + ". The importer reads "
            + PHONE_NUMBER + " (required), " + EXTERNAL_ID + ", " + TIME_ZONE_ID + " or "
            + TIME_ZONE + "; every other column goes into callData");
      }
      return new Header(Collections.unmodifiableList(names), phone, external, zoneId, zone,
          Collections.unmodifiableList(callData));
    }
  }
}
