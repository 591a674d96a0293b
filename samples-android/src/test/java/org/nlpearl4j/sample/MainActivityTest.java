package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.sample.Screens.rowStates;
import static org.nlpearl4j.sample.Screens.runMainLooperUntil;
import static org.nlpearl4j.sample.Screens.tap;
import static org.nlpearl4j.sample.Screens.text;
import static org.nlpearl4j.sample.Screens.visible;
import static org.robolectric.Shadows.shadowOf;

import android.content.Intent;
import android.os.Looper;
import android.view.View;
import android.widget.Spinner;
import android.widget.TextView;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.TimeZone;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;

/**
 * The prospect screen under Robolectric (Android 14), with the real SDK and lead outbox talking to
 * the sandbox on loopback: the test types and taps like a rep, and runs the main looper until the
 * answer is shown. {@link OutboxScreenTest} covers no signal, process death and reconnecting.
 */
@RunWith(RobolectricTestRunner.class)
public class MainActivityTest {
  private static final String CAMPAIGN = "pearl-field-sales";

  /** One sandbox for the class (it loads and checks the whole spec), emptied before each test. */
  private static NlPearlSandbox sandbox;

  private TimeZone deviceZone;
  private ActivityController<MainActivity> controller;

  @BeforeClass
  public static void startSandbox() {
    sandbox = NlPearlSandbox.builder().start();
  }

  @AfterClass
  public static void stopSandbox() {
    sandbox.close();
  }

