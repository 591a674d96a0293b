package org.nlpearl4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut-page rule: a page marked {@code cut:<page>} in pages.txt keeps its fence up to its last
 * whole top-level key and takes its components from the named page; anything else fails by name.
 */
class CutPageTest {
  private static final Path PAGES = Paths.get("src/main/pages");
  private static final String LOOKUP = "v2-outbound-get-lead-via-external-id.md";
  private static final String UPDATE = "v2-outbound-update-lead.md";
  private static final String ADD = "v1-outbound-add-lead.md";
  private static final String LOOKUP_PATH = "/v2/Outbound/{pearlId}/Lead/External/{externalId}";
  private static final String LOOKUP_URL =
      "https://developers.nlpearl.ai/api-reference/v2/outbound/get-lead-via-external-id.md";

  @TempDir Path dir;

  private static String text(String name) throws IOException {
    return new String(Files.readAllBytes(PAGES.resolve(name)), StandardCharsets.UTF_8);
  }

  /** A stand-in for the page as a refresh would download it whole (a test-only construction). */
  private static String wholeLookup() throws IOException {
    String cut = text(LOOKUP);
    String update = text(UPDATE);
    String components = update.substring(update.indexOf("\ncomponents:\n") + 1,
        update.indexOf("````", update.indexOf("\ncomponents:\n")));
    return cut.substring(0, cut.indexOf("\ncomponents:\n") + 1) + components + "````\n";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> map, String... keys) {
    Map<String, Object> node = map;
    for (String key : keys) {
      node = (Map<String, Object>) node.get(key);
    }
    return node;
  }

  @Test
  void theVendoredPageIsCutInsideComponentsAndKeepsItsWholePaths() throws IOException {
    SpecPage page = SpecPage.parseCut(LOOKUP, text(LOOKUP));

    assertThat(page.isCut()).isTrue();
    assertThat(page.cutKey()).isEqualTo("components");
    assertThat(page.fragment()).containsOnlyKeys("openapi", "info", "servers", "security", "paths");
    assertThat(at(page.fragment(), "paths", LOOKUP_PATH, "get", "responses")).containsOnlyKeys(
        "200", "400");
    assertThat(page.defaultOperationId()).isEqualTo("getLeadViaExternalID");
  }

  @Test
  void aGoodCompletionTakesTheComponentsFromTheNamedPage() throws IOException {
    SpecPage update = SpecPage.parse(UPDATE, text(UPDATE));
    SpecPage lookup = SpecPage.parseCut(LOOKUP, text(LOOKUP));

    Map<String, Object> merged = SpecMerger.merge(Arrays.asList(update, lookup),
        Collections.emptyMap(), Collections.singletonMap(LOOKUP, UPDATE));

    Map<String, Object> get = at(merged, "paths", LOOKUP_PATH, "get");
    assertThat(get).containsEntry("operationId", "getLeadViaExternalID")
        .containsEntry(SpecMerger.SOURCE_PAGE_EXTENSION, LOOKUP)
        .containsEntry(SpecMerger.COMPLETED_BY_EXTENSION, UPDATE);
    assertThat(at(merged, "components", "schemas"))
        .isEqualTo(at(update.fragment(), "components", "schemas"));
  }

  @Test
  void theCompletedSpecMergesInPageOrderWithTheV1Page() throws IOException {
    Map<String, Object> merged = SpecMerger.merge(Arrays.asList(
            SpecPage.parse(ADD, text(ADD)), SpecPage.parse(UPDATE, text(UPDATE)),
            SpecPage.parseCut(LOOKUP, text(LOOKUP))),
        Collections.emptyMap(), Collections.singletonMap(LOOKUP, UPDATE));

    assertThat(at(merged, "paths")).containsKeys(LOOKUP_PATH, "/v1/Outbound/{outboundId}/Lead",
        "/v2/Outbound/{pearlId}/Lead/{leadId}");
    assertThat(at(merged, "components", "schemas")).containsKeys("LeadApiView",
        "ValidationProblemDetails", "LeadLastCallApiView", "eLeadStatusView");
  }

  @Test
  void aCutInsidePathsFailsNamingPageAndKey() throws IOException {
    String page = text(LOOKUP);
    String cutInPaths = page.substring(0, page.indexOf("      responses:"));

    assertThatThrownBy(() -> SpecPage.parseCut(LOOKUP, cutInPaths))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageStartingWith("page " + LOOKUP + ": the cut falls inside 'paths' (line ")
        .hasMessageContaining("only a page cut inside 'components' can be completed");
  }

  @Test
  void aRefTheCompletingPageDoesNotDefineFailsNamingPageAndKey() throws IOException {
    String page = text(LOOKUP).replaceFirst("LeadApiView'\n            application/json",
        "LeadLookupView'\n            application/json");
    SpecPage lookup = SpecPage.parseCut(LOOKUP, page);

    assertThatThrownBy(() -> SpecMerger.merge(
            Arrays.asList(SpecPage.parse(UPDATE, text(UPDATE)), lookup),
            Collections.emptyMap(), Collections.singletonMap(LOOKUP, UPDATE)))
        .isInstanceOf(SpecMergeException.class)
        .hasMessage("page " + LOOKUP + ": $ref '#/components/schemas/LeadLookupView' at 'paths."
            + LOOKUP_PATH + ".get.responses.200.content.text/plain.schema.$ref' is unresolved"
            + " (the completing page " + UPDATE + " does not define it)");
  }

