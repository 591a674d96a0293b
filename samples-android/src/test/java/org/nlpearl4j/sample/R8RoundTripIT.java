package org.nlpearl4j.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * Proves the SDK survives minification: the build shrank and renamed the app and all of its runtime
 * with R8 (full mode) using only the rules the jars ship, the manifest's and the app's own; this test
 * runs the result on a bare JVM, with nothing else on its class path, against the sandbox. The job
 * service of nlpearl4j-android, which Android finds by the manifest's name, is kept by its jar's
 * rules alone (the manifest's rule for it is left out of the proof).
 */
class R8RoundTripIT {
  private static final String CAMPAIGN = "pearl-r8";
  /** The SDK's phone rule, as the shrunk code must still report it. */
  private static final String PHONE_RULE = org.nlpearl4j.internal.PhoneNumbers.RULE;
  private static final Path R8_DIR = Paths.get(System.getProperty("sample.r8.dir", "target/r8"));
  /** Where the build put the manifest's keep rules (aapt -G). */
  private static final Path ANDROID_DIR = R8_DIR.resolveSibling("android");

  @Test
  void theShrunkAppAddsAndUpdatesALeadAgainstTheSandbox() throws Exception {
    Path shrunk = R8_DIR.resolve("shrunk.jar");
    assertThat(shrunk).isRegularFile();

    String output;
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().start();
        MockWebServer rejecting = new MockWebServer()) {
      rejecting.start();
      rejecting.enqueue(new MockResponse.Builder().code(400)
          .setHeader("Content-Type", "application/problem+json; charset=utf-8")
          .body("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
              + "\"title\":\"One or more validation errors occurred.\",\"status\":400,"
              + "\"errors\":{\"PhoneNumber\":[\"The number is not reachable.\"]},"
              + "\"traceId\":\"00-r8-01\"}")
          .build());

      output = runJava(shrunk, "org.nlpearl4j.sample.R8RoundTripMain",
          sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN, rejecting.url("/").toString());

      assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
      SandboxLead lead = sandbox.leads(CAMPAIGN).get(0);
      assertThat(lead.getStatus()).isEqualTo(100);
      assertThat(lead.getPhoneNumber()).isEqualTo("+14155550123");
      assertThat(lead.getTimeZoneId()).isEqualTo("Romance Standard Time");
      assertThat(lead.getCallData()).containsEntry("email", "joe@example.com");
      assertThat(output.lines()).containsExactly(
          "added " + lead.getId(),
          "lead " + lead.getId() + " COMPLETED +14155550123 Romance Standard Time",
          "lead " + lead.getId() + " SUCCESS +14155550123 Romance Standard Time",
          "invalid {PHONE=[" + PHONE_RULE + "], EMAIL=[is not an email address]}",
          "reopened [LeadRow{" + entryIdOf(output) + ", ADDED, " + lead.getId() + "}]",
          "rejected 400 [PHONE: The number is not reachable.]");
      sandbox.assertNoContractViolations();
    }
  }

  @Test
  void r8ReallyShrankAndRenamedTheSdk() throws Exception {
    List<String> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(R8_DIR.resolve("shrunk.jar").toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        if (entry.getName().endsWith(".class")) {
          classes.add(entry.getName());
        }
      }
    }
    String mapping = new String(Files.readAllBytes(R8_DIR.resolve("mapping.txt")), UTF_8);

    assertThat(classes).contains("org/nlpearl4j/sample/R8RoundTripMain.class",
        "org/nlpearl4j/sample/MainActivity.class", "org/nlpearl4j/sample/ProspectsApp.class");
    // The SDK's facade and the generated models were renamed, so nothing relied on their names.
    assertThat(classes).doesNotContain("org/nlpearl4j/NlPearl.class",
        "org/nlpearl4j/internal/generated/model/LeadApiView.class");
    assertThat(mapping).contains("org.nlpearl4j.NlPearl -> ",
        "org.nlpearl4j.internal.generated.model.LeadApiView -> ",
        "org.nlpearl4j.outbox.LeadOutbox -> ");
    assertThat(classes).doesNotContain("org/nlpearl4j/outbox/LeadOutbox.class");
    // Unused code is gone: far fewer classes than the app and its runtime ship.
    assertThat(classes.size()).isLessThan(3000);
  }

  @Test
  void theJobServiceSurvivesWithOnlyTheRulesItsJarShips() throws Exception {
    // The manifest names the service, and aapt wrote a rule for it; the proof left that rule out.
    assertThat(read(ANDROID_DIR.resolve("aapt-rules.pro"))).contains("org.nlpearl4j.android.OutboxJobService");
    assertThat(read(R8_DIR.resolve("manifest-rules.pro")))
        .contains("org.nlpearl4j.sample.ProspectsApp").doesNotContain("org.nlpearl4j.android.");
    assertThat(read(R8_DIR.resolve("configuration.txt")))
        .contains("-keep public class org.nlpearl4j.android.OutboxJobService {");

    // Under the name the manifest gives Android, created with its no-argument constructor, and
    // still a JobService whose lifecycle methods Android calls.
    String service = javap(R8_DIR.resolve("shrunk.jar"), "org.nlpearl4j.android.OutboxJobService");
    assertThat(service)
        .contains("public final class org.nlpearl4j.android.OutboxJobService extends android.app.job.JobService")
        .contains("public org.nlpearl4j.android.OutboxJobService();")
        // R8 may mark the methods final (the class is final already): Android still calls them.
        .containsPattern("public (final )?boolean onStartJob\\(android\\.app\\.job\\.JobParameters\\);")
        .containsPattern("public (final )?boolean onStopJob\\(android\\.app\\.job\\.JobParameters\\);");
    // The app still hands the job its outbox: the host interface the service looks for (renamed
    // or not, the same in both) is implemented by the Application Android creates.
    String mapping = read(R8_DIR.resolve("mapping.txt"));
    String host = mapping.lines().filter(l -> l.startsWith("org.nlpearl4j.android.OutboxJobHost -> "))
        .findFirst().orElseThrow(() -> new AssertionError("OutboxJobHost was removed"));
    String hostName = host.substring(host.indexOf("-> ") + 3, host.length() - 1);
    assertThat(javap(R8_DIR.resolve("shrunk.jar"), "org.nlpearl4j.sample.ProspectsApp"))
        .contains("implements " + hostName);
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), UTF_8);
  }

  private static String javap(Path jar, String className) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ToolProvider.findFirst("javap").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(err), "-cp", jar.toString(), className);
    assertThat(status).as("javap %s: %s", className, err).isZero();
    return out.toString();
  }

  /** The outbox entry id the shrunk app printed (entry ids are random). */
  private static String entryIdOf(String output) {
    int start = output.indexOf("LeadRow{") + "LeadRow{".length();
    return start < "LeadRow{".length() ? "?" : output.substring(start, output.indexOf(',', start));
  }

  private static String runJava(Path classPath, String mainClass, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath.toString());
    command.add(mainClass);
    for (String arg : args) {
      command.add(arg);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(new File(System.getProperty("java.io.tmpdir"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = out.toString(UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
