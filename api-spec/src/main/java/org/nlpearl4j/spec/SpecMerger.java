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
 * {@code servers} and {@code security} come out once.
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
      pages.add(SpecPage.read(file));
      if (entry.operationId() != null) {
        overrides.put(entry.file(), entry.operationId());
      }
    }
    return toYaml(merge(pages, overrides));
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
    Objects.requireNonNull(pages, "pages");
    Objects.requireNonNull(operationIds, "operationIds");
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

      Object pageComponents = fragment.get("components");
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
