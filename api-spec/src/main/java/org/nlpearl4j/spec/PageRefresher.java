package org.nlpearl4j.spec;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Downloads every page that {@code pages.txt} lists, checks them all, and only then replaces the
 * vendored pages and the merged {@code nlpearl.yaml}.
 *
 * <p>Every download must be a page {@link SpecPage} can read (a title, a closed {@code ````yaml
 * METHOD PATH} fence, YAML that parses) and the pages together must merge (each fence's operation
 * is defined, no clashes). If any page fails, nothing is written and the error names every page at
 * fault. A page marked {@code cut:} in {@code pages.txt} may come down cut (it is completed as
 * {@link SpecMerger} describes) or whole: then it replaces the cut copy, {@link
 * Result#wholeAgain()} names it, and the build fails until its marker is dropped. Files are
 * replaced through a temporary file in the same directory and a move, so no
 * vendored file is ever left half-written.
 *
 * <p>From the command line:
 *
 * <pre>{@code
 * ./mvnw -q -pl api-spec compile exec:java@refresh-spec
 * ./mvnw -q -pl api-spec compile exec:java@refresh-spec -Dnlpearl.pages.base=http://127.0.0.1:8080/
 * }</pre>
 *
 * <p>With a base URL, each page is fetched from the base plus the path of its URL in
 * {@code pages.txt}, e.g. {@code https://developers.nlpearl.ai/api-reference/v1/outbound/add-lead.md}
 * becomes {@code http://127.0.0.1:8080/api-reference/v1/outbound/add-lead.md}: a mirror or a
 * fixture server stands in for the docs site.
 */
public final class PageRefresher {
  /** The command that refreshes the pages and the merged spec. */
  public static final String REFRESH_COMMAND = "./mvnw -q -pl api-spec compile exec:java@refresh-spec";

  /** The system property that points the refresh at a mirror instead of the URLs in pages.txt. */
  public static final String BASE_PROPERTY = "nlpearl.pages.base";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What a refresh did to one page. */
  public enum Outcome {
    /** The page was not vendored before and now is. */
    ADDED,
    /** The downloaded page differs from the vendored one and replaced it. */
    UPDATED,
    /** The downloaded page is byte for byte the vendored one. */
    UNCHANGED
  }

  /** The result of a successful refresh. */
  public static final class Result {
    private final Map<String, Outcome> pages;
    private final boolean specChanged;
    private final List<String> wholeAgain;

    Result(Map<String, Outcome> pages, boolean specChanged, List<String> wholeAgain) {
      this.pages = pages;
      this.specChanged = specChanged;
      this.wholeAgain = wholeAgain;
    }

    /**
     * Returns the pages marked cut in {@code pages.txt} that were downloaded whole: each replaced
     * its cut copy, and the build fails until its {@code cut:} marker is dropped.
     *
     * @return page file names, in the order of {@code pages.txt}
     */
    public List<String> wholeAgain() {
      return wholeAgain;
    }

    /**
     * Returns what happened to each page, in the order of {@code pages.txt}.
     *
     * @return page file name to outcome
     */
    public Map<String, Outcome> pages() {
      return pages;
    }

    /**
     * Tells whether the merged {@code nlpearl.yaml} changed.
     *
     * @return true if the merged spec was rewritten with different content
     */
    public boolean specChanged() {
      return specChanged;
    }
  }

  private final Path module;
  private final @Nullable URI base;
  private final HttpClient http;

  private PageRefresher(Path module, @Nullable URI base, HttpClient http) {
    this.module = module;
    this.base = base;
    this.http = http;
  }

  /**
   * Creates a refresher for an api-spec module directory.
   *
   * @param module the directory holding {@code pages.txt}, {@code src/main/pages/} and
   *     {@code src/main/openapi/}
   * @param base a base URL that replaces scheme and host of every page URL, or null to use the
   *     URLs in {@code pages.txt} as they are
   * @return the refresher
   */
  public static PageRefresher create(Path module, @Nullable URI base) {
    Objects.requireNonNull(module, "module");
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    return new PageRefresher(module, base, http);
  }

  /**
   * Refreshes the pages of the api-spec module given as first argument.
   *
   * <p>Arguments: {@code [moduleDir] [--base URL]}; the base may also come from the system
   * property {@value #BASE_PROPERTY}.
   *
   * @param args the module directory and an optional {@code --base URL}
   * @throws IOException if a file cannot be read or written
   * @throws InterruptedException if interrupted while downloading
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path module = Paths.get(".");
    String base = System.getProperty(BASE_PROPERTY);
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < rest.size(); i++) {
      if (rest.get(i).equals("--base") && i + 1 < rest.size()) {
        base = rest.get(++i);
      } else {
        module = Paths.get(rest.get(i));
      }
    }
    URI baseUri = base == null || base.trim().isEmpty() ? null : URI.create(base.trim());
    PageRefresher refresher = create(module, baseUri);
    Result result = refresher.refresh();
    for (Map.Entry<String, Outcome> page : result.pages().entrySet()) {
      System.out.println(page.getValue().name().toLowerCase(java.util.Locale.ROOT) + "  "
          + page.getKey());
    }
    for (String page : result.wholeAgain()) {
      System.out.println("page " + page + " is whole now: drop its cut: marker from pages.txt"
          + " (the build fails until then)");
    }
    if (result.specChanged()) {
      System.out.println("rewrote " + module.resolve("src/main/openapi/nlpearl.yaml").normalize());
      System.out.println("Next: ./mvnw -B -pl api-spec verify   (prints what changed against the "
          + "accepted baseline; a breaking change fails until accepted)");
    } else {
      System.out.println("nlpearl.yaml is unchanged");
    }
  }

  /**
   * Returns the URL a page is fetched from: its URL in {@code pages.txt}, or the same path under
   * the base URL when one is set.
   *
   * @param entry the page's line in {@code pages.txt}
   * @return the URL to download
   */
  public URI sourceOf(PageList.Entry entry) {
    URI listed = URI.create(entry.url());
    if (base == null) {
      return listed;
    }
    String path = listed.getRawPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    return URI.create(root).resolve(relative);
  }

  /**
   * Downloads and checks every listed page, then writes them and the merged spec.
   *
   * @return what changed
   * @throws SpecMergeException if any page cannot be downloaded, read or merged; nothing is
   *     written then, and the message names every page at fault
   * @throws IOException if a file cannot be read or written
   * @throws InterruptedException if interrupted while downloading
   */
  public Result refresh() throws IOException, InterruptedException {
    PageList list = PageList.read(module.resolve("pages.txt"));
    Map<String, byte[]> downloaded = new LinkedHashMap<>();
    List<SpecPage> pages = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> completions = new LinkedHashMap<>();
    List<String> wholeAgain = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    for (PageList.Entry entry : list.entries()) {
      URI source = sourceOf(entry);
      byte[] body;
      try {
        body = download(source);
      } catch (IOException e) {
        problems.add("page " + entry.file() + " (" + source + "): download failed: " + e.getMessage());
        continue;
      } catch (SpecMergeException e) {
        problems.add(e.getMessage());
        continue;
      } catch (IllegalArgumentException e) {
        problems.add("page " + entry.file() + " (" + source + "): " + e.getMessage());
        continue;
      }
      try {
        String text = new String(body, StandardCharsets.UTF_8);
        SpecPage page = entry.completedBy() != null ? SpecPage.parseCut(entry.file(), text)
            : SpecPage.parse(entry.file(), text);
        pages.add(page);
        if (entry.completedBy() != null) {
          if (page.isCut()) {
            completions.put(entry.file(), entry.completedBy());
          } else {
            wholeAgain.add(entry.file());
          }
        }
        downloaded.put(entry.file(), body);
      } catch (SpecMergeException e) {
        problems.add(e.getMessage() + " (downloaded from " + source + ")");
      }
      if (entry.operationId() != null) {
        overrides.put(entry.file(), entry.operationId());
      }
    }
    if (problems.isEmpty()) {
      try {
        // A cut page downloaded whole replaces its cut copy and is merged whole; the build then
        // asks for its marker to be dropped.
        String merged = SpecMerger.toYaml(SpecMerger.merge(pages, overrides, completions));
        return write(downloaded, merged, java.util.Collections.unmodifiableList(wholeAgain));
      } catch (SpecMergeException e) {
        problems.add(e.getMessage());
      }
    }
    StringBuilder message = new StringBuilder("refresh failed; no vendored file was changed:");
    for (String problem : problems) {
      message.append("\n  ").append(problem);
    }
    throw new SpecMergeException(message.toString());
  }

  private byte[] download(URI source) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(source)
        .timeout(TIMEOUT)
        .header("Accept", "text/markdown, text/plain;q=0.9, */*;q=0.1")
        .GET()
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    return response.body();
  }

  private Result write(Map<String, byte[]> downloaded, String merged, List<String> wholeAgain)
      throws IOException {
    Path pagesDir = module.resolve("src/main/pages");
    Files.createDirectories(pagesDir);
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, byte[]> page : downloaded.entrySet()) {
        Path target = pagesDir.resolve(page.getKey());
        if (Files.isRegularFile(target)) {
          boolean same = Arrays.equals(Files.readAllBytes(target), page.getValue());
          outcomes.put(page.getKey(), same ? Outcome.UNCHANGED : Outcome.UPDATED);
          if (same) {
            continue;
          }
        } else {
          outcomes.put(page.getKey(), Outcome.ADDED);
        }
        staged.put(target, stage(target, page.getValue()));
      }
      Path spec = module.resolve("src/main/openapi/nlpearl.yaml");
      byte[] specBytes = merged.getBytes(StandardCharsets.UTF_8);
      boolean specChanged =
          !Files.isRegularFile(spec) || !Arrays.equals(Files.readAllBytes(spec), specBytes);
      if (specChanged) {
        Files.createDirectories(spec.getParent());
        staged.put(spec, stage(spec, specBytes));
      }
      for (Map.Entry<Path, Path> move : staged.entrySet()) {
        moveIntoPlace(move.getValue(), move.getKey());
      }
      staged.clear();
      return new Result(java.util.Collections.unmodifiableMap(outcomes), specChanged, wholeAgain);
    } finally {
      for (Path temp : staged.values()) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static Path stage(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    Files.write(temp, content);
    return temp;
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
