package org.nlpearl4j.android;

import android.app.job.JobParameters;
import android.app.job.JobService;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.outbox.LeadOutbox;

/**
 * The job {@link OutboxJobs#schedule} schedules: it takes the app's outbox from its {@link
 * android.app.Application} (an {@link OutboxJobHost}) and drains it, off the main thread.
 *
 * <p>How the job ends:
 *
 * <ul>
 *   <li>nothing waits any more (what is left, unknown entries, waits for the user): finished, not
 *       run again until the next {@link OutboxJobs#schedule};
 *   <li>something still waits because the network was gone after all, or NLPearl answered 429:
 *       finished, run again after the backoff ({@link OutboxJobs#BACKOFF_MILLIS}, doubling);
 *   <li>NLPearl refused the credentials: finished, not run again (the leads keep waiting; schedule
 *       again once the user fixed them); any other failure (e.g. storage): run again after the
 *       backoff;
 *   <li>stopped by the system (network lost, time limit): the drain is disposed, so the request in
 *       flight still has its outcome recorded, and the job asks to run again when something waits
 *       or is being sent.
 * </ul>
 *
 * <p>Declare it in the app's manifest with {@code android:permission="android.permission.BIND_JOB_SERVICE"}
 * (see {@link OutboxJobs}). Android creates it; apps never do.
 */
public final class OutboxJobService extends JobService {
  private final Object lock = new Object();
  private @Nullable Run current;

  /** Android creates the service from the manifest's entry. */
  public OutboxJobService() {}

  /**
   * Starts draining the app's outbox in the background.
   *
   * @param params the job, from Android
   * @return true: the job goes on in the background until it calls {@code jobFinished}
   * @throws IllegalStateException if the app's {@code Application} is not an {@link OutboxJobHost}
   */
  @Override
  public boolean onStartJob(JobParameters params) {
    OutboxJobHost host = OutboxJobs.host(getApplication());
    Run run = new Run(params);
    synchronized (lock) {
      current = run;
    }
    OutboxJobs.started();
    run.start(host);
    return true;
  }

  /**
   * Stops the drain after the request in flight (its outcome is still recorded: the outbox never
   * turns a clean answer into an unknown one).
   *
   * @param params the job, from Android
   * @return true when something still waits or is being sent: Android runs the job again
   */
  @Override
  public boolean onStopJob(JobParameters params) {
    Run run;
    synchronized (lock) {
      run = current;
      current = null;
    }
    return run != null && run.stop();
  }

  /** One run of the job. */
  private final class Run {
    private final JobParameters params;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable LeadOutbox outbox;
    /** Disposed when the system stops the job (also if that comes before the drain started). */
    private final CompositeDisposable subscription = new CompositeDisposable();

    Run(JobParameters params) {
      this.params = params;
    }

    void start(OutboxJobHost host) {
      subscription.add(Maybe.fromCallable(host::outboxForJob)
          .subscribeOn(Schedulers.io())
          .flatMapCompletable(opened -> {
            outbox = opened;
            return OutboxDrain.run(opened);
          })
          .subscribe(() -> finish(this::moreToSend),
              error -> finish(() -> !(error instanceof AuthenticationException))));
    }

    /** After the drain: something waits (no outbox from the host: nothing to send). */
    private boolean moreToSend() {
      LeadOutbox opened = outbox;
      return opened != null && OutboxDrain.hasMoreToSend(opened, false);
    }

    /** The drain ended on its own. */
    void finish(BooleanSupplier runAgain) {
      if (ended.compareAndSet(false, true)) {
        synchronized (lock) {
          if (current == this) {
            current = null;
          }
        }
        OutboxJobs.ending(runAgain, again -> jobFinished(params, again));
      }
    }

    /** The system stops the job; answers whether to run it again. */
    boolean stop() {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      subscription.dispose();
      return OutboxJobs.ending(() -> {
        LeadOutbox opened = outbox;
        return opened == null || OutboxDrain.hasMoreToSend(opened, true);
      }, again -> { });
    }
  }
}
