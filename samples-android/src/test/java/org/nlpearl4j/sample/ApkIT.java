package org.nlpearl4j.sample;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the APK the build produced the way a device and the Play tooling would read it: {@code aapt dump
 * badging}, {@code apksigner verify}, {@code zipalign -c}, and the dex code inside.
 */
class ApkIT {
  private static final boolean RELEASE = "release".equals(System.getProperty("sample.buildType"));
  private static Path apk;

  @BeforeAll
  static void findApk() {
    String property = System.getProperty("sample.apk");
    assertThat(property).as("system property sample.apk (set by the pom)").isNotNull();
    apk = Paths.get(property);
    assertThat(apk).isRegularFile();
  }

  @Test
  void badgingShowsThePackageSdkLevelsPermissionAndLauncher() throws Exception {
    String badging = run("aapt", "dump", "badging", apk.toString());

    assertThat(badging)
        .contains("package: name='org.nlpearl4j.sample' versionCode='1'")
        .contains("sdkVersion:'26'")
        .contains("targetSdkVersion:'34'")
        .contains("uses-permission: name='android.permission.INTERNET'")
        .contains("launchable-activity: name='org.nlpearl4j.sample.MainActivity'")
        .contains("application-label:'Pearl Prospects'");
    assertThat(badging.contains("application-debuggable")).isEqualTo(!RELEASE);
    // Nothing beyond the network: no location, contacts or phone-state permissions. The network
    // state is read to send the prospects kept on the phone when it is back online; the boot
    // permission keeps the background job that sends them (persisted) across a restart.
    assertThat(badging.lines().filter(line -> line.startsWith("uses-permission:")))
        .containsExactly("uses-permission: name='android.permission.INTERNET'",
            "uses-permission: name='android.permission.ACCESS_NETWORK_STATE'",
            "uses-permission: name='android.permission.RECEIVE_BOOT_COMPLETED'");
    // The process-wide Application that owns the outbox and the network callback, and the job
    // service that sends in the background, which only the system may bind.
    String manifest = run("aapt", "dump", "xmltree", apk.toString(), "AndroidManifest.xml");
    assertThat(manifest).contains("android:name(0x01010003)=\".ProspectsApp\"");
    String service = manifest.substring(manifest.indexOf("E: service"));
    int next = service.indexOf("E: ", 3);
    assertThat(next < 0 ? service : service.substring(0, next))
        .contains("android:name(0x01010003)=\"org.nlpearl4j.android.OutboxJobService\"")
        .contains("android:permission(0x01010006)=\"android.permission.BIND_JOB_SERVICE\"")
        .contains("android:exported(0x01010010)=(type 0x12)0x0");
  }

  @Test
  void signatureVerifiesWithTheBuildsOwnDebugKey() throws Exception {
    String verify = run("apksigner", "verify", "--verbose", "--print-certs", apk.toString());

    assertThat(verify)
        .startsWith("Verifies")
        .contains("Verified using v2 scheme (APK Signature Scheme v2): true")
        .contains("Number of signers: 1")
        .contains("Signer #1 certificate DN: CN=nlpearl4j sample debug, O=nlpearl4j, C=US");
  }

  @Test
  void isAlignedWithResourcesArscUncompressedAndTheSdksJavaResources() throws Exception {
    run("zipalign", "-c", "-p", "4", apk.toString());
    try (ZipFile zip = new ZipFile(apk.toFile())) {
      ZipEntry arsc = zip.getEntry("resources.arsc");
      assertThat(arsc).isNotNull();
      // Android 11+ refuses to install an app targeting API 30+ whose resources.arsc is compressed.
      assertThat(arsc.getMethod()).isEqualTo(ZipEntry.STORED);
      assertThat(names(zip)).noneMatch(name -> name.endsWith(".keystore") || name.endsWith(".jks"));
      // Java resources the SDK loads with ClassLoader.getResource, at the APK's root as on a class path.
      assertThat(zip.getEntry("org/nlpearl4j/windows-zones.tsv")).isNotNull();
    }
  }

