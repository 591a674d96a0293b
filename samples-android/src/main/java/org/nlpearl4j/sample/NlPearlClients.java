package org.nlpearl4j.sample;

import java.time.Duration;
import org.nlpearl4j.NlPearl;

/** Builds the SDK client from the rep's settings, the way this build type allows. */
final class NlPearlClients {
  private NlPearlClients() {}

  /**
   * Returns a client for the settings.
   *
   * <p>Plain {@code http} is refused by the SDK except to loopback; debug builds (only) explicitly
   * allow {@link BuildConfig#DEV_CLEARTEXT_HOST}, the emulator's address for the development machine
   * where the sandbox runs. Release builds leave it empty, so they can only use https.
   *
   * @throws IllegalArgumentException if the address or token is malformed, or the address is plain
   *     http to a host this build does not allow (the message never contains the secret key)
   * @throws IllegalStateException if no token is set
   */
  static NlPearl create(String baseUrl, String token, String devCleartextHost) {
    NlPearl.Builder builder =
        NlPearl.builder()
            .baseUrl(baseUrl)
            .token(token)
            .connectTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(30))
            .userAgentSuffix("nlpearl4j-sample-android/" + BuildConfig.VERSION_NAME);
    if (!devCleartextHost.isEmpty()) {
      builder.allowCleartextHost(devCleartextHost);
    }
    return builder.build();
  }
}
