package org.nlpearl4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's version, read from a resource that Maven filters at build time. */
public final class SdkVersion {
  /** Absolute, so that class renaming by R8 or ProGuard cannot break the lookup. */
  private static final String RESOURCE = "org/nlpearl4j/internal/version.properties";

  private static final String VERSION = load();

  private SdkVersion() {}

  /**
   * Returns the SDK version.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when the resource was not filtered
   */
  public static String get() {
    return VERSION;
  }

  /**
   * Returns the default User-Agent.
   *
   * @return e.g. {@code nlpearl4j/0.1.0}
   */
  public static String userAgent() {
    return "nlpearl4j/" + VERSION;
  }

  private static String load() {
    ClassLoader loader = SdkVersion.class.getClassLoader();
    InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(RESOURCE)
        : loader.getResourceAsStream(RESOURCE);
    if (in == null) {
      return "dev";
    }
    Properties properties = new Properties();
    try (InputStream stream = in) {
      properties.load(stream);
    } catch (IOException e) {
      return "dev";
    }
    String version = properties.getProperty("version", "").trim();
    return version.isEmpty() || version.startsWith("${") ? "dev" : version;
  }
}
