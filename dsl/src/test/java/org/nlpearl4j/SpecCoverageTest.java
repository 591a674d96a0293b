package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.internal.SpecOperation;
import org.nlpearl4j.spec.NlPearlSpec;
import org.nlpearl4j.spec.SpecMerger;
import org.nlpearl4j.spec.SpecPage;
import org.yaml.snakeyaml.Yaml;

/**
 * Every operation of the merged NLPearl spec is reachable through the facade, or listed in
 * {@code not-exposed-operations.txt} with a reason. When NLPearl adds an operation (a new page in
 * {@code api-spec/pages.txt}), this fails and says which facade method to add.
 *
 * <p>A facade method counts when it is public, marked {@link SpecOperation} with the operationId,
 * and declared on a public type that {@link NlPearl}'s public methods lead to (e.g.
 * {@code NlPearl.outbound(id)} returns {@link OutboundCampaign}, whose {@code addLead} is marked
 * {@code @SpecOperation("addLead")}).
 */
class SpecCoverageTest {
  static final String NOT_EXPOSED_FILE =
      "dsl/src/test/resources/org/nlpearl4j/not-exposed-operations.txt";
  private static final String NOT_EXPOSED_RESOURCE = "org/nlpearl4j/not-exposed-operations.txt";
  private static final List<String> METHODS =
      Arrays.asList("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** One operation of the spec. */
  static final class SpecOp {
    final String id;
    final String method;
    final String path;
    final String page;

    SpecOp(String id, String method, String path, String page) {
      this.id = id;
      this.method = method;
      this.path = path;
      this.page = page;
    }

    @Override
    public String toString() {
      return "'" + id + "' (" + method.toUpperCase(Locale.ROOT) + " " + path
          + (page == null ? "" : ", page " + page) + ")";
    }
  }

  /** Reads the operations of a merged spec, in path order. */
  @SuppressWarnings("unchecked")
  static List<SpecOp> operations(Map<String, Object> spec) {
    List<SpecOp> ops = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
    for (Map.Entry<String, Object> path : new TreeMap<>(paths).entrySet()) {
      Map<String, Object> item = (Map<String, Object>) path.getValue();
      for (String method : METHODS) {
        Map<String, Object> operation = (Map<String, Object>) item.get(method);
        if (operation != null) {
          Object page = operation.get(SpecMerger.SOURCE_PAGE_EXTENSION);
          ops.add(new SpecOp(String.valueOf(operation.get("operationId")), method, path.getKey(),
              page == null ? null : String.valueOf(page)));
        }
      }
    }
    return ops;
  }

  /** The public types reachable from the entry point through public methods' return types. */
  static Set<Class<?>> facadeTypes(Class<?> entry) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    queue.add(entry);
    while (!queue.isEmpty()) {
      Class<?> type = queue.remove();
      if (!seen.add(type)) {
        continue;
      }
      Method[] methods = type.getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
      for (Method method : methods) {
        Class<?> next = method.getReturnType();
        if (next.getPackage() != null && next.getPackage().equals(entry.getPackage())
            && Modifier.isPublic(next.getModifiers()) && !seen.contains(next)) {
          queue.add(next);
        }
      }
    }
    return seen;
  }

  /** operationId to the facade methods marked with it, on the given types. */
  static Map<String, List<String>> markedMethods(Set<Class<?>> types) {
    Map<String, List<String>> marked = new TreeMap<>();
    for (Class<?> type : types) {
      Method[] methods = type.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
      for (Method method : methods) {
        SpecOperation mark = method.getAnnotation(SpecOperation.class);
        if (mark != null && Modifier.isPublic(method.getModifiers())) {
          marked.computeIfAbsent(mark.value(), k -> new ArrayList<>()).add(describe(method));
        }
      }
    }
    return marked;
  }

