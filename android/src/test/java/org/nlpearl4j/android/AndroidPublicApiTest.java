package org.nlpearl4j.android;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public API, as {@code javap -public} prints it, against the accepted dump
 * {@code android/api/nlpearl4j-android.api}. Accept a deliberate change with
 * {@code ./mvnw -q -pl android -am test -Dtest=AndroidPublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dnlpearl.api.accept=true}.
 */
class AndroidPublicApiTest {
  private static final Path DUMP = Paths.get("api", "nlpearl4j-android.api");

  @Test
  void thePublicApiIsTheAcceptedOne() throws Exception {
    Path classes = Paths.get(OutboxJobs.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("org/nlpearl4j/android");
    List<String> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.sorted().collect(Collectors.toList())) {
        String block = javapPublic(file);
        // javap prints a class that is not public too (without its members): leave those out.
        if (block.startsWith("public ") && !file.getFileName().toString().contains("$")) {
          blocks.add(block);
        }
      }
    }
    String actual = "# The public API of nlpearl4j-android (javap -public of package org.nlpearl4j.android).\n"
        + "# Checked by AndroidPublicApiTest (the class comment says how to accept a change).\n"
        + String.join("", blocks);
    if (Boolean.getBoolean("nlpearl.api.accept")) {
      Files.createDirectories(DUMP.getParent());
      Files.write(DUMP, actual.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(new String(Files.readAllBytes(DUMP), StandardCharsets.UTF_8))
        .as("the public API changed; if deliberate, accept it (see the class comment)")
        .isEqualTo(actual);
  }

  private static String javapPublic(Path classFile) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ToolProvider.findFirst("javap").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(err), "-public", classFile.toString());
    assertThat(status).as(err.toString()).isZero();
    return out.toString().lines().filter(line -> !line.startsWith("Compiled from"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