  @Test
  void dexHoldsTheAppAndTheAndroidBuildOfOkHttp() throws Exception {
    String dex = dexStrings();

    assertThat(dex)
        .contains("Lorg/nlpearl4j/sample/MainActivity;")
        .contains("Lorg/nlpearl4j/sample/SettingsActivity;")
        .contains("Lorg/nlpearl4j/sample/ProspectsApp;")
        .contains("Lorg/nlpearl4j/outbox/LeadOutbox;")
        .contains("Lorg/nlpearl4j/android/OutboxJobService;")
        .contains("Lorg/nlpearl4j/NlPearl;")
        .contains("Lorg/nlpearl4j/internal/generated/api/OutboundApi;")
        .contains("Lio/reactivex/rxjava3/core/Single;")
        .contains("Lokhttp3/OkHttpClient;")
        // okhttp-android, not okhttp-jvm: it honours the app's network security config.
        .contains("Lokhttp3/internal/platform/Android10Platform;");
  }

  @Test
  void cleartextIsAllowedOnlyInDebugBuildsAndOnlyToTheDevelopmentMachine() throws Exception {
    String config =
        run("aapt", "dump", "xmltree", apk.toString(), "res/xml/network_security_config.xml");
    assertThat(run("aapt", "dump", "xmltree", apk.toString(), "AndroidManifest.xml"))
        .contains("android:networkSecurityConfig")
        .doesNotContain("usesCleartextTraffic");
    if (RELEASE) {
      assertThat(config.lines().map(String::trim).filter(line -> line.contains("cleartext")))
          .containsExactly("A: cleartextTrafficPermitted=(type 0x12)0x0 (Raw: \"false\")");
      assertThat(config).doesNotContain("domain-config");
      return;
    }
    // base-config: no cleartext; one domain-config allowing it for the emulator's host alias and
    // loopback (adb reverse), nothing else.
    assertThat(
            config
                .lines()
                .map(line -> line.trim().replaceAll(" \\(line=\\d+\\)$", ""))
                .filter(line -> line.startsWith("E: ")))
        .containsExactly(
            "E: network-security-config", "E: base-config", "E: domain-config", "E: domain",
            "E: domain", "E: domain");
    assertThat(config.lines().map(String::trim).filter(line -> line.contains("cleartext")))
        .containsExactly(
            "A: cleartextTrafficPermitted=(type 0x12)0x0 (Raw: \"false\")",
            "A: cleartextTrafficPermitted=(type 0x12)0xffffffff (Raw: \"true\")");
    assertThat(config.lines().map(String::trim).filter(line -> line.startsWith("C: ")))
        .containsExactly("C: \"10.0.2.2\"", "C: \"127.0.0.1\"", "C: \"localhost\"");
  }

  /** Every classes*.dex file's bytes as ISO-8859-1 text, so type descriptors can be searched. */
  static String dexStrings() throws IOException {
    StringBuilder all = new StringBuilder();
    try (ZipFile zip = new ZipFile(apk.toFile())) {
      List<String> dexes = new ArrayList<>();
      for (String name : names(zip)) {
        if (name.matches("classes\\d*\\.dex")) {
          dexes.add(name);
        }
      }
      assertThat(dexes).contains("classes.dex");
      for (String name : dexes) {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
          all.append(new String(in.readAllBytes(), ISO_8859_1));
        }
      }
    }
    return all.toString();
  }

  static List<String> names(ZipFile zip) {
    List<String> names = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      names.add(e.nextElement().getName());
    }
    return names;
  }

  /** Runs a build tool and returns its output; fails the test on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = out.toString(UTF_8);
    assertThat(process.exitValue()).as("%s\n%s", Arrays.toString(command), output).isZero();
    return output;
  }
}
