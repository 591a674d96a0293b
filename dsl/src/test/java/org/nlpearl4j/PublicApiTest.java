package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of the facade (package {@code org.nlpearl4j}) against the accepted dump
 * {@code dsl/api/nlpearl4j.api}: a signature that disappears or changes fails the build, with the
 * accept command in the message. New signatures pass; record them with the same command so the
 * dump, which reviewers read in diffs, stays the whole API.
 *
 * <p>Accept a deliberate change (it rewrites the dump from the compiled classes):
 *
 * <pre>{@code ./mvnw -q -pl dsl test -Dtest=PublicApiTest -Dnlpearl.api.accept=true}</pre>
 *
 * <p>Why a dump and not japicmp: japicmp compares two jars, and this project has no released jar to
 * compare with (the build is offline but for Maven Central, and a committed binary jar would be
 * unreviewable). The dump is plain text: one line per public or protected type and member, with
 * generic signatures, so a diff shows exactly what changed.
 */
class PublicApiTest {
  static final String ACCEPT_PROPERTY = "nlpearl.api.accept";
  static final String ACCEPT_COMMAND =
      "./mvnw -q -pl dsl test -Dtest=PublicApiTest -D" + ACCEPT_PROPERTY + "=true";
  static final String DUMP_FILE = "dsl/api/nlpearl4j.api";
  private static final Path DUMP = Paths.get("api", "nlpearl4j.api");
  private static final String PACKAGE = "org.nlpearl4j";
  private static final String HEADER = "# The public API of nlpearl4j (package " + PACKAGE
      + "), from the compiled classes.\n"
      + "# Checked by dsl PublicApiTest: a removed or changed line fails the build.\n"
      + "# After a deliberate change, rewrite it with: " + ACCEPT_COMMAND + "\n";

  // --- the dump ---------------------------------------------------------------------------------

