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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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

  @Test
  void theGeneratorWroteExactlyOurTemplatesOutput() throws IOException {
    Path root = generatedSources();
    List<String> names = javaFiles(root).stream()
        .map(p -> root.relativize(p).toString().replace('\\', '/'))
        .collect(Collectors.toList());

    assertThat(names).containsExactlyInAnyOrder(
        "org/nlpearl4j/internal/generated/api/OutboundApi.java",
        "org/nlpearl4j/internal/generated/api/package-info.java",
        "org/nlpearl4j/internal/generated/model/package-info.java",
        "org/nlpearl4j/internal/generated/model/JsonNumbers.java",
        "org/nlpearl4j/internal/generated/model/ModelJsonAdapterFactory.java",
        "org/nlpearl4j/internal/generated/model/AgentChatMessageApiView.java",
        "org/nlpearl4j/internal/generated/model/AgentChatMessageApiViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/CallCollectedDataApiView.java",
        "org/nlpearl4j/internal/generated/model/CallCollectedDataApiViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/CollectedInfoView.java",
        "org/nlpearl4j/internal/generated/model/CollectedInfoViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/LeadApiView.java",
        "org/nlpearl4j/internal/generated/model/LeadApiViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/LeadLastCallApiView.java",
        "org/nlpearl4j/internal/generated/model/LeadLastCallApiViewJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/LeadToAddApi.java",
        "org/nlpearl4j/internal/generated/model/LeadToAddApiJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/LeadToAddResponseApi.java",
        "org/nlpearl4j/internal/generated/model/LeadToAddResponseApiJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/LeadToUpdateApi.java",
        "org/nlpearl4j/internal/generated/model/LeadToUpdateApiJsonAdapter.java",
        "org/nlpearl4j/internal/generated/model/ValidationProblemDetails.java",
        "org/nlpearl4j/internal/generated/model/ValidationProblemDetailsJsonAdapter.java");
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