  @Before
  public void setUp() {
    sandbox.reset();
    deviceZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
    settings(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
  }

  @After
  public void tearDown() {
    if (controller != null) {
      controller.pause().stop().destroy();
    }
    ((ProspectsApp) RuntimeEnvironment.getApplication()).disconnect();
    TimeZone.setDefault(deviceZone);
  }

  private static void settings(String baseUrl, String token, String campaign) {
    AppSettings.of(RuntimeEnvironment.getApplication()).save(baseUrl, token, campaign);
  }

  /** Starts the screen and waits until it is ready (the outbox opens off the main thread). */
  private MainActivity launch() {
    controller = Robolectric.buildActivity(MainActivity.class).setup();
    MainActivity activity = controller.get();
    runMainLooperUntil(() -> activity.findViewById(R.id.add).isEnabled() || visible(activity, R.id.message));
    return activity;
  }

  @Test
  public void everyReasonTheSdkGivesIsPutInTheRepsWords() {
    MainActivity activity = launch();
    String server = sandbox.baseUrl();
    TextView message = activity.findViewById(R.id.message);
    java.util.Map<FailureReason, String> expected = new java.util.EnumMap<>(FailureReason.class);
    expected.put(FailureReason.INVALID_REQUEST, "Please fix the highlighted fields.");
    expected.put(FailureReason.REJECTED, "NLPearl rejected the request: Please fix");
    expected.put(FailureReason.AUTHENTICATION, "did not accept the API token (401)");
    expected.put(FailureReason.NOT_FOUND, "does not know this campaign or lead (404)");
    expected.put(FailureReason.RATE_LIMITED, "Too many requests");
    expected.put(FailureReason.SERVER_ERROR, "NLPearl had a problem (401)");
    expected.put(FailureReason.NETWORK_BEFORE_SENDING, "Cannot reach " + server);
    expected.put(FailureReason.NETWORK_AFTER_SENDING, "No answer from " + server);
    expected.put(FailureReason.TIMEOUT, "No answer from " + server);
    expected.put(FailureReason.ANSWER_CUT_SHORT, "answered (401) but its answer could not be read");
    expected.put(FailureReason.BAD_RESPONSE, "Unexpected answer from the server: why");
    expected.put(FailureReason.CANCELLED, "Unexpected answer from the server: why");
    expected.put(FailureReason.INTERNAL_ERROR, "Unexpected answer from the server: why");

    assertThat(expected.keySet()).containsExactlyInAnyOrder(FailureReason.values());
    for (java.util.Map.Entry<FailureReason, String> reason : expected.entrySet()) {
      activity.showFailure(new Failure(ProspectPresenter.Work.ADDING, reason.getKey(),
          reason.getKey() == FailureReason.INVALID_REQUEST ? Delivery.NEVER_SENT : Delivery.UNKNOWN,
          401, reason.getKey() == FailureReason.REJECTED ? "" : "why"));
      assertThat(message.getText().toString()).as("%s", reason.getKey())
          .contains(reason.getValue());
    }
    activity.showFailure(new Failure(ProspectPresenter.Work.ADDING, null, Delivery.NEVER_SENT, 0,
        "disk full"));
    assertThat(message.getText().toString())
        .startsWith("This phone could not save the prospects: disk full");
  }

  @Test
  public void theDevicesTimeZoneIsPreselectedAndShownAsItsWindowsId() {
    MainActivity activity = launch();

    Spinner zone = activity.findViewById(R.id.time_zone);
    assertThat(zone.getSelectedItem()).isEqualTo("Europe/Paris");
    assertThat(text(activity, R.id.windows_time_zone))
        .isEqualTo("Sent to NLPearl as: Romance Standard Time");
    assertThat(zone.getCount()).isGreaterThan(300);

    int tokyo = indexOf(zone, "Asia/Tokyo");
    zone.setSelection(tokyo);
    shadowOf(Looper.getMainLooper()).idle();
    assertThat(text(activity, R.id.windows_time_zone))
        .isEqualTo("Sent to NLPearl as: Tokyo Standard Time");
  }

  @Test
  public void aRepAddsAProspectThenMarksTheOutcome() {
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);

    assertThat(activity.findViewById(R.id.progress).getVisibility()).isEqualTo(View.VISIBLE);
    assertThat(activity.findViewById(R.id.add).isEnabled()).isFalse();
    assertThat(text(activity, R.id.message)).isEqualTo("Saving prospect…");
    runMainLooperUntil(() -> visible(activity, R.id.lead_card));

    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    SandboxLead stored = sandbox.leads(CAMPAIGN).get(0);
    assertThat(stored.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(stored.getExternalId()).isEqualTo("crm-42");
    assertThat(stored.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(stored.getCallData()).containsEntry("name", "Joe Doe").containsEntry("email", "joe@example.com");
    assertThat(text(activity, R.id.lead_id)).isEqualTo("Lead id: " + stored.getId());
    assertThat(text(activity, R.id.lead_status)).isEqualTo("Status: not reported yet");
    assertThat(text(activity, R.id.lead_last_call)).isEqualTo("Last call: none yet");
    assertThat(activity.findViewById(R.id.progress).getVisibility()).isEqualTo(View.GONE);
    assertThat(activity.findViewById(R.id.add).isEnabled()).isTrue();
    assertThat(text(activity, R.id.phone)).as("the form is ready for the next prospect").isEmpty();
    assertThat(rowStates(activity)).containsExactly("Added · lead id " + stored.getId());

    tap(activity, R.id.mark_completed);
    runMainLooperUntil(() -> text(activity, R.id.lead_status).equals("Status: Completed"));
    assertThat(sandbox.lead(CAMPAIGN, stored.getId()).get().getStatus()).isEqualTo(130);

    tap(activity, R.id.mark_success);
    runMainLooperUntil(() -> text(activity, R.id.lead_status).equals("Status: Success"));
    assertThat(sandbox.lead(CAMPAIGN, stored.getId()).get().getStatus()).isEqualTo(100);
    assertThat(visible(activity, R.id.message)).isFalse();
    sandbox.assertNoContractViolations();
  }

  @Test
  public void brokenFieldsAreExplainedNextToThemAndNothingIsSent() {
    MainActivity activity = launch();
    type(activity, R.id.phone, "12");
    type(activity, R.id.email, "joe@");

    tap(activity, R.id.add);
    shadowOf(Looper.getMainLooper()).idle();

    assertThat(visible(activity, R.id.phone_error)).isTrue();
    assertThat(text(activity, R.id.phone_error)).startsWith("Phone number ").contains("E.164");
    assertThat(text(activity, R.id.email_error)).isEqualTo("Email is not an email address.");
    assertThat(visible(activity, R.id.name_error)).isFalse();
    assertThat(visible(activity, R.id.external_id_error)).isFalse();
    assertThat(text(activity, R.id.message)).isEqualTo("Please fix the highlighted fields.");
    assertThat(sandbox.recordedRequests()).isEmpty();

    type(activity, R.id.phone, "+14155550123");
    type(activity, R.id.email, "joe@example.com");
    tap(activity, R.id.add);
    runMainLooperUntil(() -> visible(activity, R.id.lead_card));
    assertThat(visible(activity, R.id.phone_error)).isFalse();
    assertThat(visible(activity, R.id.email_error)).isFalse();
  }

  @Test
  public void aBadRequestFromTheServerIsShownOnItsRowInWords() {
    sandbox.faults().next(1).status(400);
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);
    runMainLooperUntil(() -> rowStates(activity).size() == 1
        && rowStates(activity).get(0).startsWith("Not added"));

    assertThat(rowStates(activity).get(0))
        .startsWith("Not added — NLPearl refused it: ").endsWith(". Fix it and capture it again.");
    assertThat(visible(activity, R.id.lead_card)).isFalse();
    assertThat(activity.findViewById(R.id.add).isEnabled()).isTrue();
    assertThat(Screens.rows(activity).get(0).findViewById(R.id.item_retry).getVisibility())
        .isEqualTo(View.GONE);
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();
  }

  @Test
  public void aGatewayErrorAfterTheLeadWasStoredIsCheckedWithNlPearlAndSettlesAsAdded() {
    // A gateway answers 502 after the server stored the lead: the app cannot know, so it asks
    // NLPearl by the CRM id (after the settle time) and finds Joe there.
    sandbox.faults().next(1).afterHandling().status(502);
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);
    runMainLooperUntil(() -> rowStates(activity).size() == 1
        && rowStates(activity).get(0).equals("Checking NLPearl…"));
    View row = Screens.rows(activity).get(0);
    assertThat(row.findViewById(R.id.item_retry).getVisibility()).isEqualTo(View.GONE);

    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Added"));
    assertThat(sandbox.leads(CAMPAIGN)).as("adding it again would call Joe twice").singleElement()
        .satisfies(lead -> assertThat(rowStates(activity))
            .containsExactly("Added · lead id " + lead.getId()));
  }

