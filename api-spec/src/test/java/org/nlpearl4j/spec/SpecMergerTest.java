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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge rules, played on the vendored pages and on variants of them. */
class SpecMergerTest {
  private static final Path PAGES = Paths.get("src/main/pages");

  private static String page(String name) throws IOException {
    return new String(Files.readAllBytes(PAGES.resolve(name)), StandardCharsets.UTF_8);
  }

  private static SpecPage addLead() throws IOException {
    return SpecPage.parse("v1-outbound-add-lead.md", page("v1-outbound-add-lead.md"));
  }

  private static SpecPage updateLead() throws IOException {
    return SpecPage.parse("v2-outbound-update-lead.md", page("v2-outbound-update-lead.md"));
  }

  @Test
  void pageFenceHeaderAndTitleAreRead() throws IOException {
    SpecPage page = addLead();
    assertThat(page.title()).isEqualTo("Add Lead");
    assertThat(page.method()).isEqualTo("put");
    assertThat(page.path()).isEqualTo("/v1/Outbound/{outboundId}/Lead");
    assertThat(page.defaultOperationId()).isEqualTo("addLead");
    assertThat(updateLead().defaultOperationId()).isEqualTo("updateLead");
  }

  @Test
  void sharedIdenticalSchemaIsKeptOnce() throws IOException {
    Map<String, Object> merged =
        SpecMerger.merge(Arrays.asList(addLead(), updateLead()), Collections.emptyMap());
    @SuppressWarnings("unchecked")
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) merged.get("components")).get("schemas");
    assertThat(schemas).containsKey("ValidationProblemDetails");
    assertThat(schemas.keySet()).doesNotHaveDuplicates();
    assertThat(((Map<?, ?>) merged.get("info")).get("version")).isEqualTo("v1, v2");
  }

  @Test
  void conflictingComponentFailsNamingTheSchemaAndBothPages() throws IOException {
    String changed = page("v2-outbound-update-lead.md").replaceFirst(
        "(?s)(    ValidationProblemDetails:.*?        type:\n          type: )string",
        "$1integer");
    assertThat(changed).isNotEqualTo(page("v2-outbound-update-lead.md"));
    SpecPage conflicting = SpecPage.parse("v2-outbound-update-lead.md", changed);

    assertThatThrownBy(() ->
            SpecMerger.merge(Arrays.asList(addLead(), conflicting), Collections.emptyMap()))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("'ValidationProblemDetails'")
        .hasMessageContaining("v1-outbound-add-lead.md")
        .hasMessageContaining("v2-outbound-update-lead.md");
  }

  @Test
  void samePathAndMethodOnTwoPagesFails() throws IOException {
    SpecPage copy = SpecPage.parse("v1-outbound-add-lead-copy.md", page("v1-outbound-add-lead.md"));
    assertThatThrownBy(() -> SpecMerger.merge(Arrays.asList(addLead(), copy),
            Collections.singletonMap("v1-outbound-add-lead-copy.md", "addLeadAgain")))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("PUT /v1/Outbound/{outboundId}/Lead")
        .hasMessageContaining("v1-outbound-add-lead.md")
        .hasMessageContaining("v1-outbound-add-lead-copy.md");
  }

  @Test
  void operationIdClashNamesBothPagesAndOverrideSettlesIt() throws IOException {
    String v2Add = page("v1-outbound-add-lead.md")
        .replace("/v1/Outbound/{outboundId}/Lead", "/v2/Outbound/{pearlId}/Lead")
        .replace("name: outboundId", "name: pearlId");
    SpecPage second = SpecPage.parse("v2-outbound-add-lead.md", v2Add);
    assertThatThrownBy(() ->
            SpecMerger.merge(Arrays.asList(addLead(), second), Collections.emptyMap()))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("operationId 'addLead'")
        .hasMessageContaining("v1-outbound-add-lead.md")
        .hasMessageContaining("v2-outbound-add-lead.md")
        .hasMessageContaining("pages.txt");

    Map<String, String> overrides = new HashMap<>();
    overrides.put("v2-outbound-add-lead.md", "addLeadToPearl");
    String yaml = SpecMerger.toYaml(SpecMerger.merge(Arrays.asList(addLead(), second), overrides));
    assertThat(yaml).contains("operationId: addLeadToPearl").contains("operationId: addLead\n");
  }

  @Test
  void mergeIsIndependentOfPageOrder() throws IOException {
    String once = SpecMerger.toYaml(
        SpecMerger.merge(Arrays.asList(addLead(), updateLead()), Collections.emptyMap()));
    String reversed = SpecMerger.toYaml(
        SpecMerger.merge(Arrays.asList(updateLead(), addLead()), Collections.emptyMap()));
    assertThat(once.replace("v1, v2", "VERSIONS"))
        .isEqualTo(reversed.replace("v2, v1", "VERSIONS"));
  }

  @Test
  void pageWithoutFenceIsNamed() {
    assertThatThrownBy(() -> SpecPage.parse("broken.md", "# Add Lead\n\nNo fragment here.\n"))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("broken.md")
        .hasMessageContaining("fence");
  }

  @Test
  void unclosedFenceIsNamed() throws IOException {
    String text = page("v1-outbound-add-lead.md");
    String unclosed = text.substring(0, text.lastIndexOf("````"));
    assertThatThrownBy(() -> SpecPage.parse("unclosed.md", unclosed))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("unclosed.md")
        .hasMessageContaining("never closed");
  }

  @Test
  void brokenYamlIsNamed() throws IOException {
    String broken = page("v1-outbound-add-lead.md").replace("paths:\n", "paths: [\n");
    assertThatThrownBy(() -> SpecPage.parse("broken-yaml.md", broken))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("broken-yaml.md")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void fenceNamingAnOperationTheFragmentLacksFails() throws IOException {
    String wrong = page("v1-outbound-add-lead.md")
        .replace("````yaml put /v1/Outbound/{outboundId}/Lead", "````yaml post /v1/Outbound/{outboundId}/Lead");
    SpecPage page = SpecPage.parse("wrong-fence.md", wrong);
    assertThatThrownBy(() ->
            SpecMerger.merge(Collections.singletonList(page), Collections.emptyMap()))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("wrong-fence.md")
        .hasMessageContaining("POST /v1/Outbound/{outboundId}/Lead");
  }

  @Test
  void differentServersFail() throws IOException {
    String other = page("v2-outbound-update-lead.md")
        .replace("https://api.nlpearl.ai", "https://staging.example.test");
    SpecPage page = SpecPage.parse("v2-outbound-update-lead.md", other);
    assertThatThrownBy(() ->
            SpecMerger.merge(Arrays.asList(addLead(), page), Collections.emptyMap()))
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("'servers'")
        .hasMessageContaining("v2-outbound-update-lead.md");
  }

  @Test
  void pageListParsesOverridesAndRejectsMalformedLines() {
    PageList list = PageList.parse("# c\n\na.md https://x.test/a.md\nb.md https://x.test/b.md addB\n");
    assertThat(list.entries()).hasSize(2);
    assertThat(list.entries().get(0).operationId()).isNull();
    assertThat(list.entries().get(1).operationId()).isEqualTo("addB");
    assertThatThrownBy(() -> PageList.parse("a.md\n"))
        .isInstanceOf(SpecMergeException.class).hasMessageContaining("line 1");
    assertThatThrownBy(() -> PageList.parse("a.md https://x/a.md\na.md https://x/a.md\n"))
        .isInstanceOf(SpecMergeException.class).hasMessageContaining("listed twice");
  }
}
