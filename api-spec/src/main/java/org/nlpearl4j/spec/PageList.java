package org.nlpearl4j.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The list of vendored pages, read from {@code api-spec/pages.txt}: one page a line, with the URL
 * of its Markdown twin, an optional operationId override and an optional cut marker.
 *
 * <p>A cut marker {@code cut:<page>} says that the vendored copy of the page stops inside its
 * {@code components:} block, and names the vendored page (of the same API version) whose
 * components complete it; see {@link SpecMerger} for the rule.
 *
 * <pre>{@code
 * # comment
 * v1-outbound-add-lead.md  https://developers.nlpearl.ai/api-reference/v1/outbound/add-lead.md
 * v2-outbound-add-lead.md  https://developers.nlpearl.ai/api-reference/v2/outbound/add-lead.md  addLeadToPearl
 * v2-outbound-get-lead-via-external-id.md  https://...  cut:v2-outbound-update-lead.md
 * }</pre>
 */
public final class PageList {
  /** One line of the page list. */
  public static final class Entry {
    private final String file;
    private final String url;
    private final @Nullable String operationId;
    private final @Nullable String completedBy;
    private final int line;

    Entry(String file, String url, @Nullable String operationId, @Nullable String completedBy,
        int line) {
      this.file = file;
      this.url = url;
      this.operationId = operationId;
      this.completedBy = completedBy;
      this.line = line;
    }

    /**
     * Returns the page's file name under {@code src/main/pages/}.
     *
     * @return the file name
     */
    public String file() {
      return file;
    }

    /**
     * Returns the URL the page is downloaded from.
     *
     * @return the URL of the page's Markdown twin
     */
    public String url() {
      return url;
    }

    /**
     * Returns the operationId given for this page, or null to derive it from the title.
     *
     * @return the override, or null
     */
    public @Nullable String operationId() {
      return operationId;
    }

    /**
     * Returns the page whose components complete this page when it is marked cut, or null when
     * the page is not marked cut.
     *
     * @return e.g. {@code v2-outbound-update-lead.md} for {@code cut:v2-outbound-update-lead.md}
     */
    public @Nullable String completedBy() {
      return completedBy;
    }

    /**
     * Returns the entry's line number in the list, for messages.
     *
     * @return the 1-based line number
     */
    public int line() {
      return line;
    }
  }

  /** The prefix of the column that marks a page as cut. */
  public static final String CUT_PREFIX = "cut:";

  private final List<Entry> entries;

  private PageList(List<Entry> entries) {
    this.entries = Collections.unmodifiableList(entries);
  }

  /**
   * Reads a page list file.
   *
   * @param file the page list, usually {@code api-spec/pages.txt}
   * @return the entries in file order
   * @throws IOException if the file cannot be read
   * @throws SpecMergeException if a line is malformed or names a page twice
   */
  public static PageList read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /**
   * Parses the text of a page list.
   *
   * @param text the list's text
   * @return the entries in order
   * @throws SpecMergeException if a line is malformed or names a page twice
   */
  public static PageList parse(String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\\s+");
      if (cols.length < 2 || cols.length > 4 || !cols[0].endsWith(".md")
          || cols[0].contains("/") || !cols[1].startsWith("http")) {
        throw new SpecMergeException("pages.txt line " + (i + 1)
            + ": expected '<page>.md <url> [operationId] [cut:<page>.md]' but found '" + line
            + "'");
      }
      @Nullable String operationId = null;
      @Nullable String completedBy = null;
      for (int c = 2; c < cols.length; c++) {
        if (cols[c].startsWith(CUT_PREFIX)) {
          String by = cols[c].substring(CUT_PREFIX.length());
          if (completedBy != null || !by.endsWith(".md") || by.contains("/")
              || by.equals(cols[0])) {
            throw new SpecMergeException("pages.txt line " + (i + 1) + ": '" + cols[c]
                + "' must name one other vendored page, e.g. cut:v2-outbound-update-lead.md");
          }
          completedBy = by;
        } else if (operationId == null && c == 2) {
          operationId = cols[c];
        } else {
          throw new SpecMergeException("pages.txt line " + (i + 1)
              + ": expected '<page>.md <url> [operationId] [cut:<page>.md]' but found '" + line
              + "'");
        }
      }
      for (Entry e : entries) {
        if (e.file.equals(cols[0])) {
          throw new SpecMergeException("pages.txt line " + (i + 1) + ": page " + cols[0]
              + " is listed twice");
        }
      }
      entries.add(new Entry(cols[0], cols[1], operationId, completedBy, i + 1));
    }
    return new PageList(entries);
  }

  /**
   * Returns the entries in file order.
   *
   * @return an unmodifiable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the completions the cut markers ask for: cut page to the page that completes it.
   *
   * @return an unmodifiable map in file order
   */
  public java.util.Map<String, String> completions() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.completedBy != null) {
        out.put(e.file, e.completedBy);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
