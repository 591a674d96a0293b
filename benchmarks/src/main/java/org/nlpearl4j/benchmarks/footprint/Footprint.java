package org.nlpearl4j.benchmarks.footprint;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nlpearl4j.benchmarks.support.SandboxProcess;

/**
 * Measures what a client costs an Android app: the bytes of its jars, and the dex bytes and method
 * references of a minimal app using it after R8 (release mode, tree shaking and obfuscation on).
 *
 * <p>Each variant is one minimal app class (from this module's classes) plus the client's jars. The
 * R8 rules are the ones a Gradle build would apply: the rules each jar ships (under
 * {@code META-INF/com.android.tools/r8*} when present, else {@code META-INF/proguard/}), plus the
 * app's own rules file from {@code org/nlpearl4j/benchmarks/footprint/} on the classpath. The
 * library is Robolectric's {@code android-all} jar (the Android 14 framework) plus the running JDK
 * for {@code java.*}, which {@code android-all} leaves out.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.footprint.Footprint \
 *   --android-jar PATH --classes benchmarks/target/classes --out benchmarks/target/footprint \
 *   --variant sdk=FILE_WITH_JARS --variant stock=FILE_WITH_JARS [--jvm-check]
 * </pre>
 *
 * <p>{@code --jvm-check} also shrinks each app with the same rules to class files (against the
 * running JDK) so the caller can run the shrunk app and prove the rules keep it working.
 */
public final class Footprint {

  /** The minimal apps, by variant name. */
  static final Map<String, AppSpec> APPS;

  static {
    Map<String, AppSpec> apps = new LinkedHashMap<>();
    apps.put("sdk", new AppSpec("org.nlpearl4j.benchmarks.footprint.app.SdkApp",
        Collections.emptyList(), "sdk-app.pro"));
    apps.put("sdk-direct", new AppSpec("org.nlpearl4j.benchmarks.footprint.app.SdkDirectApp",
        Collections.singletonList("org/nlpearl4j/benchmarks/http/DirectCalls"), "sdk-direct-app.pro"));
    apps.put("stock", new AppSpec("org.nlpearl4j.benchmarks.footprint.app.StockApp",
        Collections.singletonList("org/nlpearl4j/benchmarks/stock/"), "stock-app.pro"));
    APPS = Collections.unmodifiableMap(apps);
  }

  /** How to build one minimal app: its main class, extra class-file prefixes and its rules file. */
  static final class AppSpec {
    final String mainClass;
    final List<String> extraPrefixes;
    final String rulesResource;

    AppSpec(String mainClass, List<String> extraPrefixes, String rulesResource) {
      this.mainClass = mainClass;
      this.extraPrefixes = extraPrefixes;
      this.rulesResource = rulesResource;
    }
  }

  /** What one variant measured. */
  public static final class Result {
    /** The variant name. */
    public final String variant;
    /** Each runtime jar and its size in bytes (the app's own class excluded; a generated client included). */
    public final Map<String, Long> jarBytes;
    /** The dex files R8 wrote and their headers. */
    public final Map<String, DexHeader> dex;
    /** Method references and class definitions of the dex, per original library. */
    public final Map<String, int[]> byLibrary;
    /** R8's warnings and infos, one per line. */
    public final List<String> diagnostics;
    /** The shrunk class-file jar for the JVM check, when requested. */
    public final Path jvmJar;

    Result(String variant, Map<String, Long> jarBytes, Map<String, DexHeader> dex, Map<String, int[]> byLibrary,
        List<String> diagnostics, Path jvmJar) {
      this.variant = variant;
      this.jarBytes = jarBytes;
      this.dex = dex;
      this.byLibrary = byLibrary;
      this.diagnostics = diagnostics;
      this.jvmJar = jvmJar;
    }

    /** Returns the summed size of the runtime jars. */
    public long totalJarBytes() {
      return jarBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the summed size of the dex files. */
    public long totalDexBytes() {
      return dex.values().stream().mapToLong(DexHeader::getFileSize).sum();
    }

    /** Returns the summed method references of the dex files. */
    public int totalMethodRefs() {
      return dex.values().stream().mapToInt(DexHeader::getMethodIds).sum();
    }

    /** Returns the summed field references of the dex files. */
    public int totalFieldRefs() {
      return dex.values().stream().mapToInt(DexHeader::getFieldIds).sum();
    }

    /** Returns the summed class definitions of the dex files. */
    public int totalClasses() {
      return dex.values().stream().mapToInt(DexHeader::getClassDefs).sum();
    }
  }

