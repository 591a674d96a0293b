package org.nlpearl4j.cli;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LeadResolution;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.internal.Pacer;

/**
 * Settles the rows of a results file whose outcome is uncertain ({@code unknown}, or {@code added}
 * without a readable lead id) with the SDK's one rule, {@link LeadResolver}: {@code leads import
 * --pearl ID}.
 *
 * <p>Each such row with an external id is looked up once the settle time since its uncertain
 * attempt has passed: found, it is {@code added} with the lead's id ({@code found by external
 * id}); certainly absent, it is sent again as an add, and if that add is uncertain too, the row is
 * looked up again after the settle time; a lookup that fails is asked again at the resolver's
 * next check time. Every row's loop is bounded: at most {@link #MAX_FAILED_CHECKS} failed lookups
 * in a row and {@link #MAX_SENDS} sends, after which the row stays as it stands (unknown, with
 * the reason). Lookups and adds share the import's {@link Pacer}: no more are in flight than the
 * import allows.
 *
 * <p>The settled lines replace the rows' lines of the results file in one move at the end (also
 * after Ctrl-C): until then the file says {@code unknown}, which a later {@code --resume --pearl}
 * settles the same way. The uncertain rows (with their leads) are held in memory while they are
 * resolved.
 */
final class Resolution {
  /** A row stays unknown after this many lookups in a row have failed. */
  static final int MAX_FAILED_CHECKS = 5;
  /** A row is sent at most this many times by resolution (each after a lookup found nothing). */
  static final int MAX_SENDS = 10;
  /** The reason of a row that a lookup found. */
  static final String FOUND = "found by external id";
  /** The reason of a row added after a lookup found nothing. */
  static final String SENT_AGAIN = "not found by external id, sent again";

  /** An uncertain row that can be looked up. */
  record Candidate(long row, String externalId, NewLead lead, ImportResult recorded) {}

  /** The uncertain rows of a results file, read with the CSV they came from. */
  record Survey(List<Candidate> candidates, long resolvable, long unknownWithoutExternalId,
      long addedWithoutIdOrExternalId) {
    /** Returns how many uncertain rows cannot be looked up (no external id). */
    long withoutExternalId() {
      return unknownWithoutExternalId + addedWithoutIdOrExternalId;
    }
  }

  /** What resolution did, and the results file after it. */
  static final class Report {
    final AtomicLong lookups = new AtomicLong();
    final AtomicLong lookupsFailed = new AtomicLong();
    final AtomicLong found = new AtomicLong();
    final AtomicLong absent = new AtomicLong();
    final AtomicLong sentAgain = new AtomicLong();
    final String pearlId;
    long rows;
    long stillUnknown;
    long withoutExternalId;
    long elapsedNanos;
    boolean interrupted;
    long finalAdded;
    long finalAddedWithoutId;
    long finalFailed;
    long finalUnknown;
    final List<ImportResult> unknownSample = new ArrayList<>();

    Report(String pearlId) {
      this.pearlId = pearlId;
    }
  }

  private final LeadResolver resolver;
  private final String pearlId;
  private final LeadImporter.Sender sender;
  private final Function<Throwable, Failures.Failure> classifier;
  private final Pacer pacer;
  private final Redactor redactor;
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  Resolution(LeadResolver resolver, String pearlId, LeadImporter.Sender sender,
      Function<Throwable, Failures.Failure> classifier, Pacer pacer, Redactor redactor) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.pearlId = Objects.requireNonNull(pearlId, "pearlId");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  /**
   * Reads the uncertain rows of a results file, and their leads from the CSV.
   *
   * @param keepLeads false to only count (no lookup follows), so no lead is held in memory
   */
  static Survey survey(Path csv, LeadCsv.Layout layout, Path results, boolean keepLeads)
      throws IOException {
    Map<Long, ImportResult> uncertain = new HashMap<>();
    ResultsFile.rewrite(results, Map.of(), result -> {
      if (uncertain(result)) {
        uncertain.put(result.row(), result);
      }
    });
    List<Candidate> candidates = new ArrayList<>();
    long resolvable = 0;
    long unknownWithout = 0;
    long addedWithout = 0;
    if (uncertain.isEmpty()) {
      return new Survey(candidates, 0, 0, 0);
    }
    try (LeadCsv file = LeadCsv.open(csv, layout)) {
      for (LeadCsv.CsvRow row; (row = file.next()) != null; ) {
        ImportResult recorded = uncertain.get(row.number());
        if (recorded == null) {
          continue;
        }
        LeadInput input = LeadInput.of(file.header(), row);
        NewLead lead = input.lead();
        String externalId = lead == null ? null : lead.getExternalId();
        if (lead == null || externalId == null) {
          if (recorded.outcome() == Outcome.ADDED) {
            addedWithout++;
          } else {
            unknownWithout++;
          }
        } else {
          resolvable++;
          if (keepLeads) {
            candidates.add(new Candidate(row.number(), externalId, lead, recorded));
          }
        }
      }
    }
    return new Survey(candidates, resolvable, unknownWithout, addedWithout);
  }

