package org.nlpearl4j.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.job.JobInfo;
import android.app.job.JobParameters;
import android.app.job.JobScheduler;
import android.content.ClipData;
import android.content.Context;
import android.net.ConnectivityManager;
import android.net.Network;
import android.net.NetworkInfo;
import android.net.Uri;
import android.os.Bundle;
import android.os.IBinder;
import android.os.PersistableBundle;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.robolectric.Robolectric;
import org.robolectric.shadows.ShadowNetworkInfo;
import org.robolectric.util.ReflectionHelpers;
import org.robolectric.util.ReflectionHelpers.ClassParameter;

/**
 * Plays Android's side of a job for Robolectric, whose {@code ShadowJobScheduler} records the jobs
 * an app schedules but never runs them: the pending job runs when its network constraint is met
 * (what {@code ConnectivityManager} reports), in a service Android creates; a job that finished
 * without asking to run again leaves the schedule, one that asked stays pending.
 */
@SuppressWarnings("deprecation") // NetworkInfo: what Robolectric's connectivity shadow reports
public final class JobSystem {
  private static final long PATIENCE_NANOS = Duration.ofSeconds(30).toNanos();

  private final Context context;

  /** For the app of {@code context}. */
  public JobSystem(Context context) {
    this.context = context;
  }

  /** Android's job scheduler (Robolectric's shadow). */
  public JobScheduler scheduler() {
    return context.getSystemService(JobScheduler.class);
  }

  /** The outbox's job as the system keeps it, or null. */
  public @Nullable JobInfo pending() {
    return scheduler().getPendingJob(OutboxJobs.JOB_ID);
  }

  /** The phone has a network, or none. */
  public void network(boolean connected) {
    ConnectivityManager connectivity = context.getSystemService(ConnectivityManager.class);
    NetworkInfo info = connected
        ? ShadowNetworkInfo.newInstance(NetworkInfo.DetailedState.CONNECTED,
            ConnectivityManager.TYPE_WIFI, 0, true, NetworkInfo.State.CONNECTED)
        : ShadowNetworkInfo.newInstance(NetworkInfo.DetailedState.DISCONNECTED,
            ConnectivityManager.TYPE_WIFI, 0, true, NetworkInfo.State.DISCONNECTED);
    shadowOf(connectivity).setActiveNetworkInfo(info);
  }

  private boolean constraintsMet(JobInfo job) {
    if (job.getNetworkType() == JobInfo.NETWORK_TYPE_NONE) {
      return true;
    }
    NetworkInfo active = context.getSystemService(ConnectivityManager.class).getActiveNetworkInfo();
    return active != null && active.isConnected();
  }

  /** Starts the pending job if its constraints are met, as the system would; null when it does not. */
  public @Nullable RunningJob runIfDue() {
    JobInfo job = pending();
    if (job == null || !constraintsMet(job)) {
      return null;
    }
    assertThat(job.getService().getClassName()).isEqualTo(OutboxJobService.class.getName());
    OutboxJobService service = Robolectric.setupService(OutboxJobService.class);
    JobParameters params = parameters(job.getId());
    assertThat(service.onStartJob(params)).as("the job goes on in the background").isTrue();
    return new RunningJob(service, params);
  }

  /** Runs the pending job to its end when its constraints are met; null when it is not run. */
  public @Nullable Boolean runToEnd() {
    RunningJob job = runIfDue();
    return job == null ? null : job.awaitFinished();
  }

  /** One job the system started. */
  public final class RunningJob {
    final OutboxJobService service;
    final JobParameters params;

    RunningJob(OutboxJobService service, JobParameters params) {
      this.service = service;
      this.params = params;
    }

    /** Whether the job called {@code jobFinished}. */
    public boolean isFinished() {
      return shadowOf(service).getIsJobFinished();
    }

    /** Waits for {@code jobFinished}; returns whether the job asked to run again. */
    public boolean awaitFinished() {
      waitUntil(this::isFinished);
      boolean again = shadowOf(service).getIsRescheduleNeeded();
      settle(again);
      return again;
    }

    /** The system stops the job (network lost, time limit); returns whether it asked to run again. */
    public boolean stop() {
      boolean again = service.onStopJob(params);
      settle(again);
      return again;
    }

    private void settle(boolean again) {
      if (!again) {
        scheduler().cancel(params.getJobId()); // done: a one-off job leaves the schedule
      }
      service.onDestroy();
    }
  }

  /** Waits (polling, up to 30 s) for something the job does on its own threads. */
  public static void waitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited too long").isNegative();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Parameters as the system passes them (the class has no public constructor). */
  private static JobParameters parameters(int jobId) {
    return ReflectionHelpers.callConstructor(JobParameters.class,
        ClassParameter.from(IBinder.class, null),
        ClassParameter.from(String.class, null),
        ClassParameter.from(int.class, jobId),
        ClassParameter.from(PersistableBundle.class, new PersistableBundle()),
        ClassParameter.from(Bundle.class, new Bundle()),
        ClassParameter.from(ClipData.class, null),
        ClassParameter.from(int.class, 0),
        ClassParameter.from(boolean.class, false),
        ClassParameter.from(boolean.class, false),
        ClassParameter.from(boolean.class, false),
        ClassParameter.from(Uri[].class, null),
        ClassParameter.from(String[].class, null),
        ClassParameter.from(Network.class, null));
  }
}
