package org.nlpearl4j.sample;

import android.app.Activity;
import android.os.Bundle;
import android.view.View;
import android.widget.EditText;
import android.widget.TextView;
import android.widget.Toast;

/** Lets the rep set the server address, the API token and the campaign (Pearl) id. */
public final class SettingsActivity extends Activity {
  private EditText baseUrl;
  private EditText token;
  private EditText campaign;
  private TextView baseUrlError;
  private TextView tokenError;
  private TextView campaignError;

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_settings);
    baseUrl = findViewById(R.id.base_url);
    token = findViewById(R.id.token);
    campaign = findViewById(R.id.campaign);
    baseUrlError = findViewById(R.id.base_url_error);
    tokenError = findViewById(R.id.token_error);
    campaignError = findViewById(R.id.campaign_error);
    findViewById(R.id.dev_hint).setVisibility(BuildConfig.DEBUG ? View.VISIBLE : View.GONE);

    if (savedInstanceState == null) {
      AppSettings settings = AppSettings.of(this);
      baseUrl.setText(settings.baseUrl());
      token.setText(settings.token());
      campaign.setText(settings.campaignId());
    }
    findViewById(R.id.save).setOnClickListener(v -> save());
  }

  private void save() {
    String url = baseUrl.getText().toString().trim();
    String tokenText = token.getText().toString().trim();
    String campaignText = campaign.getText().toString().trim();
    boolean ok = true;
    ok &= show(baseUrlError, url.startsWith("https://") || url.startsWith("http://")
        ? null : getString(R.string.settings_base_url_invalid));
    ok &= show(tokenError, tokenText.isEmpty() ? getString(R.string.settings_required) : null);
    ok &= show(campaignError, campaignText.isEmpty() ? getString(R.string.settings_required) : null);
    if (!ok) {
      return;
    }
    AppSettings.of(this).save(url, tokenText, campaignText);
    Toast.makeText(this, R.string.settings_saved, Toast.LENGTH_SHORT).show();
    setResult(RESULT_OK);
    finish();
  }

  private static boolean show(TextView errorView, String error) {
    errorView.setText(error);
    errorView.setVisibility(error == null ? View.GONE : View.VISIBLE);
    return error == null;
  }
}
