package org.nlpearl4j;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Mapping;

/**
 * The field-coverage guard's core: every property of every schema that the facade's operations
 * send or receive reaches users, or is listed with a reason in {@code not-exposed-fields.txt}.
 *
 * <p>It asks the facade itself rather than a table that could drift. Responses: it builds, from
 * the spec, a body in which every property holds its own sentinel value, lets the facade answer
 * it (value or exception), and walks the public getters of what the user gets back; a property
 * counts as mapped when its sentinel comes out of a getter, and that getter's type must hold the
 * spec's type. Coded integers are replayed once per documented code; the enum getter beside them
 * must know each code. Requests: it calls every public setter of the request value's builder
 * (every constant for enum parameters), lets the facade send the value, and reads which body
 * properties got a value and of what JSON type.
 *
 * <p>Only named properties count: the extension members a schema allows beside them
 * ({@code additionalProperties} next to {@code properties}, as in {@code ValidationProblemDetails})
 * are not fields. A schema met again on its own path (a cycle) is checked where first reached.
 *
 * <p>What "the facade" is comes in through {@link Facade}: the build uses {@link RealFacade} (the
 * real client against a loopback server); a test can pass a stand-in to show what a facade change
 * would do before making it.
 */
final class FieldCoverage {
  static final String NOT_EXPOSED_FILE = "dsl/src/test/resources/org/nlpearl4j/not-exposed-fields.txt";
  static final String NOT_EXPOSED_RESOURCE = "org/nlpearl4j/not-exposed-fields.txt";
  private static final Pattern CODE_LINE = Pattern.compile("`(\\d+) - ([A-Za-z]+)`");
  private static final Pattern STATUS = Pattern.compile("[24](\\d\\d|XX)");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private FieldCoverage() {}

  // ---------------------------------------------------------------------------------------------
  // The facade, as the guard sees it

  /** What the guard needs from the facade: what it sends, and what it hands back. */
  interface Facade {
    /** The operationIds the facade exposes. */
    Set<String> operations();

    /**
     * Every way the facade fills the request body of the operation: the smallest valid request
     * (the base), then the base plus one setter call per probe.
     */
    List<RequestProbe> requestProbes(String operationId) throws Exception;

    /** What a user gets when the operation is answered with this status and JSON body. */
    Answer answer(String operationId, int status, String body) throws Exception;
  }

  /** One request the facade sent: which setter call made it, and the body as parsed JSON. */
  record RequestProbe(String setter, String builder, Object body, boolean base) {}

  /**
   * What the user got: {@code value} is the result or the exception, {@code root} how to name it
   * when it is no facade type itself (e.g. {@code OutboundCampaign.addLead(NewLead)}).
   */
  record Answer(String root, @Nullable Object value) {}

  // ---------------------------------------------------------------------------------------------
  // The spec side

  enum Kind { STRING, DATE_TIME, INTEGER, NUMBER, BOOLEAN, ANY, OBJECT }

  enum Container { NONE, ARRAY, MAP, MAP_OF_ARRAY }

  /** A property of a schema, as reached from one operation's body. */
  static final class Field {
    final String schema;
    final String name;
    final String type;
    final Kind kind;
    final Container container;
    final boolean nullable;
    final boolean required;
    final Map<Integer, String> codes;
    final @Nullable Field parent;
    final List<Field> children = new ArrayList<>();
    @Nullable Object sentinel;

    Field(String schema, String name, String type, Kind kind, Container container,
        boolean nullable, boolean required, Map<Integer, String> codes, @Nullable Field parent) {
      this.schema = schema;
      this.name = name;
      this.type = type;
      this.kind = kind;
      this.container = container;
      this.nullable = nullable;
      this.required = required;
      this.codes = codes;
      this.parent = parent;
    }

    String key() {
      return schema + "." + name;
    }

    boolean isLeaf() {
      return kind != Kind.OBJECT;
    }

    String describe(boolean request) {
      return type + (nullable ? ", nullable" : ", not nullable")
          + (request ? (required ? ", required" : ", optional") : "");
    }

    List<Field> selfAndDescendants() {
      List<Field> all = new ArrayList<>();
      all.add(this);
      for (Field child : children) {
        all.addAll(child.selfAndDescendants());
      }
      return all;
    }
  }

  /** A body of one operation: its properties, and where it is (for messages). */
  record Body(String operationId, boolean request, int status, String where, List<Field> fields) {
    List<Field> all() {
      return fields.stream().flatMap(f -> f.selfAndDescendants().stream())
          .collect(Collectors.toList());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object o) {
    return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
  }

  /** The request and 2xx/4xx response bodies of the exposed operations, in spec order. */
  static List<Body> bodies(Map<String, Object> spec, Set<String> exposed) {
    Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
    List<Body> bodies = new ArrayList<>();
    for (Object item : new TreeMap<>(map(spec.get("paths"))).values()) {
      for (Object op : map(item).values()) {
        Map<String, Object> operation = map(op);
        String id = String.valueOf(operation.get("operationId"));
        if (!exposed.contains(id)) {
          continue;
        }
        for (Object request : schemas(map(operation.get("requestBody")))) {
          bodies.add(new Body(id, true, 0, "in the request body of " + id,
              walk(schemas, request, null, new ArrayList<>())));
        }
        for (Map.Entry<String, Object> response : new TreeMap<>(map(operation.get("responses")))
            .entrySet()) {
          if (!STATUS.matcher(response.getKey()).matches()) {
            continue;
          }
          for (Object schema : schemas(map(response.getValue()))) {
            int status = response.getKey().endsWith("XX")
                ? (response.getKey().charAt(0) - '0') * 100 : Integer.parseInt(response.getKey());
            bodies.add(new Body(id, false, status,
                "in the " + response.getKey() + " response of " + id,
                walk(schemas, schema, null, new ArrayList<>())));
          }
        }
      }
    }
    return bodies;
  }

  /** The body's distinct schemas over its media types (usually one, the same for all). */
  private static List<Object> schemas(Map<String, Object> body) {
    return map(body.get("content")).values().stream().map(c -> map(c).get("schema"))
        .filter(Objects::nonNull).distinct().collect(Collectors.toList());
  }

  /** The properties of an object schema (through $ref and allOf), each with its subtree. */
  private static List<Field> walk(Map<String, Object> schemas, Object schema,
      @Nullable Field parent, List<String> seen) {
    List<Field> fields = new ArrayList<>();
    collect(schemas, map(schema), "(inline)", parent, seen, fields);
    return fields;
  }

