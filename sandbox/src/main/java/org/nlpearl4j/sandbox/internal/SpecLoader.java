package org.nlpearl4j.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Loads the vendored spec ({@code org/nlpearl4j/spec/nlpearl.yaml} from nlpearl4j-api-spec) and
 * rewrites the two constructs Atlassian's validator reads wrongly, so that it checks what the spec
 * means:
 *
 * <ul>
 *   <li>{@code nullable: true} beside a one-element {@code allOf: [$ref]} (Swashbuckle's way of
 *       documenting a nullable reference) is ignored by the validator, which then rejects a null
 *       {@code status} or {@code lastCall}. Each such schema is replaced by a copy of the
 *       referenced schema that carries {@code nullable: true} itself.
 *   <li>The document-level {@code security} requirement is not applied to operations by the
 *       validator; it is copied onto every operation that has none of its own.
 * </ul>
 */
public final class SpecLoader {
  /** Where nlpearl4j-api-spec puts the merged spec on the classpath. */
  public static final String RESOURCE = "org/nlpearl4j/spec/nlpearl.yaml";

  private static final String COMPONENT_PREFIX = "#/components/schemas/";

  private SpecLoader() {}

  /** The rewritten spec and what was changed. */
  public static final class Spec {
    private final ObjectNode tree;
    private final List<String> nullableRewrites;
    private final List<String> securityCopies;

    Spec(ObjectNode tree, List<String> nullableRewrites, List<String> securityCopies) {
      this.tree = tree;
      this.nullableRewrites = Collections.unmodifiableList(nullableRewrites);
      this.securityCopies = Collections.unmodifiableList(securityCopies);
    }

    /** The rewritten document. */
    public ObjectNode tree() {
      return tree;
    }

    /** JSON pointers of the schemas whose {@code nullable} was moved into an inlined copy. */
    public List<String> nullableRewrites() {
      return nullableRewrites;
    }

    /** {@code METHOD path} of the operations that received the document-level security. */
    public List<String> securityCopies() {
      return securityCopies;
    }

    /** The document as JSON text. */
    public String json() {
      return Json.text(tree);
    }
  }

  /** Reads the spec from the classpath. */
  public static String readRaw() {
    ClassLoader loader = SpecLoader.class.getClassLoader();
    @Nullable InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE);
    if (in == null) {
      in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
    }
    if (in == null) {
      throw new IllegalStateException(
          RESOURCE + " is not on the classpath; the sandbox needs org.nlpearl4j:nlpearl4j-api-spec");
    }
    try (InputStream stream = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = stream.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + RESOURCE, e);
    }
  }

  /** Loads and rewrites the vendored spec. */
  public static Spec load() {
    return rewrite(readRaw());
  }

  /** Parses a YAML or JSON OpenAPI 3.0 document and rewrites it as described on this class. */
  public static Spec rewrite(String document) {
    JsonNode parsed;
    try {
      parsed = new YAMLMapper().readTree(document);
    } catch (IOException e) {
      throw new IllegalStateException("The OpenAPI document is not valid YAML", e);
    }
    if (!(parsed instanceof ObjectNode)) {
      throw new IllegalStateException("The OpenAPI document is not an object");
    }
    ObjectNode tree = (ObjectNode) parsed;
    JsonNode schemas = tree.path("components").path("schemas");
    List<String> nullable = new ArrayList<>();
    inlineNullableRefs(tree, "", schemas, nullable);
    List<String> security = new ArrayList<>();
    copySecurity(tree, security);
    return new Spec(tree, nullable, security);
  }

  private static void inlineNullableRefs(JsonNode node, String pointer, JsonNode schemas, List<String> rewritten) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      String target = nullableSingleRef(object);
      if (target != null && schemas.has(target)) {
        JsonNode description = object.get("description");
        object.remove("allOf");
        Iterator<Map.Entry<String, JsonNode>> fields = schemas.get(target).fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (!object.has(field.getKey())) {
            object.set(field.getKey(), field.getValue().deepCopy());
          }
        }
        if (description != null) {
          object.set("description", description);
        }
        object.put("nullable", true);
        rewritten.add(pointer);
      }
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        inlineNullableRefs(object.get(name), pointer + "/" + name.replace("~", "~0").replace("/", "~1"), schemas, rewritten);
      }
    } else if (node instanceof ArrayNode) {
      for (int i = 0; i < node.size(); i++) {
        inlineNullableRefs(node.get(i), pointer + "/" + i, schemas, rewritten);
      }
    }
  }

  /** The component name when {@code object} is {@code {nullable: true, allOf: [{$ref: ...}]}} without a type. */
  private static @Nullable String nullableSingleRef(ObjectNode object) {
    if (!object.path("nullable").asBoolean(false) || object.has("type")) {
      return null;
    }
    JsonNode allOf = object.get("allOf");
    if (allOf == null || !allOf.isArray() || allOf.size() != 1) {
      return null;
    }
    String ref = allOf.get(0).path("$ref").asText("");
    return ref.startsWith(COMPONENT_PREFIX) ? ref.substring(COMPONENT_PREFIX.length()) : null;
  }

  private static void copySecurity(ObjectNode tree, List<String> copied) {
    JsonNode security = tree.get("security");
    if (security == null || !security.isArray() || security.size() == 0) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> paths = tree.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
      while (operations.hasNext()) {
        Map.Entry<String, JsonNode> operation = operations.next();
        if (isMethod(operation.getKey()) && operation.getValue() instanceof ObjectNode
            && !operation.getValue().has("security")) {
          ((ObjectNode) operation.getValue()).set("security", security.deepCopy());
          copied.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }
      }
    }
  }

  private static boolean isMethod(String key) {
    switch (key) {
      case "get":
      case "put":
      case "post":
      case "delete":
      case "patch":
      case "head":
      case "options":
      case "trace":
        return true;
      default:
        return false;
    }
  }
}
