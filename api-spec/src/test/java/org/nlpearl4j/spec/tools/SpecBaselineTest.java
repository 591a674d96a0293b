package org.nlpearl4j.spec.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.spec.FixtureSite;
import org.nlpearl4j.spec.SpecMerger;

/** The check and accept commands on a scratch copy of the module. */
class SpecBaselineTest {
  @TempDir Path dir;
  private Path module;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void setUp() throws IOException {
    module = FixtureSite.copyModule(dir);
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private void vendor(String page, String fixture) throws IOException {
    Files.write(module.resolve("src/main/pages").resolve(page), FixtureSite.fixture(fixture));
    Files.writeString(module.resolve(SpecBaseline.MERGED), SpecMerger.mergeModule(module));
  }

  @Test
  void checkPassesQuietlyWhenNothingChanged() throws IOException {
    SpecChangeReport report = SpecBaseline.check(module, out);

    assertThat(report.hasChanges()).isFalse();
    assertThat(printed()).contains("no changes").doesNotContain(SpecBaseline.ACCEPT_COMMAND);
  }

  @Test
  void breakingChangeFailsNamingTheChangeAndTheAcceptCommand() throws IOException {
    vendor("v1-outbound-add-lead.md", "v1-outbound-add-lead.type-changed.md");

    assertThatThrownBy(() -> SpecBaseline.check(module, out))
        .isInstanceOf(SpecBaseline.BreakingChangeException.class)
        .hasMessageContaining("breaks the accepted baseline")
        .hasMessageContaining("~ leadId: type string -> integer/int64")
        .hasMessageEndingWith("\n  " + SpecBaseline.ACCEPT_COMMAND);
    assertThat(printed()).contains("Result: BREAKING (1 breaking change)");
  }

  @Test
  void acceptMakesTheMergedSpecTheBaselineAndTheCheckPassesAgain() throws IOException {
    vendor("v1-outbound-add-lead.md", "v1-outbound-add-lead.field-removed.md");

    SpecChangeReport accepted = SpecBaseline.accept(module, out);

    assertThat(accepted.isBreaking()).isTrue();
    assertThat(Files.readString(module.resolve(SpecBaseline.BASELINE)))
        .isEqualTo(Files.readString(module.resolve(SpecBaseline.MERGED)));
    assertThat(printed()).contains("- externalId: string").contains("accepted: api-spec/"
        + SpecBaseline.BASELINE);
    assertThat(SpecBaseline.check(module, out).hasChanges()).isFalse();
  }

  @Test
  void acceptRefusesASpecThatIsStaleAgainstThePages() throws IOException {
    Files.write(module.resolve("src/main/pages/v1-outbound-add-lead.md"),
        FixtureSite.fixture("v1-outbound-add-lead.optional-field.md"));
    byte[] baseline = Files.readAllBytes(module.resolve(SpecBaseline.BASELINE));

    assertThatThrownBy(() -> SpecBaseline.accept(module, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of date with the pages")
        .hasMessageContaining(SpecMerger.REWRITE_COMMAND);
    assertThat(Files.readAllBytes(module.resolve(SpecBaseline.BASELINE))).isEqualTo(baseline);
  }

  @Test
  void missingBaselineSaysHowToCreateIt() throws IOException {
    Files.delete(module.resolve(SpecBaseline.BASELINE));

    assertThatThrownBy(() -> SpecBaseline.check(module, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no accepted baseline")
        .hasMessageContaining(SpecBaseline.ACCEPT_COMMAND);

    SpecBaseline.accept(module, out);
    assertThat(module.resolve(SpecBaseline.BASELINE)).exists();
  }

  @Test
  void commandLineRunsCheckAndAcceptOnTheGivenModule() throws IOException {
    vendor("v1-outbound-add-lead.md", "v1-outbound-add-lead.type-changed.md");

    assertThatThrownBy(() -> SpecBaseline.main(new String[] {"check", module.toString()}))
        .isInstanceOf(SpecBaseline.BreakingChangeException.class);
    PrintStream original = System.out;
    System.setOut(out);
    try {
      SpecBaseline.main(new String[] {"accept", module.toString()});
      SpecBaseline.main(new String[] {"check", module.toString()});
    } finally {
      System.setOut(original);
    }
    assertThat(printed()).contains("accepted: ").endsWith("  no changes\n");
    assertThatThrownBy(() -> SpecBaseline.main(new String[] {"approve"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("check|accept");
  }
}
