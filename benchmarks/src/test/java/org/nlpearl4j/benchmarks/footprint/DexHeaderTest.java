package org.nlpearl4j.benchmarks.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.OutputMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dex header reader counts what D8 really wrote; the rule picker follows R8's version ranges. */
class DexHeaderTest {

  @TempDir
  Path dir;

  @Test
  void countsTheMethodReferencesOfARealDex() throws Exception {
    Path jar = dir.resolve("tiny.jar");
    String entry = TinyDexSubject.class.getName().replace('.', '/') + ".class";
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(TinyDexSubject.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
      zip.closeEntry();
    }
    Path out = Files.createDirectories(dir.resolve("dex"));
    D8.run(D8Command.builder().addProgramFiles(jar).setMode(CompilationMode.DEBUG).setMinApiLevel(26)
        .setOutput(out, OutputMode.DexIndexed).build());

    DexHeader header = DexHeader.read(out.resolve("classes.dex"));

    // TinyDexSubject.<init>, .one, .two and Object.<init>
    assertThat(header.getMethodIds()).isEqualTo(4);
    assertThat(header.getClassDefs()).isEqualTo(1);
    assertThat(header.getFieldIds()).isZero();
    assertThat(header.getFileSize()).isEqualTo(Files.size(out.resolve("classes.dex")));
  }

  @Test
  void rejectsBytesThatAreNotDex() {
    assertThatThrownBy(() -> DexHeader.parse(new byte[0x70])).hasMessageContaining("magic");
  }

  @Test
  void picksRuleDirectoriesByR8Version() {
    assertThat(Footprint.appliesTo("r8", "8.13.25")).isTrue();
    assertThat(Footprint.appliesTo("r8-from-1.6.0", "8.13.25")).isTrue();
    assertThat(Footprint.appliesTo("r8-upto-1.6.0", "8.13.25")).isFalse();
    assertThat(Footprint.appliesTo("r8-from-8.0.0-upto-8.14.0", "8.13.25")).isTrue();
    assertThat(Footprint.appliesTo("r8-from-8.14.0", "8.13.25")).isFalse();
    assertThat(Footprint.appliesTo("proguard", "8.13.25")).isFalse();
  }
}