  /** Tells whether a recorded row needs resolution: unknown, or added without a lead id. */
  static boolean uncertain(ImportResult result) {
    return result.outcome() == Outcome.UNKNOWN || (result.outcome() == Outcome.ADDED
        && (result.leadId() == null || result.leadId().isEmpty()));
  }

  /** Stops resolution soon: lookups and adds in flight are cancelled, the rows stay as recorded. */
  void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Resolves the rows of a survey, blocking until each is settled or gave up, then writes their
   * lines into the results file.
   *
   * @param survey the rows to resolve
   * @param results the results file
   * @param since when this run's uncertain attempts had all ended (the end of the sending pass)
   * @param earlierSince when an earlier run's uncertain attempts had all ended (the results file's
   *     time before this run), for the rows {@code fromEarlierRun} names
   */
  Report run(Survey survey, Path results, Instant since, Instant earlierSince,
      LongPredicate fromEarlierRun) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Report report = new Report(pearlId);
    report.rows = survey.candidates().size();
    report.withoutExternalId = survey.withoutExternalId();
    Map<Long, ImportResult> now = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    Disposable subscription = Flowable.fromIterable(survey.candidates())
        .flatMapSingle(c -> settle(c, c.recorded(),
            fromEarlierRun.test(c.row()) ? earlierSince : since, 0, 0, now, report))
        .subscribe(result -> now.put(result.row(), result),
            error -> {
              failure.set(error);
              done.countDown();
            },
            done::countDown);
    while (!done.await(100, TimeUnit.MILLISECONDS)) {
      if (stopRequested.get()) {
        subscription.dispose();
        report.interrupted = true;
        break;
      }
    }
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("resolution failed", error);
    }
    ResultsFile.rewrite(results, now, result -> {
      switch (result.outcome()) {
        case ADDED:
          report.finalAdded++;
          if (result.leadId() == null || result.leadId().isEmpty()) {
            report.finalAddedWithoutId++;
          }
          break;
        case FAILED:
          report.finalFailed++;
          break;
        default:
          report.finalUnknown++;
          if (report.unknownSample.size() < ResultsFile.UNKNOWN_SAMPLE) {
            report.unknownSample.add(result);
          }
          break;
      }
    });
    for (Candidate candidate : survey.candidates()) {
      if (now.getOrDefault(candidate.row(), candidate.recorded()).outcome() == Outcome.UNKNOWN) {
        report.stillUnknown++;
      }
    }
    report.unknownSample.sort(java.util.Comparator.comparingLong(ImportResult::row));
    report.elapsedNanos = System.nanoTime() - started;
    return report;
  }

  /**
   * Settles one row: waits out the settle time since {@code since}, looks it up, and acts on the
   * answer; {@code current} is the row's line as it stands.
   */
  private Single<ImportResult> settle(Candidate c, ImportResult current, Instant since,
      int failedChecks, int sends, Map<Long, ImportResult> now, Report report) {
    Single<LeadResolution> lookup = pacer.permit()
        .flatMap(permit -> resolver.resolve(pearlId, c.externalId(), since, failedChecks)
            .doOnSubscribe(d -> report.lookups.incrementAndGet())
            .doFinally(pacer::release));
    return after(resolver.settledAt(since), lookup).flatMap(resolution -> {
      switch (resolution.getOutcome()) {
        case FOUND:
          report.found.incrementAndGet();
          return Single.just(ImportResult.resolved(c.row(), current.key(),
              resolution.getLeadId(), FOUND));
        case ABSENT:
          report.absent.incrementAndGet();
          if (sends >= MAX_SENDS) {
            return Single.just(gaveUp(c, current, "not found by external id after " + sends
                + " sends by resolution; --resume --pearl tries again"));
          }
          return sendAgain(c, current, sends, now, report);
        default:
          report.lookupsFailed.incrementAndGet();
          ImportResult unknown = lookupFailed(c, current,
              Objects.requireNonNull(resolution.getCause()), failedChecks + 1);
          now.put(c.row(), unknown);
          if (failedChecks + 1 >= MAX_FAILED_CHECKS) {
            return Single.just(unknown);
          }
          return Single.defer(() -> settle(c, unknown, since, failedChecks + 1, sends, now,
              report)).delaySubscription(untilMillis(resolution.getNextCheckAt()),
              TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Sends a row that a lookup found absent; an uncertain answer sends it back to resolution. */
  private Single<ImportResult> sendAgain(Candidate c, ImportResult current, int sends,
      Map<Long, ImportResult> now, Report report) {
    // Written if the import is stopped while the add is in flight: it may or may not store it.
    now.put(c.row(), new ImportResult(c.row(), current.key(), Outcome.UNKNOWN,
        FailureReason.CANCELLED.getDescription(), null, Failures.CANCELLED_TYPE,
        "sent again (not found by external id) and still in flight when the import was stopped"));
    return pacer.permit()
        .flatMap(permit -> Single.defer(() -> {
              report.sentAgain.incrementAndGet();
              return sender.add(c.lead(), c.row());
            })
            .subscribeOn(Schedulers.io())
            .doOnError(pacer::pauseFor)
            .doFinally(pacer::release))
        .map(leadId -> ImportResult.resolved(c.row(), current.key(), leadId, SENT_AGAIN))
        .onErrorResumeNext(error -> {
          ImportResult result = ImportResult.of(c.row(), current.key(), classifier.apply(error));
          if (!LeadResolver.needsResolution(error)) {
            return Single.just(result); // certainly not stored: failed, with the reason
          }
          now.put(c.row(), result);
          Instant uncertainSince = Instant.now();
          return settle(c, result, uncertainSince, 0, sends + 1, now, report);
        });
  }

  private static Single<LeadResolution> after(Instant at, Single<LeadResolution> lookup) {
    long wait = untilMillis(at);
    return wait <= 0 ? lookup : lookup.delaySubscription(wait, TimeUnit.MILLISECONDS);
  }

  private static long untilMillis(@Nullable Instant at) {
    return at == null ? 0 : Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
  }

  /** The line of a row whose lookup failed: an added row stays added, an unknown one unknown. */
  private ImportResult lookupFailed(Candidate c, ImportResult current, NlPearlException cause,
      int failedChecks) {
    if (current.outcome() == Outcome.ADDED) {
      return current;
    }
    return new ImportResult(c.row(), current.key(), Outcome.UNKNOWN,
        "lookup failed: " + FailureReason.of(cause).getDescription(), null,
        cause.getClass().getSimpleName(), "looking the lead up by external id failed "
            + failedChecks + (failedChecks == 1 ? " time" : " times") + " ("
            + redactor.redact(ResultsFile.singleLine(String.valueOf(cause.getMessage())))
            + "); NLPearl "
            + "may have stored it: --resume --pearl asks again; the add had failed with: "
            + current.reason());
  }

  private static ImportResult gaveUp(Candidate c, ImportResult current, String message) {
    return new ImportResult(c.row(), current.key(), Outcome.UNKNOWN, current.reason(), null,
        current.errorType(), message);
  }
}
