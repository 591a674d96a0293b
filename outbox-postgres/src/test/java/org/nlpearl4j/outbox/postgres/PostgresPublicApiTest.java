package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of the PostgreSQL outbox (package {@code org.nlpearl4j.outbox.postgres}, as {@code
 * javap -public} shows it) against the accepted dump {@code
 * outbox-postgres/api/nlpearl4j-outbox-postgres.api}: apps build on it, so a
 * change must be deliberate. Accept one with
 * {@code ./mvnw -q -pl outbox-postgres -am test -Dtest=PostgresPublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dnlpearl.api.accept=true}.
 */
class PostgresPublicApiTest {
  private static final Path DUMP = Paths.get("api", "nlpearl4j-outbox-postgres.api");
  private static final String HEADER = "# The public API of nlpearl4j-outbox-postgres (javap -public of package"
      + " org.nlpearl4j.outbox.postgres).\n# Checked by PostgresPublicApiTest; accept a deliberate change with:"
      + " ./mvnw -q -pl outbox-postgres -am test -Dtest=PostgresPublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dnlpearl.api.accept=true\n";

  /** A class is exported when it and every class enclosing it are public. */
  private static boolean isExported(Path classFile) {
    String name = classFile.getFileName().toString();
    try {
      Class<?> type = Class.forName("org.nlpearl4j.outbox.postgres."
          + name.substring(0, name.length() - 6),
          false, PostgresPublicApiTest.class.getClassLoader());
      for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
        if (!java.lang.reflect.Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass()
            || t.isSynthetic()) {
          return false;
        }
      }
      return true;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void thePublicApiIsTheAcceptedOne() throws IOException {
    Path classes = Paths.get(PostgresOutbox.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    List<String> files;
    try (Stream<Path> list = Files.list(classes.resolve("org/nlpearl4j/outbox/postgres"))) {
      files = list.filter(p -> p.toString().endsWith(".class"))
          .filter(p -> !p.getFileName().toString().equals("package-info.class"))
          .filter(PostgresPublicApiTest::isExported)
          .map(Path::toString).sorted().collect(Collectors.toList());
    }
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = Stream.concat(Stream.of("-public"), files.stream()).toArray(String[]::new);
    assertThat(javap.run(new PrintWriter(out), new PrintWriter(err), args)).as(err.toString()).isZero();
    String actual = HEADER + out.toString().lines()
        .filter(line -> !line.startsWith("Compiled from"))
        .collect(Collectors.joining("\n", "", "\n"));
    if (Boolean.getBoolean("nlpearl.api.accept")) {
      Files.createDirectories(DUMP.getParent());
      Files.write(DUMP, actual.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(DUMP).as("accepted API dump").exists();
    String accepted = new String(Files.readAllBytes(DUMP), StandardCharsets.UTF_8);
    assertThat(actual).as("the public API changed; if deliberate, accept it (see the class comment)")
        .isEqualTo(accepted);
  }
}
