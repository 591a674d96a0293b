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
      for (Method method : type.getMethods()) {
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
    Map<String, String> entries = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\\s+", 2);
      if (cols.length < 2) {
        problems.add(NOT_EXPOSED_FILE + " line " + (i + 1) + ": '" + line + "' gives no reason; "
            + "write '<operationId>  <why it is not exposed>'");
      } else if (entries.put(cols[0], cols[1].trim()) != null) {
        problems.add(NOT_EXPOSED_FILE + " line " + (i + 1) + ": " + cols[0] + " is listed twice");
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
            + "method for it " + whereToAdd(op, ops, marked) + ", marked @SpecOperation(\""
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
  private static String whereToAdd(SpecOp op, List<SpecOp> ops, Map<String, List<String>> marked) {
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
    return "on a facade type that NlPearl leads to (a new handle such as NlPearl."
        + handleName(op.path) + "(...) returning a final class in org.nlpearl4j), e.g. "
        + "NlPearl." + handleName(op.path) + "(...)." + op.id + "(...)";
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

  /** The vendored pages, read from the api-spec jar, named by the spec's x-nlpearl-page marks. */
  private static List<SpecPage> shippedPages() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (SpecOp op : operations(shippedSpec())) {
      names.add(op.page);
    }
    List<SpecPage> pages = new ArrayList<>();
    for (String name : names) {
      try (InputStream in = SpecCoverageTest.class.getClassLoader()
          .getResourceAsStream("org/nlpearl4j/spec/pages/" + name)) {
        assertThat(in).as("page " + name + " in the api-spec jar").isNotNull();
        pages.add(SpecPage.parse(name, new String(readAll(in), StandardCharsets.UTF_8)));
      }
    }
    return pages;
  }

  /** A new NLPearl page, as a refresh would vendor it: Delete Calls, DELETE /v1/Call. */
  private static SpecPage deleteCallsPage() {
    String text = "# Delete Calls\n\n> Deletes one or more calls\n\n## OpenAPI\n\n"
        + "````yaml delete /v1/Call\n"
        + "openapi: 3.0.1\n"
        + "info:\n"
        + "  title: NLPearl Client API\n"
        + "  description: A sample API that demonstrates features in the OpenAPI specification\n"
        + "  version: v1\n"
        + "servers:\n"
        + "  - url: https://api.nlpearl.ai\n"
        + "    description: Production Environement\n"
        + "security:\n"
        + "  - bearer_auth: []\n"
        + "paths:\n"
        + "  /v1/Call:\n"
        + "    delete:\n"
        + "      tags:\n"
        + "        - Call\n"
        + "      summary: Delete Calls\n"
        + "      responses:\n"
        + "        '200':\n"
        + "          description: Returns a boolean indicating if the deletion was successful.\n"
        + "````\n";
    return SpecPage.parse("v1-call-delete-calls.md", text);
  }

  private static Map<String, Object> specWithNewPage() throws IOException {
    List<SpecPage> pages = new ArrayList<>(shippedPages());
    pages.add(deleteCallsPage());
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
  void theFacadeMarksBothShippedOperations() {
    assertThat(markedMethods(facadeTypes(NlPearl.class))).containsOnlyKeys("addLead", "updateLead")
        .containsEntry("addLead",
            Arrays.asList("OutboundCampaign.addLead(Consumer)", "OutboundCampaign.addLead(NewLead)"))
        .containsEntry("updateLead",
            Arrays.asList("Pearl.updateLead(String, Consumer)", "Pearl.updateLead(String, LeadUpdate)"));
  }

  @Test
  void aNewPageAddingAnOperationAsksForTheFacadeMethod() throws IOException {
    List<String> problems = check(specWithNewPage(), NlPearl.class, notExposedText());

    assertThat(problems).containsExactly("operation 'deleteCalls' (DELETE /v1/Call, page "
        + "v1-call-delete-calls.md) is not reachable through the facade. Add a public method for "
        + "it on a facade type that NlPearl leads to (a new handle such as NlPearl.call(...) "
        + "returning a final class in org.nlpearl4j), e.g. NlPearl.call(...).deleteCalls(...), "
        + "marked @SpecOperation(\"deleteCalls\") (org.nlpearl4j.internal.SpecOperation); or, if "
        + "it is deliberately not exposed, add the line 'deleteCalls  <reason>' to "
        + NOT_EXPOSED_FILE + ".");
  }

  @Test
  void aNewOperationBesideAnExposedOneIsSuggestedNextToIt() throws IOException {
    Map<String, Object> spec = shippedSpec();
    @SuppressWarnings("unchecked")
    Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
    Map<String, Object> get = new LinkedHashMap<>();
    get.put("operationId", "getLead");
    paths.put("/v2/Outbound/{pearlId}/Lead/{leadId}/Calls",
        Collections.singletonMap("get", get));

    assertThat(check(spec, NlPearl.class, notExposedText())).singleElement().asString()
        .contains("operation 'getLead' (GET /v2/Outbound/{pearlId}/Lead/{leadId}/Calls)")
        .contains("next to Pearl.updateLead(String, Consumer) (it serves PUT "
            + "/v2/Outbound/{pearlId}/Lead/{leadId}), e.g. Pearl.getLead(...)");
  }

  @Test
  void listingTheNewOperationAsNotExposedSatisfiesTheGuard() throws IOException {
    String list = notExposedText() + "deleteCalls  destructive; not offered yet\n";

    assertThat(check(specWithNewPage(), NlPearl.class, list)).isEmpty();
  }

  @Test
  void aRenamedOperationFlagsTheStaleMarkAndTheMissingMethod() throws IOException {
    Map<String, Object> spec = SpecMerger.merge(shippedPages(),
        Collections.singletonMap("v1-outbound-add-lead.md", "addOutboundLead"));

    List<String> problems = check(spec, NlPearl.class, notExposedText());

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("operation 'addOutboundLead' (PUT "
        + "/v1/Outbound/{outboundId}/Lead, page v1-outbound-add-lead.md) is not reachable");
    assertThat(problems.get(1)).isEqualTo("OutboundCampaign.addLead(Consumer), "
        + "OutboundCampaign.addLead(NewLead) is marked @SpecOperation(\"addLead\") but the spec has "
        + "no operation 'addLead' (it was renamed or removed); mark it with the new operationId, or "
        + "remove the method.");
  }

  @Test
  void theNotExposedListMustStayTrueAndGiveReasons() throws IOException {
    String list = "# comment\n\naddLead  exposed anyway\nsearchLeads  gone\nupdateLead\n";

    assertThat(check(shippedSpec(), NlPearl.class, list)).containsExactly(
        NOT_EXPOSED_FILE + " line 5: 'updateLead' gives no reason; write "
            + "'<operationId>  <why it is not exposed>'",
        "operation 'addLead' (PUT /v1/Outbound/{outboundId}/Lead, page v1-outbound-add-lead.md) "
            + "is exposed by OutboundCampaign.addLead(Consumer), OutboundCampaign.addLead(NewLead) "
            + "but also listed in " + NOT_EXPOSED_FILE + "; remove it from the list.",
        NOT_EXPOSED_FILE + " lists 'searchLeads' but the spec has no such operation; remove the "
            + "line.");
  }
}
