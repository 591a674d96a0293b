package org.nlpearl4j.spec.tools;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedApiResponse;
import org.openapitools.openapidiff.core.model.ChangedContent;
import org.openapitools.openapidiff.core.model.ChangedMediaType;
import org.openapitools.openapidiff.core.model.ChangedMetadata;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedParameter;
import org.openapitools.openapidiff.core.model.ChangedParameters;
import org.openapitools.openapidiff.core.model.ChangedRequestBody;
import org.openapitools.openapidiff.core.model.ChangedResponse;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.Endpoint;

/**
 * What changed between the accepted baseline spec and the merged spec, as openapi-diff sees it,
 * rendered for a person and rated for this binding.
 *
 * <p>A change is <em>breaking</em> when openapi-diff rates it backward incompatible, or when it
 * would break the generated client or the facade even though the wire stays compatible: an
 * operation, parameter, property or media type that disappears, a type or format that changes
 * (it changes a Java type), an operationId that changes (it renames a Java method), an enum value
 * that disappears, or something new that a request must now carry.
 *
 * <pre>{@code
 * SpecChangeReport report = SpecChangeReport.compare(baselineYaml, mergedYaml);
 * System.out.println(report.render("baseline/nlpearl.yaml"));
 * if (report.isBreaking()) { ... }
 * }</pre>
 */
public final class SpecChangeReport {
  private static final String BREAKING = "BREAKING";
  private static final int WIDTH = 78;
  private static final String NOT_EXPOSED =
      "dsl/src/test/resources/org/nlpearl4j/not-exposed-operations.txt";

  /** One line of the report. */
  private static final class Line {
    final int indent;
    final String text;
    final boolean breaking;