  private static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ")) + ")";
  }

  /** Parses the not-exposed list: operationId to reason. */
  static Map<String, String> parseNotExposed(String text, List<String> problems) {
    return parseReasons(NOT_EXPOSED_FILE, "<operationId>", key -> true, text, problems);
  }

  /**
   * Parses a list of {@code <key>  <reason>} lines, skipping blank lines and {@code #} comments;
   * shared with {@link FieldCoverage}'s not-exposed list.
   *
   * @param file the list's path, for the messages
   * @param keyForm how a key is written, for the messages
   * @param validKey whether a key has that form
   * @return key to reason; a line without a reason, with a key of another form, or with a key
   *     seen before adds a problem instead
   */
  static Map<String, String> parseReasons(String file, String keyForm, Predicate<String> validKey,
      String text, List<String> problems) {
    Map<String, String> entries = new LinkedHashMap<>();
    String[] lines = text.split("\\r?\\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\\s+", 2);
      if (cols.length < 2) {
        problems.add(file + " line " + (i + 1) + ": '" + line + "' gives no reason; "
            + "write '" + keyForm + "  <why it is not exposed>'");
      } else if (!validKey.test(cols[0])) {
        problems.add(file + " line " + (i + 1) + ": '" + cols[0] + "' is not " + keyForm);
      } else if (entries.put(cols[0], cols[1].trim()) != null) {
        problems.add(file + " line " + (i + 1) + ": " + cols[0] + " is listed twice");
      }
    }
    return entries;
  }

  /**
   * Checks a spec against the facade and the not-exposed list.
   *
   * @return one message per problem, each saying what to add or remove
   */
  static List<String> check(Map<String, Object> spec, Class<?> entry, String notExposedText) {
    List<String> problems = new ArrayList<>();
    Map<String, String> notExposed = parseNotExposed(notExposedText, problems);
    List<SpecOp> ops = operations(spec);
    Map<String, List<String>> marked = markedMethods(facadeTypes(entry));
    Map<String, SpecOp> byId = new LinkedHashMap<>();
    for (SpecOp op : ops) {
      byId.put(op.id, op);
    }
    for (SpecOp op : ops) {
      boolean exposed = marked.containsKey(op.id);
      boolean listed = notExposed.containsKey(op.id);
      if (!exposed && !listed) {
        problems.add("operation " + op + " is not reachable through the facade. Add a public "
            + "method for it " + whereToAdd(op, ops, marked, entry.getSimpleName())
            + ", marked @SpecOperation(\""
            + op.id + "\") (org.nlpearl4j.internal.SpecOperation); or, if it is deliberately not "
            + "exposed, add the line '" + op.id + "  <reason>' to " + NOT_EXPOSED_FILE + ".");
      } else if (exposed && listed) {
        problems.add("operation " + op + " is exposed by " + String.join(", ", marked.get(op.id))
            + " but also listed in " + NOT_EXPOSED_FILE + "; remove it from the list.");
      }
    }
    for (Map.Entry<String, List<String>> mark : marked.entrySet()) {
      if (!byId.containsKey(mark.getKey())) {
        problems.add(String.join(", ", mark.getValue()) + " is marked @SpecOperation(\""
            + mark.getKey() + "\") but the spec has no operation '" + mark.getKey() + "' (it was "
            + "renamed or removed); mark it with the new operationId, or remove the method.");
      }
    }
    for (String id : notExposed.keySet()) {
      if (!byId.containsKey(id)) {
        problems.add(NOT_EXPOSED_FILE + " lists '" + id + "' but the spec has no such operation; "
            + "remove the line.");
      }
    }
    return problems;
  }

  /** Suggests a home: next to the exposed operation sharing the longest path prefix. */
  private static String whereToAdd(
      SpecOp op, List<SpecOp> ops, Map<String, List<String>> marked, String entry) {
    List<String> segments = Arrays.asList(op.path.split("/"));
    SpecOp best = null;
    int bestShared = 0;
    for (SpecOp other : ops) {
      if (other == op || !marked.containsKey(other.id)) {
        continue;
      }
      List<String> otherSegments = Arrays.asList(other.path.split("/"));
      int shared = 0;
      while (shared < segments.size() && shared < otherSegments.size()
          && segments.get(shared).equals(otherSegments.get(shared))) {
        shared++;
      }
      if (shared > bestShared) {
        best = other;
        bestShared = shared;
      }
    }
    if (best != null && bestShared >= 3) {
      String host = marked.get(best.id).get(0);
      return "next to " + host + " (it serves " + best.method.toUpperCase(Locale.ROOT) + " "
          + best.path + "), e.g. " + host.substring(0, host.indexOf('.')) + "." + op.id + "(...)";
    }
    return "on a facade type that " + entry + " leads to (a new handle such as " + entry + "."
        + handleName(op.path) + "(...) returning a final class in org.nlpearl4j), e.g. "
        + entry + "." + handleName(op.path) + "(...)." + op.id + "(...)";
  }

  private static String handleName(String path) {
    for (String segment : path.split("/")) {
      if (!segment.isEmpty() && !segment.matches("v\\d+") && !segment.startsWith("{")) {
        return segment.substring(0, 1).toLowerCase(Locale.ROOT) + segment.substring(1);
      }
    }
    return "handle";
  }

  // ---------------------------------------------------------------------------------------------

  private static String notExposedText() throws IOException {
    try (InputStream in = SpecCoverageTest.class.getClassLoader()
        .getResourceAsStream(NOT_EXPOSED_RESOURCE)) {
      assertThat(in).as(NOT_EXPOSED_FILE + " on the test classpath").isNotNull();
      return new String(readAll(in), StandardCharsets.UTF_8);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static Map<String, Object> shippedSpec() {
    return new Yaml().load(NlPearlSpec.yaml());
  }

  /**
   * A page as NLPearl publishes it, cut down to what the guard reads: a title (the default
   * operationId) and a fence naming one operation that the fragment defines.
   */
  private static SpecPage page(String name, String title, String method, String path) {
    String text = "# " + title + "\n\n## OpenAPI\n\n"
        + "````yaml " + method + " " + path + "\n"
        + "openapi: 3.0.1\n"
        + "info:\n"
        + "  title: NLPearl Client API\n"
        + "  version: v1\n"
        + "servers:\n"
        + "  - url: https://api.nlpearl.ai\n"
        + "security:\n"
        + "  - bearer_auth: []\n"
        + "paths:\n"
        + "  " + path + ":\n"
        + "    " + method + ":\n"
        + "      summary: " + title + "\n"
        + "      responses:\n"
        + "        '200':\n"
        + "          description: OK\n"
        + "````\n";
    return SpecPage.parse(name, text);
  }

  /**
   * The two operations the facade serves today, as the scenarios' starting point. The scenarios
   * do not read the shipped spec, so they keep passing while a refresh has changed it (then only
   * the first test fails, and says what to add).
   */
  private static List<SpecPage> todaysPages() {
    return new ArrayList<>(Arrays.asList(
        page("v1-outbound-add-lead.md", "Add Lead", "put", "/v1/Outbound/{outboundId}/Lead"),
        page("v2-outbound-update-lead.md", "Update Lead", "put",
            "/v2/Outbound/{pearlId}/Lead/{leadId}")));
  }

  private static Map<String, Object> todaysSpec() {
    return SpecMerger.merge(todaysPages(), Collections.emptyMap());
  }

  /** Today's spec after a refresh vendored a new page: Delete Calls, DELETE /v1/Call. */
  private static Map<String, Object> specWithNewPage() {
    List<SpecPage> pages = todaysPages();
    pages.add(page("v1-call-delete-calls.md", "Delete Calls", "delete", "/v1/Call"));
    return SpecMerger.merge(pages, Collections.emptyMap());
  }

  @Test
  void everySpecOperationIsReachableThroughTheFacadeOrListedAsNotExposed() throws IOException {
    List<String> problems = check(shippedSpec(), NlPearl.class, notExposedText());

    assertThat(problems)
        .as("the facade against the spec's operations:\n  %s", String.join("\n  ", problems))
        .isEmpty();
  }

  @Test
  void theFacadeMarksTheOperationsItServes() {
    assertThat(markedMethods(facadeTypes(NlPearl.class)))
        .containsEntry("addLead",
            Arrays.asList("OutboundCampaign.addLead(Consumer)", "OutboundCampaign.addLead(NewLead)"))
        .containsEntry("updateLead",
            Arrays.asList("Pearl.updateLead(String, Consumer)", "Pearl.updateLead(String, LeadUpdate)"));
  }

  // The scenarios below run on a stand-in facade and on specs built from cut-down pages, so they
  // keep passing while a refresh or a facade change is under way; the first test is the guard.

  /** Stand-in for NlPearl: its handles lead to the marked methods. */
  public static final class FakeNlPearl {
    /** Returns a campaign handle. */
    public FakeCampaign outbound(String outboundId) {
      return new FakeCampaign();
    }

    /** Returns a Pearl handle. */
    public FakePearl pearl(String pearlId) {
      return new FakePearl();
    }
  }

  /** Stand-in for OutboundCampaign. */
  public static final class FakeCampaign {
    /** Marked like the real addLead. */
    @SpecOperation("addLead")
    public String addLead(String phoneNumber) {
      return phoneNumber;
    }
  }

  /** Stand-in for Pearl. */
  public static final class FakePearl {
    /** Marked like the real updateLead. */
    @SpecOperation("updateLead")
    public String updateLead(String leadId, String status) {
      return leadId + status;
    }
  }

  /** Not reachable from FakeNlPearl: its mark does not count. */
  public static final class Unreachable {
    /** Marked, but nothing leads here. */
    @SpecOperation("deleteCalls")
    public void deleteCalls() {}
  }

  @Test
  void aNewPageAddingAnOperationAsksForTheFacadeMethod() {
    List<String> problems = check(specWithNewPage(), FakeNlPearl.class, "");

    assertThat(problems).containsExactly("operation 'deleteCalls' (DELETE /v1/Call, page "
        + "v1-call-delete-calls.md) is not reachable through the facade. Add a public method for "
        + "it on a facade type that FakeNlPearl leads to (a new handle such as FakeNlPearl.call(...) "
        + "returning a final class in org.nlpearl4j), e.g. FakeNlPearl.call(...).deleteCalls(...), "
        + "marked @SpecOperation(\"deleteCalls\") (org.nlpearl4j.internal.SpecOperation); or, if "
        + "it is deliberately not exposed, add the line 'deleteCalls  <reason>' to "
        + NOT_EXPOSED_FILE + ".");
  }

  @Test
  void aNewOperationBesideAnExposedOneIsSuggestedNextToIt() {
    Map<String, Object> spec = todaysSpec();
    @SuppressWarnings("unchecked")
    Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
    Map<String, Object> get = new LinkedHashMap<>();
    get.put("operationId", "getLead");
    paths.put("/v2/Outbound/{pearlId}/Lead/{leadId}/Calls",
        Collections.singletonMap("get", get));

    assertThat(check(spec, FakeNlPearl.class, "")).singleElement().asString()
        .contains("operation 'getLead' (GET /v2/Outbound/{pearlId}/Lead/{leadId}/Calls)")
        .contains("next to FakePearl.updateLead(String, String) (it serves PUT "
            + "/v2/Outbound/{pearlId}/Lead/{leadId}), e.g. FakePearl.getLead(...)");
  }

  @Test
  void listingTheNewOperationAsNotExposedSatisfiesTheGuard() {
    String list = "deleteCalls  destructive; not offered yet\n";

    assertThat(check(specWithNewPage(), FakeNlPearl.class, list)).isEmpty();
  }

  @Test
  void aMarkOnATypeTheFacadeDoesNotLeadToDoesNotCount() {
    assertThat(facadeTypes(FakeNlPearl.class))
        .containsExactlyInAnyOrder(FakeNlPearl.class, FakeCampaign.class, FakePearl.class);
    assertThat(check(specWithNewPage(), FakeNlPearl.class, "")).singleElement().asString()
        .startsWith("operation 'deleteCalls' (DELETE /v1/Call, page v1-call-delete-calls.md) is "
            + "not reachable through the facade.");
  }

  @Test
  void aRenamedOperationFlagsTheStaleMarkAndTheMissingMethod() {
    Map<String, Object> spec = SpecMerger.merge(todaysPages(),
        Collections.singletonMap("v1-outbound-add-lead.md", "addOutboundLead"));

    List<String> problems = check(spec, FakeNlPearl.class, "");

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("operation 'addOutboundLead' (PUT "
        + "/v1/Outbound/{outboundId}/Lead, page v1-outbound-add-lead.md) is not reachable");
    assertThat(problems.get(1)).isEqualTo("FakeCampaign.addLead(String) is marked "
        + "@SpecOperation(\"addLead\") but the spec has no operation 'addLead' (it was renamed or "
        + "removed); mark it with the new operationId, or remove the method.");
  }

  @Test
  void theNotExposedListMustStayTrueAndGiveReasons() {
    String list = "# comment\n\naddLead  exposed anyway\nsearchLeads  gone\nupdateLead\n";

    assertThat(check(todaysSpec(), FakeNlPearl.class, list)).containsExactly(
        NOT_EXPOSED_FILE + " line 5: 'updateLead' gives no reason; write "
            + "'<operationId>  <why it is not exposed>'",
        "operation 'addLead' (PUT /v1/Outbound/{outboundId}/Lead, page v1-outbound-add-lead.md) "
            + "is exposed by FakeCampaign.addLead(String) but also listed in " + NOT_EXPOSED_FILE
            + "; remove it from the list.",
        NOT_EXPOSED_FILE + " lists 'searchLeads' but the spec has no such operation; remove the "
            + "line.");
  }
}