  @Test
  void aCompletionFromAnotherApiVersionFails() throws IOException {
    assertThatThrownBy(() -> SpecMerger.merge(
            Arrays.asList(SpecPage.parse(ADD, text(ADD)), SpecPage.parseCut(LOOKUP, text(LOOKUP))),
            Collections.emptyMap(), Collections.singletonMap(LOOKUP, ADD)))
        .isInstanceOf(SpecMergeException.class)
        .hasMessage("page " + LOOKUP + " (API version v2) cannot be completed from " + ADD
            + " (API version v1)");
  }

  @Test
  void aCutPageWithoutMarkerFailsAndPointsAtTheMarker() throws IOException {
    assertThatThrownBy(() -> SpecPage.parse(LOOKUP, text(LOOKUP)))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("is never closed")
        .hasMessageContaining("cut:<page> marker in pages.txt");
  }

  @Test
  void aWholePageWithAStaleMarkerAsksToDropIt() throws IOException {
    SpecPage whole = SpecPage.parseCut(LOOKUP, wholeLookup());
    assertThat(whole.isCut()).isFalse();

    assertThatThrownBy(() -> SpecMerger.merge(
            Arrays.asList(SpecPage.parse(UPDATE, text(UPDATE)), whole),
            Collections.emptyMap(), Collections.singletonMap(LOOKUP, UPDATE)))
        .isInstanceOf(SpecMergeException.class)
        .hasMessage("page " + LOOKUP + " is whole now (its fence closes): drop 'cut:" + UPDATE
            + "' from its line in pages.txt");
  }

  @Test
  void pagesTxtReadsTheMarkerAndRefusesAMalformedOne() {
    PageList list = PageList.parse(UPDATE + " https://x.test/u.md\n"
        + LOOKUP + " https://x.test/l.md cut:" + UPDATE + "\n"
        + "a.md https://x.test/a.md addA cut:" + UPDATE + "\n");

    assertThat(list.entries().get(1).completedBy()).isEqualTo(UPDATE);
    assertThat(list.entries().get(1).operationId()).isNull();
    assertThat(list.entries().get(2).operationId()).isEqualTo("addA");
    assertThat(list.completions()).containsOnlyKeys(LOOKUP, "a.md");
    assertThatThrownBy(() -> PageList.parse("a.md https://x.test/a.md cut:a.md\n"))
        .hasMessageContaining("'cut:a.md' must name one other vendored page");
    assertThatThrownBy(() -> PageList.parse("a.md https://x.test/a.md cut:b.md cut:c.md\n"))
        .hasMessageContaining("must name one other vendored page");
  }

  /** The live module: pages.txt marks the page cut and the build completes it. */
  @Test
  void theModuleMarksTheLookupPageCutAndCompletesItFromUpdateLead() throws IOException {
    assertThat(PageList.read(Paths.get("pages.txt")).completions())
        .containsExactly(Map.entry(LOOKUP, UPDATE));
    assertThat(SpecMerger.mergeModule(Paths.get(".")))
        .contains("x-nlpearl-page: " + LOOKUP + "\n      "
            + SpecMerger.COMPLETED_BY_EXTENSION + ": " + UPDATE + "\n");
  }

  /** Refresh gets the page whole: it replaces the cut copy, and the build asks to drop the marker. */
  @Test
  void refreshReplacesTheCutPageWithAWholeOneAndTheBuildAsksToDropTheMarker() throws Exception {
    Path module = FixtureSite.copyModule(dir);
    Files.write(module.resolve("src/main/pages").resolve(LOOKUP),
        Files.readAllBytes(PAGES.resolve(LOOKUP)));
    FixtureSite.listPage(module, LOOKUP + "  " + LOOKUP_URL + "  cut:" + UPDATE);
    assertThat(SpecMerger.mergeModule(module)).contains(LOOKUP_PATH);
    String whole = wholeLookup();
    try (FixtureSite site = FixtureSite.start()) {
      site.serve("/api-reference/v2/outbound/get-lead-via-external-id.md",
          Files.readAllBytes(PAGES.resolve(LOOKUP)));
      PageRefresher.Result stillCut = PageRefresher.create(module, site.base()).refresh();
      assertThat(stillCut.pages()).containsEntry(LOOKUP, PageRefresher.Outcome.UNCHANGED);
      assertThat(stillCut.wholeAgain()).isEmpty();

      site.serve("/api-reference/v2/outbound/get-lead-via-external-id.md",
          whole.getBytes(StandardCharsets.UTF_8));
      PageRefresher.Result result = PageRefresher.create(module, site.base()).refresh();

      assertThat(result.pages()).containsEntry(LOOKUP, PageRefresher.Outcome.UPDATED);
      assertThat(result.wholeAgain()).containsExactly(LOOKUP);
    }
    assertThat(new String(Files.readAllBytes(module.resolve("src/main/pages").resolve(LOOKUP)),
        StandardCharsets.UTF_8)).isEqualTo(whole);
    assertThatThrownBy(() -> SpecMerger.mergeModule(module))
        .isInstanceOf(SpecMergeException.class)
        .hasMessage("page " + LOOKUP + " is whole now (its fence closes): drop 'cut:" + UPDATE
            + "' from its line in pages.txt");

    Path list = module.resolve("pages.txt");
    String text = new String(Files.readAllBytes(list), StandardCharsets.UTF_8);
    Files.write(list, text.replace("  cut:" + UPDATE, "").getBytes(StandardCharsets.UTF_8));
    assertThat(SpecMerger.mergeModule(module)).contains(LOOKUP_PATH)
        .doesNotContain(SpecMerger.COMPLETED_BY_EXTENSION);
  }
}
