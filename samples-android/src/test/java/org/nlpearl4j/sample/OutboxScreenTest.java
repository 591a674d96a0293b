package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.sample.Screens.capture;
import static org.nlpearl4j.sample.Screens.network;
import static org.nlpearl4j.sample.Screens.render;
import static org.nlpearl4j.sample.Screens.rowStates;
import static org.nlpearl4j.sample.Screens.rows;
import static org.nlpearl4j.sample.Screens.runMainLooperUntil;
import static org.nlpearl4j.sample.Screens.tap;
import static org.nlpearl4j.sample.Screens.text;
import static org.nlpearl4j.sample.Screens.visible;
import static org.nlpearl4j.sample.Screens.waitUntil;
import static org.robolectric.Shadows.shadowOf;

import android.os.Looper;
import android.view.View;
import java.io.File;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TimeZone;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/**
 * The rep in a car park: prospects captured without signal wait on the phone (in the lead outbox),
 * survive the app being killed, and are added once each when the phone is back online; an add
 * whose outcome is unknown asks the rep to check, with "Send again" and "Forget". Every count comes
 * from the sandbox's store.
 *
 * <p>Robolectric draws the screen with Android's real graphics library ({@code NATIVE} mode) and
 * each state is written to {@code target/screenshots/*.png}; the screen is tall so that the list
 * under the form is in the picture.
 */
