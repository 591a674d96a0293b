package org.nlpearl4j.internal.generated.shrinking;

import static org.assertj.core.api.Assertions.assertThat;

import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.origin.Origin;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shrinks and obfuscates an app made of {@link ShrunkClientScenario}, this library, Retrofit and
 * Moshi with R8 in full mode, using only the keep rules those jars ship in META-INF/proguard (as
 * Android's build applies them) plus the app's own entry point; then runs the result against
 * MockWebServer and expects exactly what the unshrunk scenario reports.
 */
class R8ShrinkingIT {
  /** Shrunk with the app: the code whose reflection the rules must survive. */
  private static final List<String> PROGRAM_ARTIFACTS =
      Arrays.asList("retrofit-", "adapter-rxjava3-", "converter-moshi-", "moshi-");
  /** On the class path as they are (shrinking them proves nothing about this library's rules). */
  private static final List<String> LIBRARY_ARTIFACTS =
      Arrays.asList("okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-", "rxjava-", "reactive-streams-", "jspecify-");

  /** What the app itself would write: its entry point, and silence for platform-only references. */
  private static final List<String> APP_RULES = Arrays.asList(
      "-keep class " + ShrunkClientScenario.class.getName()
          + " { public static java.lang.String run(java.lang.String); }",
      // Android-only code paths in Retrofit, and optional TLS providers in OkHttp: an app on the
      // JVM has none of them, an Android app gets android.* from its platform.
      "-dontwarn android.**",
      "-dontwarn org.bouncycastle.**",
      "-dontwarn org.conscrypt.**",
      "-dontwarn org.openjsse.**",
      "-dontwarn org.jetbrains.annotations.**");

  @Test
  void theClientWorksAfterR8FullModeWithTheShippedRules(@TempDir Path work) throws Exception {
    Path library = jar(Paths.get(System.getProperty("nlpearl.main.classes")), work.resolve("generated-client.jar"));
    Path scenario = Paths.get(System.getProperty("nlpearl.test.classes"))
        .resolve(ShrunkClientScenario.class.getName().replace('.', '/') + ".class");
    List<Path> programJars = new ArrayList<>();
    programJars.add(library);
    programJars.addAll(classPathJars(PROGRAM_ARTIFACTS));
    List<Path> libraryJars = classPathJars(LIBRARY_ARTIFACTS);
    assertThat(programJars).hasSize(1 + PROGRAM_ARTIFACTS.size());
    assertThat(libraryJars).hasSize(LIBRARY_ARTIFACTS.size());

    List<String> rules = new ArrayList<>(APP_RULES);
    for (Path jar : programJars) {
      rules.addAll(embeddedRules(jar));
    }
    assertThat(String.join("\n", rules)).contains("org.nlpearl4j.internal.generated.api");

    Path shrunk = work.resolve("app-shrunk.jar");
    R8.run(R8Command.builder()
        .addProgramFiles(scenario)
        .addProgramFiles(programJars)
        .addLibraryFiles(libraryJars)
        .addLibraryResourceProvider(JdkClassFileProvider.fromSystemJdk())
        .addProguardConfiguration(rules, Origin.unknown())
        .setOutput(shrunk, OutputMode.ClassFile)
        .build());

    // Nothing needs the models' names: R8 was free to rename (or merge away) every one of them.
    List<String> shrunkEntries = entries(shrunk);
    assertThat(shrunkEntries).noneMatch(name -> name.startsWith("org/nlpearl4j/internal/generated/model/"));
    assertThat(shrunkEntries).noneMatch(name -> name.endsWith("/OutboundApi.class"));

    Run expected = runScenario(null, libraryJars);
    Run actual = runScenario(shrunk, libraryJars);

    assertThat(expected.report).contains("leadId=6650f1c2a3b4c5d6e7f80911", "status=100",
        "created=2025-03-14T09:26:53.123456700Z", "transcript[1].content=Hi, I need a ride to Orly.",
        "traceId=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    assertThat(actual.report).isEqualTo(expected.report);
    assertThat(actual.requests).isEqualTo(expected.requests);
  }

  /** One scenario run: what it reported and what the server received. */
  private static final class Run {
    final String report;
    final List<String> requests;

    Run(String report, List<String> requests) {
      this.report = report;
      this.requests = requests;
    }
  }

  /** Runs the scenario from {@code shrunk}, or as compiled here when it is null. */
  private static Run runScenario(Path shrunk, List<Path> libraryJars) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).body("{\"leadId\":\"6650f1c2a3b4c5d6e7f80911\"}").build());
      server.enqueue(new MockResponse.Builder().code(200).body(fixture("lead-api-view.json")).build());
      server.enqueue(new MockResponse.Builder().code(400).body(fixture("validation-problem-details.json")).build());
      String report;
      if (shrunk == null) {
        report = ShrunkClientScenario.run(server.url("/").toString());
      } else {
        List<URL> urls = new ArrayList<>();
        urls.add(shrunk.toUri().toURL());
        for (Path jar : libraryJars) {
          urls.add(jar.toUri().toURL());
        }
        try (URLClassLoader loader =
            new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
          Class<?> app = loader.loadClass(ShrunkClientScenario.class.getName());
          assertThat(app).isNotSameAs(ShrunkClientScenario.class);
          report = (String) app.getMethod("run", String.class).invoke(null, server.url("/").toString());
        }
      }
      List<String> requests = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RecordedRequest request = server.takeRequest();
        requests.add(request.getRequestLine() + " | " + request.getHeaders().get("Authorization") + " | "
            + request.getHeaders().get("Accept") + " | " + request.getBody().utf8());
      }
      return new Run(report, requests);
    }
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = R8ShrinkingIT.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<Path> classPathJars(List<String> artifactPrefixes) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Paths::get)
        .filter(p -> p.getFileName().toString().endsWith(".jar"))
        .filter(p -> artifactPrefixes.stream().anyMatch(prefix -> isArtifact(p, prefix)))
        .collect(Collectors.toList());
  }

  /** True for {@code <prefix><version>.jar}, so "moshi-" does not also pick up "converter-moshi-". */
  private static boolean isArtifact(Path jar, String prefix) {
    String name = jar.getFileName().toString();
    return name.startsWith(prefix) && Character.isDigit(name.charAt(prefix.length()));
  }

  /** The rules a jar ships in META-INF/proguard/, as R8 is handed them by Android's build. */
  private static List<String> embeddedRules(Path jar) throws IOException {
    List<String> lines = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/proguard/") && entry.getName().endsWith(".pro")) {
          try (InputStream in = zip.getInputStream(entry)) {
            lines.addAll(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
          }
        }
      }
    }
    return lines;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().map(ZipEntry::getName).collect(Collectors.toList());
    }
  }

  private static Path jar(Path classes, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return target;
  }
}
