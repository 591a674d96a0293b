package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;

import android.app.Activity;
import android.content.Context;
import android.view.View;
import android.widget.EditText;
import android.widget.TextView;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;

@RunWith(RobolectricTestRunner.class)
public class SettingsActivityTest {

  @Test
  public void startsFromTheBuildDefaultsAndSavesWhatTheRepTypes() {
    try (ActivityController<SettingsActivity> controller =
        Robolectric.buildActivity(SettingsActivity.class).setup()) {
      SettingsActivity activity = controller.get();
      assertThat(text(activity, R.id.base_url)).isEqualTo(BuildConfig.DEFAULT_BASE_URL);
      assertThat(text(activity, R.id.campaign)).isEqualTo(BuildConfig.DEFAULT_CAMPAIGN_ID);
      assertThat(text(activity, R.id.token)).isEmpty();

      type(activity, R.id.base_url, "  https://api.nlpearl.ai ");
      type(activity, R.id.token, "acct-1:s3cret");
      type(activity, R.id.campaign, "pearl-9");
      activity.findViewById(R.id.save).performClick();

      assertThat(activity.isFinishing()).isTrue();
      AppSettings saved = AppSettings.of(RuntimeEnvironment.getApplication());
      assertThat(saved.baseUrl()).isEqualTo("https://api.nlpearl.ai");
      assertThat(saved.token()).isEqualTo("acct-1:s3cret");
      assertThat(saved.campaignId()).isEqualTo("pearl-9");
      assertThat(saved.isComplete()).isTrue();
    }
  }

  @Test
  public void refusesAnAddressWithoutSchemeAndEmptyFieldsAndKeepsTheScreenOpen() {
    try (ActivityController<SettingsActivity> controller =
        Robolectric.buildActivity(SettingsActivity.class).setup()) {
      SettingsActivity activity = controller.get();
      type(activity, R.id.base_url, "api.nlpearl.ai");
      type(activity, R.id.token, " ");
      type(activity, R.id.campaign, "");
      activity.findViewById(R.id.save).performClick();

      assertThat(activity.isFinishing()).isFalse();
      assertError(activity, R.id.base_url_error, "Enter an http:// or https:// address.");
      assertError(activity, R.id.token_error, "Required.");
      assertError(activity, R.id.campaign_error, "Required.");
      assertThat(
              RuntimeEnvironment.getApplication()
                  .getSharedPreferences(AppSettings.PREFERENCES, Context.MODE_PRIVATE)
                  .getAll())
          .isEmpty();
    }
  }

  static void type(Activity activity, int id, String text) {
    EditText field = activity.findViewById(id);
    field.requestFocus();
    field.setText(text);
  }

  static String text(Activity activity, int id) {
    return ((TextView) activity.findViewById(id)).getText().toString();
  }

  static void assertError(Activity activity, int id, String message) {
    TextView error = activity.findViewById(id);
    assertThat(error.getVisibility()).isEqualTo(View.VISIBLE);
    assertThat(error.getText().toString()).isEqualTo(message);
  }
}
