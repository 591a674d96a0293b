package org.nlpearl4j.spec.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.spec.FixtureSite;
import org.nlpearl4j.spec.PageRefresher;

/**
 * The README routine "When NLPearl changes its API", step by step, on a scratch copy of the
 * module with a loopback site serving fixture pages in place of the docs: refresh, read the report
 * (the build's check), accept when it is breaking.
 */
class RegenerationRoutineTest {
  @TempDir Path dir;
  private Path module;
  private FixtureSite site;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void setUp() throws IOException {
    module = FixtureSite.copyModule(dir);
    site = FixtureSite.start();
  }

  @AfterEach
  void tearDown() {
    site.close();
  }

  /** Step 1: {@code ./mvnw -q -pl api-spec compile exec:java@refresh-spec}. */
  private PageRefresher.Result refresh() throws Exception {
    return PageRefresher.create(module, site.base()).refresh();
  }

  /** Step 2: the check that {@code ./mvnw -B -pl api-spec verify} runs. */
  private SpecChangeReport verify() throws IOException {
    printed.reset();
    return SpecBaseline.check(module, out);
  }

  private String report() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void optionalFieldBuildsAndTheReportSaysAdded() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.optional-field.md");

    assertThat(refresh().specChanged()).isTrue();
    SpecChangeReport report = verify();

    assertThat(report.isBreaking()).isFalse();
    assertThat(report()).contains("~ PUT /v1/Outbound/{outboundId}/Lead (addLead)")
        .contains("+ priority: integer/int32, optional")
        .contains("Result: compatible")
        .contains("Record them as the new baseline with: " + SpecBaseline.ACCEPT_COMMAND);

    SpecBaseline.accept(module, out);
    assertThat(verify().hasChanges()).isFalse();
  }

  /**
   * A new optional response field (the last call's {@code sentiment}): the spec check calls it
   * compatible, so the build stays green here; the dsl's FieldCoverageTest is the step that asks
   * for the facade getter (its rehearsal reads the same fixture page).
   */
  @Test
  void optionalResponseFieldIsCompatibleForTheSpecCheck() throws Exception {
    site.serveFixture(FixtureSite.UPDATE_LEAD, "v2-outbound-update-lead.sentiment.md");

    assertThat(refresh().specChanged()).isTrue();
    SpecChangeReport report = verify();

    assertThat(report.isBreaking()).isFalse();
    assertThat(report()).contains("~ PUT /v2/Outbound/{pearlId}/Lead/{leadId} (updateLead)")
        .contains("+ lastCall.sentiment: string, optional")
        .contains("Result: compatible");

    SpecBaseline.accept(module, out);
    assertThat(verify().hasChanges()).isFalse();
  }

  @Test
  void removedFieldFailsUntilAccepted() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.field-removed.md");
    refresh();

    assertThatThrownBy(this::verify)
        .isInstanceOf(SpecBaseline.BreakingChangeException.class)
        .hasMessageContaining("- externalId: string")
        .hasMessageContaining(SpecBaseline.ACCEPT_COMMAND);
    assertThatThrownBy(this::verify).as("it keeps failing until accepted")
        .isInstanceOf(SpecBaseline.BreakingChangeException.class);

    SpecBaseline.accept(module, out);
    assertThat(verify().hasChanges()).isFalse();
  }

  @Test
  void retypedFieldFailsUntilAccepted() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.type-changed.md");
    refresh();

    assertThatThrownBy(this::verify)
        .isInstanceOf(SpecBaseline.BreakingChangeException.class)
        .hasMessageContaining("~ leadId: type string -> integer/int64");

    SpecBaseline.accept(module, out);
    assertThat(verify().isBreaking()).isFalse();
  }

  @Test
  void newPageAddsAnOperationAndTheReportAsksForAFacadeMethod() throws Exception {
    FixtureSite.listPage(module, "v1-call-delete-calls.md  "
        + "https://developers.nlpearl.ai/api-reference/v1/call/delete-calls.md");
    site.serveFixture("/api-reference/v1/call/delete-calls.md", "v1-call-delete-calls.md");

    PageRefresher.Result refreshed = refresh();
    SpecChangeReport report = verify();

    assertThat(refreshed.pages()).containsEntry("v1-call-delete-calls.md",
        PageRefresher.Outcome.ADDED);
    assertThat(module.resolve("src/main/pages/v1-call-delete-calls.md")).exists();
    assertThat(report.isBreaking()).isFalse();
    assertThat(report.addedOperations()).containsExactly("deleteCalls");
    assertThat(report()).contains("+ DELETE /v1/Call (deleteCalls): new operation")
        .contains("add a facade method for it");
  }

  @Test
  void badPageStopsTheRoutineAtStepOneWithNothingChanged() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.optional-field.md");
    site.serveFixture(FixtureSite.UPDATE_LEAD, "v1-outbound-add-lead.no-fence.md");
    byte[] spec = Files.readAllBytes(module.resolve(SpecBaseline.MERGED));

    assertThatThrownBy(this::refresh)
        .hasMessageContaining("page v2-outbound-update-lead.md: no ````yaml fence");
    assertThat(Files.readAllBytes(module.resolve(SpecBaseline.MERGED))).isEqualTo(spec);
    assertThat(Files.readAllBytes(module.resolve("src/main/pages/v1-outbound-add-lead.md")))
        .isEqualTo(FixtureSite.vendored("v1-outbound-add-lead.md"));
    assertThat(verify().hasChanges()).isFalse();
  }
}
