package org.nlpearl4j.sample;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;

/** Captures a prospect and adds them to the campaign. */
public final class MainActivity extends Activity {
  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_main);
    findViewById(R.id.open_settings)
        .setOnClickListener(v -> startActivity(new Intent(this, SettingsActivity.class)));
  }
}
