package org.nlpearl4j.sample;

/**
 * Constants of this build, written by the Maven build from samples-android/pom.xml (the way the Android
 * Gradle plugin writes a BuildConfig class). Debug builds point at a sandbox on the development machine;
 * release builds at the real API.
 */
public final class BuildConfig {
  /** The build type: {@code debug} or {@code release}. */
  public static final String BUILD_TYPE = "@sample.buildType@";

  /** Whether this is a development build. */
  public static final boolean DEBUG = @sample.debug@;

  /** The app's version name. */
  public static final String VERSION_NAME = "@android.versionName@";

  /** The server address the settings start with. */
  public static final String DEFAULT_BASE_URL = "@sample.defaultBaseUrl@";

  /**
   * The one non-loopback host that may be reached over plain HTTP, or empty. Only debug builds set it
   * (to the emulator's alias for the development machine); the SDK refuses cleartext otherwise.
   */
  public static final String DEV_CLEARTEXT_HOST = "@sample.devCleartextHost@";

  /** The campaign (Pearl) id the settings start with; the sandbox's demo campaign in debug builds. */
  public static final String DEFAULT_CAMPAIGN_ID = "@sample.defaultCampaignId@";

  private BuildConfig() {}
}
