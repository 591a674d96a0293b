package org.nlpearl4j.sandbox.internal;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Checks requests and responses against the vendored spec with Atlassian's
 * swagger-request-validator, and covers what that validator (2.46.x) misses on NLPearl's
 * fragments:
 *
 * <ul>
 *   <li>the document-level bearer {@code security} and {@code nullable} beside {@code allOf}
 *       (fixed in the document by {@link SpecLoader});
 *   <li>{@code text/json} bodies, {@code text/plain} responses and media types matching
 *       {@code application/*+json} are not schema-checked by the validator (it only checks
 *       {@code application/json} and {@code application/...+json} bodies and compares declared
 *       media types literally): such bodies are checked as JSON against the operation's
 *       {@code application/json} schema;
 *   <li>a missing body passes the validator because neither page marks the body as required, yet
 *       Add Lead cannot work without {@code phoneNumber}: a missing body is a violation when the
 *       body schema has required members;
 *   <li>the validator matches paths without regard to case (as NLPearl's ASP.NET routes do); the
 *       contract is the spec's spelling, so a path whose fixed segments differ in case is a
 *       violation (the sandbox still answers it, like NLPearl).
 * </ul>
 */
public final class ContractChecker {
  /** Key of a request whose literal path segments differ in case from the spec's path. */
  public static final String PATH_CASE = "nlpearl4j.request.path.case";
  /** Key of a missing body where the body schema has required members. */
  public static final String BODY_MISSING = "nlpearl4j.request.body.missing";
  /** Key of a body sent without a Content-Type. */
  public static final String CONTENT_TYPE_MISSING = "nlpearl4j.request.contentType.missing";

  private static final String JSON = "application/json";

  private final OpenApiInteractionValidator validator;
  /**
   * The validator's JSON-schema engine (java-json-tools) takes one global lock per validation
   * (msg-simple's message source lookup); with many server threads the lock convoy cut throughput
   * by half or more. Letting at most one validation per core in keeps the lock uncontended.
   */
  private final Semaphore gate = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
  private final ObjectNode tree;
  private final List<Template> templates = new ArrayList<>();

  /** Builds a checker for a rewritten spec; this loads the validator (slow: about a second). */
  public ContractChecker(SpecLoader.Spec spec) {
    this.tree = spec.tree();
    this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec.json()).build();
    Iterator<Map.Entry<String, JsonNode>> paths = tree.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      templates.add(new Template(path.getKey(), path.getValue()));
    }
  }

  /** Is this key one about the bearer token (answered with 401, never escalated to 500 by strict mode)? */
  public static boolean isSecurity(String key) {
    return key.startsWith("validation.request.security.") || key.equals(Tokens.SHAPE_KEY);
  }

  /** Checks one request; {@code path} is the raw path without the query. */
  public List<Violation> checkRequest(
      String method, String path, @Nullable String query, Map<String, List<String>> headers, byte[] body) {
    List<Violation> found = new ArrayList<>();
    String upperMethod = method.toUpperCase(Locale.ROOT);
    Template template = match(path);
    JsonNode operation = template == null ? null : template.item.get(method.toLowerCase(Locale.ROOT));
    if (template != null && !template.matchesExactly(path)) {
      found.add(
          new Violation(
              true,
              upperMethod,
              path,
              null,
              PATH_CASE,
              "The path '" + path + "' differs in case from the spec's '" + template.path
                  + "'. NLPearl's routes ignore case, the contract does not."));
    }
    String contentType = header(headers, "Content-Type");
    if (operation != null && body.length == 0) {
      Set<String> required = requiredMembers(operation.path("requestBody"));
      if (!required.isEmpty()) {
        found.add(
            new Violation(
                true,
                upperMethod,
                path,
                null,
                BODY_MISSING,
                "The request has no body, but the body schema requires " + String.join(", ", required) + "."));
      }
    }
    if (body.length > 0 && contentType == null) {
      found.add(
          new Violation(
              true, upperMethod, path, null, CONTENT_TYPE_MISSING, "The request has a body but no Content-Type."));
    }
    Request.Method parsed = methodOf(upperMethod);
    if (parsed == null) {
      return found;
    }
    SimpleRequest.Builder request = new SimpleRequest.Builder(parsed, path);
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (!header.getKey().equalsIgnoreCase("Content-Type")) {
        request.withHeader(header.getKey(), header.getValue());
      }
    }
    if (contentType != null) {
      request.withContentType(
          operation == null
              ? contentType
              : asJsonIfDeclared(contentType, operation.path("requestBody").path("content"), false));
    }
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        request.withQueryParam(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    if (body.length > 0) {
      request.withBody(new String(body, StandardCharsets.UTF_8));
    }
    collect(validateRequest(request.build()), true, upperMethod, path, null, found);
    return found;
  }

  /** Checks one response to a request for {@code method} {@code path}. */
  public List<Violation> checkResponse(
      String method, String path, int status, @Nullable String contentType, byte[] body) {
    List<Violation> found = new ArrayList<>();
    String upperMethod = method.toUpperCase(Locale.ROOT);
    Template template = match(path);
    Request.Method parsed = methodOf(upperMethod);
    JsonNode operation = template == null ? null : template.item.get(method.toLowerCase(Locale.ROOT));
    if (operation == null || parsed == null) {
      return found;
    }
    JsonNode declared = operation.path("responses").get(Integer.toString(status));
    if (declared == null) {
      declared = operation.path("responses").get("default");
    }
    if (declared == null) {
      // 401, 404, 429, 5xx... are real NLPearl answers the vendored pages do not document.
      return found;
    }
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    if (contentType != null) {
      response.withContentType(asJsonIfDeclared(contentType, declared.path("content"), true));
    }
    if (body.length > 0) {
      response.withBody(new String(body, StandardCharsets.UTF_8));
    }
    collect(validateResponse(path, parsed, response.build()), false, upperMethod, path, status, found);
    return found;
  }

  private ValidationReport validateRequest(SimpleRequest request) {
    gate.acquireUninterruptibly();
    try {
      return validator.validateRequest(request);
    } finally {
      gate.release();
    }
  }

  private ValidationReport validateResponse(String path, Request.Method method, SimpleResponse response) {
    gate.acquireUninterruptibly();
    try {
      return validator.validateResponse(path, method, response);
    } finally {
      gate.release();
    }
  }

  private static void collect(
      ValidationReport report,
      boolean request,
      String method,
      String path,
      @Nullable Integer status,
      List<Violation> found) {
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() == ValidationReport.Level.ERROR) {
        flatten(message, request, method, path, status, found);
      }
    }
  }

  /**
   * Every body schema in the spec is wrapped in a one-element {@code allOf}, so the validator files
   * each schema problem under {@code ...schema.allOf} with the real one nested inside; report the
   * nested ones, whose keys say what is wrong ({@code additionalProperties}, {@code required}...).
   */
  private static void flatten(
      ValidationReport.Message message,
      boolean request,
      String method,
      String path,
      @Nullable Integer status,
      List<Violation> found) {
    if (message.getKey().endsWith(".schema.allOf") && !message.getNestedMessages().isEmpty()) {
      for (ValidationReport.Message nested : message.getNestedMessages()) {
        flatten(nested, request, method, path, status, found);
      }
      return;
    }
    StringBuilder text = new StringBuilder(message.getMessage());
    for (String info : message.getAdditionalInfo()) {
      text.append(" (").append(info).append(')');
    }
    found.add(new Violation(request, method, path, status, message.getKey(), text.toString()));
  }

  /**
   * The content type to show the validator: a JSON-family type the operation declares (text/json,
   * text/plain, or one matching a declared application/*+json) becomes application/json, which
   * the validator does schema-check and which NLPearl's pages declare with the same schema. On a
   * response, application/problem+json also counts as declared JSON: ASP.NET writes its problem
   * details with that type although Swashbuckle documents the 400 as application/json.
   */
  static String asJsonIfDeclared(String contentType, JsonNode content, boolean response) {
    if (!content.has(JSON)) {
      return contentType;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    String parameters = semicolon < 0 ? "" : contentType.substring(semicolon);
    boolean declared = content.has(mediaType);
    if (!declared && mediaType.startsWith("application/") && mediaType.endsWith("+json")) {
      declared = content.has("application/*+json");
    }
    if (!declared && response && mediaType.equals("application/problem+json")) {
      declared = true;
    }
    boolean jsonFamily =
        mediaType.equals(JSON)
            || mediaType.equals("text/json")
            || mediaType.equals("text/plain")
            || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    return declared && jsonFamily ? JSON + parameters : contentType;
  }

  /** Names the body schema requires, following $ref and allOf. */
  private Set<String> requiredMembers(JsonNode requestBody) {
    Set<String> names = new LinkedHashSet<>();
    JsonNode schema = requestBody.path("content").path(JSON).path("schema");
    addRequired(schema, names, 0);
    return names;
  }

  private void addRequired(JsonNode schema, Set<String> names, int depth) {
    if (depth > 8 || schema.isMissingNode()) {
      return;
    }
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/components/schemas/")) {
      addRequired(tree.path("components").path("schemas").path(ref.substring(21)), names, depth + 1);
    }
    for (JsonNode name : schema.path("required")) {
      names.add(name.asText());
    }
    for (JsonNode part : schema.path("allOf")) {
      addRequired(part, names, depth + 1);
    }
  }

  private @Nullable Template match(String path) {
    for (Template template : templates) {
      if (template.matches(path)) {
        return template;
      }
    }
    return null;
  }

  static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  private static Request.@Nullable Method methodOf(String method) {
    try {
      return Request.Method.valueOf(method);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One path of the spec, split into segments; {name} segments match anything non-empty. */
  private static final class Template {
    final String path;
    final String[] segments;
    final JsonNode item;

    Template(String path, JsonNode item) {
      this.path = path;
      this.segments = split(path);
      this.item = item;
    }

    boolean matches(String requestPath) {
      return compare(requestPath, false);
    }

    boolean matchesExactly(String requestPath) {
      return compare(requestPath, true);
    }

    private boolean compare(String requestPath, boolean exact) {
      String[] parts = split(requestPath);
      if (parts.length != segments.length) {
        return false;
      }
      for (int i = 0; i < parts.length; i++) {
        String segment = segments[i];
        if (segment.startsWith("{") && segment.endsWith("}")) {
          if (parts[i].isEmpty()) {
            return false;
          }
        } else if (exact ? !segment.equals(parts[i]) : !segment.equalsIgnoreCase(parts[i])) {
          return false;
        }
      }
      return true;
    }

    private static String[] split(String path) {
      String trimmed = path;
      while (trimmed.startsWith("/")) {
        trimmed = trimmed.substring(1);
      }
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
  }
}
