package org.nlpearl4j.sample;

import android.content.Context;
import android.content.SharedPreferences;

/**
 * The server address, API token and campaign the app talks to, kept in the app's private preferences.
 *
 * <p>Defaults come from {@link BuildConfig}: a debug build starts pointed at a sandbox on the development
 * machine ({@code http://10.0.2.2:8080} from the emulator), a release build at the real API. A production
 * app would keep the token in the Android Keystore (e.g. EncryptedSharedPreferences); private preferences
 * keep this sample dependency-free.
 */
final class AppSettings {
  static final String PREFERENCES = "nlpearl4j_sample_settings";
  private static final String BASE_URL = "base_url";
  private static final String TOKEN = "token";
  private static final String CAMPAIGN_ID = "campaign_id";

  private final SharedPreferences preferences;

  private AppSettings(SharedPreferences preferences) {
    this.preferences = preferences;
  }

  static AppSettings of(Context context) {
    return new AppSettings(
        context.getApplicationContext().getSharedPreferences(PREFERENCES, Context.MODE_PRIVATE));
  }

  String baseUrl() {
    return preferences.getString(BASE_URL, BuildConfig.DEFAULT_BASE_URL);
  }

  /** The {@code AccountId:SecretKey} token; never logged or shown once saved. */
  String token() {
    return preferences.getString(TOKEN, "");
  }

  String campaignId() {
    return preferences.getString(CAMPAIGN_ID, BuildConfig.DEFAULT_CAMPAIGN_ID);
  }

  /** Whether the rep has entered everything a request needs. */
  boolean isComplete() {
    return !baseUrl().trim().isEmpty() && !token().trim().isEmpty() && !campaignId().trim().isEmpty();
  }

  void save(String baseUrl, String token, String campaignId) {
    preferences
        .edit()
        .putString(BASE_URL, baseUrl.trim())
        .putString(TOKEN, token.trim())
        .putString(CAMPAIGN_ID, campaignId.trim())
        .apply();
  }
}
