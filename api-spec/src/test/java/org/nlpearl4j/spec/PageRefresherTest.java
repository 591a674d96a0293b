package org.nlpearl4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refresh command against a loopback stand-in for the docs site. */
class PageRefresherTest {
  private static final String DELETE_CALLS = "/api-reference/v1/call/delete-calls.md";

  @TempDir Path dir;
  private Path module;
  private FixtureSite site;

  @BeforeEach
  void setUp() throws IOException {
    module = FixtureSite.copyModule(dir);
    site = FixtureSite.start();
  }

  @AfterEach
  void tearDown() {
    site.close();
  }

  private PageRefresher refresher() {
    return PageRefresher.create(module, site.base());
  }

  /** Every file under the scratch module with its bytes, to prove nothing was touched. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(module)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(file)) {
          files.put(module.relativize(file).toString(),
              new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }

  @Test
  void unchangedSiteLeavesEveryFileAsItWas() throws Exception {
    Map<String, String> before = snapshot();

    PageRefresher.Result result = refresher().refresh();

    assertThat(result.pages()).containsExactly(
        Map.entry("v1-outbound-add-lead.md", PageRefresher.Outcome.UNCHANGED),
        Map.entry("v2-outbound-update-lead.md", PageRefresher.Outcome.UNCHANGED));
    assertThat(result.specChanged()).isFalse();
    assertThat(snapshot()).isEqualTo(before);
    assertThat(site.requests()).containsExactly(
        "GET " + FixtureSite.ADD_LEAD, "GET " + FixtureSite.UPDATE_LEAD);
  }

  @Test
  void changedPageIsVendoredByteForByteAndTheSpecIsReMerged() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.optional-field.md");

    PageRefresher.Result result = refresher().refresh();

    assertThat(result.pages()).containsEntry("v1-outbound-add-lead.md", PageRefresher.Outcome.UPDATED)
        .containsEntry("v2-outbound-update-lead.md", PageRefresher.Outcome.UNCHANGED);
    assertThat(result.specChanged()).isTrue();
    assertThat(Files.readAllBytes(module.resolve("src/main/pages/v1-outbound-add-lead.md")))
        .isEqualTo(FixtureSite.fixture("v1-outbound-add-lead.optional-field.md"));
    String spec = Files.readString(module.resolve("src/main/openapi/nlpearl.yaml"));
    assertThat(spec).isEqualTo(SpecMerger.mergeModule(module)).contains("        priority:\n");
    assertThat(Files.readString(module.resolve("src/main/openapi/baseline/nlpearl.yaml")))
        .as("the refresh never touches the accepted baseline").doesNotContain("priority");
    try (Stream<Path> files = Files.list(module.resolve("src/main/pages"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left behind")
          .containsExactlyInAnyOrder("v1-outbound-add-lead.md", "v2-outbound-update-lead.md");
    }
  }

  @Test
  void pageWithoutFenceIsRefusedByNameAndNothingIsWritten() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.no-fence.md");
    site.serveFixture(FixtureSite.UPDATE_LEAD, "v1-outbound-add-lead.optional-field.md");
    Map<String, String> before = snapshot();

    assertThatThrownBy(() -> refresher().refresh())
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("no vendored file was changed")
        .hasMessageContaining("page v1-outbound-add-lead.md: no ````yaml fence")
        .hasMessageContaining(site.base().resolve(FixtureSite.ADD_LEAD.substring(1)).toString());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void pageWithBrokenYamlIsRefusedByNameAndNothingIsWritten() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.broken-yaml.md");
    Map<String, String> before = snapshot();

    assertThatThrownBy(() -> refresher().refresh())
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("page v1-outbound-add-lead.md: the OpenAPI fragment is not valid YAML");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void fenceNamingAMissingOperationIsRefusedBeforeWriting() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.wrong-fence.md");
    Map<String, String> before = snapshot();

    assertThatThrownBy(() -> refresher().refresh())
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("page v1-outbound-add-lead.md: the fence names PUT "
            + "/v1/Outbound/{outboundId}/Leads but the fragment does not define that operation");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void everyFailingPageIsNamedInOneError() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.broken-yaml.md");
    site.remove(FixtureSite.UPDATE_LEAD);
    Map<String, String> before = snapshot();

    assertThatThrownBy(() -> refresher().refresh())
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("page v1-outbound-add-lead.md: the OpenAPI fragment is not valid YAML")
        .hasMessageContaining("page v2-outbound-update-lead.md ("
            + site.base().resolve(FixtureSite.UPDATE_LEAD.substring(1)) + "): download failed: HTTP 404");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void unreachableSiteIsADownloadErrorNamingThePage() throws Exception {
    URI closed = site.base();
    site.close();
    Map<String, String> before = snapshot();

    assertThatThrownBy(() -> PageRefresher.create(module, closed).refresh())
        .isInstanceOf(SpecMergeException.class)
        .hasMessageContaining("page v1-outbound-add-lead.md (" + closed)
        .hasMessageContaining("download failed");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void newlyListedPageIsAddedAndItsOperationMerged() throws Exception {
    FixtureSite.listPage(module,
        "v1-call-delete-calls.md  https://developers.nlpearl.ai" + DELETE_CALLS);
    site.serveFixture(DELETE_CALLS, "v1-call-delete-calls.md");

    PageRefresher.Result result = refresher().refresh();

    assertThat(result.pages()).containsEntry("v1-call-delete-calls.md", PageRefresher.Outcome.ADDED);
    String spec = Files.readString(module.resolve("src/main/openapi/nlpearl.yaml"));
    assertThat(spec).contains("  /v1/Call:\n    delete:\n      operationId: deleteCalls\n")
        .contains("    DeleteCallsRequestApi:\n");
  }

  @Test
  void baseUrlKeepsThePathOfEachListedUrl() {
    PageList.Entry entry = PageList.parse(
        "a.md https://developers.nlpearl.ai/api-reference/v1/outbound/add-lead.md").entries().get(0);

    assertThat(PageRefresher.create(module, URI.create("http://127.0.0.1:9/mirror")).sourceOf(entry))
        .hasToString("http://127.0.0.1:9/mirror/api-reference/v1/outbound/add-lead.md");
    assertThat(PageRefresher.create(module, null).sourceOf(entry))
        .hasToString("https://developers.nlpearl.ai/api-reference/v1/outbound/add-lead.md");
  }

  @Test
  void commandLineTakesTheModuleAndBaseAndSaysWhatItDid() throws Exception {
    site.serveFixture(FixtureSite.ADD_LEAD, "v1-outbound-add-lead.optional-field.md");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      PageRefresher.main(new String[] {module.toString(), "--base", site.base().toString()});
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("updated  v1-outbound-add-lead.md")
        .contains("unchanged  v2-outbound-update-lead.md")
        .contains("rewrote ")
        .contains("./mvnw -B -pl api-spec verify");
  }
}
