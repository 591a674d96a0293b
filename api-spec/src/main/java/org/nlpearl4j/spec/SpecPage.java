package org.nlpearl4j.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One vendored NLPearl documentation page: its file name, its title and the OpenAPI fragment it
 * embeds in a {@code ````yaml METHOD PATH} fence.
 *
 * <pre>{@code
 * SpecPage page = SpecPage.read(Paths.get("src/main/pages/v1-outbound-add-lead.md"));
 * page.title();      // "Add Lead"
 * page.method();     // "put"
 * page.path();       // "/v1/Outbound/{outboundId}/Lead"
 * }</pre>
 */
public final class SpecPage {
  private static final String FENCE = "````";
  private static final java.util.regex.Pattern TOP_LEVEL_KEY =
      java.util.regex.Pattern.compile("[A-Za-z_$][^\\s:]*\\s*:");

  private final String name;
  private final String title;
  private final String method;
  private final String path;
  private final Map<String, Object> fragment;
  private final @Nullable String cutKey;

  private SpecPage(String name, String title, String method, String path,
      Map<String, Object> fragment, @Nullable String cutKey) {
    this.name = name;
    this.title = title;
    this.method = method;
    this.path = path;
    this.fragment = fragment;
    this.cutKey = cutKey;
  }

  /**
   * Reads and parses a page file; the page is named after the file.
   *
   * @param file the Markdown page
   * @return the parsed page
   * @throws SpecMergeException if the page has no title, no closed fence, or YAML that does not
   *     parse
   * @throws IOException if the file cannot be read
   */
  public static SpecPage read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return parse(String.valueOf(file.getFileName()), text);
  }

  /**
   * Parses the text of a page.
   *
   * @param name the page's name, used in every error message
   * @param text the page's Markdown text
   * @return the parsed page
   * @throws SpecMergeException if the page has no title, no closed fence, or YAML that does not
   *     parse
   */
  public static SpecPage parse(String name, String text) {
    return parse(name, text, false);
  }

  /**
   * Parses a page that {@code pages.txt} marks as cut: its stored copy may stop before the fence
   * closes.
   *
   * <p>When the fence is never closed, the fragment is the fence's text up to its last whole
   * top-level key: the last top-level key the text reaches is the one the cut falls in, and it is
   * dropped with everything after it. Only a cut inside {@code components} is accepted (those
   * can be completed from another page); a cut inside {@code paths}, or any other key, fails and
   * names the page and the key. When the fence is closed the page is whole, and {@link #isCut()}
   * is false: the cut marker is stale.
   *
   * <pre>{@code
   * SpecPage page = SpecPage.parseCut("v2-outbound-get-lead-via-external-id.md", text);
   * page.isCut();     // true
   * page.cutKey();    // "components"
   * }</pre>
   *
   * @param name the page's name, used in every error message
   * @param text the page's Markdown text, as published (possibly cut)
   * @return the parsed page
   * @throws SpecMergeException if the page has no title or fence, if the cut falls outside
   *     {@code components}, or if the kept YAML does not parse
   */
  public static SpecPage parseCut(String name, String text) {
    return parse(name, text, true);
  }

  private static SpecPage parse(String name, String text, boolean mayBeCut) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    @Nullable String title = null;
    int open = -1;
    int close = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (title == null && open < 0 && line.startsWith("# ")) {
        title = line.substring(2).trim();
      } else if (open < 0 && line.startsWith(FENCE + "yaml")) {
        open = i;
      } else if (open >= 0 && line.trim().equals(FENCE)) {
        close = i;
        break;
      }
    }
    if (title == null || title.isEmpty()) {
      throw new SpecMergeException("page " + name + ": no '# Title' line before the OpenAPI fence");
    }
    if (open < 0) {
      throw new SpecMergeException("page " + name + ": no ````yaml fence with an OpenAPI fragment");
    }
    @Nullable String cutKey = null;
    if (close < 0) {
      if (!mayBeCut) {
        throw new SpecMergeException("page " + name + ": the ````yaml fence opened on line "
            + (open + 1) + " is never closed (a page cut inside components: can be completed"
            + " from another page with a cut:<page> marker in pages.txt)");
      }
      int lastKey = -1;
      for (int i = open + 1; i < lines.length; i++) {
        if (TOP_LEVEL_KEY.matcher(lines[i]).lookingAt()) {
          lastKey = i;
        }
      }
      if (lastKey < 0) {
        throw new SpecMergeException("page " + name + ": the cut fence has no whole top-level key");
      }
      cutKey = lines[lastKey].substring(0, lines[lastKey].indexOf(':')).trim();
      if (!cutKey.equals("components")) {
        throw new SpecMergeException("page " + name + ": the cut falls inside '" + cutKey
            + "' (line " + (lastKey + 1) + "); only a page cut inside 'components' can be"
            + " completed from another page");
      }
      close = lastKey;
    }
    String[] header = lines[open].substring(FENCE.length() + "yaml".length()).trim().split("\\s+");
    if (header.length != 2) {
      throw new SpecMergeException(
          "page " + name + ": the fence header should be '````yaml METHOD PATH' but is '"
              + lines[open] + "'");
    }
    StringBuilder yaml = new StringBuilder();
    for (int i = open + 1; i < close; i++) {
      yaml.append(lines[i]).append('\n');
    }
    Object loaded;
    try {
      loaded = new Yaml(new LoaderOptions()).load(yaml.toString());
    } catch (YAMLException e) {
      throw new SpecMergeException(
          "page " + name + ": the OpenAPI fragment is not valid YAML: " + e.getMessage(), e);
    }
    if (!(loaded instanceof Map)) {
      throw new SpecMergeException("page " + name + ": the OpenAPI fragment is not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fragment = (Map<String, Object>) loaded;
    return new SpecPage(
        name, title, header[0].toLowerCase(Locale.ROOT), header[1], fragment, cutKey);
  }

  /**
   * Returns the page's name (its file name).
   *
   * @return the name, e.g. {@code v1-outbound-add-lead.md}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the page's title, its first {@code # } heading.
   *
   * @return the title, e.g. {@code Add Lead}
   */
  public String title() {
    return title;
  }

  /**
   * Returns the HTTP method the fence header names, in lower case.
   *
   * @return the method, e.g. {@code put}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the path the fence header names.
   *
   * @return the path, e.g. {@code /v1/Outbound/{outboundId}/Lead}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the parsed OpenAPI fragment; callers must not modify it.
   *
   * @return the fragment as nested maps and lists
   */
  public Map<String, Object> fragment() {
    return fragment;
  }

  /**
   * Tells whether the stored page is cut: its fence never closes, and its fragment stops before
   * the top-level key the cut falls in.
   *
   * @return true for a page read with {@link #parseCut} whose fence is not closed
   */
  public boolean isCut() {
    return cutKey != null;
  }

  /**
   * Returns the top-level key the cut falls in (left out of the fragment), or null for a whole
   * page.
   *
   * @return {@code components} for a cut page, else null
   */
  public @Nullable String cutKey() {
    return cutKey;
  }

  /**
   * Returns the default operationId for this page: its title in lowerCamelCase.
   *
   * @return e.g. {@code addLead} for the page titled {@code Add Lead}
   */
  public String defaultOperationId() {
    StringBuilder id = new StringBuilder();
    for (String word : title.split("[^A-Za-z0-9]+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (id.length() == 0) {
        id.append(word.substring(0, 1).toLowerCase(Locale.ROOT)).append(word.substring(1));
      } else {
        id.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
      }
    }
    if (id.length() == 0) {
      throw new SpecMergeException("page " + name + ": the title '" + title + "' has no letters");
    }
    return id.toString();
  }
}