  private static void collect(Map<String, Object> schemas, Map<String, Object> schema,
      String owner, @Nullable Field parent, List<String> seen, List<Field> out) {
    Object ref = schema.get("$ref");
    if (ref != null) {
      String name = refName(ref);
      if (seen.contains(name)) {
        return; // a cycle: its properties are checked where it was first reached
      }
      List<String> deeper = new ArrayList<>(seen);
      deeper.add(name);
      collect(schemas, map(schemas.get(name)), name, parent, deeper, out);
      return;
    }
    for (Object part : list(schema.get("allOf"))) {
      collect(schemas, map(part), owner, parent, seen, out);
    }
    if ("array".equals(schema.get("type")) && schema.get("items") != null) {
      collect(schemas, map(schema.get("items")), owner, parent, seen, out);
    }
    Set<String> required = new LinkedHashSet<>();
    for (Object r : list(schema.get("required"))) {
      required.add(String.valueOf(r));
    }
    for (Map.Entry<String, Object> property : map(schema.get("properties")).entrySet()) {
      out.add(field(schemas, owner, property.getKey(), map(property.getValue()),
          required.contains(property.getKey()), parent, seen));
    }
  }

  private static List<Object> list(@Nullable Object o) {
    @SuppressWarnings("unchecked")
    List<Object> l = o instanceof List ? (List<Object>) o : new ArrayList<>();
    return l;
  }

  private static String refName(Object ref) {
    String text = String.valueOf(ref);
    return text.substring(text.lastIndexOf('/') + 1);
  }

  /** A schema seen through a lone $ref or a lone allOf member. */
  private static Map<String, Object> resolve(Map<String, Object> schemas, Map<String, Object> s) {
    Map<String, Object> current = s;
    for (int i = 0; i < 10; i++) {
      if (current.get("$ref") != null) {
        current = map(schemas.get(refName(current.get("$ref"))));
      } else if (list(current.get("allOf")).size() == 1 && current.get("properties") == null) {
        current = map(list(current.get("allOf")).get(0));
      } else {
        break;
      }
    }
    return current;
  }

  private static @Nullable String objectName(Map<String, Object> schemas, Map<String, Object> s) {
    Map<String, Object> current = s;
    for (int i = 0; i < 10; i++) {
      if (current.get("$ref") != null) {
        return refName(current.get("$ref"));
      } else if (list(current.get("allOf")).size() == 1) {
        current = map(list(current.get("allOf")).get(0));
      } else {
        return null;
      }
    }
    return null;
  }

  private static boolean isObject(Map<String, Object> resolved) {
    return resolved.get("properties") != null || !list(resolved.get("allOf")).isEmpty()
        || ("object".equals(resolved.get("type")) && !(resolved.get("additionalProperties")
            instanceof Map) && !Boolean.TRUE.equals(resolved.get("additionalProperties")));
  }

  private static Field field(Map<String, Object> schemas, String owner, String name,
      Map<String, Object> property, boolean required, @Nullable Field parent, List<String> seen) {
    boolean nullable = Boolean.TRUE.equals(property.get("nullable"));
    Map<String, Object> resolved = resolve(schemas, property);
    Container container = Container.NONE;
    Map<String, Object> element = property;
    String prefix = "";
    if ("array".equals(resolved.get("type"))) {
      container = Container.ARRAY;
      element = map(resolved.get("items"));
      prefix = "array of ";
    } else if (resolved.get("properties") == null && resolved.get("additionalProperties") != null
        && !Boolean.FALSE.equals(resolved.get("additionalProperties"))) {
      container = Container.MAP;
      Object values = resolved.get("additionalProperties");
      element = values instanceof Map ? map(values) : new LinkedHashMap<>();
      prefix = "map of ";
      Map<String, Object> valueSchema = resolve(schemas, element);
      if ("array".equals(valueSchema.get("type"))) {
        container = Container.MAP_OF_ARRAY;
        element = map(valueSchema.get("items"));
        prefix = "map of array of ";
      }
    }
    Map<String, Object> leaf = resolve(schemas, element);
    Kind kind;
    String type;
    String objectName = objectName(schemas, element);
    if (isObject(leaf) && (container != Container.NONE || objectName != null
        || leaf.get("properties") != null)) {
      kind = Kind.OBJECT;
      type = objectName == null ? "object" : objectName;
    } else {
      String t = leaf.get("type") == null ? null : String.valueOf(leaf.get("type"));
      String format = leaf.get("format") == null ? null : String.valueOf(leaf.get("format"));
      if (t == null) {
        kind = Kind.ANY;
      } else if (t.equals("string")) {
        kind = "date-time".equals(format) ? Kind.DATE_TIME : Kind.STRING;
      } else if (t.equals("integer")) {
        kind = Kind.INTEGER;
      } else if (t.equals("number")) {
        kind = Kind.NUMBER;
      } else if (t.equals("boolean")) {
        kind = Kind.BOOLEAN;
      } else {
        kind = Kind.ANY;
      }
      type = t == null ? "any" : format == null ? t : t + "/" + format;
    }
    Map<Integer, String> codes = new TreeMap<>();
    if (kind == Kind.INTEGER) {
      Matcher m = CODE_LINE.matcher(String.valueOf(leaf.get("description")));
      while (m.find()) {
        codes.put(Integer.parseInt(m.group(1)), m.group(2));
      }
      if (!codes.isEmpty() && objectName != null) {
        type = type + " (codes of " + objectName + ")";
      }
    }
    Field field = new Field(owner, name, prefix + type, kind, container, nullable, required,
        codes, parent);
    if (kind == Kind.OBJECT) {
      collect(schemas, element, objectName == null ? owner + "." + name : owner, field, seen,
          field.children);
    }
    return field;
  }

  // ---------------------------------------------------------------------------------------------
  // Sentinels

  /** Gives every leaf its own value and returns the body as JSON text. */
  static String sentinelBody(List<Field> fields) {
    int[] counter = {0};
    for (Field field : fields) {
      for (Field f : field.selfAndDescendants()) {
        f.sentinel = f.isLeaf() ? sentinel(f.kind, ++counter[0]) : null;
      }
    }
    return JSON.toJson(object(fields, new IdentityHashMap<>()));
  }

  private static Object sentinel(Kind kind, int n) {
    switch (kind) {
      case INTEGER:
        return 900_000L + n;
      case NUMBER:
        return 800_000.5 + n;
      case DATE_TIME:
        return Instant.ofEpochSecond(1_000_000_000L + n * 3_600L);
      case BOOLEAN:
        return Boolean.TRUE;
      default:
        return "sentinel-" + n;
    }
  }