  /** Dumps the exported types of a package found in a classes directory, sorted by name. */
  static String dump(Path classesDir, String packageName, ClassLoader loader) throws IOException {
    Path dir = classesDir.resolve(packageName.replace('.', File.separatorChar));
    List<String> names;
    try (Stream<Path> files = Files.list(dir)) {
      names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
          .map(n -> packageName + "." + n.substring(0, n.length() - ".class".length()))
          .sorted()
          .collect(Collectors.toList());
    }
    List<Class<?>> types = new ArrayList<>();
    for (String name : names) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot load " + name, e);
      }
      if (isExported(type)) {
        types.add(type);
      }
    }
    StringBuilder out = new StringBuilder(HEADER);
    for (Class<?> type : types) {
      out.append('\n').append(header(type)).append('\n');
      for (String member : members(type)) {
        out.append("  ").append(member).append('\n');
      }
    }
    return out.toString();
  }

  /** A type is exported when it and every type enclosing it are public or protected. */
  static boolean isExported(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      int mods = t.getModifiers();
      boolean visible = t.getDeclaringClass() == null
          ? Modifier.isPublic(mods) : Modifier.isPublic(mods) || Modifier.isProtected(mods);
      if (!visible) {
        return false;
      }
    }
    return true;
  }

  static String header(Class<?> type) {
    int mods = type.getModifiers() & (Modifier.classModifiers() | Modifier.INTERFACE);
    List<String> words = new ArrayList<>();
    for (String word : Modifier.toString(mods & ~Modifier.INTERFACE & ~Modifier.STRICT).split(" ")) {
      if (!word.isEmpty() && !(type.isInterface() && word.equals("abstract"))) {
        words.add(word);
      }
    }
    String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
        : type.isEnum() ? "enum" : "class";
    StringBuilder line = new StringBuilder(String.join(" ", words)).append(' ').append(kind)
        .append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum()) {
      line.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ").append(
          Arrays.stream(interfaces).map(Type::getTypeName).sorted().collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  static List<String> members(Class<?> type) {
    List<String> out = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (visible(field)) {
        out.add(modifiers(field.getModifiers() & ~Modifier.TRANSIENT & ~Modifier.VOLATILE)
            + field.getGenericType().getTypeName() + " " + field.getName());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor)) {
        out.add(modifiers(constructor.getModifiers())
            + typeParameterPrefix(constructor.getTypeParameters()) + "<init>"
            + parameters(constructor) + exceptions(constructor));
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (visible(method) && !method.isBridge()) {
        int mods = method.getModifiers() & ~Modifier.SYNCHRONIZED & ~Modifier.NATIVE
            & ~Modifier.STRICT;
        if (type.isInterface()) {
          mods &= ~Modifier.ABSTRACT;
        }
        out.add(modifiers(mods) + (method.isDefault() ? "default " : "")
            + typeParameterPrefix(method.getTypeParameters())
            + method.getGenericReturnType().getTypeName() + " " + method.getName()
            + parameters(method) + exceptions(method));
      }
    }
    Collections.sort(out);
    return out;
  }

  private static boolean visible(Member member) {
    int mods = member.getModifiers();
    return !member.isSynthetic() && (Modifier.isPublic(mods) || Modifier.isProtected(mods));
  }

  private static String modifiers(int mods) {
    String text = Modifier.toString(mods);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      List<String> bounds = Arrays.stream(variable.getBounds())
          .filter(b -> b != Object.class).map(Type::getTypeName).collect(Collectors.toList());
      out.add(variable.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", out) + ">";
  }

  private static String typeParameterPrefix(TypeVariable<?>[] variables) {
    String text = typeParameters(variables);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String parameters(Executable executable) {
    Type[] types = executable.getGenericParameterTypes();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String name = types[i].getTypeName();
      if (executable.isVarArgs() && i == types.length - 1 && name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      out.add(name);
    }
    return "(" + String.join(", ", out) + ")";
  }

  private static String exceptions(Executable executable) {
    Type[] thrown = executable.getGenericExceptionTypes();
    return thrown.length == 0 ? "" : " throws "
        + Arrays.stream(thrown).map(Type::getTypeName).sorted().collect(Collectors.joining(", "));
  }

  // --- the comparison ---------------------------------------------------------------------------

  /** The comparable entries of a dump: each type header, and each member prefixed by its type. */
  static Set<String> entries(String dump) {
    Set<String> out = new LinkedHashSet<>();
    String type = null;
    for (String line : dump.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("  ")) {
        if (type == null) {
          throw new IllegalArgumentException("member before any type: " + line);
        }
        out.add(type + " :: " + line.trim());
      } else {
        type = line.substring(line.indexOf(PACKAGE + "."));
        int space = type.indexOf(' ');
        type = space < 0 ? type : type.substring(0, space);
        int generic = type.indexOf('<');
        type = generic < 0 ? type : type.substring(0, generic);
        out.add(line);
      }
    }
    return out;
  }

  /** What changed between the accepted dump and the current one. */
  static Map<String, List<String>> compare(String accepted, String current) {
    Set<String> before = entries(accepted);
    Set<String> after = entries(current);
    List<String> removed = new ArrayList<>();
    for (String entry : before) {
      if (!after.contains(entry)) {
        removed.add(entry);
      }
    }
    List<String> added = new ArrayList<>();
    for (String entry : after) {
      if (!before.contains(entry)) {
        added.add(entry);
      }
    }
    Map<String, List<String>> out = new TreeMap<>();
    out.put("added", added);
    out.put("removed", removed);
    return out;
  }

  /** The failure message for removed or changed signatures, or null when nothing breaks. */
  static String breakingMessage(String accepted, String current) {
    Map<String, List<String>> diff = compare(accepted, current);
    if (diff.get("removed").isEmpty()) {
      return null;
    }
    StringBuilder message = new StringBuilder("The public API of nlpearl4j lost or changed "
        + diff.get("removed").size() + " signature(s) recorded in " + DUMP_FILE
        + ". Code compiled against the previous release may break.\nGone or changed:");
    for (String entry : diff.get("removed")) {
      message.append("\n  - ").append(entry);
    }
    if (!diff.get("added").isEmpty()) {
      message.append("\nNew (a changed signature shows up here in its new form):");
      for (String entry : diff.get("added")) {
        message.append("\n  + ").append(entry);
      }
    }
    message.append("\nIf this is an accident, restore the signatures. If it is deliberate (and "
        + "noted in CHANGELOG.md), accept the new API with:\n  ").append(ACCEPT_COMMAND);
    return message.toString();
  }

  private static Path classesDir() {
    try {
      return Paths.get(NlPearl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String currentDump() throws IOException {
    return dump(classesDir(), PACKAGE, PublicApiTest.class.getClassLoader());
  }

  // --- the tests --------------------------------------------------------------------------------

  @Test
  void publicApiKeepsEverySignatureOfTheAcceptedDump() throws IOException {
    String current = currentDump();
    if (Boolean.getBoolean(ACCEPT_PROPERTY)) {
      Files.createDirectories(DUMP.getParent());
      Path temp = Files.createTempFile(DUMP.getParent(), ".nlpearl4j", ".api");
      Files.write(temp, current.getBytes(StandardCharsets.UTF_8));
      Files.move(temp, DUMP, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      assertThat(new String(Files.readAllBytes(DUMP), StandardCharsets.UTF_8)).isEqualTo(current);
      return;
    }
    if (!Files.isRegularFile(DUMP)) {
      fail("There is no accepted API dump at " + DUMP_FILE + ". Create it with: " + ACCEPT_COMMAND);
    }
    String accepted = new String(Files.readAllBytes(DUMP), StandardCharsets.UTF_8);
    String message = breakingMessage(accepted, current);
    if (message != null) {
      fail(message);
    }
  }

  @Test
  void dumpShowsGenericSignaturesBuildersAndEnumConstants() throws IOException {
    String dump = currentDump();

    assertThat(dump).startsWith(HEADER)
        .contains("\npublic final class org.nlpearl4j.NlPearl implements java.lang.AutoCloseable\n")
        .contains("\n  public static org.nlpearl4j.NlPearl$Builder builder()\n")
        .contains("\npublic static final class org.nlpearl4j.NlPearl$Builder\n")
        .contains("\n  public io.reactivex.rxjava3.core.Single<java.lang.String> addLead("
            + "java.util.function.Consumer<org.nlpearl4j.NewLead$Builder>)\n")
        .contains("\n  public static final org.nlpearl4j.LeadStatus UNKNOWN\n")
        .contains("\n  public static org.nlpearl4j.LeadStatus[] values()\n")
        .doesNotContain("org.nlpearl4j.internal.")
        .doesNotContain(" private ")
        .doesNotContain("lambda$");
  }

  @Test
  void removedMethodIsBreakingAndNamesTheAcceptCommand() {
    String accepted = HEADER + "\npublic final class org.nlpearl4j.Pearl\n"
        + "  public io.reactivex.rxjava3.core.Single<org.nlpearl4j.Lead> updateLead(java.lang.String, org.nlpearl4j.LeadUpdate)\n"
        + "  public java.lang.String getPearlId()\n";
    String current = HEADER + "\npublic final class org.nlpearl4j.Pearl\n"
        + "  public java.lang.String getPearlId()\n";

    assertThat(breakingMessage(accepted, current))
        .contains("lost or changed 1 signature(s)")
        .contains("\n  - org.nlpearl4j.Pearl :: public io.reactivex.rxjava3.core.Single"
            + "<org.nlpearl4j.Lead> updateLead(java.lang.String, org.nlpearl4j.LeadUpdate)")
        .endsWith("\n  " + ACCEPT_COMMAND);
  }

  @Test
  void changedReturnTypeIsBreakingAndShowsBothForms() {
    String accepted = HEADER + "\npublic final class org.nlpearl4j.NlPearl\n"
        + "  public java.lang.String getBaseUrl()\n";
    String current = HEADER + "\npublic final class org.nlpearl4j.NlPearl\n"
        + "  public java.net.URI getBaseUrl()\n";

    assertThat(breakingMessage(accepted, current))
        .contains("  - org.nlpearl4j.NlPearl :: public java.lang.String getBaseUrl()")
        .contains("  + org.nlpearl4j.NlPearl :: public java.net.URI getBaseUrl()");
  }

  @Test
  void removedTypeOrLostFinalityIsBreaking() {
    String accepted = HEADER + "\npublic final class org.nlpearl4j.Lead\n  public java.lang.String getId()\n"
        + "\npublic final class org.nlpearl4j.LastCall\n";
    String current = HEADER + "\npublic class org.nlpearl4j.Lead\n  public java.lang.String getId()\n";

    assertThat(compare(accepted, current).get("removed")).containsExactly(
        "public final class org.nlpearl4j.Lead", "public final class org.nlpearl4j.LastCall");
  }

  @Test
  void additionsAloneDoNotBreak() {
    String accepted = HEADER + "\npublic final class org.nlpearl4j.Pearl\n"
        + "  public java.lang.String getPearlId()\n";
    String current = accepted + "  public io.reactivex.rxjava3.core.Single<java.lang.Boolean> "
        + "deleteCalls(java.util.List<java.lang.String>)\n";

    assertThat(breakingMessage(accepted, current)).isNull();
    assertThat(compare(accepted, current).get("added")).containsExactly("org.nlpearl4j.Pearl :: "
        + "public io.reactivex.rxjava3.core.Single<java.lang.Boolean> "
        + "deleteCalls(java.util.List<java.lang.String>)");
  }
}
