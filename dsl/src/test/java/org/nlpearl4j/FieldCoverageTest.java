package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.spec.SpecMerger;
import org.nlpearl4j.spec.SpecPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.spec.NlPearlSpec;
import org.yaml.snakeyaml.Yaml;

/**
 * Every field of the bodies the facade sends and receives reaches users, or is listed in
 * {@code not-exposed-fields.txt} with a reason (see {@link FieldCoverage} for how it is checked).
 * When NLPearl adds a field, this fails and says which getter or setter to add, and where it is
 * mapped; the README routine "When NLPearl changes its API" shows the messages.
 *
 * <p>The first test is the guard, on the shipped spec and the real facade. The others rehearse it
 * on api-spec's fixture pages and on edited specs, so they keep passing while a refresh is under
 * way; a stand-in facade shows what the facade change the guard asks for does to it.
 */
class FieldCoverageTest {
  private static FieldCoverage.RealFacade facade;

  @BeforeAll
  static void start() throws IOException {
    facade = new FieldCoverage.RealFacade();
  }

  @AfterAll
  static void stop() {
    facade.close();
  }

  static String notExposedText() throws IOException {
    try (InputStream in = FieldCoverageTest.class.getClassLoader()
        .getResourceAsStream(FieldCoverage.NOT_EXPOSED_RESOURCE)) {
      assertThat(in).as(FieldCoverage.NOT_EXPOSED_FILE + " on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, Object> shippedSpec() {
    return new Yaml().load(NlPearlSpec.yaml());
  }

  @Test
  void everyFieldOfTheExposedOperationsReachesUsersOrIsListedAsNotExposed() throws Exception {
    List<String> problems = FieldCoverage.check(shippedSpec(), facade, notExposedText());

    assertThat(problems)
        .as("the facade against the spec's fields:\n  %s", String.join("\n  ", problems))
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The rehearsal: the fixture pages of the README routine "When NLPearl changes its API". They
  // live with the api-spec tests (whose RegenerationRoutineTest shows the spec check calling each
  // change compatible, or breaking); this test reads them from the source tree.

  private static final Path FIXTURES = fixtures();

  /** api-spec's fixture folder, from the dsl module (as Maven runs tests) or the repository root. */
  private static Path fixtures() {
    Path fromModule = Paths.get("..", "api-spec", "src", "test", "resources", "org", "nlpearl4j",
        "spec", "fixtures");
    return java.nio.file.Files.isDirectory(fromModule) ? fromModule
        : Paths.get("api-spec", "src", "test", "resources", "org", "nlpearl4j", "spec", "fixtures");
  }

  /** The frozen pages of the fixture module, with {@code fixture} in place of its namesake. */
  private static Map<String, Object> fixtureSpec(@Nullable String fixture) throws IOException {
    assertThat(FIXTURES).as("api-spec's fixture pages, read from the source tree").isDirectory();
    List<SpecPage> pages = new ArrayList<>();
    for (String page : List.of("v1-outbound-add-lead.md", "v2-outbound-update-lead.md")) {
      boolean replaced = fixture != null && fixture.startsWith(page.replace(".md", "."));
      pages.add(SpecPage.read(replaced ? FIXTURES.resolve(fixture)
          : FIXTURES.resolve("module/pages").resolve(page)));
    }
    return SpecMerger.merge(pages, Map.of());
  }

  private static final String SENTIMENT_MESSAGE = "LeadLastCallApiView.sentiment (string, "
      + "nullable) in the 200 response of updateLead does not reach users: no public getter "
      + "returns it. Add a getter to LastCall (e.g. LastCall.getSentiment()) and fill it in "
      + "Mapping.fromWire(LeadLastCallApiView); or, if it is deliberately not exposed, add the "
      + "line 'LeadLastCallApiView.sentiment  <reason>' to " + FieldCoverage.NOT_EXPOSED_FILE + ".";

  private static final String PRIORITY_MESSAGE = "LeadToAddApi.priority (integer/int32, "
      + "nullable, optional) in the request body of addLead cannot be sent: no builder setter "
      + "fills it. Add a setter to NewLead.Builder (e.g. NewLead.Builder.priority(...)) and write "
      + "it in Mapping.toWire(NewLead); or, if it is deliberately not exposed, add the line "
      + "'LeadToAddApi.priority  <reason>' to " + FieldCoverage.NOT_EXPOSED_FILE + ".";

  @Test
  void theFrozenFixtureModuleIsCoveredAsIs() throws Exception {
    assertThat(FieldCoverage.check(fixtureSpec(null), facade, "")).isEmpty();
  }

  /**
   * The facade after the change the guard asks for: the updated lead also carries the last
   * call's sentiment. It stands in for "LastCall gains getSentiment(), filled in Mapping", which
   * cannot be compiled here while the generated model has no sentiment.
   */
  static final class SentimentFacade implements FieldCoverage.Facade {
    @Override
    public Set<String> operations() {
      return facade.operations();
    }

    @Override
    public List<FieldCoverage.RequestProbe> requestProbes(String operationId) throws Exception {
      return facade.requestProbes(operationId);
    }

    @Override
    public FieldCoverage.Answer answer(String operationId, int status, String body)
        throws Exception {
      FieldCoverage.Answer answer = facade.answer(operationId, status, body);
      if (!(answer.value() instanceof Lead)) {
        return answer;
      }
      Map<?, ?> lastCall = (Map<?, ?>) ((Map<?, ?>) JSON.fromJson(body)).get("lastCall");
      Object sentiment = lastCall == null ? null : lastCall.get("sentiment");
      return new FieldCoverage.Answer(answer.root(), new LeadWithSentiment(
          (Lead) answer.value(), sentiment == null ? null : sentiment.toString()));
    }
  }

  /** What the stand-in hands over: the lead, and the sentiment beside it. */
  public static final class LeadWithSentiment {
    private final Lead lead;
    private final @Nullable String sentiment;

    LeadWithSentiment(Lead lead, @Nullable String sentiment) {
      this.lead = lead;
      this.sentiment = sentiment;
    }

    /** The lead as the facade maps it today. */
    public Lead getLead() {
      return lead;
    }

    /** The last call's sentiment. */
    public @Nullable String getLastCallSentiment() {
      return sentiment;
    }
  }

  /**
   * The facade after the request change the guard asks for: {@code NewLead.Builder.priority(int)}
   * writing {@code priority}. It adds the probe that setter would give to the real facade's.
   */
  static final class PriorityFacade implements FieldCoverage.Facade {
    @Override
    public Set<String> operations() {
      return facade.operations();
    }

    @Override
    public List<FieldCoverage.RequestProbe> requestProbes(String operationId) throws Exception {
      List<FieldCoverage.RequestProbe> probes = new ArrayList<>(facade.requestProbes(operationId));
      if (operationId.equals("addLead")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) probes.get(0).body());
        body.put("priority", 2.0);
        probes.add(new FieldCoverage.RequestProbe("NewLead.Builder.priority(int)",
            "NewLead.Builder", body, false));
      }
      return probes;
    }

    @Override
    public FieldCoverage.Answer answer(String operationId, int status, String body)
        throws Exception {
      return facade.answer(operationId, status, body);
    }
  }

  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  @Test
  void rehearsalNewResponseFieldFailsWithTheMessageUntilTheFacadeMapsIt() throws Exception {
    Map<String, Object> spec = fixtureSpec("v2-outbound-update-lead.sentiment.md");

    assertThat(FieldCoverage.check(spec, facade, notExposedText()))
        .containsExactly(SENTIMENT_MESSAGE);
    assertThat(FieldCoverage.check(spec, new SentimentFacade(), notExposedText()))
        .as("after the facade change").isEmpty();
    assertThat(FieldCoverage.check(spec, facade,
        "LeadLastCallApiView.sentiment  not offered until NLPearl documents its values\n"))
        .as("or after listing it").isEmpty();
  }

  @Test
  void rehearsalNewRequestFieldFailsWithTheMessageUntilABuilderSetsIt() throws Exception {
    Map<String, Object> spec = fixtureSpec("v1-outbound-add-lead.optional-field.md");

    assertThat(FieldCoverage.check(spec, facade, notExposedText()))
        .containsExactly(PRIORITY_MESSAGE);
    assertThat(FieldCoverage.check(spec, new PriorityFacade(), notExposedText()))
        .as("after the facade change").isEmpty();
    assertThat(FieldCoverage.check(spec, facade, "LeadToAddApi.priority  not offered yet\n"))
        .as("or after listing it").isEmpty();
  }

  @Test
  void rehearsalRetypedResponseFieldNamesTheResultToChange() throws Exception {
    Map<String, Object> spec = fixtureSpec("v1-outbound-add-lead.type-changed.md");

    // The mapping named last is where the facade reads the id today (Engine, at the time of
    // writing); the assertion leaves it open so that moving that code does not break the test.
    assertThat(FieldCoverage.check(spec, facade, notExposedText())).singleElement().asString()
        .startsWith("LeadToAddResponseApi.leadId is integer/int64, nullable in the spec (in the 200 "
            + "response of addLead) but reaches users as String through "
            + "OutboundCampaign.addLead(NewLead): change OutboundCampaign.addLead(NewLead) to "
            + "return an integer (e.g. Long), and ")
        .endsWith(" that fills it.");
  }

  /** The real facade, except that Mapping forgets the call summary and the external id. */
  static final class ForgetfulFacade implements FieldCoverage.Facade {
    @Override
    public Set<String> operations() {
      return facade.operations();
    }

    @Override
    public List<FieldCoverage.RequestProbe> requestProbes(String operationId) throws Exception {
      List<FieldCoverage.RequestProbe> probes = new ArrayList<>();
      for (FieldCoverage.RequestProbe probe : facade.requestProbes(operationId)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) probe.body());
        if (operationId.equals("addLead")) {
          body.remove("externalId");
        }
        probes.add(new FieldCoverage.RequestProbe(probe.setter(), probe.builder(), body,
            probe.base()));
      }
      return probes;
    }

