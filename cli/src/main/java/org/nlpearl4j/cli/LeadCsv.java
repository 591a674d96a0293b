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
 * <p>UTF-8, with or without a byte order mark; RFC 4180 quoting (separators, quotes and newlines
 * inside quoted fields). The separator is a comma, a semicolon or a tab: given ({@link
 * Layout#separator()}) or detected from the header line (the one of the three it holds most often
 * outside quotes; a comma when it holds none). The first record is the header. Column names are
 * matched ignoring case, spaces, underscores and dashes ({@code Phone Number}, {@code phone_number}
 * and {@code PHONE-NUMBER} all name {@code phoneNumber}): {@code phoneNumber} (required), {@code
 * externalId}, {@code timeZoneId} (a Windows id) and {@code timeZone} (an IANA id such as {@code
 * Europe/Paris}; either column takes either form, see {@link LeadInput}); {@link Layout#columns()}
 * maps a field to a column of any other name. Every other named column becomes a call data
 * variable under its header. Empty lines and records whose cells are all empty are skipped, so row
 * numbers count lead rows only: the first record after the header is row 1.
 */
final class LeadCsv implements Closeable {
  static final String PHONE_NUMBER = "phoneNumber";
  static final String EXTERNAL_ID = "externalId";
  static final String TIME_ZONE_ID = "timeZoneId";
  static final String TIME_ZONE = "timeZone";

  /** The lead fields a column can hold, in the order messages list them. */
  static final List<String> FIELDS = List.of(PHONE_NUMBER, EXTERNAL_ID, TIME_ZONE_ID, TIME_ZONE);

  /** The separators {@code --separator} takes by name, and detection picks from. */
  static final Map<String, Character> SEPARATORS = Map.of(
      "comma", ',', "semicolon", ';', "tab", '\t');

  /** How far into the file the header line is looked for when detecting the separator. */
  private static final int DETECT_LIMIT = 65536;

  /**
   * How to read a file: the separator (null: detected) and the columns named explicitly.
   *
   * @param separator the separator, or null to detect it from the header line
   * @param columns lead field (e.g. {@code phoneNumber}) to the header of the column holding it
   */
  record Layout(@Nullable Character separator, Map<String, String> columns) {
    /** Detect the separator, match columns by name. */
    static final Layout DEFAULT = new Layout(null, Map.of());

    Layout {
      columns = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    }
  }

  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Header header;
  private long row;

  private LeadCsv(Path file, CSVParser parser, Layout layout) {
    this.file = file;
    this.parser = parser;
    this.records = parser.iterator();
    CSVRecord first = nextRecord();
    if (first == null) {
      throw new UsageException(file + " is empty: expected a header line naming the columns, "
          + "at least " + PHONE_NUMBER);
    }
    this.header = Header.of(file, first, layout.columns());
  }

  /**
   * Opens a CSV file and reads its header.
   *
   * @throws UsageException when the file cannot be read, is empty, or its header lacks {@code
   *     phoneNumber} or names a column twice
   */
  static LeadCsv open(Path file) {
    return open(file, Layout.DEFAULT);
  }

  /**
   * Opens a CSV file with a separator or column names of its own, and reads its header.
   *
   * @throws UsageException when the file cannot be read, is empty, or its header lacks {@code
   *     phoneNumber}, names a column twice, holds two columns for one field, or lacks a column
   *     the layout names
   */
  static LeadCsv open(Path file, Layout layout) {
    BufferedReader reader;
    char separator;
    try {
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 65536);
      skipByteOrderMark(reader);
      Character given = layout.separator();
      separator = given != null ? given : detectSeparator(reader);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read it: " + describe(e), e);
    }
    try {
      CSVFormat format = CSVFormat.RFC4180.builder()
          .setDelimiter(separator)
          .setIgnoreEmptyLines(true)
          .get();
      return new LeadCsv(file, CSVParser.builder().setReader(reader).setFormat(format).get(),
          layout);
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

  /**
   * Returns the separator the header line uses most often outside quotes: a comma, a semicolon or
   * a tab (a comma on a tie or when it has none). The reader is left where it was.
   */
  static char detectSeparator(BufferedReader reader) throws IOException {
    reader.mark(DETECT_LIMIT);
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    try {
      for (int i = 0, c; i < DETECT_LIMIT && (c = reader.read()) != -1; i++) {
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted) {
          if (c == '\n' || c == '\r') {
            break;
          } else if (c == ',') {
            commas++;
          } else if (c == ';') {
            semicolons++;
          } else if (c == '\t') {
            tabs++;
          }
        }
      }
    } finally {
      reader.reset();
    }
    if (semicolons > commas && semicolons >= tabs) {
      return ';';
    }
    return tabs > commas && tabs > semicolons ? '\t' : ',';
  }

  /**
   * Returns a column name as matched against the lead fields: lower case, without spaces,
   * underscores and dashes ({@code Phone Number} becomes {@code phonenumber}).
   */
  static String normalize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Returns the lead field a name stands for ({@code phone_number}: phoneNumber), or null. */
  static @Nullable String fieldNamed(String name) {
    String normalized = normalize(name);
    for (String field : FIELDS) {
      if (normalize(field).equals(normalized)) {
        return field;
      }
    }
    return null;
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

    static Header of(Path file, CSVRecord record, Map<String, String> explicit) {
      List<String> names = new ArrayList<>(record.size());
      Map<String, Integer> seen = new HashMap<>();
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
      }
      // Field -> column: first the columns named explicitly, then the names that match a field.
      Map<String, Integer> fields = new HashMap<>();
      for (Map.Entry<String, String> mapping : explicit.entrySet()) {
        int column = explicitColumn(file, names, mapping.getKey(), mapping.getValue());
        for (Map.Entry<String, Integer> other : fields.entrySet()) {
          if (other.getValue() == column) {
            throw new UsageException(file + ": --column " + other.getKey() + " and --column "
                + mapping.getKey() + " both name column '" + names.get(column) + "'");
          }
        }
        fields.put(mapping.getKey(), column);
      }
      for (int i = 0; i < names.size(); i++) {
        String field = names.get(i).isEmpty() ? null : fieldNamed(names.get(i));
        if (field == null || explicit.containsKey(field) || fields.containsValue(i)) {
          continue;
        }
        Integer previous = fields.put(field, i);
        if (previous != null) {
          throw new UsageException(file + ": columns '" + names.get(previous) + "' (column "
              + (previous + 1) + ") and '" + names.get(i) + "' (column " + (i + 1) + ") both "
              + "name " + field + "; say which one holds it, e.g. --column " + field + "=\""
              + names.get(previous) + "\" (the other one then goes into callData)");
        }
      }
      List<Integer> callData = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).isEmpty() && !fields.containsValue(i)) {
          callData.add(i);
        }
      }
      int phone = fields.getOrDefault(PHONE_NUMBER, -1);
      int external = fields.getOrDefault(EXTERNAL_ID, -1);
      int zoneId = fields.getOrDefault(TIME_ZONE_ID, -1);
      int zone = fields.getOrDefault(TIME_ZONE, -1);
      if (phone < 0) {
        throw new UsageException(file + ": no " + PHONE_NUMBER + " column; the header has "
            + (names.isEmpty() ? "no columns" : String.join(", ", names)) + ". The importer reads "
            + PHONE_NUMBER + " (required), " + EXTERNAL_ID + ", " + TIME_ZONE_ID + " or "
            + TIME_ZONE + " (names matched ignoring case, spaces, underscores and dashes, e.g. "
            + "Phone Number); every other column goes into callData. Name the column that holds "
            + "the phone number with e.g. --column " + PHONE_NUMBER + "=\"Mobile Phone\"");
      }
      return new Header(Collections.unmodifiableList(names), phone, external, zoneId, zone,
          Collections.unmodifiableList(callData));
    }

    /** Returns the column a {@code --column field=name} names, matched like the fields. */
    private static int explicitColumn(Path file, List<String> names, String field, String name) {
      String wanted = normalize(name.strip());
      int found = -1;
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equals(name.strip())) {
          return i;
        }
        if (found < 0 && !names.get(i).isEmpty() && normalize(names.get(i)).equals(wanted)) {
          found = i;
        }
      }
      if (found < 0) {
        throw new UsageException(file + ": --column " + field + "=" + name + ": the header has no "
            + "column '" + name + "'; it has " + (names.isEmpty() ? "no columns"
                : String.join(", ", names)));
      }
      return found;
    }
  }
}