  @Test
  public void anUnreadableAnswerAfterTheLeadWasStoredIsCheckedAndGetsItsLeadId() {
    sandbox.faults().next(1).malformedBody();
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);
    runMainLooperUntil(() -> rowStates(activity).size() == 1
        && rowStates(activity).get(0).startsWith("Added · lead id"));

    assertThat(sandbox.leads(CAMPAIGN)).singleElement().satisfies(lead ->
        assertThat(rowStates(activity)).containsExactly("Added · lead id " + lead.getId()));
    assertThat(text(activity, R.id.message)).doesNotContain("Not added");
  }

  @Test
  public void aFailedMarkSaysMarkingAgainIsSafe() {
    MainActivity activity = launch();
    fillJoe(activity);
    tap(activity, R.id.add);
    runMainLooperUntil(() -> visible(activity, R.id.lead_card));
    sandbox.faults().next(3).status(503);

    tap(activity, R.id.mark_completed);
    runMainLooperUntil(() -> text(activity, R.id.message).startsWith("NLPearl had a problem"));

    assertThat(text(activity, R.id.message)).isEqualTo(
        "NLPearl had a problem (503).\nThe status may already be saved; marking again is safe.");
    sandbox.faults().clear();
  }

  @Test
  public void aRejectedTokenSendsTheRepToSettings() {
    settings(sandbox.baseUrl(), "0123456789abcdef01234567:notTheSandboxSecret000000000000", CAMPAIGN);
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);
    runMainLooperUntil(() -> text(activity, R.id.message).startsWith("NLPearl did not accept"));

    assertThat(text(activity, R.id.message))
        .isEqualTo("NLPearl did not accept the API token (401). Check it in Settings.\n"
            + "The prospects stay queued on this phone and are sent once this is fixed.");
    assertThat(rowStates(activity)).containsExactly("Queued — waiting to be sent.");
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();

    // The rep fixes the token in Settings and comes back: the queued prospect is added, once.
    settings(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    controller.pause().resume();
    runMainLooperUntil(() -> visible(activity, R.id.lead_card));
    assertThat(sandbox.leads(CAMPAIGN)).singleElement().satisfies(lead ->
        assertThat(rowStates(activity)).containsExactly("Added · lead id " + lead.getId()));
  }

  @Test
  public void anUnreachableServerLeavesTheProspectQueuedWithoutAFailure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String address = "http://127.0.0.1:" + closedPort + "/";
    settings(address, NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    MainActivity activity = launch();
    fillJoe(activity);

    tap(activity, R.id.add);
    runMainLooperUntil(() -> text(activity, R.id.message).startsWith("Saved on this phone"));
    ProspectsApp app = (ProspectsApp) activity.getApplication();
    LeadConnection connection = app.connect(AppSettings.of(activity)).blockingGet();
    Screens.waitUntil(() -> !connection.outbox().isDraining());
    runMainLooperUntil(() -> rowStates(activity).size() == 1);

    assertThat(text(activity, R.id.message))
        .isEqualTo("Saved on this phone. It is sent to NLPearl as soon as there is a network.");
    assertThat(rowStates(activity)).containsExactly("Queued — waiting to be sent.");
    assertThat(activity.findViewById(R.id.progress).getVisibility()).isEqualTo(View.GONE);
  }

  @Test
  public void withoutATokenTheScreenAsksForSettings() {
    settings(sandbox.baseUrl(), "", CAMPAIGN);
    MainActivity activity = launch();

    assertThat(activity.findViewById(R.id.add).isEnabled()).isFalse();
    assertThat(text(activity, R.id.message)).isEqualTo("Set the API token and campaign in Settings first.");

    tap(activity, R.id.open_settings);
    Intent next = shadowOf(activity).getNextStartedActivity();
    assertThat(next.getComponent().getClassName()).isEqualTo(SettingsActivity.class.getName());

    // Back from settings with a token: the screen connects without being recreated.
    settings(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    controller.pause().resume();
    runMainLooperUntil(() -> activity.findViewById(R.id.add).isEnabled());
    assertThat(visible(activity, R.id.message)).isFalse();
  }

  @Test
  public void plainHttpIsAllowedOnlyToTheDevHostOfADebugBuild() {
    // No request is sent in this test: the SDK decides when the client is built.
    settings("http://10.0.2.2:8080", NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    MainActivity activity = launch();
    assertThat(activity.findViewById(R.id.add).isEnabled()).isEqualTo(BuildConfig.DEBUG);

    settings("http://crm.example.com:8080", NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    controller.pause().resume();
    runMainLooperUntil(() -> text(activity, R.id.message).startsWith("Settings problem"));
    assertThat(activity.findViewById(R.id.add).isEnabled()).isFalse();
    assertThat(text(activity, R.id.message))
        .startsWith("Settings problem: baseUrl http://crm.example.com:8080/")
        .contains("uses plain http")
        .doesNotContain("sandboxSecretKey");
  }

  @Test
  public void theLeadSurvivesARotation() {
    MainActivity activity = launch();
    fillJoe(activity);
    tap(activity, R.id.add);
    runMainLooperUntil(() -> visible(activity, R.id.lead_card));
    String leadLine = text(activity, R.id.lead_id);

    controller.recreate();
    MainActivity rotated = controller.get();
    runMainLooperUntil(() -> visible(rotated, R.id.lead_card));

    assertThat(rotated).isNotSameAs(activity);
    assertThat(text(rotated, R.id.lead_id)).isEqualTo(leadLine);
    tap(rotated, R.id.mark_completed);
    runMainLooperUntil(() -> text(rotated, R.id.lead_status).equals("Status: Completed"));
    assertThat(sandbox.leads(CAMPAIGN)).singleElement()
        .satisfies(lead -> assertThat(lead.getStatus()).isEqualTo(130));
  }

  @Test
  public void leavingTheScreenDoesNotCancelTheAddAndTheNextScreenShowsIt() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofMillis(500));
    MainActivity activity = launch();
    fillJoe(activity);
    tap(activity, R.id.add);
    Screens.waitUntil(() -> sandbox.faults().pending() == 0); // the request reached the server

    controller.pause().stop().destroy();
    controller = null;
    Screens.waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty());
    shadowOf(Looper.getMainLooper()).idle();
    assertThat(visible(activity, R.id.lead_card)).isFalse();

    MainActivity next = launch();
    String leadId = sandbox.leads(CAMPAIGN).get(0).getId();
    runMainLooperUntil(() -> rowStates(next).equals(
        java.util.Collections.singletonList("Added · lead id " + leadId)));
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  private static void fillJoe(MainActivity activity) {
    type(activity, R.id.phone, "+1 (415) 555-0123");
    type(activity, R.id.name, "Joe Doe");
    type(activity, R.id.email, "joe@example.com");
    type(activity, R.id.external_id, "crm-42");
  }

  private static void type(MainActivity activity, int id, String text) {
    SettingsActivityTest.type(activity, id, text);
  }

  private static int indexOf(Spinner spinner, String item) {
    for (int i = 0; i < spinner.getCount(); i++) {
      if (item.equals(spinner.getItemAtPosition(i))) {
        return i;
      }
    }
    throw new AssertionError(item + " is not offered");
  }
}
