package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.net.ConnectivityManager;
import android.net.Network;
import android.os.Looper;
import android.view.View;
import android.view.ViewGroup;
import android.widget.TextView;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.robolectric.Robolectric;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.shadows.ShadowNetwork;

/** What the Robolectric tests do with the screen: tap, read, wait, flip the network, render. */
final class Screens {
  private static final long PATIENCE_NANOS = Duration.ofSeconds(20).toNanos();

  /** Where the rendered screens go (target/screenshots). */
  static final File SCREENSHOTS = new File(System.getProperty("sample.screenshots.dir",
      "target/screenshots"));

  private Screens() {}

  /** The process's Application. */
  static ProspectsApp app() {
    return (ProspectsApp) RuntimeEnvironment.getApplication();
  }

  /** Opens the main screen and waits until it can add (the connection is open). */
  static ActivityController<MainActivity> launchMain() {
    ActivityController<MainActivity> controller = Robolectric.buildActivity(MainActivity.class).setup();
    MainActivity activity = controller.get();
    runMainLooperUntil(() -> activity.findViewById(R.id.add).isEnabled());
    return controller;
  }

  /** The rep types a prospect and taps Add; returns once its row is listed and the form cleared. */
  static void capture(MainActivity activity, String phone, String name) {
    capture(activity, phone, name, "");
  }

  /** Captures a prospect with a CRM id (sent as its external id, by which NLPearl can be asked). */
  static void capture(MainActivity activity, String phone, String name, String externalId) {
    SettingsActivityTest.type(activity, R.id.external_id, externalId);
    SettingsActivityTest.type(activity, R.id.phone, phone);
    SettingsActivityTest.type(activity, R.id.name, name);
    int before = rows(activity).size();
    tap(activity, R.id.add);
    runMainLooperUntil(() -> rows(activity).size() == before + 1 && text(activity, R.id.phone).isEmpty());
  }

  static void tap(Activity activity, int id) {
    tap(activity.findViewById(id));
  }

  static void tap(View view) {
    assertThat(view.isEnabled()).as("tapping a disabled view").isTrue();
    assertThat(view.getVisibility()).as("tapping a hidden view").isEqualTo(View.VISIBLE);
    view.performClick();
  }

  static String text(Activity activity, int id) {
    return ((TextView) activity.findViewById(id)).getText().toString();
  }

  static boolean visible(Activity activity, int id) {
    return activity.findViewById(id).getVisibility() == View.VISIBLE;
  }

  /** The list of prospects kept on the phone, as shown: one item per row, newest first. */
  static List<View> rows(Activity activity) {
    ViewGroup leads = activity.findViewById(R.id.leads);
    List<View> rows = new ArrayList<>();
    for (int i = 0; i < leads.getChildCount(); i++) {
      rows.add(leads.getChildAt(i));
    }
    return rows;
  }

  /** The state line of each row, newest first. */
  static List<String> rowStates(Activity activity) {
    List<String> states = new ArrayList<>();
    for (View row : rows(activity)) {
      states.add(((TextView) row.findViewById(R.id.item_state)).getText().toString());
    }
    return states;
  }

  /** Lets the main looper run what other threads posted, until the screen shows what is expected. */
  static void runMainLooperUntil(BooleanSupplier shown) {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (true) {
      shadowOf(Looper.getMainLooper()).idle();
      if (shown.getAsBoolean()) {
        return;
      }
      assertThat(System.nanoTime()).as("the screen never showed the answer").isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits (off the main looper) for something outside the screen, e.g. the sandbox's store. */
  static void waitUntil(BooleanSupplier condition) {
    runMainLooperUntil(condition);
  }

  /** Tells the app's network callbacks what Android would: the default network is gone or back. */
  static void network(boolean available) {
    ConnectivityManager connectivity =
        RuntimeEnvironment.getApplication().getSystemService(ConnectivityManager.class);
    Network network = ShadowNetwork.newInstance(100);
    List<ConnectivityManager.NetworkCallback> callbacks =
        new ArrayList<>(shadowOf(connectivity).getNetworkCallbacks());
    assertThat(callbacks).as("the app listens to the network").isNotEmpty();
    for (ConnectivityManager.NetworkCallback callback : callbacks) {
      if (available) {
        callback.onAvailable(network);
      } else {
        callback.onLost(network);
      }
    }
  }

  /**
   * Renders the window (action bar and screen) to {@code target/screenshots/NAME.png}. Needs
   * {@code @GraphicsMode(NATIVE)}, which draws with Android's real graphics library; give the test a
   * tall screen (qualifiers) so that the list below the form is in the picture.
   */
  static File render(Activity activity, String name) throws IOException {
    shadowOf(Looper.getMainLooper()).idle();
    View window = activity.getWindow().getDecorView();
    Bitmap bitmap =
        Bitmap.createBitmap(window.getWidth(), window.getHeight(), Bitmap.Config.ARGB_8888);
    window.draw(new Canvas(bitmap));
    SCREENSHOTS.mkdirs();
    File file = new File(SCREENSHOTS, name + ".png");
    try (OutputStream out = new FileOutputStream(file)) {
      assertThat(bitmap.compress(Bitmap.CompressFormat.PNG, 100, out)).isTrue();
    }
    return file;
  }
}
