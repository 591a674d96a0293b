package org.nlpearl4j.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nlpearl4j.android.JobSystem.waitUntil;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.app.Application;
import android.app.job.JobInfo;
import android.net.NetworkCapabilities;
import java.io.File;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

/**
 * The outbox's job under Robolectric, with Android's side played by {@link JobSystem} and NLPearl by
 * the sandbox on loopback; every count comes from the sandbox's store. The rep captures a prospect
 * in a basement and swipes the app away: the lead must reach NLPearl once, when the phone has a
 * network, without the app being opened.
 */
@RunWith(RobolectricTestRunner.class)
@SuppressWarnings("deprecation") // JobInfo.getNetworkType: what API 26 and 27 read
public class OutboxJobServiceTest {
  private static final String CAMPAIGN = "pearl-basement";
  private static final String JOE = "+14155550123";
  private static final String ANA = "+33123456789";

  private Application app;
  private JobSystem jobs;
  private File directory;
  private int port;
  private NlPearlSandbox sandbox;
  private NlPearl client;
  private LeadOutbox outbox;
  private JobSystem.RunningJob running;

  @Before
  public void setUp() throws Exception {
    app = RuntimeEnvironment.getApplication();
    declareBootPermission(true);
    jobs = new JobSystem(app);
    jobs.network(true);
    directory = new File(app.getNoBackupFilesDir(), "lead-outbox");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // nothing listens here until a test starts the sandbox
    }
  }

  @After
  public void tearDown() {
    if (running != null && !running.isFinished()) {
      running.stop();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (client != null) {
      client.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  public void aLeadPutInTheOutboxSchedulesAJobThatNeedsANetworkAndSurvivesARestart() {
    startSandbox();
    openProcess();
    assertThat(jobs.pending()).as("nothing scheduled before").isNull();

    capture(JOE);

    JobInfo job = jobs.pending();
    assertThat(job).isNotNull();
    assertThat(job.getService().getClassName()).isEqualTo(OutboxJobService.class.getName());
    assertThat(job.getNetworkType()).isEqualTo(JobInfo.NETWORK_TYPE_ANY);
    assertThat(job.getRequiredNetwork().hasCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET))
        .isTrue();
    assertThat(job.isPersisted()).as("kept across a reboot").isTrue();
    assertThat(job.getBackoffPolicy()).isEqualTo(JobInfo.BACKOFF_POLICY_EXPONENTIAL);
    assertThat(job.getInitialBackoffMillis()).isEqualTo(OutboxJobs.BACKOFF_MILLIS);
    assertThat(sandbox.recordedRequests()).as("scheduling sends nothing").isEmpty();
  }

  @Test
  public void withoutANetworkTheJobDoesNotRunAndWhenItReturnsTheLeadIsAddedOnce() {
    startSandbox();
    openProcess();
    jobs.network(false);
    String entryId = capture(JOE);

    assertThat(jobs.runIfDue()).as("no network: the system does not run the job").isNull();
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.WAITING);
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();

    jobs.network(true);
    assertThat(jobs.runToEnd()).as("ran, and finished: nothing waits").isFalse();

    SandboxLead stored = onlyStored(JOE);
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.ADDED);
    assertThat(outbox.entry(entryId).getLeadId()).isEqualTo(stored.getId());
    assertThat(jobs.pending()).as("a finished job leaves the schedule").isNull();
    sandbox.assertNoContractViolations();
  }

  @Test
  public void aProcessDeathBetweenCaptureAndJobStillAddsTheLeadOnce() {
    startSandbox();
    openProcess();
    jobs.network(false);
    String entryId = capture(JOE);

    // Swiped away and killed: the outbox goes with the process; Android keeps the job.
    closeProcess();
    openProcess(); // the process Android starts for the job reads the same directory
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.WAITING);

    jobs.network(true);
    assertThat(jobs.runToEnd()).isFalse();
    assertThat(onlyStored(JOE).getId()).isEqualTo(outbox.entry(entryId).getLeadId());
  }

  @Test
  public void whenNlPearlCannotBeReachedTheJobAsksToRunAgainAndLaterAddsTheLeadOnce() {
    openProcess(); // a network, but no server behind the address (captive portal, server down)
    String entryId = capture(JOE);

    assertThat(jobs.runToEnd()).as("the lead still waits: run again after the backoff").isTrue();
    assertThat(jobs.pending()).isNotNull();
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.WAITING);

    startSandbox();
    assertThat(jobs.runToEnd()).isFalse();
    onlyStored(JOE);
    assertThat(jobs.pending()).isNull();
  }

  @Test
  public void a429EndsTheJobAtOnceAndTheNextRunAddsTheLeadOnce() {
    startSandbox();
    sandbox.faults().next(1).rateLimited(Duration.ofMinutes(10));
    openProcess();
    String entryId = capture(JOE);

    // The outbox alone would wait ten minutes; the job gives the phone back and runs again later.
    assertThat(jobs.runToEnd()).as("asks to run again").isTrue();
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.WAITING);
    assertThat(outbox.entry(entryId).getStatusCode()).isEqualTo(429);
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();

    assertThat(jobs.runToEnd()).isFalse();
    onlyStored(JOE);
  }

  @Test
  public void aJobStoppedMidSendLetsTheRequestFinishAndTheLeadIsNeverSentTwice() {
    startSandbox();
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));
    openProcess();
    String entryId = capture(JOE);

    running = jobs.runIfDue();
    waitUntil(() -> sandbox.faults().pending() == 0); // the request reached NLPearl
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.SENDING);
    assertThat(running.stop()).as("stopped with a lead in flight: run again").isTrue();

    // The outbox records the answer of the request in flight; it is not cancelled.
    waitUntil(() -> outbox.entry(entryId).getState() != EntryState.SENDING);
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.ADDED);
    String leadId = onlyStored(JOE).getId();

    assertThat(jobs.runToEnd()).as("the next run finds nothing to send").isFalse();
    assertThat(onlyStored(JOE).getId()).isEqualTo(leadId);
    assertThat(addRequests()).isEqualTo(1);
  }

  @Test
  public void aJobStoppedMidSendWhoseProcessThenDiesLeavesTheLeadUnknownNeverResent() {
    startSandbox();
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));
    openProcess();
    String entryId = capture(JOE);

    running = jobs.runIfDue();
    waitUntil(() -> sandbox.faults().pending() == 0);
    assertThat(running.stop()).isTrue();
    closeProcess(); // killed before the answer came back
    waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty()); // NLPearl did act on it

    openProcess();
    assertThat(outbox.entry(entryId).getState())
        .as("sent, no answer: NLPearl may have it, the user decides").isEqualTo(EntryState.UNKNOWN);
    assertThat(jobs.runToEnd()).as("nothing the job may send: finished cleanly").isFalse();
    assertThat(jobs.pending()).isNull();
    assertThat(outbox.entry(entryId).getState()).isEqualTo(EntryState.UNKNOWN);
    onlyStored(JOE);
    assertThat(addRequests()).isEqualTo(1);
  }

  @Test
  public void anEmptyOutboxFinishesTheJobCleanlyWithoutARequest() {
    startSandbox();
    openProcess();
    assertThat(OutboxJobs.schedule(app)).isTrue();

    assertThat(jobs.runToEnd()).isFalse();
    assertThat(jobs.pending()).isNull();
    assertThat(sandbox.recordedRequests()).isEmpty();
  }

  @Test
  public void aLeadCapturedWhileTheJobRunsIsSentOnceAndTheJobIsNotRestarted() {
    startSandbox();
    sandbox.faults().next(1).delay(Duration.ofSeconds(1));
    openProcess();
    capture(JOE);
    JobInfo scheduled = jobs.pending();
    running = jobs.runIfDue();
    waitUntil(() -> sandbox.faults().pending() == 0);

    capture(ANA); // schedule() while the job runs: on a device a new schedule would stop it
    assertThat(jobs.pending()).as("not replaced").isSameAs(scheduled);

    assertThat(running.awaitFinished()).as("both went out in this run: nothing waits").isFalse();
    assertThat(jobs.pending()).isNull();
    onlyStored(JOE);
    onlyStored(ANA);
    assertThat(addRequests()).isEqualTo(2);
  }

  @Test
  public void schedulingAgainKeepsThePendingJob() {
    openProcess();
    jobs.network(false);
    capture(JOE);
    JobInfo first = jobs.pending();
    capture(ANA);
    OutboxJobs.schedule(app); // e.g. the app starting again
    assertThat(jobs.pending()).isSameAs(first);
  }

  @Test
  public void refusedCredentialsEndTheJobWithoutRunningAgain() {
    startSandbox();
    openProcess("0123456789abcdef01234567:notTheSandboxSecret00000000000000");
    String entryId = capture(JOE);

    assertThat(jobs.runToEnd()).as("no use trying again with the same token").isFalse();
    assertThat(outbox.entry(entryId).getState()).as("not the lead's fault").isEqualTo(EntryState.WAITING);
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();
  }

  @Test
  public void anAppWithoutAnOutboxYetEndsTheJob() {
    ((TestApp) app).setOutbox(null);
    assertThat(OutboxJobs.schedule(app)).isTrue();

    assertThat(jobs.runToEnd()).isFalse();
    assertThat(jobs.pending()).isNull();
  }

  @Test
  public void schedulingWithoutTheBootPermissionInTheManifestSaysWhichOneIsMissing() {
    declareBootPermission(false);

    assertThatThrownBy(() -> OutboxJobs.schedule(app))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("android.permission.RECEIVE_BOOT_COMPLETED")
        .hasMessageContaining("<uses-permission");
    assertThat(jobs.pending()).isNull();
  }

  @Test
  @Config(application = Application.class)
  public void anApplicationThatIsNotAHostIsToldWhatToImplement() {
    OutboxJobs.schedule(app);

    assertThatThrownBy(() -> jobs.runIfDue())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("android.app.Application must implement org.nlpearl4j.android.OutboxJobHost"
            + " for OutboxJobService to find the app's outbox");
    OutboxJobs.cancel(app);
  }

  // --- helpers ---

  /** What the app's manifest says (the tests run without one). */
  private void declareBootPermission(boolean declared) {
    shadowOf(app.getPackageManager()).getInternalMutablePackageInfo(app.getPackageName())
        .requestedPermissions = declared
            ? new String[] {Manifest.permission.RECEIVE_BOOT_COMPLETED} : new String[0];
  }

  private void startSandbox() {
    sandbox = NlPearlSandbox.builder().port(port).start();
  }

  /** The app's process: its client and its outbox, in the app's no-backup directory. */
  private void openProcess() {
    openProcess(NlPearlSandbox.DEFAULT_TOKEN);
  }

  private void openProcess(String token) {
    client = NlPearl.builder().token(token).baseUrl("http://127.0.0.1:" + port)
        .retryPolicy(RetryPolicy.none()).build();
    outbox = LeadOutbox.open(directory, client);
    ((TestApp) app).setOutbox(outbox);
  }

  /** The process dies: its outbox and client go (a request in flight has no recorded answer). */
  private void closeProcess() {
    ((TestApp) app).setOutbox(null);
    outbox.close();
    client.close();
    outbox = null;
    client = null;
  }

  /** The rep taps "Add": the lead is on disk, then the app schedules the job. */
  private String capture(String phone) {
    String entryId = outbox.add(CAMPAIGN, l -> l.phoneNumber(phone)).blockingGet();
    assertThat(OutboxJobs.schedule(app)).isTrue();
    return entryId;
  }

  private SandboxLead onlyStored(String phone) {
    assertThat(sandbox.leadsWithPhoneNumber(CAMPAIGN, phone)).as("stored once: %s", phone).hasSize(1);
    return sandbox.leadsWithPhoneNumber(CAMPAIGN, phone).get(0);
  }

  private long addRequests() {
    return sandbox.recordedRequests().stream().filter(r -> "addLead".equals(r.getOperation())).count();
  }
}
