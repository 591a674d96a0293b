package org.nlpearl4j.android;

import android.Manifest;
import android.app.Application;
import android.app.job.JobInfo;
import android.app.job.JobScheduler;
import android.content.ComponentName;
import android.content.Context;
import android.content.pm.PackageManager;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Schedules {@link OutboxJobService}: a job that runs when the phone has a network, survives the app
 * being swiped away and the phone restarting, and drains the app's lead outbox.
 *
 * <p>Call {@link #schedule} when the app starts and after each lead is put in the outbox (calling it
 * again is cheap and never starts a second job). The app's manifest declares the service and the
 * boot permission a persisted job needs:
 *
 * <pre>{@code
 * <uses-permission android:name="android.permission.RECEIVE_BOOT_COMPLETED" />
 * <service
 *     android:name="org.nlpearl4j.android.OutboxJobService"
 *     android:permission="android.permission.BIND_JOB_SERVICE"
 *     android:exported="false" />
 * }</pre>
 */
public final class OutboxJobs {
  /**
   * The job id of the outbox's job ({@code 0x4E4C5031}, "NLP1"); job ids are per app, so the app's
   * other jobs must not use it.
   */
  public static final int JOB_ID = 0x4E4C5031;

  /**
   * The wait before a job that asked to run again (no network after all, a 429, stopped by the
   * system) runs again; it doubles each time (exponential backoff), up to Android's limit of 5 hours.
   */
  public static final long BACKOFF_MILLIS = 30_000L;

  private static final Object LOCK = new Object();
  /** The job runs in this process now. */
  private static boolean running;
  /** {@link #schedule} was called while the job ran: it looks at the outbox again as it ends. */
  private static boolean scheduledWhileRunning;
  /**
   * The job just told the system it is done: the system may still list it as pending for a moment,
   * so the next {@link #schedule} schedules anew instead of trusting that listing.
   */
  private static boolean finishedRecently;

  private OutboxJobs() {}

  /**
   * Asks Android to run {@link OutboxJobService} as soon as the phone has a network (at once when
   * it has one), persisted across restarts. Does nothing when the job is already pending (it keeps
   * its backoff); when the job is running in this process it is not restarted, but it looks at the
   * outbox again before it ends, so a lead put in at the very end of a run is not left waiting. Safe
   * from any thread.
   *
   * <pre>{@code
   * outbox.add(outboundId, lead).subscribe(entryId -> OutboxJobs.schedule(context), this::showError);
   * }</pre>
   *
   * @param context any context of the app
   * @return true when the job is scheduled (or running); false when {@code JobScheduler} refused it
   *     (e.g. the app has too many jobs)
   * @throws IllegalStateException if the app's manifest does not declare {@code
   *     RECEIVE_BOOT_COMPLETED}, which a job persisted across restarts needs
   */
  public static boolean schedule(Context context) {
    Objects.requireNonNull(context, "context");
    checkBootPermission(context);
    JobScheduler scheduler = jobScheduler(context);
    JobInfo job = jobInfo(context);
    synchronized (LOCK) {
      if (running) {
        scheduledWhileRunning = true;
        return true;
      }
      if (!finishedRecently && isSame(scheduler.getPendingJob(JOB_ID), job)) {
        return true; // pending: keep it (and its backoff)
      }
      finishedRecently = false;
      return scheduler.schedule(job) == JobScheduler.RESULT_SUCCESS;
    }
  }

  /**
   * Cancels the job, e.g. when the user signs out; the outbox keeps its entries.
   *
   * @param context any context of the app
   */
  public static void cancel(Context context) {
    Objects.requireNonNull(context, "context");
    synchronized (LOCK) {
      scheduledWhileRunning = false;
      jobScheduler(context).cancel(JOB_ID);
    }
  }

  /**
   * Fails early, and in words, where {@code JobScheduler} would refuse a persisted job with a vaguer
   * message. {@code RECEIVE_BOOT_COMPLETED} is a normal permission: an app holds it when its manifest
   * declares it (which Robolectric reads too, so apps' own tests need not grant it).
   */
  private static void checkBootPermission(Context context) {
    String[] requested;
    try {
      requested = context.getPackageManager()
          .getPackageInfo(context.getPackageName(), PackageManager.GET_PERMISSIONS)
          .requestedPermissions;
    } catch (PackageManager.NameNotFoundException e) {
      throw new IllegalStateException("cannot read the app's own manifest", e);
    }
    if (requested == null
        || !Arrays.asList(requested).contains(Manifest.permission.RECEIVE_BOOT_COMPLETED)) {
      throw new IllegalStateException("the outbox's job is persisted across restarts, which needs"
          + " the permission android.permission.RECEIVE_BOOT_COMPLETED: add <uses-permission"
          + " android:name=\"android.permission.RECEIVE_BOOT_COMPLETED\" /> to the app's manifest");
    }
  }

  /** The job as {@link #schedule} gives it to {@code JobScheduler}. */
  static JobInfo jobInfo(Context context) {
    return new JobInfo.Builder(JOB_ID, new ComponentName(context, OutboxJobService.class))
        .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
        .setPersisted(true)
        .setBackoffCriteria(BACKOFF_MILLIS, JobInfo.BACKOFF_POLICY_EXPONENTIAL)
        .build();
  }

  @SuppressWarnings("deprecation") // getNetworkType: what API 26 and 27 have
  private static boolean isSame(@Nullable JobInfo pending, JobInfo job) {
    return pending != null
        && job.getService().equals(pending.getService())
        && pending.isPersisted() == job.isPersisted()
        && pending.getNetworkType() == job.getNetworkType()
        && pending.getBackoffPolicy() == job.getBackoffPolicy()
        && pending.getInitialBackoffMillis() == job.getInitialBackoffMillis();
  }

  private static JobScheduler jobScheduler(Context context) {
    JobScheduler scheduler = context.getSystemService(JobScheduler.class);
    if (scheduler == null) {
      throw new IllegalStateException("this device has no JobScheduler");
    }
    return scheduler;
  }

  /** The app's host, or an exception that says what to implement. */
  static OutboxJobHost host(Application application) {
    if (application instanceof OutboxJobHost) {
      return (OutboxJobHost) application;
    }
    throw new IllegalStateException(application.getClass().getName() + " must implement "
        + OutboxJobHost.class.getName() + " for " + OutboxJobService.class.getSimpleName()
        + " to find the app's outbox");
  }

  /** The service started the job. */
  static void started() {
    synchronized (LOCK) {
      running = true;
      scheduledWhileRunning = false;
    }
  }

  /**
   * The job ends: tells the system whether to run it again, atomically with {@link #schedule}'s view
   * of it. {@code moreToSend} is asked outside the lock (it reads the outbox, whose thread calls
   * {@link #schedule}), and asked again when {@link #schedule} was called meanwhile, so that a lead
   * put in the outbox while the job was ending is never left without a job.
   */
  static boolean ending(BooleanSupplier moreToSend, Ending ending) {
    while (true) {
      boolean more = moreToSend.getAsBoolean();
      synchronized (LOCK) {
        if (more || !scheduledWhileRunning) {
          running = false;
          finishedRecently = !more;
          ending.end(more);
          return more;
        }
        scheduledWhileRunning = false;
      }
    }
  }

  /** How the service ends its job (jobFinished, or onStopJob's answer). */
  interface Ending {
    void end(boolean runAgain);
  }
}
