package org.nlpearl4j.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("outbox.journal");
  }

  private List<byte[]> write(String... records) throws IOException {
    List<byte[]> payloads = new ArrayList<>();
    for (String r : records) {
      payloads.add(r.getBytes(StandardCharsets.UTF_8));
    }
    Journal.Opened opened = Journal.open(file());
    for (byte[] p : payloads) {
      opened.journal.append(List.of(p));
    }
    opened.journal.close();
    return payloads;
  }

  private static List<String> strings(List<byte[]> payloads) {
    return payloads.stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void recordsComeBackInOrderAfterReopening() throws IOException {
    write("first", "second", "third");
    Journal.Opened opened = Journal.open(file());
    assertThat(strings(opened.payloads)).containsExactly("first", "second", "third");
    assertThat(opened.droppedTailBytes).isZero();
    opened.journal.append(List.of("fourth".getBytes(StandardCharsets.UTF_8)));
    opened.journal.close();
    try (Journal j = Journal.open(file()).journal) {
      assertThat(j.records()).isEqualTo(4);
    }
  }

  @Test
  void aFileCutAtEveryOffsetOfItsLastRecordKeepsThatRecordWholeOrDropsIt() throws IOException {
    write("first", "second", "the last record, long enough to be cut in many places");
    byte[] whole = Files.readAllBytes(file());
    int lastStart = whole.length - Journal.RECORD_HEADER
        - "the last record, long enough to be cut in many places".length();
    for (int cut = lastStart; cut <= whole.length; cut++) {
      Files.write(file(), Arrays.copyOf(whole, cut));
      Journal.Opened opened = Journal.open(file());
      List<String> back = strings(opened.payloads);
      if (cut == whole.length) {
        assertThat(back).as("cut at %d", cut).containsExactly("first", "second",
            "the last record, long enough to be cut in many places");
      } else {
        assertThat(back).as("cut at %d", cut).containsExactly("first", "second");
        // The torn tail is removed, so the next append does not follow garbage.
        assertThat(Files.size(file())).isEqualTo(lastStart);
        opened.journal.append(List.of("again".getBytes(StandardCharsets.UTF_8)));
      }
      opened.journal.close();
      if (cut != whole.length) {
        try (Journal j = Journal.open(file()).journal) {
          assertThat(j.records()).isEqualTo(3);
        }
      }
    }
  }

  @Test
  void aZeroFilledTailIsATornAppendNotCorruption() throws IOException {
    write("first");
    byte[] whole = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(whole, whole.length + 40)); // extended, never written
    Journal.Opened opened = Journal.open(file());
    assertThat(strings(opened.payloads)).containsExactly("first");
    assertThat(opened.droppedTailBytes).isEqualTo(40);
    opened.journal.close();
  }

  @Test
  void everyFlippedByteIsDetectedAndTheFileSetAside() throws IOException {
    write("first", "second", "third");
    byte[] whole = Files.readAllBytes(file());
    for (int i = 0; i < whole.length; i++) {
      byte[] damaged = whole.clone();
      damaged[i] ^= (byte) 0xFF;
      Files.write(file(), damaged);
      int at = i;
      assertThatThrownBy(() -> Journal.open(file()))
          .as("flip at %d", at)
          .isInstanceOfSatisfying(Journal.CorruptJournalException.class, e -> {
            assertThat(e.setAside).exists();
            try {
              assertThat(Files.readAllBytes(e.setAside)).isEqualTo(damaged);
              Files.delete(e.setAside);
            } catch (IOException io) {
              throw new AssertionError(io);
            }
          });
      assertThat(file()).doesNotExist();
    }
  }

  @Test
  void aRewriteReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    write("a", "b", "c", "d");
    Journal.Opened opened = Journal.open(file());
    opened.journal.rewrite(List.of("d".getBytes(StandardCharsets.UTF_8)));
    opened.journal.append(List.of("e".getBytes(StandardCharsets.UTF_8)));
    opened.journal.close();
    assertThat(strings(Journal.open(file()).payloads)).containsExactly("d", "e");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("outbox.journal");
    }
  }

  @Test
  void aTemporaryFileLeftByAnInterruptedRewriteIsIgnored() throws IOException {
    write("a");
    Files.write(dir.resolve("outbox.journal.tmp"), new byte[] {1, 2, 3});
    Journal.Opened opened = Journal.open(file());
    assertThat(strings(opened.payloads)).containsExactly("a");
    opened.journal.close();
    assertThat(dir.resolve("outbox.journal.tmp")).doesNotExist();
  }
}