    Line(int indent, String text, boolean breaking) {
      this.indent = indent;
      this.text = text;
      this.breaking = breaking;
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private final List<String> addedOperations = new ArrayList<>();
  private final List<String> removedOperations = new ArrayList<>();
  private final boolean different;
  private final boolean incompatibleByOpenApiDiff;

  private SpecChangeReport(ChangedOpenApi diff) {
    this.different = diff.isDifferent();
    this.incompatibleByOpenApiDiff = diff.isIncompatible();
    build(diff);
  }

  /**
   * Compares two OpenAPI documents given as YAML text.
   *
   * @param baselineYaml the last accepted spec
   * @param currentYaml the spec merged from the vendored pages
   * @return the report
   * @throws IllegalArgumentException if either document cannot be parsed
   */
  public static SpecChangeReport compare(String baselineYaml, String currentYaml) {
    Objects.requireNonNull(baselineYaml, "baselineYaml");
    Objects.requireNonNull(currentYaml, "currentYaml");
    ChangedOpenApi diff;
    try {
      diff = OpenApiCompare.fromContents(baselineYaml, currentYaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("openapi-diff cannot read the specs: " + e.getMessage(), e);
    }
    return new SpecChangeReport(diff);
  }

  /**
   * Tells whether the two specs differ in anything openapi-diff compares.
   *
   * @return true if there is something to report
   */
  public boolean hasChanges() {
    return different || !lines.isEmpty();
  }

  /**
   * Tells whether any change is breaking for the binding (see the class comment).
   *
   * @return true if accepting the change needs a deliberate decision
   */
  public boolean isBreaking() {
    return incompatibleByOpenApiDiff || !breakingChanges().isEmpty();
  }

  /**
   * Returns the breaking lines of the report, each with its context, e.g.
   * {@code PUT /v1/Outbound/{outboundId}/Lead (addLead) > response 200 > - leadId: string}.
   *
   * @return the breaking changes, in report order
   */
  public List<String> breakingChanges() {
    List<String> out = new ArrayList<>();
    List<String> context = new ArrayList<>();
    for (Line line : lines) {
      while (context.size() > line.indent) {
        context.remove(context.size() - 1);
      }
      if (line.breaking) {
        List<String> path = new ArrayList<>(context);
        path.add(line.text);
        out.add(String.join(" > ", path));
      }
      context.add(line.text);
    }
    return out;
  }

  /**
   * Returns the operationIds of operations that are new in the merged spec.
   *
   * @return operationIds, in report order
   */
  public List<String> addedOperations() {
    return Collections.unmodifiableList(addedOperations);
  }

  /**
   * Returns the operationIds of operations that the merged spec no longer has.
   *
   * @return operationIds, in report order
   */
  public List<String> removedOperations() {
    return Collections.unmodifiableList(removedOperations);
  }

  /**
   * Renders the report as plain text: one line per change, {@code +} added, {@code -} removed,
   * {@code ~} changed, breaking ones marked {@code BREAKING}, and a result line at the end.
   *
   * @param baselineName how to name the baseline in the heading
   * @return the report, ending with a newline
   */
  public String render(String baselineName) {
    StringBuilder out = new StringBuilder();
    out.append("NLPearl API changes against the accepted baseline ").append(baselineName).append('\n');
    if (!hasChanges()) {
      out.append("  no changes\n");
      return out.toString();
    }
    for (Line line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i <= line.indent; i++) {
        text.append("  ");
      }
      text.append(line.text);
      if (line.breaking) {
        int pad = Math.max(2, WIDTH - text.length() - BREAKING.length());
        for (int i = 0; i < pad; i++) {
          text.append(' ');
        }
        text.append(BREAKING);
      }
      out.append(text).append('\n');
    }
    if (lines.isEmpty()) {
      out.append("  only metadata changed (descriptions, examples or extensions)\n");
    }
    int breaking = breakingChanges().size();
    if (isBreaking()) {
      out.append("Result: BREAKING (")
          .append(breaking == 0 ? "openapi-diff rates the change incompatible"
              : breaking + (breaking == 1 ? " breaking change" : " breaking changes"))
          .append(")\n");
    } else {
      out.append("Result: compatible (nothing removed or retyped)\n");
    }
    return out.toString();
  }

  private void build(ChangedOpenApi diff) {
    for (Endpoint endpoint : diff.getNewEndpoints()) {
      String id = operationId(endpoint.getOperation());
      addedOperations.add(id);
      add(0, "+ " + endpointName(endpoint.getMethod().name(), endpoint.getPathUrl(), id)
          + ": new operation", false);
      add(1, "add a facade method for it, or list it in " + NOT_EXPOSED, false);
    }
    for (Endpoint endpoint : diff.getMissingEndpoints()) {
      String id = operationId(endpoint.getOperation());
      removedOperations.add(id);
      add(0, "- " + endpointName(endpoint.getMethod().name(), endpoint.getPathUrl(), id)
          + ": operation removed", true);
    }
    for (ChangedOperation operation : diff.getChangedOperations()) {
      int start = lines.size();
      operation(operation);
      String id = operationId(operation.getNewOperation());
      lines.add(start, new Line(0, "~ " + endpointName(operation.getHttpMethod().name(),
          operation.getPathUrl(), id), false));
      if (lines.size() == start + 1) {
        add(1, "~ documentation only (summary, description or examples)", false);
      }
    }
  }

  private void operation(ChangedOperation operation) {
    if (operation.getOperationId() != null && operation.getOperationId().isDifferent()) {
      add(1, "~ operationId " + operation.getOperationId().getLeft() + " -> "
          + operation.getOperationId().getRight() + " (renames the Java method)", true);
    }
    metadata(1, "summary", operation.getSummary());
    if (operation.isDeprecated()) {
      add(1, "~ now deprecated", false);
    }
    ChangedParameters parameters = operation.getParameters();
    if (parameters != null) {
      for (Parameter p : parameters.getIncreased()) {
        boolean required = Boolean.TRUE.equals(p.getRequired());
        add(1, "+ parameter " + p.getIn() + " " + p.getName() + ": "
            + describe(p.getSchema()) + (required ? ", required" : ", optional"), required);
      }
      for (Parameter p : parameters.getMissing()) {
        add(1, "- parameter " + p.getIn() + " " + p.getName(), true);
      }
      for (ChangedParameter p : parameters.getChanged()) {
        String where = "parameter " + p.getIn() + " " + p.getName();
        if (p.isChangeRequired()) {
          boolean now = p.getNewParameter() != null
              && Boolean.TRUE.equals(p.getNewParameter().getRequired());
          add(1, "~ " + where + ": now " + (now ? "required" : "optional"), now);
        }
        if (p.getSchema() != null) {
          schema(2, where, p.getSchema(), true, newVisited(), 1);
        }
      }
    }
    requestBody(operation.getRequestBody());
    responses(operation.getApiResponses());
  }

  private void requestBody(ChangedRequestBody body) {
    if (body == null) {
      return;
    }
    RequestBody before = body.getOldRequestBody();
    RequestBody after = body.getNewRequestBody();
    if (before == null && after != null) {
      boolean required = Boolean.TRUE.equals(after.getRequired());
      add(1, "+ request body" + (required ? ", required" : ""), required);
      return;
    }
    if (before != null && after == null) {
      add(1, "- request body", true);
      return;
    }
    if (body.isChangeRequired()) {
      boolean now = after != null && Boolean.TRUE.equals(after.getRequired());
      add(1, "~ request body: now " + (now ? "required" : "optional"), now);
    }
    content(1, "request body", body.getContent(), true);
  }

  private void responses(ChangedApiResponse responses) {
    if (responses == null) {
      return;
    }
    for (String status : responses.getIncreased().keySet()) {
      add(1, "+ response " + status, false);
    }
    for (String status : responses.getMissing().keySet()) {
      add(1, "- response " + status, true);
    }
    for (Map.Entry<String, ChangedResponse> changed : responses.getChanged().entrySet()) {
      ChangedResponse response = changed.getValue();
      metadata(1, "response " + changed.getKey() + " description", response.getDescription());
      content(1, "response " + changed.getKey(), response.getContent(), false);
    }
  }

  /**
   * Renders a request or response content change; media types whose schema changed the same way
   * are grouped, so three JSON media types with one schema give one block.
   */
  private void content(int indent, String label, ChangedContent content, boolean request) {
    if (content == null) {
      return;
    }
    for (String type : content.getIncreased().keySet()) {
      add(indent, "+ " + label + " media type " + type, false);
    }
    for (String type : content.getMissing().keySet()) {
      add(indent, "- " + label + " media type " + type, true);
    }
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    Map<List<String>, List<Line>> groupLines = new LinkedHashMap<>();
    for (Map.Entry<String, ChangedMediaType> media : content.getChanged().entrySet()) {
      ChangedSchema schema = media.getValue().getSchema();
      if (schema == null) {
        continue;
      }
      int start = lines.size();
      schema(indent + 1, "", schema, request, newVisited(), 0);
      List<Line> rendered = new ArrayList<>(lines.subList(start, lines.size()));
      lines.subList(start, lines.size()).clear();
      List<String> key = new ArrayList<>();
      for (Line line : rendered) {
        key.add(line.indent + (line.breaking ? "!" : " ") + line.text);
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(media.getKey());
      groupLines.put(key, rendered);
    }
    for (Map.Entry<List<String>, List<String>> group : groups.entrySet()) {
      List<Line> rendered = groupLines.get(group.getKey());
      if (rendered.isEmpty()) {
        continue;
      }
      add(indent, "~ " + label + " (" + String.join(", ", group.getValue()) + ")", false);
      lines.addAll(rendered);
    }
  }

  private void schema(int indent, String where, ChangedSchema changed, boolean request,
      Set<ChangedSchema> visited, int depth) {
    if (changed == null || !visited.add(changed) || depth > 12) {
      return;
    }
    String at = where.isEmpty() ? "(body)" : where;
    int start = lines.size();
    Schema<?> before = changed.getOldSchema();
    Schema<?> after = changed.getNewSchema();
    if (changed.isChangedType()) {
      add(indent, "~ " + at + ": type " + describe(before) + " -> " + describe(after), true);
    } else if (changed.isChangeFormat()) {
      add(indent, "~ " + at + ": format " + (before == null ? null : before.getFormat()) + " -> "
          + (after == null ? null : after.getFormat()), true);
    }
    if (changed.getNullable() != null && changed.getNullable().isDifferent()) {
      add(indent, "~ " + at + ": nullable " + changed.getNullable().getLeft() + " -> "
          + changed.getNullable().getRight(), changed.getNullable().isIncompatible());
    }
    if (changed.getEnumeration() != null && changed.getEnumeration().isDifferent()) {
      if (!changed.getEnumeration().getIncreased().isEmpty()) {
        add(indent, "~ " + at + ": enum values added " + changed.getEnumeration().getIncreased(),
            !request);
      }
      if (!changed.getEnumeration().getMissing().isEmpty()) {
        add(indent, "~ " + at + ": enum values removed " + changed.getEnumeration().getMissing(),
            true);
      }
    }
    if (changed.getRequired() != null && changed.getRequired().isDifferent()) {
      for (String name : changed.getRequired().getIncreased()) {
        if (after != null && after.getProperties() != null
            && before != null && before.getProperties() != null
            && before.getProperties().containsKey(name)) {
          add(indent, "~ " + join(where, name) + ": now required", request);
        }
      }
      for (String name : changed.getRequired().getMissing()) {
        if (after != null && after.getProperties() != null
            && after.getProperties().containsKey(name)) {
          add(indent, "~ " + join(where, name) + ": no longer required", !request);
        }
      }
    }
    for (Map.Entry<String, Schema<?>> property : changed.getIncreasedProperties().entrySet()) {
      boolean required = after != null && after.getRequired() != null
          && after.getRequired().contains(property.getKey());
      add(indent, "+ " + join(where, property.getKey()) + ": " + describe(property.getValue())
          + (required ? ", required" : ", optional"), required && request);
    }
    for (Map.Entry<String, Schema<?>> property : changed.getMissingProperties().entrySet()) {
      add(indent, "- " + join(where, property.getKey()) + ": " + describe(property.getValue()),
          true);
    }
    for (Map.Entry<String, ChangedSchema> property : changed.getChangedProperties().entrySet()) {
      schema(indent, join(where, property.getKey()), property.getValue(), request, visited,
          depth + 1);
    }
    if (changed.getItems() != null) {
      schema(indent, at + "[]", changed.getItems(), request, visited, depth + 1);
    }
    if (changed.getAddProp() != null) {
      schema(indent, at + "{}", changed.getAddProp(), request, visited, depth + 1);
    }
    boolean ownLines = false;
    boolean ownBreaking = false;
    for (int i = start; i < lines.size(); i++) {
      ownLines = true;
      ownBreaking |= lines.get(i).breaking;
    }
    if (changed.isCoreChanged().isIncompatible() && !ownBreaking) {
      add(indent, "~ " + at + ": constraint changed incompatibly (length, range, pattern or "
          + "read/write-only)", true);
    } else if (!ownLines && changed.isCoreChanged().isDifferent()
        && !changed.isCoreChanged().isMetaChanged()) {
      add(indent, "~ " + at + ": constraint changed (length, range, pattern or default)", false);
    } else if (!ownLines && changed.getDescription() != null
        && changed.getDescription().isDifferent()) {
      add(indent, "~ " + at + ": description changed", false);
    }
  }

  private void metadata(int indent, String what, ChangedMetadata metadata) {
    if (metadata != null && metadata.isDifferent()) {
      add(indent, "~ " + what + ": \"" + oneLine(metadata.getLeft()) + "\" -> \""
          + oneLine(metadata.getRight()) + "\"", false);
    }
  }

  private void add(int indent, String text, boolean breaking) {
    lines.add(new Line(indent, text, breaking));
  }

  private static Set<ChangedSchema> newVisited() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private static String join(String where, String name) {
    return where.isEmpty() ? name : where + "." + name;
  }

  private static String endpointName(String method, String path, String operationId) {
    return method.toUpperCase(Locale.ROOT) + " " + path + " (" + operationId + ")";
  }

  private static String operationId(Operation operation) {
    return operation == null || operation.getOperationId() == null
        ? "no operationId" : operation.getOperationId();
  }

  private static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
  }

  /** A short human description of a schema: {@code string}, {@code integer/int32}, {@code LeadApiView}. */
  static String describe(Schema<?> schema) {
    if (schema == null) {
      return "nothing";
    }
    if (schema.get$ref() != null) {
      String ref = schema.get$ref();
      return ref.substring(ref.lastIndexOf('/') + 1);
    }
    if (schema.getAllOf() != null && schema.getAllOf().size() == 1) {
      return describe(schema.getAllOf().get(0));
    }
    String type = schema.getType();
    if (type == null && schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      type = String.join("|", schema.getTypes());
    }
    if (schema instanceof ArraySchema || "array".equals(type)) {
      return "array of " + describe(schema.getItems());
    }
    if ("object".equals(type) && schema.getProperties() == null
        && schema.getAdditionalProperties() instanceof Schema) {
      return "map of " + describe((Schema<?>) schema.getAdditionalProperties());
    }
    if (type == null) {
      return "any";
    }
    return schema.getFormat() == null ? type : type + "/" + schema.getFormat();
  }
}
