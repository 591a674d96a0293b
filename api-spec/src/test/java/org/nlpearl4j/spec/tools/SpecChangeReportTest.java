package org.nlpearl4j.spec.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.spec.FixtureSite;
import org.nlpearl4j.spec.SpecMerger;
import org.nlpearl4j.spec.SpecPage;

/** The change report and its breaking/compatible verdict, on specs merged from fixture pages. */
class SpecChangeReportTest {
  private static final String ADD = "v1-outbound-add-lead.md";
  private static final String UPDATE = "v2-outbound-update-lead.md";
  private static final String ADD_LEAD_OP = "~ PUT /v1/Outbound/{outboundId}/Lead (addLead)";
  private static final String UPDATE_LEAD_OP = "~ PUT /v2/Outbound/{pearlId}/Lead/{leadId} (updateLead)";
  private static final String REQUEST_JSON =
      "~ request body (application/json, text/json, application/*+json)";

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String merge(String addLead, String updateLead, String... extraFixtures) {
    List<SpecPage> pages = new ArrayList<>(List.of(
        SpecPage.parse(ADD, addLead), SpecPage.parse(UPDATE, updateLead)));
    for (String extra : extraFixtures) {
      pages.add(SpecPage.parse(extra, text(FixtureSite.fixture(extra))));
    }
    return SpecMerger.toYaml(SpecMerger.merge(pages, Collections.emptyMap()));
  }

  private static String vendoredAdd() {
    return text(FixtureSite.vendored(ADD));
  }

  private static String vendoredUpdate() {
    return text(FixtureSite.vendored(UPDATE));
  }

  private static String vendoredSpec() {
    return merge(vendoredAdd(), vendoredUpdate());
  }

  private static String specWithAddLead(String fixture) {
    return merge(text(FixtureSite.fixture(fixture)), vendoredUpdate());
  }

  private static String edit(String text, String from, String to) {
    assertThat(text).as("the edit's anchor").contains(from);
    return text.replace(from, to);
  }

  @Test
  void identicalSpecsReportNoChanges() {
    SpecChangeReport report = SpecChangeReport.compare(vendoredSpec(), vendoredSpec());

    assertThat(report.hasChanges()).isFalse();
    assertThat(report.isBreaking()).isFalse();
    assertThat(report.render("baseline.yaml")).isEqualTo(
        "NLPearl API changes against the accepted baseline baseline.yaml\n  no changes\n");
  }

  @Test
  void optionalFieldIsReportedAsAddedAndCompatible() {
    SpecChangeReport report = SpecChangeReport.compare(
        vendoredSpec(), specWithAddLead("v1-outbound-add-lead.optional-field.md"));

    assertThat(report.hasChanges()).isTrue();
    assertThat(report.isBreaking()).isFalse();
    assertThat(report.breakingChanges()).isEmpty();
    assertThat(report.render("baseline.yaml")).isEqualTo(
        "NLPearl API changes against the accepted baseline baseline.yaml\n"
            + "  " + ADD_LEAD_OP + "\n"
            + "    " + REQUEST_JSON + "\n"
            + "      + priority: integer/int32, optional\n"
            + "Result: compatible (nothing removed or retyped)\n");
  }

  @Test
  void removedRequestFieldIsBreakingForTheBinding() {
    SpecChangeReport report = SpecChangeReport.compare(
        vendoredSpec(), specWithAddLead("v1-outbound-add-lead.field-removed.md"));

    assertThat(report.isBreaking()).isTrue();
    assertThat(report.breakingChanges()).containsExactly(
        ADD_LEAD_OP + " > " + REQUEST_JSON + " > - externalId: string");
    assertThat(report.render("b")).contains("      - externalId: string ")
        .containsPattern("- externalId: string +BREAKING\n")
        .endsWith("Result: BREAKING (1 breaking change)\n");
  }