  private static Map<String, Object> object(List<Field> fields, Map<Field, Object> overrides) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Field f : fields) {
      Object value = f.isLeaf()
          ? overrides.containsKey(f) ? overrides.get(f) : json(Objects.requireNonNull(f.sentinel))
          : object(f.children, overrides);
      json.put(f.name, f.container == Container.ARRAY ? List.of(value)
          : f.container == Container.MAP ? Map.of("key-" + f.name, value)
          : f.container == Container.MAP_OF_ARRAY ? Map.of("key-" + f.name, List.of(value))
          : value);
    }
    return json;
  }

  private static Object json(Object sentinel) {
    return sentinel instanceof Instant ? sentinel.toString() : sentinel;
  }

  static boolean matches(Object sentinel, Object leaf) {
    if (leaf instanceof Enum) {
      return false;
    }
    if (leaf instanceof CharSequence) {
      return leaf.toString().equals(String.valueOf(json(sentinel)))
          || sentinel instanceof Double && leaf.toString().equals(sentinel.toString());
    }
    if (sentinel instanceof Long) {
      long n = (Long) sentinel;
      return leaf instanceof Number && ((Number) leaf).doubleValue() == n
          || leaf instanceof Duration && leaf.equals(Duration.ofSeconds(n));
    }
    if (sentinel instanceof Double) {
      double x = (Double) sentinel;
      return leaf instanceof Number && ((Number) leaf).doubleValue() == x
          || leaf instanceof Duration && ((Duration) leaf).toMillis() == Math.round(x * 1000);
    }
    if (sentinel instanceof Instant) {
      return sentinel.equals(leaf)
          || leaf instanceof OffsetDateTime && sentinel.equals(((OffsetDateTime) leaf).toInstant())
          || leaf instanceof ZonedDateTime && sentinel.equals(((ZonedDateTime) leaf).toInstant());
    }
    return sentinel.equals(leaf);
  }

  // ---------------------------------------------------------------------------------------------
  // The facade side: what comes out of the getters

  /** A value a user can read, with the getter path that reads it and the type it declares. */
  record Leaf(String path, String getter, String owner, String ownerPath, Class<?> declared,
      Object value) {}

  /** Every value reachable through the public getters of the facade's answer. */
  static List<Leaf> leaves(Answer answer) {
    List<Leaf> out = new ArrayList<>();
    Object value = answer.value();
    if (value == null) {
      return out;
    }
    boolean facadeType = isFacadeType(value.getClass());
    String root = facadeType ? value.getClass().getSimpleName() : answer.root();
    walk(value, root, root, "the result of " + root, "", value.getClass(), out,
        java.util.Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    return out;
  }

  private static boolean isFacadeType(Class<?> type) {
    return type.getPackage() != null && type.getPackage().getName().equals("org.nlpearl4j")
        && !type.isEnum();
  }

  private static void walk(@Nullable Object value, String path, String getter, String owner,
      String ownerPath, Type declared, List<Leaf> out, Set<Object> seen, int depth) {
    if (value == null || depth > 8) {
      return;
    }
    if (value instanceof Collection) {
      int i = 0;
      for (Object element : (Collection<?>) value) {
        walk(element, path + "[" + i++ + "]", getter, owner, ownerPath, typeArgument(declared, 0),
            out, seen, depth + 1);
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        walk(entry.getValue(), path + "[\"" + entry.getKey() + "\"]", getter, owner, ownerPath,
            typeArgument(declared, 1), out, seen, depth + 1);
      }
    } else if (isFacadeType(value.getClass()) && !(value instanceof CharSequence)) {
      if (!seen.add(value)) {
        return;
      }
      Method[] methods = value.getClass().getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (isGetter(method)) {
          Object next;
          try {
            next = method.invoke(value);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("getter " + method + " failed", e);
          }
          walk(next, path + "." + method.getName() + "()",
              method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()",
              method.getDeclaringClass().getSimpleName(), path, method.getGenericReturnType(), out,
              seen, depth + 1);
        }
      }
    } else {
      out.add(new Leaf(path, getter, owner, ownerPath, raw(declared), value));
    }
  }

  private static boolean isGetter(Method method) {
    String name = method.getName();
    return Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
        && method.getParameterCount() == 0 && method.getReturnType() != void.class
        && isFacadeType(method.getDeclaringClass())
        && (name.startsWith("get") && name.length() > 3 || name.startsWith("is") && name.length() > 2);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType) {
      Type[] args = ((ParameterizedType) type).getActualTypeArguments();
      return args.length > index ? args[index] : Object.class;
    }
    return Object.class;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    } else if (type instanceof ParameterizedType) {
      return raw(((ParameterizedType) type).getRawType());
    } else if (type instanceof WildcardType) {
      return raw(((WildcardType) type).getUpperBounds()[0]);
    } else if (type instanceof TypeVariable) {
      return Object.class;
    }
    return Object.class;
  }

  private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class,
      long.class, Long.class, short.class, Short.class, byte.class, Byte.class, float.class,
      Float.class, double.class, Double.class, boolean.class, Boolean.class);

  /** Whether a getter declaring this type can hold every value of the spec's kind. */
  static boolean holds(Kind kind, Class<?> declared) {
    Class<?> type = BOXES.getOrDefault(declared, declared);
    if (type == Object.class || kind == Kind.ANY) {
      return true;
    }
    switch (kind) {
      case STRING:
        return CharSequence.class.isAssignableFrom(type);
      case DATE_TIME:
        return Temporal.class.isAssignableFrom(type) || type == java.util.Date.class;
      case INTEGER:
        return Stream.of(Integer.class, Long.class, Short.class, Byte.class, BigInteger.class,
            Number.class, Duration.class).anyMatch(t -> t == type);
      case NUMBER:
        return Stream.of(Float.class, Double.class, BigDecimal.class, Number.class,
            Duration.class).anyMatch(t -> t == type);
      case BOOLEAN:
        return type == Boolean.class;
      default:
        return true;
    }
  }

  private static String kindWords(Kind kind) {
    switch (kind) {
      case STRING:
        return "a string";
      case DATE_TIME:
        return "a date-time (e.g. Instant)";
      case INTEGER:
        return "an integer (e.g. Long)";
      case NUMBER:
        return "a number (e.g. Double)";
      case BOOLEAN:
        return "a boolean";
      default:
        return "any JSON value (Object)";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Where to change the facade

  /** The generated wire model for a schema, when the build has one. */
  private static @Nullable Class<?> wireModel(String schema) {
    try {
      return Class.forName("org.nlpearl4j.internal.generated.model." + schema);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** The classes of org.nlpearl4j.internal (not the generated code), read from the build output. */
  private static List<Class<?>> internalClasses() {
    List<Class<?>> classes = new ArrayList<>();
    try {
      Path dir = Paths.get(Mapping.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .resolve("org/nlpearl4j/internal");
      if (!Files.isDirectory(dir)) {
        return List.of(Mapping.class);
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().collect(Collectors.toList())) {
          String name = file.getFileName().toString();
          if (name.endsWith(".class") && !name.equals("package-info.class")) {
            classes.add(Class.forName("org.nlpearl4j.internal." + name.substring(0,
                name.length() - ".class".length()), false, Mapping.class.getClassLoader()));
          }
        }
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot list org.nlpearl4j.internal", e);
    }
    return classes;
  }

  private static String describe(Method method) {
    Matcher lambda = Pattern.compile("lambda\\$(\\w+)\\$\\d+").matcher(method.getName());
    String owner = method.getDeclaringClass().getSimpleName();
    if (lambda.matches()) {
      return owner + "." + lambda.group(1) + "(...) (the lambda in it that reads "
          + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
              .filter(n -> wireModel(n) != null).findFirst().orElse("the wire model") + ")";
    }
    return owner + "." + method.getName() + "(" + Arrays.stream(method.getParameterTypes())
        .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
  }

  /**
   * The internal method that maps the field's schema: for a response, one taking the wire model
   * (preferably returning the facade type), else one returning the facade type, else the parent's;
   * for a request, one returning the wire model.
   */
  static String mappingFor(Field field, boolean request, @Nullable String facadeType) {
    for (Field f = field; f != null; f = f.parent) {
      Class<?> wire = wireModel(f.schema);
      List<Method> candidates = new ArrayList<>();
      for (Class<?> type : internalClasses()) {
        for (Method m : type.getDeclaredMethods()) {
          boolean takes = wire != null && Arrays.asList(m.getParameterTypes()).contains(wire);
          boolean gives = wire != null && m.getReturnType() == wire;
          if (request ? gives : takes) {
            candidates.add(m);
          }
        }
      }
      if (!request && candidates.isEmpty() && facadeType != null && f == field) {
        for (Class<?> type : internalClasses()) {
          for (Method m : type.getDeclaredMethods()) {
            if (m.getReturnType().getSimpleName().equals(facadeType)
                && isFacadeType(m.getReturnType())) {
              candidates.add(m);
            }
          }
        }
      }
      candidates.sort(Comparator.comparing((Method m) -> m.isSynthetic() ? 1 : 0)
          .thenComparing(m -> facadeType != null
              && m.getReturnType().getSimpleName().equals(facadeType) ? 0 : 1)
          .thenComparing(Method::toGenericString));
      if (!candidates.isEmpty()) {
        return describe(candidates.get(0));
      }
    }
    return "the code in org.nlpearl4j.internal that reads " + field.schema;
  }

  private static String capitalized(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  // ---------------------------------------------------------------------------------------------
  // The check

  /** Parses the not-exposed list: Schema.property to reason. */
  static Map<String, String> parseNotExposed(String text, List<String> problems) {
    return SpecCoverageTest.parseReasons(NOT_EXPOSED_FILE, "<Schema>.<property>",
        key -> key.contains("."), text, problems);
  }

  /** How a field fared in one body. */
  private static final class Outcome {
    final Field field;
    final Body body;
    @Nullable String mappedBy;
    @Nullable String facadeType;
    @Nullable String resultOf;

    Outcome(Field field, Body body) {
      this.field = field;
      this.body = body;
    }
  }

  /**
   * Checks every field of the exposed operations against the facade and the not-exposed list.
   *
   * @return one message per problem, each saying what to change
   */
  static List<String> check(Map<String, Object> spec, Facade facade, String notExposedText)
      throws Exception {
    return analyse(spec, facade, notExposedText).problems();
  }

  /** The problems, and for each field the setter that sends it or the getter that returns it. */
  record Report(List<String> problems, Map<String, String> mappedBy) {}

  static Report analyse(Map<String, Object> spec, Facade facade, String notExposedText)
      throws Exception {
    List<String> problems = new ArrayList<>();
    Map<String, String> notExposed = parseNotExposed(notExposedText, problems);
    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
    Set<String> seenMessages = new LinkedHashSet<>();
    for (Body body : bodies(spec, facade.operations())) {
      List<Outcome> results = body.request()
          ? checkRequest(body, facade, notExposed, seenMessages)
          : checkResponse(body, facade, notExposed, seenMessages);
      for (Outcome outcome : results) {
        outcomes.computeIfAbsent(outcome.field.key(), k -> new ArrayList<>()).add(outcome);
      }
    }
    problems.addAll(seenMessages);
    for (List<Outcome> all : outcomes.values()) {
      for (Outcome outcome : all) {
        if (!outcome.field.isLeaf() && outcome.field.children.isEmpty()) {
          // A schema met again on its own path: its properties are checked where first reached.
          outcome.mappedBy = "the properties of " + outcome.field.type;
        }
      }
    }
    for (Map.Entry<String, List<Outcome>> entry : outcomes.entrySet()) {
      List<Outcome> all = entry.getValue();
      Outcome unmapped = all.stream().filter(o -> o.mappedBy == null).findFirst().orElse(null);
      boolean listed = notExposed.containsKey(entry.getKey());
      if (unmapped != null && !listed && !underListed(unmapped.field, notExposed)) {
        problems.add(unmappedMessage(unmapped, all));
      } else if (unmapped == null && listed) {
        Outcome mapped = all.get(0);
        problems.add(entry.getKey() + " is listed in " + NOT_EXPOSED_FILE + " as not exposed, but "
            + (mapped.body.request() ? mapped.mappedBy + " sends it" : "it reaches users through "
            + mapped.mappedBy) + "; remove the line.");
      }
    }
    for (String key : notExposed.keySet()) {
      if (!outcomes.containsKey(key)) {
        problems.add(NOT_EXPOSED_FILE + " lists '" + key + "' but no body of the facade's "
            + "operations has that property (it was renamed or removed); remove the line.");
      }
    }
    Map<String, String> mappedBy = new TreeMap<>();
    outcomes.forEach((key, all) -> all.stream().map(o -> o.mappedBy).filter(Objects::nonNull)
        .findFirst().ifPresent(by -> mappedBy.put(key, by)));
    return new Report(problems, mappedBy);
  }

  private static boolean underListed(Field field, Map<String, String> notExposed) {
    for (Field f = field.parent; f != null; f = f.parent) {
      if (notExposed.containsKey(f.key())) {
        return true;
      }
    }
    return false;
  }

  private static String unmappedMessage(Outcome o, List<Outcome> all) {
    Field f = o.field;
    String facadeType = all.stream().map(x -> x.facadeType).filter(Objects::nonNull).findFirst()
        .orElse(null);
    String line = "; or, if it is deliberately not exposed, add the line '" + f.key()
        + "  <reason>' to " + NOT_EXPOSED_FILE + ".";
    if (o.body.request()) {
      String builder = facadeType == null ? "the request value's builder" : facadeType;
      return f.key() + " (" + f.describe(true) + ") " + o.body.where() + " cannot be sent: no "
          + "builder setter fills it. Add a setter to " + builder + " (e.g. " + builder + "."
          + f.name + "(...)) and write it in " + mappingFor(f, true, null) + line;
    }
    if (facadeType == null) {
      String result = all.stream().map(x -> x.resultOf).filter(Objects::nonNull).findFirst()
          .orElse(null);
      if (result != null) {
        return f.key() + " (" + f.describe(false) + ") " + o.body.where() + " does not reach "
            + "users: " + result + ". Make it return a value type with a getter for it (e.g. get"
            + capitalized(f.name) + "()) filled in " + mappingFor(f, false, null) + line;
      }
    }
    String type = facadeType == null ? "the facade value" : facadeType;
    return f.key() + " (" + f.describe(false) + ") " + o.body.where() + " does not reach users: "
        + "no public getter returns it. Add a getter to " + type + " (e.g. " + type + ".get"
        + capitalized(f.name) + "()) and fill it in " + mappingFor(f, false, facadeType) + line;
  }

  // ---- responses

  private static List<Outcome> checkResponse(Body body, Facade facade,
      Map<String, String> notExposed, Set<String> problems) throws Exception {
    String json = sentinelBody(body.fields());
    List<Leaf> leaves;
    try {
      Answer answer = facade.answer(body.operationId(), body.status(), json);
      // The SDK reads every value only from its own JSON type: a property the spec retyped makes
      // the whole answer unreadable. Send each such property in the type the SDK reads, so that
      // the answer decodes and the check below names the getter and mapping to change.
      for (int retyped = 0; retyped < body.all().size(); retyped++) {
        Field wrong = wronglyTyped(answer.value(), body.fields());
        if (wrong == null) {
          break;
        }
        json = JSON.toJson(object(body.fields(), new IdentityHashMap<>()));
        answer = facade.answer(body.operationId(), body.status(), json);
      }
      leaves = leaves(answer);
    } catch (Exception e) {
      problems.add("the facade cannot answer " + body.operationId() + " with a " + body.status()
          + " whose every property is set (" + e + "); body: " + json);
      return List.of();
    }
    List<Outcome> outcomes = new ArrayList<>();
    Map<Field, Leaf> found = new IdentityHashMap<>();
    for (Field f : body.all()) {
      Outcome outcome = new Outcome(f, body);
      outcomes.add(outcome);
      if (f.isLeaf()) {
        leaves.stream().filter(l -> matches(Objects.requireNonNull(f.sentinel), l.value()))
            .findFirst().ifPresent(l -> found.put(f, l));
      }
    }
    // Object-valued fields reach users when any of their leaves does.
    for (Outcome outcome : outcomes) {
      Leaf leaf = outcome.field.selfAndDescendants().stream().map(found::get)
          .filter(Objects::nonNull).findFirst().orElse(null);
      if (leaf != null) {
        outcome.mappedBy = leaf.getter();
      }
    }
    // The facade type to extend for a field: where its schema's mapped leaves surface.
    for (Outcome outcome : outcomes) {
      Field f = outcome.field;
      Leaf sibling = found.entrySet().stream()
          .filter(e -> e.getKey().schema.equals(f.schema) && e.getKey().parent == f.parent)
          .map(Map.Entry::getValue).filter(l -> !l.owner().startsWith("the result of"))
          .findFirst().orElse(null);
      outcome.facadeType = sibling == null ? null : sibling.owner();
      if (sibling == null) {
        found.entrySet().stream()
            .filter(e -> e.getKey().schema.equals(f.schema) && e.getKey().parent == f.parent)
            .filter(e -> e.getValue().owner().startsWith("the result of")).findFirst()
            .ifPresent(e -> outcome.resultOf = e.getValue().getter() + " hands over only the "
                + e.getValue().declared().getSimpleName() + " " + e.getKey().key());
      }
    }
    for (Map.Entry<Field, Leaf> e : found.entrySet()) {
      Field f = e.getKey();
      Leaf leaf = e.getValue();
      if (notExposed.containsKey(f.key()) || underListed(f, notExposed)) {
        continue;
      }
      if (!holds(f.kind, leaf.declared())) {
        problems.add(f.key() + " is " + f.describe(false) + " in the spec (" + body.where()
            + ") but reaches "
            + "users as " + leaf.declared().getSimpleName() + " through " + leaf.path() + ": "
            + "change " + leaf.getter() + " to return " + kindWords(f.kind) + ", and "
            + mappingFor(f, false, leaf.owner()) + " that fills it.");
      } else if (!f.codes.isEmpty()) {
        checkCodes(body, facade, f, leaf, problems);
      }
    }
    return outcomes;
  }

  private static final java.util.regex.Pattern WRONG_TYPE = java.util.regex.Pattern.compile(
      "Expected (a string|an integer|a number|a float|a boolean|a date-time string) but was "
          + "[A-Z_]+ at path (\\$[^ )]*)");

  /**
   * Finds the property a failed answer names as being of another JSON type than the SDK reads
   * ({@code Expected a string but was NUMBER at path $.leadId}), and gives it a sentinel of the
   * type the SDK reads.
   *
   * @return the property, or null when the failure is no such type error
   */
  private static @Nullable Field wronglyTyped(@Nullable Object failure, List<Field> fields) {
    for (Throwable t = failure instanceof Throwable ? (Throwable) failure : null; t != null;
        t = t.getCause()) {
      java.util.regex.Matcher m = WRONG_TYPE.matcher(String.valueOf(t.getMessage()));
      if (!m.find()) {
        continue;
      }
      Field field = null;
      List<Field> level = fields;
      for (String segment : m.group(2).substring(1).split("\\.")) {
        String name = segment.replaceAll("\\[\\d+]", "");
        if (name.isEmpty() || field != null && name.equals("key-" + field.name)) {
          continue;
        }
        field = level.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
        if (field == null) {
          return null;
        }
        level = field.children;
      }
      if (field == null || !field.isLeaf()) {
        return null;
      }
      Object current = field.sentinel;
      int n = 500 + Math.abs(field.key().hashCode() % 1000);
      switch (m.group(1)) {
        case "a string":
          field.sentinel = "sentinel-retyped-" + n;
          break;
        case "an integer":
          field.sentinel = 700_000L + n;
          break;
        case "a boolean":
          field.sentinel = Boolean.TRUE;
          break;
        case "a date-time string":
          field.sentinel = Instant.ofEpochSecond(2_000_000_000L + n * 3_600L);
          break;
        default:
          field.sentinel = 600_000.5 + n;
          break;
      }
      return Objects.equals(current, field.sentinel) ? null : field;
    }
    return null;
  }

  /** Replays the body once per documented code; the enum getter beside the number must know it. */
  private static void checkCodes(Body body, Facade facade, Field field, Leaf number,
      Set<String> problems) throws Exception {
    Map<String, Map<Integer, Object>> enumGetters = new TreeMap<>();
    for (Integer code : field.codes.keySet()) {
      Map<Field, Object> override = new IdentityHashMap<>();
      override.put(field, (long) code);
      Map<String, Object> json = object(body.fields(), override);
      for (Leaf leaf : leaves(facade.answer(body.operationId(), body.status(), JSON.toJson(json)))) {
        if (leaf.value() instanceof Enum && leaf.ownerPath().equals(number.ownerPath())) {
          enumGetters.computeIfAbsent(leaf.getter(), k -> new TreeMap<>())
              .put(code, leaf.value());
        }
      }
    }
    for (Map.Entry<String, Map<Integer, Object>> getter : enumGetters.entrySet()) {
      Map<Integer, Object> answers = getter.getValue();
      boolean tracks = answers.entrySet().stream()
          .anyMatch(a -> Objects.equals(code(a.getValue()), a.getKey()));
      if (!tracks) {
        continue;
      }
      for (Map.Entry<Integer, Object> a : answers.entrySet()) {
        if (!Objects.equals(code(a.getValue()), a.getKey())) {
          Object constant = a.getValue();
          String enumType = ((Enum<?>) constant).getDeclaringClass().getSimpleName();
          problems.add(field.key() + " code " + a.getKey() + " (" + field.codes.get(a.getKey())
              + ") " + body.where() + " reaches users only as a number through "
              + number.getter() + ": " + getter.getKey() + " answers " + enumType + "."
              + ((Enum<?>) constant).name() + ". Add the constant to " + enumType + " (returned "
              + "by " + getter.getKey() + ", filled in " + mappingFor(field, false,
              number.owner()) + ").");
        }
      }
    }
  }

  private static @Nullable Integer code(Object constant) {
    try {
      Method code = constant.getClass().getMethod("code");
      Object value = code.invoke(constant);
      return value instanceof Integer ? (Integer) value : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  // ---- requests

  private static List<Outcome> checkRequest(Body body, Facade facade,
      Map<String, String> notExposed, Set<String> problems) throws Exception {
    List<RequestProbe> probes;
    try {
      probes = facade.requestProbes(body.operationId());
    } catch (Exception e) {
      problems.add("the guard cannot probe the request of " + body.operationId() + ": " + e);
      return List.of();
    }
    RequestProbe base = probes.stream().filter(RequestProbe::base).findFirst().orElse(null);
    Map<Field, Object> baseValues = new IdentityHashMap<>();
    if (base != null) {
      sent(body.fields(), base.body(), baseValues);
    }
    Map<Field, List<RequestProbe>> setBy = new IdentityHashMap<>();
    Map<Field, List<Object>> values = new IdentityHashMap<>();
    for (RequestProbe probe : probes) {
      Map<Field, Object> probeValues = new IdentityHashMap<>();
      sent(body.fields(), probe.body(), probeValues);
      for (Map.Entry<Field, Object> e : probeValues.entrySet()) {
        values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        boolean own = probe.base() || !Objects.equals(e.getValue(), baseValues.get(e.getKey()));
        if (own) {
          setBy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(probe);
        }
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Field f : body.all()) {
      Outcome outcome = new Outcome(f, body);
      outcomes.add(outcome);
      List<RequestProbe> setters = setBy.getOrDefault(f, List.of());
      // A setter other than the base's names the field best (one named like it first); the base
      // fills required ones.
      RequestProbe by = setters.stream().filter(p -> !p.base() && p.setter().startsWith(
              p.builder() + "." + f.name + "(")).findFirst()
          .orElse(setters.stream().filter(p -> !p.base()).findFirst()
          .orElse(setters.isEmpty() ? null : setters.get(0)));
      if (by != null) {
        outcome.mappedBy = by.setter();
        outcome.facadeType = by.builder();
      }
    }
    for (Outcome outcome : outcomes) {
      if (outcome.facadeType == null) {
        Field f = outcome.field;
        outcome.facadeType = outcomes.stream()
            .filter(o -> o.field.schema.equals(f.schema) && o.facadeType != null)
            .map(o -> o.facadeType).findFirst()
            .orElse(probes.isEmpty() ? null : probes.get(0).builder());
      }
    }
    for (Outcome outcome : outcomes) {
      Field f = outcome.field;
      if (outcome.mappedBy == null || !f.isLeaf() || notExposed.containsKey(f.key())
          || underListed(f, notExposed)) {
        continue;
      }
      for (Object value : values.getOrDefault(f, List.of())) {
        String wrong = wrongJsonType(f, value);
        if (wrong != null) {
          problems.add(f.key() + " is " + f.describe(true) + " in the spec (" + body.where()
              + ") but "
              + outcome.mappedBy + " sends " + wrong + ": change its parameter to take "
              + kindWords(f.kind) + ", and " + mappingFor(f, true, null) + " that writes it.");
          break;
        }
      }
      if (!f.codes.isEmpty()) {
        Set<Integer> sentCodes = values.getOrDefault(f, List.of()).stream()
            .filter(v -> v instanceof Number).map(v -> ((Number) v).intValue())
            .collect(Collectors.toSet());
        for (Map.Entry<Integer, String> code : f.codes.entrySet()) {
          if (!sentCodes.contains(code.getKey())) {
            String setter = String.valueOf(outcome.mappedBy);
            String takes = setter.substring(setter.indexOf('(') + 1, setter.lastIndexOf(')'));
            problems.add(f.key() + " code " + code.getKey() + " (" + code.getValue() + ") "
                + body.where() + " cannot be sent: no value of " + setter + " writes it. Add "
                + "the constant to " + takes + ", and write its code in "
                + mappingFor(f, true, null) + ".");
          }
        }
      }
    }
    return outcomes;
  }

  /** Records, for each field, the (leaf) JSON value the body gives it; objects record themselves. */
  private static void sent(List<Field> fields, Object json, Map<Field, Object> out) {
    if (!(json instanceof Map)) {
      return;
    }
    Map<?, ?> object = (Map<?, ?>) json;
    for (Field f : fields) {
      Object value = object.get(f.name);
      if (value == null) {
        continue;
      }
      List<Object> elements = new ArrayList<>();
      if (f.container == Container.ARRAY && value instanceof List) {
        elements.addAll((List<?>) value);
      } else if (f.container == Container.MAP && value instanceof Map) {
        elements.addAll(((Map<?, ?>) value).values());
      } else if (f.container == Container.MAP_OF_ARRAY && value instanceof Map) {
        for (Object list : ((Map<?, ?>) value).values()) {
          if (list instanceof List) {
            elements.addAll((List<?>) list);
          } else {
            elements.add(list);
          }
        }
      } else {
        elements.add(value);
      }
      for (Object element : elements) {
        if (element != null) {
          out.putIfAbsent(f, element);
          if (!f.isLeaf()) {
            sent(f.children, element, out);
          }
        }
      }
      if (f.container != Container.NONE && elements.isEmpty()) {
        out.putIfAbsent(f, value);
      }
    }
  }

  private static @Nullable String wrongJsonType(Field f, Object value) {
    String actual = value instanceof String ? "a JSON string" : value instanceof Number
        ? "a JSON number" : value instanceof Boolean ? "a JSON boolean" : value instanceof List
        ? "a JSON array" : value instanceof Map ? "a JSON object" : "JSON " + value;
    boolean ok;
    switch (f.kind) {
      case STRING:
      case DATE_TIME:
        ok = value instanceof String;
        break;
      case INTEGER:
        ok = value instanceof Number && ((Number) value).doubleValue()
            == Math.rint(((Number) value).doubleValue());
        actual = value instanceof Number ? "a JSON number with a fraction" : actual;
        break;
      case NUMBER:
        ok = value instanceof Number;
        break;
      case BOOLEAN:
        ok = value instanceof Boolean;
        break;
      default:
        ok = true;
    }
    return ok ? null : actual;
  }

  // ---------------------------------------------------------------------------------------------
  // The real facade

  /**
   * The facade as users get it: an {@link NlPearl} client talking to a loopback server. The
   * exposed operations are the methods marked {@code @SpecOperation} that {@link NlPearl} leads to
   * (as {@link SpecCoverageTest} finds them); each is reached through the handles on the way
   * (e.g. {@code NlPearl.outbound(String)}) and called with its request value.
   */
  static final class RealFacade implements Facade, AutoCloseable {
    private static final JsonAdapter<Object> READ = new Moshi.Builder().build().adapter(Object.class);
    private final MockWebServer server = new MockWebServer();
    private final NlPearl client;
    private final Map<String, Method> marked = new TreeMap<>();
    private final Map<Class<?>, Method> handles = new LinkedHashMap<>();
    // The facade answers the same input the same way; the checks of one test class repeat many
    // inputs (each loopback exchange costs tens of milliseconds on a busy machine).
    private final Map<String, Answer> answers = new java.util.HashMap<>();
    private final Map<String, List<RequestProbe>> probes = new java.util.HashMap<>();

    RealFacade() throws IOException {
      server.start();
      client = NlPearl.builder().token(TestSupport.TOKEN).baseUrl(server.url("/").toString())
          .retryPolicy(RetryPolicy.none()).callTimeout(Duration.ofSeconds(10)).build();
      for (Class<?> type : SpecCoverageTest.facadeTypes(NlPearl.class)) {
        Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
        for (Method method : methods) {
          org.nlpearl4j.internal.SpecOperation mark =
              method.getAnnotation(org.nlpearl4j.internal.SpecOperation.class);
          if (mark != null && Modifier.isPublic(method.getModifiers())
              && Arrays.stream(method.getParameterTypes()).noneMatch(
                  p -> p == java.util.function.Consumer.class)) {
            marked.putIfAbsent(mark.value(), method);
          }
          Class<?> next = method.getReturnType();
          if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
              && isFacadeType(next) && next != type && Arrays.stream(method.getParameterTypes())
                  .allMatch(p -> p == String.class)) {
            handles.putIfAbsent(next, method);
          }
        }
      }
    }

    @Override
    public Set<String> operations() {
      return marked.keySet();
    }

    private Method operation(String operationId) {
      Method method = marked.get(operationId);
      if (method == null) {
        throw new IllegalArgumentException("no facade method is marked @SpecOperation(\""
            + operationId + "\") with a request value parameter");
      }
      return method;
    }

    /** The request value type of the operation (the parameter with a static builder()). */
    private static @Nullable Class<?> valueType(Method operation) {
      for (Class<?> p : operation.getParameterTypes()) {
        try {
          if (Modifier.isStatic(p.getMethod("builder").getModifiers())) {
            return p;
          }
        } catch (NoSuchMethodException e) {
          // not a value type
        }
      }
      return null;
    }

    /** Calls the operation with the value, answers with the response, returns what came back. */
    private Answer call(Method operation, @Nullable Object value, int status, String body)
        throws Exception {
      server.enqueue(new MockResponse.Builder().code(status)
          .setHeader("Content-Type", "application/json; charset=utf-8").body(body).build());
      Object handle = handle(operation.getDeclaringClass());
      Object[] args = new Object[operation.getParameterCount()];
      Class<?>[] types = operation.getParameterTypes();
      for (int i = 0; i < args.length; i++) {
        if (types[i] == String.class) {
          args[i] = "probe-id";
        } else if (value != null && types[i].isInstance(value)) {
          args[i] = value;
        } else {
          throw new IllegalArgumentException(describe(operation) + ": cannot pass a "
              + types[i].getSimpleName());
        }
      }
      String root = describe(operation);
      Object result;
      try {
        result = operation.invoke(handle, args);
      } catch (java.lang.reflect.InvocationTargetException e) {
        return new Answer(root, e.getCause());
      }
      Object answer;
      try {
        if (result instanceof io.reactivex.rxjava3.core.Single) {
          answer = ((io.reactivex.rxjava3.core.Single<?>) result).blockingGet();
        } else if (result instanceof io.reactivex.rxjava3.core.Maybe) {
          answer = ((io.reactivex.rxjava3.core.Maybe<?>) result).blockingGet();
        } else if (result instanceof io.reactivex.rxjava3.core.Completable) {
          ((io.reactivex.rxjava3.core.Completable) result).blockingAwait();
          answer = null;
        } else {
          throw new IllegalArgumentException(root + " returns " + result + "; the guard reads "
              + "Single, Maybe and Completable");
        }
      } catch (RuntimeException e) {
        answer = e;
      }
      return new Answer(root, answer);
    }

    private Object handle(Class<?> type) throws ReflectiveOperationException {
      if (type == NlPearl.class) {
        return client;
      }
      Method method = handles.get(type);
      if (method == null) {
        throw new IllegalArgumentException("no handle leads to " + type.getSimpleName());
      }
      Object[] ids = new Object[method.getParameterCount()];
      Arrays.fill(ids, "probe-id");
      return method.invoke(handle(method.getDeclaringClass()), ids);
    }

    /** The body the server received for the last call, as JSON. */
    private Object lastBody() throws Exception {
      mockwebserver3.RecordedRequest request =
          server.takeRequest(10, java.util.concurrent.TimeUnit.SECONDS);
      if (request == null || request.getBody() == null) {
        throw new IllegalStateException("the facade sent no request");
      }
      return Objects.requireNonNull(READ.fromJson(request.getBody().utf8()));
    }

    @Override
    public Answer answer(String operationId, int status, String body) throws Exception {
      String key = operationId + " " + status + " " + body;
      Answer known = answers.get(key);
      if (known == null) {
        known = exchange(operationId, status, body);
        answers.put(key, known);
      }
      return known;
    }

    private Answer exchange(String operationId, int status, String body) throws Exception {
      Method operation = operation(operationId);
      Answer answer = call(operation, minimal(operation), status, body);
      mockwebserver3.RecordedRequest request =
          server.takeRequest(10, java.util.concurrent.TimeUnit.SECONDS);
      if (request == null) {
        throw new IllegalStateException("the facade sent no request");
      }
      return answer;
    }

    private @Nullable Object minimal(Method operation) throws Exception {
      Class<?> type = valueType(operation);
      if (type == null) {
        return null;
      }
      Object builder = type.getMethod("builder").invoke(null);
      Base base = baseSetter(builder.getClass());
      if (base != null) {
        apply(builder, base.setter(), 0, base.candidate(), null);
      }
      return builder.getClass().getMethod("build").invoke(builder);
    }

    /** The setters of a builder: public methods returning the builder, in a stable order. */
    private static List<Method> setters(Class<?> builder) {
      return Arrays.stream(builder.getMethods())
          .filter(m -> m.getReturnType() == builder && !Modifier.isStatic(m.getModifiers()))
          .sorted(Comparator.comparing(Method::toGenericString)).collect(Collectors.toList());
    }

    /** No setter when an empty value is valid, else the first setter that makes one valid. */
    private static @Nullable Base baseSetter(Class<?> builderType) throws Exception {
      Object empty = builderType.getDeclaringClass().getMethod("builder").invoke(null);
      if (builds(empty)) {
        return null;
      }
      for (Method setter : setters(builderType)) {
        for (int c = 0; c < 3; c++) {
          Object builder = builderType.getDeclaringClass().getMethod("builder").invoke(null);
          if (apply(builder, setter, 0, c, null) && builds(builder)) {
            return new Base(setter, c);
          }
        }
      }
      throw new IllegalStateException("no single setter of " + builderType.getName()
          + " gives a valid value");
    }

    private static boolean builds(Object builder) throws ReflectiveOperationException {
      try {
        builder.getClass().getMethod("build").invoke(builder);
        return true;
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (e.getCause() instanceof InvalidRequestException) {
          return false;
        }
        throw e;
      }
    }

    /**
     * Sample arguments: candidate {@code c} of variant {@code v} (0 for the base, 1 for a probe),
     * so that a probe's value differs from the base's; an enum parameter takes {@code constant}.
     */
    private static @Nullable Object sample(Class<?> type, int v, int c, @Nullable Object constant) {
      if (type.isEnum()) {
        return constant != null ? constant : type.getEnumConstants()[0];
      } else if (type == String.class) {
        String[] candidates = {"probe-" + v, v == 0 ? "+14155550123" : "+14155550199",
            v == 0 ? "Pacific Standard Time" : "Eastern Standard Time"};
        return c < candidates.length ? candidates[c] : null;
      } else if (type == java.time.ZoneId.class) {
        return java.time.ZoneId.of(v == 0 ? "America/Los_Angeles" : "America/New_York");
      } else if (type == Map.class) {
        return Map.of("key-" + v, "value-" + v);
      } else if (type == int.class || type == Integer.class) {
        return 3 + v;
      } else if (type == long.class || type == Long.class) {
        return 3L + v;
      } else if (type == boolean.class || type == Boolean.class) {
        return v == 1;
      } else if (type == Duration.class) {
        return Duration.ofSeconds(30 + v);
      } else if (type == Instant.class) {
        return Instant.ofEpochSecond(1_700_000_000L + v);
      }
      throw new IllegalArgumentException("the guard has no sample value for a "
          + type.getName() + " parameter; add one in FieldCoverage.RealFacade.sample");
    }

    /** Calls the setter with candidate {@code c}'s arguments; false if it has none or refuses. */
    private static boolean apply(Object builder, Method setter, int v, int c,
        @Nullable Object constant) throws ReflectiveOperationException {
      Object[] args = new Object[setter.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = sample(setter.getParameterTypes()[i], v, c, constant);
        if (args[i] == null) {
          return false;
        }
      }
      try {
        setter.invoke(builder, args);
        return true;
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (!(e.getCause() instanceof RuntimeException)) {
          throw e;
        }
        return false;
      }
    }

    /** A setter and the candidate arguments that make a valid value with it. */
    private record Base(Method setter, int candidate) {}

    @Override
    public List<RequestProbe> requestProbes(String operationId) throws Exception {
      List<RequestProbe> known = probes.get(operationId);
      if (known == null) {
        known = List.copyOf(probe(operationId));
        probes.put(operationId, known);
      }
      return known;
    }

    private List<RequestProbe> probe(String operationId) throws Exception {
      Method operation = operation(operationId);
      Class<?> type = valueType(operation);
      if (type == null) {
        return List.of();
      }
      Class<?> builderType = type.getMethod("builder").getReturnType();
      String builderName = type.getSimpleName() + "." + builderType.getSimpleName();
      Base base = baseSetter(builderType);
      List<RequestProbe> probes = new ArrayList<>();
      Object baseValue = minimal(operation);
      call(operation, baseValue, 200, "{}");
      probes.add(new RequestProbe(base == null ? builderName + "()"
          : setterName(builderName, base.setter()), builderName, lastBody(), true));
      for (Method setter : setters(builderType)) {
        List<Object> constants = new ArrayList<>();
        for (Class<?> p : setter.getParameterTypes()) {
          if (p.isEnum()) {
            constants.addAll(Arrays.asList(p.getEnumConstants()));
          }
        }
        if (constants.isEmpty()) {
          constants.add(null);
        }
        boolean called = false;
        for (Object constant : constants) {
          for (int c = 0; c < 3; c++) {
            Object builder = type.getMethod("builder").invoke(null);
            if (base != null) {
              apply(builder, base.setter(), 0, base.candidate(), null);
            }
            if (!apply(builder, setter, 1, c, constant) || !builds(builder)) {
              continue;
            }
            Object value = builderType.getMethod("build").invoke(builder);
            call(operation, value, 200, "{}");
            probes.add(new RequestProbe(setterName(builderName, setter), builderName, lastBody(),
                false));
            called = true;
            break;
          }
        }
        if (!called) {
          throw new IllegalStateException("no sample arguments make "
              + setterName(builderName, setter) + " give a valid value; add one in "
              + "FieldCoverage.RealFacade.sample");
        }
      }
      return probes;
    }

    private static String setterName(String builderName, Method setter) {
      return builderName + "." + setter.getName() + "(" + Arrays.stream(setter.getParameterTypes())
          .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    private static String describe(Method method) {
      return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
          + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
              .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void close() {
      client.close();
      server.close();
    }
  }
}
