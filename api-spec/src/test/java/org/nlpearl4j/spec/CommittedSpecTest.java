package org.nlpearl4j.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The committed nlpearl.yaml is exactly what the vendored pages produce, and it is valid OpenAPI. */
class CommittedSpecTest {
  private static final Path MODULE = Paths.get("").toAbsolutePath();
  private static final Path COMMITTED = MODULE.resolve("src/main/openapi/nlpearl.yaml");

  @Test
  void committedSpecIsWhatThePagesProduce() throws IOException {
    String expected = SpecMerger.mergeModule(MODULE);
    String committed = new String(Files.readAllBytes(COMMITTED), StandardCharsets.UTF_8);
    assertThat(committed)
        .as("api-spec/src/main/openapi/nlpearl.yaml is out of date with the pages in "
            + "api-spec/src/main/pages/. Rewrite it with: " + SpecMerger.REWRITE_COMMAND)
        .isEqualTo(expected);
  }

  @Test
  void mergedSpecValidatesWithSwaggerParser() throws IOException {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIParser().readContents(
        new String(Files.readAllBytes(COMMITTED), StandardCharsets.UTF_8), null, options);

    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    OpenAPI api = result.getOpenAPI();
    assertThat(api.getInfo().getTitle()).isEqualTo("NLPearl Client API");
    assertThat(api.getServers()).hasSize(1);
    assertThat(api.getServers().get(0).getUrl()).isEqualTo("https://api.nlpearl.ai");
    assertThat(api.getSecurity()).hasSize(1);
    assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("bearer_auth");

    Operation add = api.getPaths().get("/v1/Outbound/{outboundId}/Lead").getPut();
    Operation update = api.getPaths().get("/v2/Outbound/{pearlId}/Lead/{leadId}").getPut();
    assertThat(add.getOperationId()).isEqualTo("addLead");
    assertThat(add.getExtensions()).containsEntry("x-nlpearl-page", "v1-outbound-add-lead.md");
    assertThat(update.getOperationId()).isEqualTo("updateLead");
    assertThat(update.getExtensions()).containsEntry("x-nlpearl-page", "v2-outbound-update-lead.md");
    assertThat(api.getComponents().getSchemas())
        .containsKeys("LeadToAddApi", "LeadToAddResponseApi", "LeadToUpdateApi", "LeadApiView",
            "ValidationProblemDetails", "eLeadStatusView", "eLeadStatusInputApi");
  }

  @Test
  void jarCarriesTheMergedSpecAsAResource() throws IOException {
    byte[] committed = Files.readAllBytes(COMMITTED);
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(NlPearlSpec.RESOURCE)) {
      assertThat(in).as("classpath resource " + NlPearlSpec.RESOURCE).isNotNull();
      assertThat(readAll(in)).isEqualTo(committed);
    }
    assertThat(NlPearlSpec.yaml()).isEqualTo(new String(committed, StandardCharsets.UTF_8));
  }

  @Test
  void vendoredPagesAreListedAndShippedByteForByte() throws IOException {
    PageList list = PageList.read(MODULE.resolve("pages.txt"));
    assertThat(list.entries()).extracting(PageList.Entry::file)
        .contains("v1-outbound-add-lead.md", "v2-outbound-update-lead.md");
    try (java.util.stream.Stream<Path> files = Files.list(MODULE.resolve("src/main/pages"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("every vendored page is listed in pages.txt, and every listed page is vendored")
          .containsExactlyInAnyOrderElementsOf(
              list.entries().stream().map(PageList.Entry::file).collect(
                  java.util.stream.Collectors.toList()));
    }
    for (PageList.Entry entry : list.entries()) {
      byte[] onDisk = Files.readAllBytes(MODULE.resolve("src/main/pages").resolve(entry.file()));
      try (InputStream in = getClass().getClassLoader()
          .getResourceAsStream("org/nlpearl4j/spec/pages/" + entry.file())) {
        assertThat(in).isNotNull();
        assertThat(readAll(in)).isEqualTo(onDisk);
      }
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
