package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.sample.Screens.app;
import static org.nlpearl4j.sample.Screens.capture;
import static org.nlpearl4j.sample.Screens.launchMain;
import static org.nlpearl4j.sample.Screens.network;
import static org.nlpearl4j.sample.Screens.rowStates;
import static org.nlpearl4j.sample.Screens.runMainLooperUntil;
import static org.nlpearl4j.sample.Screens.text;

import android.Manifest;
import android.app.job.JobInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import android.content.pm.ServiceInfo;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nlpearl4j.android.JobSystem;
import org.nlpearl4j.android.OutboxJobService;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

/**
 * The rep captures a prospect in a basement and swipes the app away: the app has scheduled
 * nlpearl4j-android's job, which Android runs once the phone has a network, and the prospect is
 * added once (counted from the sandbox's store) without the app being opened. {@link JobSystem}
 * plays Android's side: Robolectric records scheduled jobs but never runs them.
 */
@RunWith(RobolectricTestRunner.class)
public class BackgroundSendingTest {
  private static final String CAMPAIGN = "pearl-basement";

  private NlPearlSandbox sandbox;
  private int port;
  private JobSystem jobs;
  private ActivityController<MainActivity> controller;

  @Before
  public void setUp() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppSettings.of(app()).save("http://127.0.0.1:" + port, NlPearlSandbox.DEFAULT_TOKEN, CAMPAIGN);
    jobs = new JobSystem(app());
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
  }

  @Test
  public void theManifestDeclaresTheJobServiceForTheSystemOnlyAndTheBootPermission() throws Exception {
    PackageInfo info = app().getPackageManager().getPackageInfo(app().getPackageName(),
        PackageManager.GET_PERMISSIONS | PackageManager.GET_SERVICES);

    assertThat(Arrays.asList(info.requestedPermissions))
        .as("a persisted job needs it").contains(Manifest.permission.RECEIVE_BOOT_COMPLETED);
    assertThat(info.services).singleElement().satisfies(service -> {
      assertThat(service.name).isEqualTo(OutboxJobService.class.getName());
      assertThat(service.permission).isEqualTo("android.permission.BIND_JOB_SERVICE");
      assertThat(service.exported).isFalse();
      assertThat(service.flags & ServiceInfo.FLAG_STOP_WITH_TASK).isZero();
    });
  }

  @Test
  public void aProspectCapturedBeforeTheAppIsSwipedAwayIsAddedOnceByTheJob() {
    network(false);
    jobs.network(false);
    controller = launchMain();
    MainActivity activity = controller.get();
    capture(activity, "+1 (415) 555-0123", "Joe Doe");
    assertThat(text(activity, R.id.message))
        .isEqualTo("Saved on this phone. It is sent to NLPearl as soon as there is a network.");

    JobInfo job = jobs.pending();
    assertThat(job).as("scheduled on add").isNotNull();
    assertThat(job.isPersisted()).as("kept across a reboot").isTrue();
    assertThat(job.getRequiredNetwork()).as("needs a network").isNotNull();

    // Swiped away, and the process killed: no screen, no outbox, no network callback that sends.
    controller.pause().stop().destroy();
    controller = null;
    app().disconnect();
    assertThat(jobs.runIfDue()).as("still no network: the job does not run").isNull();

    // Signal again. Android runs the job; the app opens its outbox from the saved settings.
    sandbox = NlPearlSandbox.builder().port(port).start();
    jobs.network(true);
    assertThat(jobs.runToEnd()).as("finished: nothing waits").isFalse();

    assertThat(sandbox.leads(CAMPAIGN)).singleElement()
        .extracting(SandboxLead::getPhoneNumber).isEqualTo("+14155550123");
    assertThat(jobs.pending()).isNull();

    // The rep opens the app later: the prospect is there, added.
    controller = launchMain();
    MainActivity reopened = controller.get();
    runMainLooperUntil(() -> rowStates(reopened).size() == 1);
    assertThat(rowStates(reopened))
        .containsExactly("Added · lead id " + sandbox.leads(CAMPAIGN).get(0).getId());
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }
}
