package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The build check on what the templates produce: only Moshi, Retrofit, RxJava and JSpecify; no
 * Gson, Jackson, javax.annotation or JsonNullable, in generated and hand-written main code alike.
 */
class GeneratedSourcesTest {
  /** Case-insensitive fragments that must not appear anywhere in main sources. */
  private static final List<String> FORBIDDEN = List.of(
      "gson", "jackson", "javax.annotation", "jsonnullable", "jakarta.annotation", "javax.validation",
      "org.openapitools", "@generated");

  static Path generatedSources() {
    return Paths.get(System.getProperty("nlpearl.generated.sources", "target/generated-sources/openapi/src/main/java"));
  }

  static Path mainSources() {
    return Paths.get(System.getProperty("nlpearl.main.sources", "src/main/java"));
  }

  static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  /**
   * The files the templates must produce for the spec as it stands: an interface per operation tag,
   * a model and its adapter per object schema (integer-coded schemas stay Integer), and the fixed
   * supporting files. Derived from nlpearl.yaml, so a new page adds to the list instead of breaking it.
   */
  @SuppressWarnings("unchecked")
  static List<String> expectedFiles() throws IOException {
    Path spec = Paths.get(System.getProperty("nlpearl.spec", "../api-spec/src/main/openapi/nlpearl.yaml"));
    Map<String, Object> doc = new Yaml().load(Files.readString(spec));
    String base = "org/nlpearl4j/internal/generated/";
    Set<String> expected = new TreeSet<>(List.of(
        base + "api/package-info.java",
        base + "model/package-info.java",
        base + "model/ModelJsonAdapterFactory.java"));
    for (Object item : ((Map<String, Object>) doc.get("paths")).values()) {
      for (Object operation : ((Map<String, Object>) item).values()) {
        for (Object tag : (List<Object>) ((Map<String, Object>) operation).get("tags")) {
          expected.add(base + "api/" + tag + "Api.java");
        }
      }
    }
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
    for (Map.Entry<String, Object> schema : schemas.entrySet()) {
      if ("object".equals(((Map<String, Object>) schema.getValue()).get("type"))) {
        expected.add(base + "model/" + schema.getKey() + ".java");
        expected.add(base + "model/" + schema.getKey() + "JsonAdapter.java");
      }
    }
    return new ArrayList<>(expected);
  }

  @Test
  void theGeneratorWroteExactlyOurTemplatesOutput() throws IOException {
    Path root = generatedSources();
    List<String> names = javaFiles(root).stream()
        .map(p -> root.relativize(p).toString().replace('\\', '/'))
        .collect(Collectors.toList());

    List<String> expected = expectedFiles();
    assertThat(expected).contains(
        "org/nlpearl4j/internal/generated/api/OutboundApi.java",
        "org/nlpearl4j/internal/generated/model/LeadApiView.java",
        "org/nlpearl4j/internal/generated/model/LeadApiViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/ValidationProblemDetailsJsonAdapter.java");
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void noOtherJsonLibraryOrAnnotationPackageIsReferenced() throws IOException {
    List<Path> files = new ArrayList<>(javaFiles(generatedSources()));
    files.addAll(javaFiles(mainSources()));
    assertThat(files).hasSizeGreaterThan(20);

    List<String> hits = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).toLowerCase(Locale.ROOT);
        for (String fragment : FORBIDDEN) {
          if (line.contains(fragment)) {
            hits.add(file.getFileName() + ":" + (i + 1) + " mentions " + fragment + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(hits).isEmpty();
  }

  @Test
  void everyGeneratedModelReadsJsonWithoutReflection() throws IOException {
    for (Path file : javaFiles(generatedSources())) {
      String source = Files.readString(file);
      assertThat(source).as(file.getFileName().toString())
          .doesNotContain("java.lang.reflect.Field")
          .doesNotContain("getDeclaredField")
          .doesNotContain("Class.forName")
          .doesNotContain("KotlinJsonAdapterFactory");
    }
  }
}