  private Footprint() {
  }

  /** Runs the measurement; see the class documentation for the arguments. */
  public static void main(String[] args) throws Exception {
    Path androidJar = null;
    Path classes = null;
    Path out = Paths.get("target", "footprint");
    int minApi = 26;
    boolean jvmCheck = false;
    Map<String, Path> variants = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--android-jar":
          androidJar = Paths.get(args[++i]);
          break;
        case "--classes":
          classes = Paths.get(args[++i]);
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        case "--min-api":
          minApi = Integer.parseInt(args[++i]);
          break;
        case "--jvm-check":
          jvmCheck = true;
          break;
        case "--variant":
          String[] kv = args[++i].split("=", 2);
          variants.put(kv[0], Paths.get(kv[1]));
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (androidJar == null || classes == null || variants.isEmpty()) {
      throw new IllegalArgumentException("need --android-jar, --classes and at least one --variant name=jars-file");
    }
    List<Result> results = new ArrayList<>();
    for (Map.Entry<String, Path> variant : variants.entrySet()) {
      List<Path> jars = readClasspathFile(variant.getValue());
      results.add(measure(variant.getKey(), classes, jars, androidJar, minApi, out.resolve(variant.getKey()), jvmCheck));
    }
    report(results, minApi, System.out);
    if (jvmCheck) {
      System.out.println();
      runShrunkApps(results, System.out);
    }
  }

  /**
   * Runs each shrunk class-file app in its own JVM against a sandbox with the strict contract check,
   * proving the rules keep it working (an app that R8 broke would make its size meaningless).
   */
  static void runShrunkApps(List<Result> results, PrintStream out) throws IOException, InterruptedException {
    try (SandboxProcess sandbox = SandboxProcess.start("-Xmx256m", "--strict")) {
      for (Result r : results) {
        if (r.jvmJar == null) {
          continue;
        }
        List<String> command = Arrays.asList(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", r.jvmJar.toString(), APPS.get(r.variant).mainClass,
            sandbox.baseUrl(), SandboxProcess.token(), "footprint-outbound", "footprint-outbound");
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = app.waitFor();
        out.printf(Locale.ROOT, "shrunk %s app on the JVM against the strict sandbox: exit %d, printed: %s%n",
            r.variant, exit, output.replace('\n', ' '));
        if (exit != 0) {
          throw new IllegalStateException("the shrunk " + r.variant + " app failed: the R8 rules break it");
        }
      }
    }
  }

  /** Reads a file holding jar paths separated by the platform path separator or new lines. */
  public static List<Path> readClasspathFile(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
    return Arrays.stream(text.split("[" + java.io.File.pathSeparator + "\\n\\r]+"))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Paths::get).collect(Collectors.toList());
  }

