package org.nlpearl4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes CSV files for tests. */
final class Csv {
  private Csv() {}

  static Path write(Path dir, String name, String... lines) {
    return writeRaw(dir, name, String.join("\n", lines) + "\n");
  }

  static Path writeRaw(Path dir, String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes n valid rows: externalId lead-1..lead-n with distinct US numbers. */
  static Path validRows(Path dir, String name, int n) {
    StringBuilder content = new StringBuilder("externalId,phoneNumber,firstName\n");
    for (int i = 1; i <= n; i++) {
      content.append("lead-").append(i).append(",+1 415 555 ").append(String.format("%04d", i))
          .append(",Person ").append(i).append('\n');
    }
    return writeRaw(dir, name, content.toString());
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