    @Override
    public FieldCoverage.Answer answer(String operationId, int status, String body)
        throws Exception {
      FieldCoverage.Answer answer = facade.answer(operationId, status, body);
      if (answer.value() instanceof Lead lead && lead.getLastCall() != null) {
        return new FieldCoverage.Answer(answer.root(), lead.toBuilder()
            .lastCall(lead.getLastCall().toBuilder().summary(null).build()).build());
      }
      return answer;
    }
  }

  @Test
  void aFacadeThatDropsAFieldFailsTheGuard() throws Exception {
    assertThat(FieldCoverage.check(fixtureSpec(null), new ForgetfulFacade(), "")).containsExactly(
        "LeadToAddApi.externalId (string, nullable, optional) in the request body of addLead "
            + "cannot be sent: no builder setter fills it. Add a setter to NewLead.Builder (e.g. "
            + "NewLead.Builder.externalId(...)) and write it in Mapping.toWire(NewLead); or, if "
            + "it is deliberately not exposed, add the line 'LeadToAddApi.externalId  <reason>' "
            + "to " + FieldCoverage.NOT_EXPOSED_FILE + ".",
        "LeadLastCallApiView.summary (string, nullable) in the 200 response of updateLead does "
            + "not reach users: no public getter returns it. Add a getter to LastCall (e.g. "
            + "LastCall.getSummary()) and fill it in Mapping.fromWire(LeadLastCallApiView); or, "
            + "if it is deliberately not exposed, add the line 'LeadLastCallApiView.summary  "
            + "<reason>' to " + FieldCoverage.NOT_EXPOSED_FILE + ".");
  }

  // ---------------------------------------------------------------------------------------------
  // Changes inside a field

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schema(Map<String, Object> spec, String name) {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) spec
        .get("components")).get("schemas")).get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> property(Map<String, Object> spec, String schema,
      String name) {
    return (Map<String, Object>) ((Map<String, Object>) schema(spec, schema).get("properties"))
        .get(name);
  }

  /** One edit of the fixture spec and the one message the guard must give for it. */
  static Stream<Arguments> editsAndTheirMessages() {
    return Stream.of(
        Arguments.of("a new response code names the enum getter and mapping",
            (Consumer<Map<String, Object>>) spec -> addCode(spec, "eLeadStatusView",
                "`600 - Archived`"),
            "LeadApiView.status code "
            + "600 (Archived) in the 200 response of updateLead reaches users only as a number "
            + "through Lead.getStatusCode(): Lead.getStatus() answers LeadStatus.UNKNOWN. Add the "
            + "constant to LeadStatus (returned by Lead.getStatus(), filled in "
            + "Mapping.fromWire(LeadApiView))."),
        Arguments.of("a new request code names the setter and mapping",
            (Consumer<Map<String, Object>>) spec -> addCode(spec, "eLeadStatusInputApi",
                "`150 - Unreachable`"),
            "LeadToUpdateApi.status "
            + "code 150 (Unreachable) in the request body of updateLead cannot be sent: no value of "
            + "LeadUpdate.Builder.status(SettableLeadStatus) writes it. Add the constant to "
            + "SettableLeadStatus, and write its code in Mapping.toWire(LeadUpdate)."),
        Arguments.of("a response string retyped to integer names the getter and mapping",
            (Consumer<Map<String, Object>>) spec ->
                property(spec, "LeadLastCallApiView", "summary").put("type", "integer"),
            "LeadLastCallApiView.summary "
            + "is integer, nullable in the spec (in the 200 response of updateLead) but reaches users "
            + "as String through Lead.getLastCall().getSummary(): change LastCall.getSummary() to "
            + "return an integer (e.g. Long), and Mapping.fromWire(LeadLastCallApiView) that fills "
            + "it."),
        Arguments.of("a request string retyped to integer names the setter and mapping",
            (Consumer<Map<String, Object>>) spec ->
                property(spec, "LeadToAddApi", "externalId").put("type", "integer"),
            "LeadToAddApi.externalId "
            + "is integer, nullable, optional in the spec (in the request body of addLead) but "
            + "NewLead.Builder.externalId(String) sends a JSON string: change its parameter to take "
            + "an integer (e.g. Long), and Mapping.toWire(NewLead) that writes it."));
  }

  private static void addCode(Map<String, Object> spec, String enumSchema, String code) {
    Map<String, Object> codes = schema(spec, enumSchema);
    codes.put("description", codes.get("description") + "\n" + code + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("editsAndTheirMessages")
  void anEditedSpecNamesWhatToChange(String name, Consumer<Map<String, Object>> edit,
      String message) throws Exception {
    Map<String, Object> spec = fixtureSpec(null);
    edit.accept(spec);

    assertThat(FieldCoverage.check(spec, facade, "")).containsExactly(message);
  }

  // ---------------------------------------------------------------------------------------------
  // The walk

  @Test
  void theWalkGoesThroughRefsAllOfArraysAndMapsToEveryProperty() {
    Map<String, Object> spec = new Yaml().load(String.join("\n",
        "paths:",
        "  /v1/Thing:",
        "    put:",
        "      operationId: putThing",
        "      requestBody:",
        "        content:",
        "          application/json:",
        "            schema:",
        "              allOf:",
        "              - $ref: '#/components/schemas/Thing'",
        "              - properties:",
        "                  note: {type: string}",
        "      responses:",
        "        '200':",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/Thing'}",
        "        '500':",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/Ignored'}",
        "    get:",
        "      operationId: notExposed",
        "      responses:",
        "        '200':",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/Ignored'}",
        "components:",
        "  schemas:",
        "    Thing:",
        "      required: [parts]",
        "      properties:",
        "        parts: {type: array, items: {$ref: '#/components/schemas/Part'}}",
        "        byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Part'}}",
        "        when: {type: string, format: date-time, nullable: true}",
        "        next: {allOf: [{$ref: '#/components/schemas/Thing'}], nullable: true}",
        "    Part:",
        "      properties:",
        "        size: {type: integer, format: int64}",
        "    Ignored:",
        "      properties:",
        "        hidden: {type: string}",
        ""));

    List<FieldCoverage.Body> bodies = FieldCoverage.bodies(spec, Set.of("putThing"));

    assertThat(bodies).extracting(FieldCoverage.Body::where).containsExactly(
        "in the request body of putThing", "in the 200 response of putThing");
    assertThat(bodies.get(0).all()).extracting(f -> f.key() + ": " + f.describe(true))
        .containsExactly(
            "Thing.parts: array of Part, not nullable, required",
            "Part.size: integer/int64, not nullable, optional",
            "Thing.byName: map of Part, not nullable, optional",
            "Part.size: integer/int64, not nullable, optional",
            "Thing.when: string/date-time, nullable, optional",
            "Thing.next: Thing, nullable, optional",
            "(inline).note: string, not nullable, optional");
    assertThat(FieldCoverage.sentinelBody(bodies.get(1).fields())).isEqualTo("{\"parts\":[{\"size\":"
        + "900001}],\"byName\":{\"key-byName\":{\"size\":900002}},\"when\":"
        + "\"2001-09-09T04:46:40Z\",\"next\":{}}");
  }

  // ---------------------------------------------------------------------------------------------
  // The list

  @Test
  void theNotExposedListMustStayTrueAndGiveReasons() throws Exception {
    String list = "# comment\n\nLeadApiView.id  not for users\nLeadApiView.mood  gone\n"
        + "LeadApiView.phoneNumber\nLeadToAddApi.externalId  not sent\n";

    assertThat(FieldCoverage.check(fixtureSpec(null), facade, list)).containsExactlyInAnyOrder(
        FieldCoverage.NOT_EXPOSED_FILE + " line 5: 'LeadApiView.phoneNumber' gives no reason; write "
            + "'<Schema>.<property>  <why it is not exposed>'",
        "LeadApiView.id is listed in " + FieldCoverage.NOT_EXPOSED_FILE + " as not exposed, but it "
            + "reaches users through Lead.getId(); remove the line.",
        "LeadToAddApi.externalId is listed in " + FieldCoverage.NOT_EXPOSED_FILE + " as not "
            + "exposed, but NewLead.Builder.externalId(String) sends it; remove the line.",
        FieldCoverage.NOT_EXPOSED_FILE + " lists 'LeadApiView.mood' but no body of the facade's "
            + "operations has that property (it was renamed or removed); remove the line.");
  }

  @Test
  void aListedObjectPropertyCoversWhatItHolds() throws Exception {
    Map<String, Object> spec = fixtureSpec("v2-outbound-update-lead.sentiment.md");

    // sentiment, inside lastCall, is not reported; lastCall itself reaches users, so its line is
    // stale.
    assertThat(FieldCoverage.check(spec, facade, "LeadApiView.lastCall  hidden\n"))
        .containsExactly("LeadApiView.lastCall is listed in " + FieldCoverage.NOT_EXPOSED_FILE
            + " as not exposed, but it reaches users through LastCall.getId(); remove the line.");
  }

  @Test
  void theGuardSeesEachFieldThroughTheFacadeMethodThatCarriesIt() throws Exception {
    Map<String, String> mappedBy =
        FieldCoverage.analyse(shippedSpec(), facade, notExposedText()).mappedBy();

    assertThat(mappedBy)
        .containsEntry("LeadLastCallApiView.summary", "LastCall.getSummary()")
        .containsEntry("LeadLastCallApiView.duration", "LastCall.getDuration()")
        .containsEntry("AgentChatMessageApiView.startTime", "TranscriptMessage.getStartOffset()")
        .containsEntry("LeadApiView.created", "Lead.getCreated()")
        .containsEntry("LeadToAddResponseApi.leadId", "OutboundCampaign.addLead(NewLead)")
        .containsEntry("ValidationProblemDetails.errors", "ValidationProblem.getErrors()")
        .containsEntry("LeadToAddApi.timeZoneId", "NewLead.Builder.timeZoneId(String)")
        .containsEntry("LeadToUpdateApi.status", "LeadUpdate.Builder.status(SettableLeadStatus)");
  }
}