  /** Shrinks one variant's minimal app with R8 and measures the result. */
  public static Result measure(String variant, Path classes, List<Path> jars, Path androidJar, int minApi, Path out,
      boolean jvmCheck) throws IOException, CompilationFailedException {
    AppSpec spec = APPS.get(variant);
    if (spec == null) {
      throw new IllegalArgumentException("unknown variant " + variant + "; known: " + APPS.keySet());
    }
    deleteRecursively(out);
    Files.createDirectories(out);
    Path appJar = out.resolve("app.jar");
    String mainPath = spec.mainClass.replace('.', '/');
    if (writeJar(classes, rel -> rel.equals(mainPath + ".class") || rel.startsWith(mainPath + "$"), appJar) == 0) {
      throw new IllegalStateException("no classes for " + spec.mainClass + " under " + classes);
    }
    jars = new ArrayList<>(jars);
    if (!spec.extraPrefixes.isEmpty()) {
      // Client code that lives in this module (the generated stock client, the no-Retrofit prototype)
      // ships as its own jar, counted like the SDK's jars.
      Path clientJar = out.resolve(variant + "-client.jar");
      if (writeJar(classes, rel -> spec.extraPrefixes.stream().anyMatch(rel::startsWith), clientJar) == 0) {
        throw new IllegalStateException("no classes under " + spec.extraPrefixes + " in " + classes);
      }
      jars.add(0, clientJar);
    }
    Path rules = out.resolve("rules.pro");
    writeRules(spec, jars, rules);

    Map<String, Long> jarBytes = new LinkedHashMap<>();
    for (Path jar : jars) {
      jarBytes.put(jar.getFileName().toString(), Files.size(jar));
    }

    List<String> diagnostics = new ArrayList<>();
    Path dexDir = out.resolve("dex");
    Files.createDirectories(dexDir);
    R8.run(command(appJar, jars, rules, diagnostics)
        .addLibraryFiles(androidJar)
        // Robolectric's android-all has the android.* framework but not java.*: on a device those come
        // from libcore; here the running JDK stands in for them (the same for every variant).
        .addLibraryResourceProvider(JdkClassFileProvider.fromSystemJdk())
        .setMinApiLevel(minApi)
        .setProguardMapOutputPath(out.resolve("mapping.txt"))
        .setOutput(dexDir, OutputMode.DexIndexed)
        .build());
    Map<String, DexHeader> dex = new LinkedHashMap<>();
    Map<String, int[]> byLibrary = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(dexDir)) {
      for (Path file : files.sorted().collect(Collectors.toList())) {
        if (file.getFileName().toString().endsWith(".dex")) {
          dex.put(file.getFileName().toString(), DexHeader.read(file));
          DexRefs.byLibrary(file, out.resolve("mapping.txt")).forEach((library, counts) -> {
            int[] sum = byLibrary.computeIfAbsent(library, k -> new int[2]);
            sum[0] += counts[0];
            sum[1] += counts[1];
          });
        }
      }
    }