  @Test
  void retypedResponseFieldIsBreaking() {
    SpecChangeReport report = SpecChangeReport.compare(
        vendoredSpec(), specWithAddLead("v1-outbound-add-lead.type-changed.md"));

    assertThat(report.isBreaking()).isTrue();
    assertThat(report.breakingChanges()).containsExactly(ADD_LEAD_OP
        + " > ~ response 200 (text/plain, application/json, text/json)"
        + " > ~ leadId: type string -> integer/int64");
  }

  @Test
  void nestedResponseFieldRemovalNamesItsPath() {
    String update = edit(vendoredUpdate(),
        "        summary:\n          type: string\n          description: A summary of the conversation.\n"
            + "          nullable: true\n", "");

    SpecChangeReport report = SpecChangeReport.compare(vendoredSpec(), merge(vendoredAdd(), update));

    assertThat(report.isBreaking()).isTrue();
    assertThat(report.breakingChanges()).containsExactly(UPDATE_LEAD_OP
        + " > ~ response 200 (text/plain, application/json, text/json)"
        + " > - lastCall.summary: string");
  }

  @Test
  void newRequiredRequestFieldIsBreaking() {
    String add = edit(vendoredAdd(), "      required:\n        - phoneNumber\n",
        "      required:\n        - phoneNumber\n        - externalId\n");

    SpecChangeReport report = SpecChangeReport.compare(vendoredSpec(), merge(add, vendoredUpdate()));

    assertThat(report.isBreaking()).isTrue();
    assertThat(report.breakingChanges())
        .containsExactly(ADD_LEAD_OP + " > " + REQUEST_JSON + " > ~ externalId: now required");
  }

  @Test
  void newPageReportsANewOperationForTheFacade() {
    SpecChangeReport report = SpecChangeReport.compare(
        vendoredSpec(), merge(vendoredAdd(), vendoredUpdate(), "v1-call-delete-calls.md"));

    assertThat(report.isBreaking()).isFalse();
    assertThat(report.addedOperations()).containsExactly("deleteCalls");
    assertThat(report.render("b"))
        .contains("  + DELETE /v1/Call (deleteCalls): new operation\n")
        .contains("add a facade method for it, or list it in "
            + "dsl/src/test/resources/org/nlpearl4j/not-exposed-operations.txt");
  }

  @Test
  void removedOperationIsBreaking() {
    SpecChangeReport report = SpecChangeReport.compare(
        merge(vendoredAdd(), vendoredUpdate(), "v1-call-delete-calls.md"), vendoredSpec());

    assertThat(report.removedOperations()).containsExactly("deleteCalls");
    assertThat(report.breakingChanges())
        .containsExactly("- DELETE /v1/Call (deleteCalls): operation removed");
  }

  @Test
  void renamedOperationIdIsBreaking() {
    String add = edit(vendoredAdd(), "# Add Lead\n", "# Add Outbound Lead\n");

    SpecChangeReport report = SpecChangeReport.compare(vendoredSpec(), merge(add, vendoredUpdate()));

    assertThat(report.breakingChanges()).containsExactly("~ PUT /v1/Outbound/{outboundId}/Lead "
        + "(addOutboundLead) > ~ operationId addLead -> addOutboundLead (renames the Java method)");
  }

  @Test
  void documentationOnlyChangeIsCompatibleAndSaysSo() {
    String add = edit(vendoredAdd(), "description: The phone number of the lead.",
        "description: The lead's phone number in E.164 form.");

    SpecChangeReport report = SpecChangeReport.compare(vendoredSpec(), merge(add, vendoredUpdate()));

    assertThat(report.hasChanges()).isTrue();
    assertThat(report.isBreaking()).isFalse();
    assertThat(report.render("b")).contains("~ phoneNumber: description changed");
  }

  @Test
  void unreadableSpecIsAnErrorNotAVerdict() {
    assertThatThrownBy(() -> SpecChangeReport.compare(vendoredSpec(), "openapi: [unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openapi-diff cannot read the specs");
  }
}
