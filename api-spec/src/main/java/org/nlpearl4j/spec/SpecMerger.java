package org.nlpearl4j.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Merges the OpenAPI fragments of the vendored NLPearl pages into one OpenAPI document.
 *
 * <p>Rules: paths are united and a path+method defined twice fails; a component defined by
 * several pages must be identical everywhere; every operation gets a stable operationId (the page
 * title in lowerCamelCase, unless {@code pages.txt} gives one); {@code openapi}, {@code info},
 * {@code servers} and {@code security} come out once; every {@code $ref} must resolve.
 *
 * <p>Cut pages: a page marked {@code cut:<page>} in {@code pages.txt} is read with {@link
 * SpecPage#parseCut}: its fence is kept up to its last whole top-level key, and its components
 * are taken from the named page (same API version), only those its {@code $ref}s reach. The
 * merge fails, naming page and key, if the cut falls inside {@code paths} (or anywhere but
 * {@code components}), or if any {@code $ref} stays unresolved; nothing is invented. The
 * operations of a cut page carry {@value #COMPLETED_BY_EXTENSION} naming the page that completed
 * it. When the page is whole again (a refresh downloaded it whole), the merge fails and asks to
 * drop the marker.
 *
 * <p>From the command line it rewrites the committed file:
 *
 * <pre>{@code ./mvnw -q -pl api-spec compile exec:java@merge-spec}</pre>
 */
public final class SpecMerger {
  /** The command that rewrites {@code nlpearl.yaml} from the pages. */
  public static final String REWRITE_COMMAND = "./mvnw -q -pl api-spec compile exec:java@merge-spec";

  /** The vendor extension that records which page an operation comes from. */
  public static final String SOURCE_PAGE_EXTENSION = "x-nlpearl-page";

  /** The vendor extension on the operations of a cut page: the page that completed it. */
  public static final String COMPLETED_BY_EXTENSION = "x-nlpearl-cut-page-completed-by";

  private static final String HEADER =
      "# The NLPearl API as this binding sees it: merged from the pages in api-spec/src/main/pages/.\n"
          + "# Do not edit by hand. Rewrite it with: " + REWRITE_COMMAND + "\n";

  private SpecMerger() {}

  /**
   * Rewrites {@code src/main/openapi/nlpearl.yaml} under the given api-spec module directory.
   *
   * @param args one argument, the api-spec module directory (defaults to the current directory)
   * @throws IOException if a page cannot be read or the result cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path module = Paths.get(args.length > 0 ? args[0] : ".");
    Path out = module.resolve("src/main/openapi/nlpearl.yaml");
    String yaml = mergeModule(module);
    Files.write(out, yaml.getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> cut : PageList.read(module.resolve("pages.txt"))
        .completions().entrySet()) {
      System.out.println("page " + cut.getKey() + " is cut inside components; its components"
          + " come from " + cut.getValue());
    }
    System.out.println("wrote " + out);
  }

  /**
   * Merges the pages that {@code pages.txt} lists under an api-spec module directory.
   *
   * @param module the module directory holding {@code pages.txt} and {@code src/main/pages/}
   * @return the merged document as YAML text, as it is committed
   * @throws IOException if a page cannot be read
   */
  public static String mergeModule(Path module) throws IOException {
    PageList list = PageList.read(module.resolve("pages.txt"));
    Path dir = module.resolve("src/main/pages");
    List<SpecPage> pages = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (PageList.Entry entry : list.entries()) {
      Path file = dir.resolve(entry.file());
      if (!Files.isRegularFile(file)) {
        throw new SpecMergeException("page " + entry.file() + " is listed in pages.txt but "
            + file + " does not exist");
      }
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      pages.add(entry.completedBy() != null ? SpecPage.parseCut(entry.file(), text)
          : SpecPage.parse(entry.file(), text));
      if (entry.operationId() != null) {
        overrides.put(entry.file(), entry.operationId());
      }
    }
    return toYaml(merge(pages, overrides, list.completions()));
  }

  /**
   * Merges parsed pages into one document.
   *
   * @param pages the pages, in the order of {@code pages.txt}
   * @param operationIds operationId overrides by page name; pages not in it use their title
   * @return the merged document as nested, ordered maps
   * @throws SpecMergeException if two pages clash
   */
  public static Map<String, Object> merge(List<SpecPage> pages, Map<String, String> operationIds) {
    return merge(pages, operationIds, java.util.Collections.<String, String>emptyMap());
  }

  /**
   * Merges parsed pages into one document, completing cut pages from the pages named for them.
   *
   * <pre>{@code
   * SpecPage update = SpecPage.parse("v2-outbound-update-lead.md", updateText);
   * SpecPage lookup = SpecPage.parseCut("v2-outbound-get-lead-via-external-id.md", lookupText);
   * Map<String, Object> spec = SpecMerger.merge(Arrays.asList(update, lookup), emptyMap(),
   *     singletonMap(lookup.name(), update.name()));
   * }</pre>
   *
   * @param pages the pages, in the order of {@code pages.txt}
   * @param operationIds operationId overrides by page name; pages not in it use their title
   * @param completions cut page name to the name of the page whose components complete it
   * @return the merged document as nested, ordered maps
   * @throws SpecMergeException if two pages clash, a marked page is whole (drop the marker), a
   *     completion is impossible, or a {@code $ref} stays unresolved; the message names the page
   *     and the key
   */
  public static Map<String, Object> merge(List<SpecPage> pages, Map<String, String> operationIds,
      Map<String, String> completions) {
    Objects.requireNonNull(pages, "pages");
    Objects.requireNonNull(operationIds, "operationIds");
    Objects.requireNonNull(completions, "completions");
    if (pages.isEmpty()) {
      throw new SpecMergeException("no pages to merge");
    }
    SpecPage first = pages.get(0);
    Map<String, Object> info = new LinkedHashMap<>(map(first, first.fragment().get("info"), "info"));
    List<String> versions = new ArrayList<>();
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    Map<String, String> pathOwners = new LinkedHashMap<>();
    Map<String, String> operationOwners = new LinkedHashMap<>();
    Map<String, Map<String, Object>> components = new TreeMap<>();
    Map<String, String> componentOwners = new LinkedHashMap<>();

    for (SpecPage page : pages) {
      Map<String, Object> fragment = page.fragment();
      sameAs(first, page, "openapi");
      sameAs(first, page, "servers");
      sameAs(first, page, "security");
      Map<String, Object> pageInfo = map(page, fragment.get("info"), "info");
      if (!Objects.equals(pageInfo.get("title"), info.get("title"))) {
        throw new SpecMergeException("info.title differs between " + first.name() + " and "
            + page.name());
      }
      Object version = pageInfo.get("version");
      if (version != null && !versions.contains(String.valueOf(version))) {
        versions.add(String.valueOf(version));
      }

      Map<String, Object> pagePaths = map(page, fragment.get("paths"), "paths");
      boolean sawFencedOperation = false;
      for (Map.Entry<String, Object> pathEntry : pagePaths.entrySet()) {
        Map<String, Object> item = map(page, pathEntry.getValue(), "paths." + pathEntry.getKey());
        Map<String, Object> merged =
            paths.computeIfAbsent(pathEntry.getKey(), k -> new LinkedHashMap<>());
        for (Map.Entry<String, Object> op : item.entrySet()) {
          String key = op.getKey() + " " + pathEntry.getKey();
          String owner = pathOwners.putIfAbsent(key, page.name());
          if (owner != null) {
            throw new SpecMergeException("operation " + op.getKey().toUpperCase(java.util.Locale.ROOT)
                + " " + pathEntry.getKey() + " is defined by both " + owner + " and " + page.name());
          }
          Map<String, Object> operation =
              new LinkedHashMap<>(map(page, op.getValue(), key));
          if (!operation.containsKey("operationId")) {
            String id = operationIds.containsKey(page.name())
                ? operationIds.get(page.name()) : page.defaultOperationId();
            Map<String, Object> withId = new LinkedHashMap<>();
            withId.put("operationId", id);
            withId.putAll(operation);
            operation = withId;
          }
          String id = String.valueOf(operation.get("operationId"));
          String idOwner = operationOwners.putIfAbsent(id, page.name());
          if (idOwner != null) {
            throw new SpecMergeException("operationId '" + id + "' is used by both " + idOwner
                + " and " + page.name() + "; give one of them its own operationId in pages.txt");
          }
          operation.put(SOURCE_PAGE_EXTENSION, page.name());
          if (page.isCut()) {
            operation.put(COMPLETED_BY_EXTENSION, completions.get(page.name()));
          }
          merged.put(op.getKey(), operation);
          if (op.getKey().equals(page.method()) && pathEntry.getKey().equals(page.path())) {
            sawFencedOperation = true;
          }
        }
      }
      if (!sawFencedOperation) {
        throw new SpecMergeException("page " + page.name() + ": the fence names "
            + page.method().toUpperCase(java.util.Locale.ROOT) + " " + page.path()
            + " but the fragment does not define that operation");
      }

      Object pageComponents = componentsOf(page, pages, completions);
      checkRefs(page, fragment, pageComponents, completions.get(page.name()));
      if (pageComponents != null) {
        for (Map.Entry<String, Object> section : map(page, pageComponents, "components").entrySet()) {
          Map<String, Object> merged =
              components.computeIfAbsent(section.getKey(), k -> new TreeMap<>());
          Map<String, Object> defs =
              map(page, section.getValue(), "components." + section.getKey());
          for (Map.Entry<String, Object> def : defs.entrySet()) {
            String key = section.getKey() + "/" + def.getKey();
            if (merged.containsKey(def.getKey())) {
              if (!merged.get(def.getKey()).equals(def.getValue())) {
                throw new SpecMergeException("component " + singular(section.getKey()) + " '"
                    + def.getKey() + "' differs between " + componentOwners.get(key) + " and "
                    + page.name() + "; a shared component must be identical on every page");
              }
            } else {
              merged.put(def.getKey(), def.getValue());
              componentOwners.put(key, page.name());
            }
          }
        }
      }
    }

    info.put("version", String.join(", ", versions));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("openapi", first.fragment().get("openapi"));
    out.put("info", info);
    putIfPresent(out, "servers", first.fragment().get("servers"));
    putIfPresent(out, "security", first.fragment().get("security"));
    out.put("paths", new LinkedHashMap<>(paths));
    if (!components.isEmpty()) {
      Map<String, Object> comps = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Object>> e : components.entrySet()) {
        comps.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
      }
      out.put("components", comps);
    }
    return out;
  }

  /**
   * Renders a merged document as the YAML text that is committed, header comment included.
   *
   * @param document the merged document
   * @return the YAML text, ending with a newline
   */
  public static String toYaml(Map<String, Object> document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setSplitLines(false);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    return HEADER + new Yaml(options).dump(document);
  }

  /** A page's own components, or for a cut page those of its completing page that it reaches. */
  private static @org.jspecify.annotations.Nullable Object componentsOf(
      SpecPage page, List<SpecPage> pages, Map<String, String> completions) {
    String by = completions.get(page.name());
    if (by == null) {
      if (page.isCut()) {
        throw new SpecMergeException("page " + page.name() + " is cut inside '" + page.cutKey()
            + "' but pages.txt names no page to complete it; add cut:<page>.md to its line");
      }
      return page.fragment().get("components");
    }
    if (!page.isCut()) {
      throw new SpecMergeException("page " + page.name() + " is whole now (its fence closes):"
          + " drop 'cut:" + by + "' from its line in pages.txt");
    }
    SpecPage completer = null;
    for (SpecPage other : pages) {
      if (other.name().equals(by)) {
        completer = other;
      }
    }
    if (completer == null || completer.isCut()) {
      throw new SpecMergeException("page " + page.name() + " is cut and names " + by
          + " to complete it, but " + by + (completer == null ? " is not a listed page"
          : " is cut as well"));
    }
    Object pageVersion = map(page, page.fragment().get("info"), "info").get("version");
    Object byVersion = map(completer, completer.fragment().get("info"), "info").get("version");
    if (!Objects.equals(pageVersion, byVersion)) {
      throw new SpecMergeException("page " + page.name() + " (API version " + pageVersion
          + ") cannot be completed from " + by + " (API version " + byVersion + ")");
    }
    Object source = completer.fragment().get("components");
    Map<String, Object> taken = new LinkedHashMap<>();
    List<String> queue = new ArrayList<>();
    collectRefs(page.fragment(), "", queue, new ArrayList<>());
    for (int i = 0; i < queue.size(); i++) {
      String ref = queue.get(i);
      Object def = resolve(source, ref);
      if (def == null) {
        continue;  // reported by checkRefs, with the key that holds it
      }
      String[] parts = ref.substring(COMPONENTS_PREFIX.length()).split("/", 2);
      @SuppressWarnings("unchecked")
      Map<String, Object> section = (Map<String, Object>)
          taken.computeIfAbsent(parts[0], k -> new LinkedHashMap<String, Object>());
      if (section.put(parts[1], def) == null) {
        List<String> more = new ArrayList<>();
        collectRefs(def, "", more, new ArrayList<>());
        for (String next : more) {
          if (!queue.contains(next)) {
            queue.add(next);
          }
        }
      }
    }
    return taken.isEmpty() ? null : taken;
  }

  private static final String COMPONENTS_PREFIX = "#/components/";

  /** Fails, naming the page and the key, on the first $ref that its components do not define. */
  private static void checkRefs(SpecPage page, Map<String, Object> fragment,
      @org.jspecify.annotations.Nullable Object components,
      @org.jspecify.annotations.Nullable String completedBy) {
    Map<String, Object> effective = new LinkedHashMap<>(fragment);
    effective.remove("components");
    if (components != null) {
      effective.put("components", components);
    }
    List<String> refs = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    collectRefs(effective, "", refs, keys);
    for (int i = 0; i < refs.size(); i++) {
      if (resolve(components, refs.get(i)) == null) {
        throw new SpecMergeException("page " + page.name() + ": $ref '" + refs.get(i) + "' at '"
            + keys.get(i) + "' is unresolved" + (completedBy == null ? ""
                : " (the completing page " + completedBy + " does not define it)"));
      }
    }
  }

  private static void collectRefs(
      @org.jspecify.annotations.Nullable Object node, String at, List<String> refs,
      List<String> keys) {
    if (node instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
        String key = at.isEmpty() ? String.valueOf(e.getKey()) : at + "." + e.getKey();
        if ("$ref".equals(e.getKey())) {
          refs.add(String.valueOf(e.getValue()));
          keys.add(key);
        } else {
          collectRefs(e.getValue(), key, refs, keys);
        }
      }
    } else if (node instanceof List) {
      List<?> list = (List<?>) node;
      for (int i = 0; i < list.size(); i++) {
        collectRefs(list.get(i), at + "[" + i + "]", refs, keys);
      }
    }
  }

  private static @org.jspecify.annotations.Nullable Object resolve(
      @org.jspecify.annotations.Nullable Object components, String ref) {
    if (!ref.startsWith(COMPONENTS_PREFIX) || !(components instanceof Map)) {
      return null;
    }
    String[] parts = ref.substring(COMPONENTS_PREFIX.length()).split("/", 2);
    if (parts.length != 2) {
      return null;
    }
    Object section = ((Map<?, ?>) components).get(parts[0]);
    return section instanceof Map ? ((Map<?, ?>) section).get(parts[1]) : null;
  }

  private static String singular(String section) {
    return section.endsWith("s") ? section.substring(0, section.length() - 1) : section;
  }

  private static void putIfPresent(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  private static void sameAs(SpecPage first, SpecPage page, String key) {
    if (!Objects.equals(first.fragment().get(key), page.fragment().get(key))) {
      throw new SpecMergeException("'" + key + "' differs between " + first.name() + " and "
          + page.name() + "; it must be the same on every page");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(SpecPage page, Object value, String where) {
    if (!(value instanceof Map)) {
      throw new SpecMergeException("page " + page.name() + ": '" + where + "' is missing or not a mapping");
    }
    return (Map<String, Object>) value;
  }
}