    Path jvmJar = null;
    if (jvmCheck) {
      jvmJar = out.resolve("shrunk-jvm.jar");
      R8.run(command(appJar, jars, rules, new ArrayList<>())
          // android-all too: the jars reference android.* on paths they only take on a device.
          .addLibraryFiles(androidJar)
          .addLibraryResourceProvider(JdkClassFileProvider.fromSystemJdk())
          .setOutput(jvmJar, OutputMode.ClassFile)
          .build());
    }
    return new Result(variant, jarBytes, dex, byLibrary, diagnostics, jvmJar);
  }

  private static R8Command.Builder command(Path appJar, List<Path> jars, Path rules, List<String> diagnostics) {
    DiagnosticsHandler handler = new DiagnosticsHandler() {
      @Override
      public void warning(Diagnostic warning) {
        diagnostics.add("warning: " + warning.getDiagnosticMessage());
      }

      @Override
      public void info(Diagnostic info) {
        diagnostics.add("info: " + info.getDiagnosticMessage());
      }
    };
    List<Path> program = new ArrayList<>();
    program.add(appJar);
    program.addAll(jars);
    return R8Command.builder(handler)
        .addProgramFiles(program)
        .addProguardConfigurationFiles(rules)
        .setMode(CompilationMode.RELEASE);
  }

  /** Copies the class files whose path relative to {@code classes} the filter accepts into a jar. */
  static int writeJar(Path classes, Predicate<String> filter, Path jar) throws IOException {
    List<Path> selected;
    try (Stream<Path> walk = Files.walk(classes)) {
      selected = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".class"))
          .filter(p -> filter.test(classes.relativize(p).toString().replace('\\', '/')))
          .sorted()
          .collect(Collectors.toList());
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Path file : selected) {
        zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return selected.size();
  }

  /** Writes the app's own rules followed by every rule file the jars ship for R8. */
  static void writeRules(AppSpec spec, List<Path> jars, Path rules) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("# The minimal app's own rules (").append(spec.rulesResource).append(")\n");
    try (InputStream in = Footprint.class.getResourceAsStream(spec.rulesResource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + spec.rulesResource);
      }
      text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
    }
    for (Path jar : jars) {
      for (Map.Entry<String, String> shipped : shippedRules(jar).entrySet()) {
        text.append("# ").append(jar.getFileName()).append('!').append(shipped.getKey()).append('\n')
            .append(shipped.getValue()).append('\n');
      }
    }
    Files.write(rules, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the rule files a jar ships for this R8, as Android's Gradle plugin picks them: the
   * {@code META-INF/com.android.tools/r8*} directories whose version range holds this R8 when the
   * jar has any, else {@code META-INF/proguard/}.
   */
  public static Map<String, String> shippedRules(Path jar) throws IOException {
    Map<String, String> r8Specific = new LinkedHashMap<>();
    Map<String, String> proguard = new LinkedHashMap<>();
    boolean hasR8Dirs = false;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(zip.entries());
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry entry : entries) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (name.startsWith("META-INF/com.android.tools/")) {
          String[] parts = name.split("/");
          if (parts.length >= 4 && parts[2].startsWith("r8")) {
            hasR8Dirs = true;
            if (appliesToThisR8(parts[2])) {
              r8Specific.put(name, read(zip, entry));
            }
          }
        } else if (name.startsWith("META-INF/proguard/")) {
          proguard.put(name, read(zip, entry));
        }
      }
    }
    return hasR8Dirs ? r8Specific : proguard;
  }

  private static String read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Whether a directory named {@code r8}, {@code r8-from-A}, {@code r8-upto-B} or {@code r8-from-A-upto-B} holds this R8. */
  static boolean appliesToThisR8(String directory) {
    return appliesTo(directory, Version.getVersionString());
  }

  static boolean appliesTo(String directory, String r8Version) {
    if (directory.equals("r8")) {
      return true;
    }
    String from = null;
    String upto = null;
    String rest = directory.substring(2);
    if (rest.startsWith("-from-")) {
      rest = rest.substring("-from-".length());
      int cut = rest.indexOf("-upto-");
      if (cut >= 0) {
        from = rest.substring(0, cut);
        upto = rest.substring(cut + "-upto-".length());
      } else {
        from = rest;
      }
    } else if (rest.startsWith("-upto-")) {
      upto = rest.substring("-upto-".length());
    } else {
      return false;
    }
    String version = r8Version.split("[ -]")[0];
    return (from == null || compareVersions(version, from) >= 0) && (upto == null || compareVersions(version, upto) < 0);
  }

  static int compareVersions(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      int x = i < pa.length ? parseOrZero(pa[i]) : 0;
      int y = i < pb.length ? parseOrZero(pb[i]) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }

  private static int parseOrZero(String s) {
    String digits = s.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  /** Prints the results as Markdown tables. */
  public static void report(List<Result> results, int minApi, PrintStream out) {
    out.printf(Locale.ROOT, "R8 %s, release mode, min API %d, library android-all (Android 14) + JDK java.*%n%n",
        Version.getVersionString(), minApi);
    out.println("| variant | runtime jars | jar bytes | dex bytes after R8 | method refs | field refs | classes |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", r.variant, r.jarBytes.size(), r.totalJarBytes(),
          r.totalDexBytes(), r.totalMethodRefs(), r.totalFieldRefs(), r.totalClasses());
    }
    for (Result r : results) {
      out.printf(Locale.ROOT, "%n%s runtime jars:%n", r.variant);
      r.jarBytes.forEach((jar, bytes) -> out.printf(Locale.ROOT, "  %10d  %s%n", bytes, jar));
      r.dex.forEach((file, header) -> out.printf(Locale.ROOT, "  dex %s: %d bytes, %d method refs, %d field refs, "
          + "%d types, %d strings, %d classes%n", file, header.getFileSize(), header.getMethodIds(), header.getFieldIds(),
          header.getTypeIds(), header.getStringIds(), header.getClassDefs()));
      out.printf(Locale.ROOT, "  method refs / classes defined, by original library:%n");
      r.byLibrary.entrySet().stream()
          .sorted((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]))
          .forEach(e -> out.printf(Locale.ROOT, "    %6d / %4d  %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
      if (!r.diagnostics.isEmpty()) {
        out.printf(Locale.ROOT, "  R8 said (%d):%n", r.diagnostics.size());
        r.diagnostics.stream().limit(20).forEach(d -> out.println("    " + d.replace('\n', ' ')));
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }
}