@RunWith(RobolectricTestRunner.class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
@Config(qualifiers = "w360dp-h1150dp-hdpi")
public class OutboxScreenTest {
  private static final String CAMPAIGN = "pearl-car-park";

  private NlPearlSandbox sandbox;
  private int port;
  private TimeZone deviceZone;
  private ActivityController<MainActivity> controller;

  @Before
  public void setUp() throws Exception {
    deviceZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppSettings.of(app())
        .save("http://127.0.0.1:" + port, NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
  }

  @After
  public void tearDown() {
    if (controller != null) {
      controller.pause().stop().destroy();
    }
    app().disconnect();
    if (sandbox != null) {
      sandbox.close();
    }
    TimeZone.setDefault(deviceZone);
  }

  @Test
  public void prospectsCapturedOfflineAreAddedOnceEachWhenThePhoneIsBackOnline() throws Exception {
    network(false);
    MainActivity activity = launch();

    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    capture(activity, "+33 1 23 45 67 89", "Ana Lima");
    waitForTheSender();

    assertThat(rowStates(activity)).containsExactly(
        "Queued — offline; it is sent when the phone is back online.",
        "Queued — offline; it is sent when the phone is back online.");
    assertThat(text(activity, R.id.message))
        .isEqualTo("Saved on this phone. It is sent to NLPearl as soon as there is a network.");
    render(activity, "outbox-1-offline-queued");

    // Signal again: the server is reachable, and Android calls the app's network callback.
    online();
    runMainLooperUntil(() -> rowStates(activity).stream().allMatch(s -> s.startsWith("Added")));
    network(true); // Android may call it more than once: nothing is sent twice
    waitForTheSender();

    assertThat(sandbox.leads(CAMPAIGN)).hasSize(2);
    assertThat(countFor("+14155550123")).isEqualTo(1);
    assertThat(countFor("+33123456789")).isEqualTo(1);
    assertThat(rowStates(activity)).containsExactlyInAnyOrder(
        "Added · lead id " + leadIdFor("+14155550123"), "Added · lead id " + leadIdFor("+33123456789"));
    assertThat(visible(activity, R.id.lead_card)).as("the last prospect captured here is shown").isTrue();
    render(activity, "outbox-2-back-online-added");
    sandbox.assertNoContractViolations();
  }

  @Test
  public void queuedProspectsSurviveTheAppBeingKilled() throws Exception {
    network(false);
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    waitForTheSender();
    File journal = new File(app().outboxDirectory(), LeadOutbox.JOURNAL_FILE);
    assertThat(journal).as("kept in the app's private no-backup directory").isFile();
    assertThat(journal.getParentFile().getParentFile()).isEqualTo(app().getNoBackupFilesDir());

    // The process dies: the screen and the outbox go; a new one reads the same directory.
    processDeath();
    MainActivity restarted = launch();
    runMainLooperUntil(() -> rowStates(restarted).size() == 1);
    waitForTheSender();
    assertThat(rowStates(restarted))
        .containsExactly("Queued — offline; it is sent when the phone is back online.");
    assertThat(((android.widget.TextView) rows(restarted).get(0).findViewById(R.id.item_title))
        .getText().toString()).isEqualTo("Joe Doe · +14155550123");

    online();
    runMainLooperUntil(() -> rowStates(restarted).get(0).startsWith("Added"));
    waitForTheSender();
    assertThat(sandbox.leads(CAMPAIGN)).singleElement()
        .satisfies(lead -> assertThat(lead.getPhoneNumber()).isEqualTo("+14155550123"));
  }

  @Test
  public void aLeadSentWhenTheAppWasKilledIsUnknownUntilTheRepChecksAndForgetsIt() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    // Long enough for the screen to be drawn and the app killed while the request is out.
    sandbox.faults().next(1).delay(Duration.ofSeconds(6));
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    waitUntil(() -> sandbox.faults().pending() == 0); // the request reached the server
    runMainLooperUntil(() -> rowStates(activity).equals(Collections.singletonList("Sending…")));
    render(activity, "outbox-3-sending");

    processDeath();
    waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty()); // the server did store it
    MainActivity restarted = launch();
    runMainLooperUntil(() -> rowStates(restarted).size() == 1);

    assertThat(rowStates(restarted)).containsExactly("May already be added — check the campaign"
        + " before adding again. Send it again only if it is not there; forget it if it is.");
    View row = rows(restarted).get(0);
    assertThat(row.findViewById(R.id.item_retry).getVisibility()).isEqualTo(View.VISIBLE);
    assertThat(row.findViewById(R.id.item_forget).getVisibility()).isEqualTo(View.VISIBLE);
    render(restarted, "outbox-4-unknown-after-process-death");
    network(true);
    waitForTheSender();
    assertThat(sandbox.leads(CAMPAIGN)).as("an unknown add is never sent again on its own").hasSize(1);

    // The rep finds Joe in the campaign, and forgets the row.
    tap(row.findViewById(R.id.item_forget));
    runMainLooperUntil(() -> rows(restarted).isEmpty());
    assertThat(visible(restarted, R.id.leads_title)).isFalse();
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  public void anUnknownLeadTheRepDidNotFindIsSentAgainOnPurpose() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    sandbox.faults().next(1).status(504);
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("May already be added"));
    assertThat(sandbox.leads(CAMPAIGN)).as("this 504 came before the server acted").isEmpty();

    tap(rows(activity).get(0).findViewById(R.id.item_retry));
    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Added"));

    assertThat(sandbox.leads(CAMPAIGN)).singleElement().satisfies(lead ->
        assertThat(rowStates(activity)).containsExactly("Added · lead id " + lead.getId()));
  }

  @Test
  public void aLeadSentWhenTheAppWasKilledIsCheckedWithNlPearlAndFoundOnItsOwn() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    sandbox.faults().next(1).delay(Duration.ofSeconds(6));
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe", "crm-joe");
    waitUntil(() -> sandbox.faults().pending() == 0); // the request reached the server

    processDeath();
    waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty()); // the server did store it
    MainActivity restarted = launch();
    runMainLooperUntil(() -> rowStates(restarted).size() == 1);

    assertThat(rowStates(restarted)).containsExactly("Checking NLPearl…");
    View row = rows(restarted).get(0);
    assertThat(row.findViewById(R.id.item_retry).getVisibility())
        .as("it settles on its own").isEqualTo(View.GONE);
    render(restarted, "outbox-6-checking-nlpearl");

    runMainLooperUntil(() -> rowStates(restarted).get(0).startsWith("Added"));
    waitForTheSender();
    assertThat(sandbox.leads(CAMPAIGN)).singleElement().satisfies(lead ->
        assertThat(rowStates(restarted)).containsExactly("Added · lead id " + lead.getId()));
    assertThat(requests("addLead")).as("found, never sent again").isEqualTo(1);
    assertThat(requests("getLeadViaExternalID")).isEqualTo(1);
  }

  @Test
  public void anUncertainLeadNlPearlDoesNotHaveIsSentAgainOnItsOwn() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    sandbox.faults().next(1).status(504); // before the server acted
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe", "crm-joe");
    runMainLooperUntil(() -> rowStates(activity).get(0).equals("Checking NLPearl…"));

    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Added"));
    waitForTheSender();

    assertThat(sandbox.leads(CAMPAIGN)).singleElement().satisfies(lead ->
        assertThat(rowStates(activity)).containsExactly("Added · lead id " + lead.getId()));
    assertThat(requests("addLead")).as("absent, so sent once more").isEqualTo(2);
    assertThat(requests("getLeadViaExternalID")).isEqualTo(1);
  }

  @Test
  public void whenTheLookupFailsTheRowKeepsCheckingAndTheRepMayStillDecide() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    sandbox.faults().next(1).afterHandling().status(502); // stored, then a gateway error
    sandbox.faults().next(1).status(500);                 // the lookup fails
    MainActivity activity = launch();
    capture(activity, "+1 (415) 555-0123", "Joe Doe", "crm-joe");

    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Checking NLPearl… it did not"));
    waitForTheSender();

    assertThat(rowStates(activity).get(0)).endsWith("Or check the campaign yourself: send it again"
        + " only if it is not there; forget it if it is.");
    View row = rows(activity).get(0);
    assertThat(row.findViewById(R.id.item_retry).getVisibility()).isEqualTo(View.VISIBLE);
    assertThat(row.findViewById(R.id.item_forget).getVisibility()).isEqualTo(View.VISIBLE);
    assertThat(sandbox.leads(CAMPAIGN)).as("never sent again while unsettled").hasSize(1);
    assertThat(requests("addLead")).isEqualTo(1);
    assertThat(requests("getLeadViaExternalID")).isEqualTo(1);
    OutboxEntry entry = app().connect(AppSettings.of(app())).blockingGet().outbox().entries().get(0);
    assertThat(entry.getState()).isEqualTo(EntryState.UNKNOWN);
    assertThat(entry.getNextCheckAt()).as("the next lookup is planned, in the journal").isNotNull();
    render(activity, "outbox-7-lookup-failed");
  }

  @Test
  public void theListShowsEveryStateAProspectCanBeIn() throws Exception {
    sandbox = NlPearlSandbox.builder().port(port).start();
    MainActivity activity = launch();

    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Added"));
    sandbox.faults().next(1).status(400);
    capture(activity, "+1 (415) 555-0199", "Rita Moreno");
    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Not added"));
    sandbox.faults().next(1).afterHandling().status(502); // stored, then a gateway error
    capture(activity, "+44 20 7946 0958", "Sam Okafor");
    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("May already be added"));
    sandbox.faults().next(1).delay(Duration.ofSeconds(6));
    capture(activity, "+33 1 23 45 67 89", "Ana Lima");
    waitUntil(() -> sandbox.faults().pending() == 0);
    capture(activity, "+49 30 901820", "Lena Vogel");
    runMainLooperUntil(() -> rowStates(activity).size() == 5 && rowStates(activity).get(1).equals("Sending…"));

    List<String> states = rowStates(activity);
    assertThat(states.get(0)).isEqualTo("Queued — waiting to be sent.");
    assertThat(states.get(1)).isEqualTo("Sending…");
    assertThat(states.get(2)).startsWith("May already be added — check the campaign before adding again.");
    assertThat(states.get(3)).startsWith("Not added — NLPearl refused it: ");
    assertThat(states.get(4)).startsWith("Added · lead id ");
    render(activity, "outbox-5-every-state");

    runMainLooperUntil(() -> rowStates(activity).get(0).startsWith("Added"));
    waitForTheSender();
    for (String phone : Arrays.asList("+14155550123", "+33123456789", "+4930901820")) {
      assertThat(countFor(phone)).as(phone).isEqualTo(1);
    }
    assertThat(countFor("+14155550199")).as("rejected").isZero();
    assertThat(countFor("+442079460958")).as("stored once; the row asks the rep to check").isEqualTo(1);
  }

  // --- helpers ---

  private static ProspectsApp app() {
    return Screens.app();
  }

  private MainActivity launch() {
    controller = Screens.launchMain();
    return controller.get();
  }

  /** What the process dying does to the app: the screen is gone and the outbox is closed. */
  private void processDeath() {
    controller.pause().stop().destroy();
    controller = null;
    app().disconnect();
  }

  /** The phone is back online: the server answers on the configured address, Android says so. */
  private void online() {
    if (sandbox == null) {
      sandbox = NlPearlSandbox.builder().port(port).start();
    }
    network(true);
  }


  /** Waits until no sender runs, then lets the screen show the last changes. */
  private static void waitForTheSender() {
    LeadConnection connection = app().connect(AppSettings.of(app())).blockingGet();
    waitUntil(() -> !connection.outbox().isDraining());
    shadowOf(Looper.getMainLooper()).idle();
  }

  private long requests(String operation) {
    return sandbox.recordedRequests().stream()
        .filter(r -> operation.equals(r.getOperation())).count();
  }

  private long countFor(String phone) {
    return sandbox.leads(CAMPAIGN).stream().filter(l -> l.getPhoneNumber().equals(phone)).count();
  }

  private String leadIdFor(String phone) {
    return sandbox.leads(CAMPAIGN).stream().filter(l -> l.getPhoneNumber().equals(phone))
        .map(SandboxLead::getId).findFirst().orElseThrow(AssertionError::new);
  }
}
