package org.nlpearl4j.cli;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.internal.Pacer;

/**
 * Sends the rows of a CSV as leads with bounded concurrency and writes one result per row.
 *
 * <p>Rows are read only as fast as results come back: {@code flatMapSingle} with a maximum
 * concurrency requests one more row from the reader each time a row finishes, so at most {@code
 * concurrency} rows are read and not yet in the results file, whatever the size of the file. A
 * {@link Pacer} decides how many of them are sent at once: a fixed number, or, with {@code
 * --concurrency auto}, as many as the server takes; and none while a {@code Retry-After} runs.
 *
 * <p>Stopping ({@link #requestStop()}, Ctrl-C) stops reading; rows in flight finish or fail and are
 * written. A failure that every further row would share (credentials refused, campaign not found,
 * CSV unreadable, results file not writable) stops reading the same way.
 */
final class LeadImporter {
  /** Sends one lead; the CLI's is the facade's {@code outbound(id).addLead(lead)}. */
  @FunctionalInterface
  interface Sender {
    /**
     * Returns the cold Single that adds the lead of a CSV row.
     *
     * @param lead the lead
     * @param row its row in the CSV, for {@code --verbose}
     */
    Single<String> add(NewLead lead, long row);
  }

  /** How the import ended. */
  enum End {
    /** Every row of the CSV has a result. */
    COMPLETED,
    /** Stopped on request (Ctrl-C). */
    INTERRUPTED,
    /** Stopped because no further row could succeed. */
    ABORTED
  }

  private final Sender sender;
  private final Function<Throwable, Failures.Failure> classifier;
  private final int concurrency;
  private final Pacer pacer;
  private final Duration drainTimeout;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final AtomicReference<@Nullable String> abortReason = new AtomicReference<>();

  LeadImporter(Sender sender, Function<Throwable, Failures.Failure> classifier, int concurrency,
      Duration drainTimeout) {
    this(sender, classifier, concurrency, Pacer.fixed(concurrency, Schedulers.computation()),
        drainTimeout);
  }

  /**
   * An importer whose requests a pacer spaces out.
   *
   * @param concurrency the most rows read and not yet written: the pacer's highest limit
   * @param pacer hands out the permits to send
   */
  LeadImporter(Sender sender, Function<Throwable, Failures.Failure> classifier, int concurrency,
      Pacer pacer, Duration drainTimeout) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.sender = Objects.requireNonNull(sender, "sender");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.concurrency = concurrency;
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
  }

  /** Asks the import to stop reading rows; rows in flight still finish. Never blocks. */
  void requestStop() {
    stopRequested.set(true);
  }

  /** Returns why the import was aborted, or null. */
  @Nullable String abortReason() {
    return abortReason.get();
  }

  /**
   * Imports the rows of a CSV, blocking until every row read has a result.
   *
   * @param csv the open CSV, positioned after its header
   * @param resume what an earlier run did (rows it settled are skipped), or null
   * @param results where results are written
   * @param stats counters, updated as rows finish
   * @param listener told about each row after its result is written
   * @param err where results that cannot be written to the file are printed instead
   * @return how it ended
   */
  End run(LeadCsv csv, ResultsFile.@Nullable Resume resume, ResultsFile.Writer results,
      ImportStats stats, ImportListener listener, PrintWriter err) throws InterruptedException {
    Map<Long, LeadInput> inFlight = new ConcurrentHashMap<>();
    Object writeLock = new Object();
    AtomicBoolean closed = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    Flowable<LeadInput> rows = Flowable.generate(emitter -> {
      if (stopRequested.get() || abortReason.get() != null) {
        emitter.onComplete();
        return;
      }
      try {
        while (true) {
          LeadCsv.CsvRow row = csv.next();
          if (row == null) {
            emitter.onComplete();
            return;
          }
          if (resume != null && resume.isDone(row.number())) {
            continue;
          }
          LeadInput input = LeadInput.of(csv.header(), row);
          stats.rowRead();
          inFlight.put(input.row(), input);
          emitter.onNext(input);
          return;
        }
      } catch (UsageException e) {
        abortReason.compareAndSet(null, "the CSV became unreadable: " + e.getMessage());
        emitter.onComplete();
      }
    });

    Disposable subscription = rows
        .flatMapSingle(input -> attempt(input, stats), false, concurrency)
        .subscribe(
            result -> {
              synchronized (writeLock) {
                if (closed.get()) {
                  return;
                }
                record(result, results, err);
                inFlight.remove(result.row());
                stats.rowFinished(result);
                listener.rowFinished(result.row(), result.key(), result.added(), stats.finished());
              }
            },
            error -> {
              failure.set(error);
              done.countDown();
            },
            done::countDown);

    long stopSeenAt = 0;
    while (!done.await(100, TimeUnit.MILLISECONDS)) {
      if (stopRequested.get() || abortReason.get() != null) {
        long now = System.nanoTime();
        if (stopSeenAt == 0) {
          stopSeenAt = now;
        } else if (now - stopSeenAt > drainTimeout.toNanos()) {
          subscription.dispose();
          synchronized (writeLock) {
            closed.set(true);
            List<LeadInput> cancelled = new ArrayList<>(inFlight.values());
            for (LeadInput input : cancelled) {
              ImportResult result = ImportResult.of(input.row(), input.key(),
                  Failures.cancelled(drainTimeout.toSeconds()));
              record(result, results, err);
              inFlight.remove(input.row());
              stats.rowFinished(result);
              listener.rowFinished(result.row(), result.key(), false, stats.finished());
            }
          }
          break;
        }
      }
    }
    stats.finish();
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("the import pipeline failed", error);
    }
    if (abortReason.get() != null) {
      return End.ABORTED;
    }
    return stopRequested.get() ? End.INTERRUPTED : End.COMPLETED;
  }

  private Single<ImportResult> attempt(LeadInput input, ImportStats stats) {
    if (input.invalid() != null) {
      return Single.just(ImportResult.of(input.row(), input.key(),
          classifier.apply(input.invalid())));
    }
    NewLead lead = Objects.requireNonNull(input.lead());
    return pacer.permit()
        .flatMap(permit -> Single.defer(() -> {
              stats.rowSent();
              return sender.add(lead, input.row());
            })
            .subscribeOn(Schedulers.io())
            // The last attempt's Retry-After pauses every sender too (earlier ones: the listener).
            .doOnError(pacer::pauseFor)
            .doFinally(pacer::release))
        .map(leadId -> ImportResult.added(input.row(), input.key(), leadId))
        .onErrorReturn(error -> {
          Failures.Failure failure = classifier.apply(error);
          if (failure.abortReason() != null) {
            abortReason.compareAndSet(null, failure.abortReason());
          }
          return ImportResult.of(input.row(), input.key(), failure);
        });
  }

  private void record(ImportResult result, ResultsFile.Writer results, PrintWriter err) {
    try {
      results.write(result);
    } catch (IOException e) {
      abortReason.compareAndSet(null, "cannot write the results file: " + e.getMessage());
      err.println("nlpearl: not in the results file: row " + result.row() + ", " + result.key()
          + ", " + result.outcome().word() + ", "
          + (result.message() == null ? result.leadId() : result.reason() + ": " + result.message()));
    }
  }
}
