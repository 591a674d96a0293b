package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recompiles every main source (generated and hand-written) the way the build does, and fails on
 * any warning other than the one accepted in the pom: JSpecify's "unknown enum constant
 * ElementType.MODULE" under release 8, which no lint category controls.
 */
class CompilesWithoutWarningsTest {
  private static final String ACCEPTED = "unknown enum constant java.lang.annotation.ElementType.MODULE";

  @Test
  void mainSourcesCompileUnderReleaseEightWithoutWarnings(@TempDir Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<Path> sources = new ArrayList<>(GeneratedSourcesTest.javaFiles(GeneratedSourcesTest.generatedSources()));
    sources.addAll(GeneratedSourcesTest.javaFiles(GeneratedSourcesTest.mainSources()));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();

    boolean compiled;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of(
          // The same flags as the root pom's compiler configuration for a release-8 library.
          "--release", "8", "-Xlint:all,-options,-processing,-serial", "-proc:none",
          "-classpath", System.getProperty("java.class.path"),
          "-d", classes.toString());
      compiled = javac.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
    }

    List<String> unaccepted = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(d -> d.getKind() + " " + (d.getSource() == null ? "" : new File(d.getSource().getName()).getName()
            + ":" + d.getLineNumber() + " ") + d.getMessage(Locale.ROOT))
        .filter(text -> !text.contains(ACCEPTED))
        .collect(Collectors.toList());
    assertThat(unaccepted).isEmpty();
    assertThat(compiled).isTrue();
    assertThat(sources).hasSizeGreaterThan(20);
    assertThat(Files.exists(classes.resolve("org/nlpearl4j/internal/generated/api/OutboundApi.class"))).isTrue();
  }
}
