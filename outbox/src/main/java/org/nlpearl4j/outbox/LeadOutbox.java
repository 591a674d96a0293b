package org.nlpearl4j.outbox;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.CompletableSubject;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.LeadResolution;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.ValidationProblem;
import org.nlpearl4j.internal.Pacer;
import org.nlpearl4j.outbox.internal.JournalStore;
import org.nlpearl4j.outbox.spi.Claim;
import org.nlpearl4j.outbox.spi.EntryRules;
import org.nlpearl4j.outbox.spi.OutboxStore;

/**
 * A durable outbox of lead adds and updates: each is stored before {@link #add} returns its entry
 * id, and sent to NLPearl by {@link #drain()} when the network allows. Every entry ends
 * {@linkplain EntryState#ADDED added} (or updated), {@linkplain EntryState#REJECTED rejected} or
 * {@linkplain EntryState#UNKNOWN unknown}, and an entry NLPearl may have acted on is never sent
 * again unless the user asks ({@link #retry}) or NLPearl says it does not have it: given the
 * campaign's Pearl id ({@link Builder#pearlId}), the outbox looks an uncertain add up by its
 * external id ({@link LeadResolver}) and settles it on its own.
 *
 * <pre>{@code
 * LeadOutbox outbox = LeadOutbox.open(new File(context.getNoBackupFilesDir(), "leads"), client);
 * String entryId = outbox.add("outbound-1", NewLead.of(l -> l.phoneNumber("+14155550123")))
 *     .blockingGet();            // or subscribe; it succeeds once the lead is fsync'd
 * outbox.drain().subscribe();    // sends what waits; run it again whenever the network returns
 * }</pre>
 *
 * <p>Storage: by default a journal file in a directory ({@code outbox.journal}, holding phone
 * numbers and call data: personal data, so keep the directory private to the app, and {@code
 * outbox.lock}); one outbox per directory at a time ({@link OutboxLockedException} otherwise).
 * Services that run several instances keep the entries in a shared table instead ({@link
 * Builder#store}, e.g. {@code nlpearl4j-outbox-postgres}). All methods are thread-safe.
 */
public final class LeadOutbox implements AutoCloseable {
  /** The journal's file name inside the directory. */
  public static final String JOURNAL_FILE = "outbox.journal";
  /** The lock file's name inside the directory. */
  public static final String LOCK_FILE = "outbox.lock";
  /** Every entry id starts with this; lead ids never do. */
  public static final String ENTRY_ID_PREFIX = "entry-";

  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final String INTERRUPTED = "the sender stopped while this was being sent (the"
      + " app or instance stopped): NLPearl may have received it";
  private static final String CHECKING = "; checking NLPearl by its external id";
  private static final int SEEN_LIMIT = 10_000;

  private final OutboxStore store;
  private final NlPearl client;
  /** The client with one attempt per call: every attempt's outcome is the outbox's to store. */
  private final NlPearl sender;
  private final LeadResolver resolver;
  private final Map<String, String> pearlIds;
  private final Scheduler scheduler;
  private final int maxInFlight;
  /**
   * The in-flight limit of the sends (fixed at 1 by default; adaptive up to {@link #maxInFlight}
   * otherwise, by the SDK's {@code AdaptiveLimit}), paused as a whole by a 429's Retry-After.
   */
  private final Pacer pacer;
  /** Writes are serialised with their publication when only this outbox writes the store. */
  private final boolean serial;
  private final Object lock = new Object();
  private final Object order = new Object();
  private final Subject<OutboxEntry> changes = PublishSubject.<OutboxEntry>create().toSerialized();
  private final Observable<OutboxEntry> changesWithPolls;
  /** The last snapshot published per entry, so a poll does not publish one twice. */
  private final LinkedHashMap<String, OutboxEntry> seen =
      new LinkedHashMap<String, OutboxEntry>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OutboxEntry> eldest) {
          return size() > SEEN_LIMIT;
        }
      };
  private @Nullable Run current;
  private boolean closed;

  private LeadOutbox(Builder b, OutboxStore store, NlPearl client) {
    this.store = store;
    this.client = client;
    this.scheduler = b.scheduler;
    this.maxInFlight = b.maxInFlight;
    this.pacer = maxInFlight == 1 ? Pacer.fixed(1, scheduler)
        : Pacer.adaptive(maxInFlight, scheduler);
    this.pearlIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.pearlIds));
    LeadResolver r = b.resolver;
    this.resolver = r != null ? r : LeadResolver.builder(client).build();
    Duration poll = store.pollInterval();
    this.serial = poll == null;
    if (poll == null) {
      this.changesWithPolls = changes.hide();
    } else {
      Observable<OutboxEntry> polled = Observable.interval(poll.toMillis(), TimeUnit.MILLISECONDS,
          scheduler).concatMapIterable(tick -> closedNow() ? Collections.<OutboxEntry>emptyList()
              : unseen(polledChanges()))
          .takeUntil(changes.ignoreElements().toObservable())
          .share();
      this.changesWithPolls = Observable.merge(changes, polled);
    }
    recover();
    this.sender = client.toBuilder().retryPolicy(RetryPolicy.none()).listener(pacer).build();
  }

  /**
   * Turns what an owner that is gone left sending into unknown (for the journal: the process died
   * mid-send), and plans (or drops) the lookups of uncertain adds as this outbox's Pearl ids allow:
   * also ones an older version left unknown.
   */
  private void recover() {
    Instant now = now();
    expireClaims(now);
    for (OutboxEntry entry : store.entries()) {
      if (entry.getState() == EntryState.SENDING) {
        continue;
      }
      OutboxEntry planned = planned(entry);
      if (planned != entry) {
        write(() -> store.replace(entry, planned)
            ? Collections.singletonList(planned) : Collections.<OutboxEntry>emptyList());
      }
    }
  }

  /** The one path by which an expired claim becomes unknown, its lookup planned when possible. */
  private void expireClaims(Instant now) {
    for (Claim claim : store.expiredClaims(now)) {
      OutboxEntry entry = claim.getEntry();
      OutboxEntry unknown = planned(entry.toBuilder().state(EntryState.UNKNOWN).changed(now)
          .uncertainSince(entry.getKind() == EntryKind.ADD ? now : null).failedChecks(0)
          .nextCheckAt(null).build());
      OutboxEntry withMessage = unknown.toBuilder().message(INTERRUPTED
          + (unknown.getNextCheckAt() != null ? CHECKING
              : ". Check before sending it again (retry) or forget it")).build();
      write(() -> store.expire(claim, withMessage));
    }
  }

  /**
   * Opens (or creates) the outbox in a directory, reading every entry back. Blocks on disk I/O:
   * call it off the main thread.
   *
   * <pre>{@code LeadOutbox outbox = LeadOutbox.open(new File(context.getNoBackupFilesDir(), "outbox"), client);}</pre>
   *
   * @param directory a directory private to the app; created when missing
   * @param client the client that sends the leads
   * @return the open outbox
   * @throws OutboxLockedException when another outbox has the directory open
   * @throws OutboxCorruptException when the journal is damaged (it has been set aside)
   * @throws OutboxStorageException when the files cannot be read or written
   */
  public static LeadOutbox open(File directory, NlPearl client) {
    return builder().directory(directory).client(client).open();
  }

  /**
   * Returns a new builder, for options beyond {@link #open(File, NlPearl)}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Puts a lead to add in the outbox. The returned Single succeeds with the entry id once the entry
   * is stored (for the journal: on the storage device, fsync'd), and not before; it runs on the
   * outbox's scheduler when subscribed.
   *
   * <pre>{@code String entryId = outbox.add("outbound-1", lead).blockingGet();}</pre>
   *
   * @param outboundId the campaign to add the lead to
   * @param lead the lead (already validated by its builder)
   * @return a cold Single of the entry id; it fails with {@link InvalidRequestException} for a
   *     blank or implausible outbound id, {@link OutboxStorageException} when the write fails (the
   *     lead is then not in the outbox)
   */
  public Single<String> add(String outboundId, NewLead lead) {
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(lead, "lead");
    return Single.fromCallable(() -> {
      OutboxEntry entry = EntryRules.newAdd(outboundId, lead, now());
      checkOpen();
      write(() -> Collections.singletonList(store.insert(entry)));
      return entry.getId();
    }).subscribeOn(scheduler);
  }

  /**
   * Puts a lead to add in the outbox, built by a lambda.
   *
   * <pre>{@code outbox.add("outbound-1", l -> l.phoneNumber("+14155550123").externalId("crm-42"))}</pre>
   *
   * @param outboundId the campaign to add the lead to
   * @param spec fills in the lead; the builder's validation errors fail the Single
   * @return a cold Single of the entry id, as {@link #add(String, NewLead)}
   */
  public Single<String> add(String outboundId, Consumer<NewLead.Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    return Single.defer(() -> add(outboundId, NewLead.of(spec)));
  }

  /**
   * Puts a lead update in the outbox. {@code entryIdOrLeadId} is either the entry id an
   * {@link #add} returned — the update then waits for that add and is sent with the lead id it
   * returns; it is rejected with it if the add is rejected, and waits while the add is unknown —
   * or a lead id NLPearl gave.
   *
   * <pre>{@code
   * String entryId = outbox.add("outbound-1", lead).blockingGet();
   * outbox.update("outbound-1", entryId, u -> u.status(SettableLeadStatus.COMPLETED)).blockingGet();
   * }</pre>
   *
   * @param pearlId the campaign (NLPearl's v2 name for the outbound id)
   * @param entryIdOrLeadId an add's entry id in this outbox, or a lead id
   * @param update the update (already validated by its builder)
   * @return a cold Single of the update's entry id, succeeding once it is stored; it fails with
   *     {@link IllegalArgumentException} for an entry id this outbox does not hold as an add
   */
  public Single<String> update(String pearlId, String entryIdOrLeadId, LeadUpdate update) {
    Objects.requireNonNull(pearlId, "pearlId");
    Objects.requireNonNull(entryIdOrLeadId, "entryIdOrLeadId");
    Objects.requireNonNull(update, "update");
    return Single.fromCallable(() -> {
      OutboxEntry entry = EntryRules.newUpdate(pearlId, entryIdOrLeadId, update, now());
      checkOpen();
      write(() -> Collections.singletonList(store.insert(entry)));
      return entry.getId();
    }).subscribeOn(scheduler);
  }

  /**
   * Puts a lead update built by a lambda in the outbox; see {@link #update(String, String, LeadUpdate)}.
   *
   * @param pearlId the campaign
   * @param entryIdOrLeadId an add's entry id in this outbox, or a lead id
   * @param spec fills in the update
   * @return a cold Single of the update's entry id
   */
  public Single<String> update(
      String pearlId, String entryIdOrLeadId, Consumer<LeadUpdate.Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    return Single.defer(() -> update(pearlId, entryIdOrLeadId, LeadUpdate.of(spec)));
  }

  /**
   * Sends what is waiting, in the order entries were put in, one request at a time (up to {@link
   * Builder#maxInFlight} at once, never two for one entry). Cold: nothing
   * happens before subscribe, and it can be subscribed again at any time. Only one sender runs per
   * outbox: a second subscription while one runs joins it.
   *
   * <p>It also makes every lookup of an uncertain add that is due ({@link
   * OutboxEntry#getNextCheckAt()}; see {@link Builder#pearlId}), and waits for one due within the
   * resolver's settle time.
   *
   * <p>It completes when nothing more can be done now: nothing waits, what waits is queued behind
   * an unknown add, the next lookup is further off than the settle time (subscribe again then), or
   * the network is unreachable (a request that never left, tried again as the client's retry
   * policy allows: the entry stays waiting; subscribe again when the network returns). A 429 waits
   * for its Retry-After and goes on. Each attempt is the outbox's own (the client's retries are
   * not used for sends), so the entry is stored waiting between attempts. It fails with {@link AuthenticationException} (the entry stays waiting: the token is wrong
   * for every entry) and with {@link OutboxException} when the store cannot be written.
   *
   * <p>Disposing every subscription stops the sender after the requests in flight, whose outcome is
   * still recorded (cancelling it would turn a clean answer into an unknown one).
   *
   * <pre>{@code
   * connectivity.onAvailable(() -> outbox.drain().subscribe(() -> {}, error -> log(error)));
   * }</pre>
   *
   * @return the cold Completable
   */
  public Completable drain() {
    return Completable.create(emitter -> {
      Run run;
      boolean start;
      synchronized (lock) {
        if (closed) {
          emitter.onError(new IllegalStateException("the outbox is closed"));
          return;
        }
        run = current;
        start = run == null;
        if (run == null) {
          run = new Run();
          current = run;
        }
        run.subscribers++;
        run.stopRequested = false;
      }
      Run joined = run;
      Disposable subscription = joined.done.subscribe(emitter::onComplete, emitter::tryOnError);
      emitter.setCancellable(() -> {
        subscription.dispose();
        joined.detach();
      });
      if (start) {
        joined.start();
      }
    });
  }

  /**
   * Tells whether a sender is running.
   *
   * @return true while a {@link #drain()} runs
   */
  public boolean isDraining() {
    synchronized (lock) {
      return current != null;
    }
  }

  /**
   * Returns every change of state as it is written: each item is the entry's new snapshot
   * ({@link EntryState#FORGOTTEN} when it was forgotten). Hot: it starts with the next change, so
   * read {@link #entries()} first. Items arrive on the thread that wrote them; use
   * {@code observeOn} for a UI and never block in it. Completes when the outbox is closed.
   *
   * <p>On a store several processes share (a database table), it also carries what the others
   * wrote, found by polling the store ({@link OutboxStore#pollInterval()}); entries another
   * process forgets are not seen.
   *
   * <pre>{@code outbox.changes().observeOn(AndroidSchedulers.mainThread()).subscribe(adapter::show);}</pre>
   *
   * @return the stream of changes
   */
  public Observable<OutboxEntry> changes() {
    return changesWithPolls;
  }

  /**
   * Returns a snapshot of every entry, in the order they were put in.
   *
   * @return an unmodifiable list
   */
  public List<OutboxEntry> entries() {
    return store.entries();
  }

  /**
   * Returns one entry.
   *
   * @param entryId the entry id
   * @return its snapshot, or null when the outbox does not hold it
   */
  public @Nullable OutboxEntry entry(String entryId) {
    Objects.requireNonNull(entryId, "entryId");
    return store.entry(entryId);
  }

  /**
   * Returns how many entries are in each state and when the oldest waiting one was put in, without
   * reading every entry (the journal counts in memory; a table answers one grouped query): cheap
   * enough for a metrics scrape ({@code OutboxMetrics} in {@code nlpearl4j-micrometer}).
   *
   * <pre>{@code long waiting = outbox.stats().count(EntryState.WAITING);}</pre>
   *
   * @return the summary
   * @throws OutboxStorageException when the store cannot be read
   */
  public OutboxStats stats() {
    return store.stats();
  }

  /**
   * Puts an unknown or rejected entry back to waiting, on the user's decision: for an unknown add
   * this may add the lead twice, so ask the user to check first. The next {@link #drain()} sends
   * it.
   *
   * @param entryId the entry id
   * @return a cold Completable; it fails with {@link IllegalArgumentException} for an id the outbox
   *     does not hold and {@link IllegalStateException} for an entry that is not unknown or
   *     rejected
   */
  public Completable retry(String entryId) {
    Objects.requireNonNull(entryId, "entryId");
    return Completable.fromAction(() -> {
      checkOpen();
      while (true) {
        OutboxEntry entry = require(entryId);
        if (entry.getState() != EntryState.UNKNOWN && entry.getState() != EntryState.REJECTED) {
          throw new IllegalStateException("entry " + entryId + " is " + entry.getState()
              + "; only UNKNOWN and REJECTED entries can be retried");
        }
        OutboxEntry waiting = entry.toBuilder().state(EntryState.WAITING).message(null)
            .statusCode(0).reason(null).problems(Collections.<String, List<String>>emptyMap())
            .uncertainSince(null).failedChecks(0).nextCheckAt(null).changed(now()).build();
        if (!write(() -> store.replace(entry, waiting) ? Collections.singletonList(waiting)
            : Collections.<OutboxEntry>emptyList()).isEmpty()) {
          return;
        }
        // It changed between the read and the write (a lookup settled it): decide again.
      }
    }).subscribeOn(scheduler);
  }

  /**
   * Removes an entry from the outbox (from the journal, its data is gone at the next compaction).
   * Updates waiting for a forgotten add that has no lead id are rejected.
   *
   * @param entryId the entry id
   * @return a cold Completable; it fails with {@link IllegalArgumentException} for an id the outbox
   *     does not hold, {@link IllegalStateException} for an entry being sent and
   *     {@link OutboxStorageException} when the store cannot be written (nothing is forgotten)
   */
  public Completable forget(String entryId) {
    Objects.requireNonNull(entryId, "entryId");
    return Completable.fromAction(() -> {
      checkOpen();
      require(entryId);
      write(() -> store.forget(Collections.singletonList(entryId)));
    }).subscribeOn(scheduler);
  }

  /**
   * Removes every entry that is added or updated (a service calls this after recording the lead
   * ids; an app after showing them).
   *
   * @return a cold Single of how many entries were removed; it fails with
   *     {@link OutboxStorageException} when the store cannot be written (nothing is forgotten)
   */
  public Single<Integer> forgetDelivered() {
    return Single.fromCallable(() -> {
      checkOpen();
      List<String> delivered = new ArrayList<>();
      for (OutboxEntry entry : store.entries()) {
        if (entry.getState() == EntryState.ADDED || entry.getState() == EntryState.UPDATED) {
          delivered.add(entry.getId());
        }
      }
      int forgotten = 0;
      for (OutboxEntry change : write(() -> store.forget(delivered))) {
        if (change.getState() == EntryState.FORGOTTEN) {
          forgotten++;
        }
      }
      return forgotten;
    }).subscribeOn(scheduler);
  }

  /**
   * Returns the outbox's directory.
   *
   * @return the directory, or null for an outbox on another store than the journal
   */
  public @Nullable File getDirectory() {
    return store.directory();
  }

  /**
   * Closes the outbox: stops the sender (a request in flight is cancelled; its entry reads back
   * as unknown), and closes the store (for the journal: releases the directory). Idempotent.
   */
  @Override
  public void close() {
    Run run;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      run = current;
      current = null;
    }
    if (run != null) {
      run.abort();
    }
    synchronized (order) {
      store.close();
    }
    sender.close();
    changes.onComplete();
  }

  @Override
  public String toString() {
    return "LeadOutbox{" + store + (closedNow() ? ", closed" : "") + "}";
  }

  // ---- internals ----

  /**
   * Runs a store write and publishes what it wrote; for a store only this outbox writes, the two
   * happen together, so changes are published in the order they were stored.
   */
  private List<OutboxEntry> write(Supplier<List<OutboxEntry>> writing) {
    if (serial) {
      synchronized (order) {
        List<OutboxEntry> written = writing.get();
        publish(written);
        return written;
      }
    }
    List<OutboxEntry> written = writing.get();
    publish(written);
    return written;
  }

  private void publish(List<OutboxEntry> written) {
    for (OutboxEntry entry : written) {
      if (!serial) {
        synchronized (seen) {
          seen.put(entry.getId(), entry);
        }
      }
      changes.onNext(entry);
    }
  }

  /**
   * What other processes wrote since the last poll; nothing when the store cannot be read now (the
   * next poll tries again: a database hiccup does not end {@link #changes()}).
   */
  private List<OutboxEntry> polledChanges() {
    try {
      return store.pollChanges();
    } catch (RuntimeException e) {
      return Collections.emptyList();
    }
  }

  /** What a poll found that this outbox has not published yet. */
  private List<OutboxEntry> unseen(List<OutboxEntry> polled) {
    List<OutboxEntry> fresh = new ArrayList<>();
    synchronized (seen) {
      for (OutboxEntry entry : polled) {
        if (!entry.equals(seen.get(entry.getId()))) {
          seen.put(entry.getId(), entry);
          fresh.add(entry);
        }
      }
    }
    return fresh;
  }

  private OutboxEntry require(String entryId) {
    OutboxEntry entry = store.entry(entryId);
    if (entry == null) {
      throw new IllegalArgumentException("this outbox holds no entry " + entryId);
    }
    return entry;
  }

  private boolean closedNow() {
    synchronized (lock) {
      return closed;
    }
  }

  private void checkOpen() {
    if (closedNow()) {
      throw new IllegalStateException("the outbox is closed");
    }
  }

  /** The current time at the stores' precision (milliseconds), so a snapshot reads back equal. */
  private static Instant now() {
    return EntryRules.now();
  }

  /**
   * Tells whether the entry is an add whose outcome is uncertain (unknown, or added without a lead
   * id) that this outbox can resolve: its lead has an external id and the campaign's Pearl id is
   * known.
   */
  private boolean resolvable(OutboxEntry entry) {
    NewLead lead = entry.getLead();
    return EntryRules.isUncertainAdd(entry) && lead != null && lead.getExternalId() != null
        && pearlIds.containsKey(entry.getCampaignId());
  }

  /**
   * Returns the entry with its next lookup planned when it is resolvable (first lookup: the settle
   * time after the outcome became uncertain), without one when it is not; the entry itself when
   * nothing changes.
   */
  private OutboxEntry planned(OutboxEntry entry) {
    if (!resolvable(entry)) {
      return entry.getNextCheckAt() == null ? entry : entry.toBuilder().nextCheckAt(null).build();
    }
    if (entry.getNextCheckAt() != null) {
      return entry;
    }
    Instant since = entry.getUncertainSince() != null ? entry.getUncertainSince()
        : entry.getChanged();
    return entry.toBuilder().uncertainSince(since).nextCheckAt(resolver.settledAt(since)).build();
  }

  /** The fields the SDK's validation or NLPearl's 400 named (the same problem shape for both). */
  private static Map<String, List<String>> problemsOf(Throwable error) {
    if (error instanceof NlPearlException) {
      ValidationProblem problem = ((NlPearlException) error).getProblem();
      if (problem != null) {
        return problem.getErrors();
      }
    }
    return Collections.emptyMap();
  }

  private static int statusOf(Throwable error) {
    return error instanceof NlPearlException ? ((NlPearlException) error).getStatusCode() : 0;
  }

  private static String messageOf(Throwable error) {
    String message = error.getMessage();
    return message != null ? message : error.getClass().getSimpleName();
  }

  /**
   * One sender: steps on one scheduler worker, up to {@link #maxInFlight} requests (and lookups)
   * in flight, each for an entry it claimed from the store.
   */
  private final class Run {
    final CompletableSubject done = CompletableSubject.create();
    final Scheduler.Worker worker = scheduler.createWorker();
    /** Claims whose request or lookup is in flight, with the call (null until subscribed). */
    final Map<String, @Nullable Disposable> calls = new LinkedHashMap<>();
    int subscribers;
    /** Attempts in a row that never left the device (the network is gone), for the backoff. */
    int neverSentInARow;
    boolean stopRequested;
    boolean finished;
    /** Set when the run ends once what is in flight is recorded: no new claims. */
    boolean ending;
    @Nullable Throwable endError;
    /** No new claims before this (a 429's Retry-After, or the network backoff). */
    @Nullable Instant pausedUntil;
    @Nullable Instant nextExpiryCheck;
    @Nullable Disposable waiting;

    void start() {
      worker.schedule(this::step);
    }

    void detach() {
      synchronized (lock) {
        if (finished) {
          return;
        }
        subscribers--;
        if (subscribers > 0) {
          return;
        }
        stopRequested = true;
        Disposable timer = waiting;
        if (timer != null) {
          timer.dispose();
          waiting = null;
          worker.schedule(this::step);
        }
      }
    }

    int inFlight() {
      synchronized (lock) {
        return calls.size();
      }
    }

    /** Ends the run once the requests in flight are recorded (at once when none is). */
    void end(@Nullable Throwable error) {
      synchronized (lock) {
        if (!ending) {
          ending = true;
          endError = error;
        }
      }
    }

    void wakeAt(Instant at, Instant now) {
      synchronized (lock) {
        if (finished) {
          return;
        }
        Disposable timer = waiting;
        if (timer != null) {
          timer.dispose();
        }
        waiting = worker.schedule(this::step, Math.max(0, Duration.between(now, at).toMillis()),
            TimeUnit.MILLISECONDS);
      }
    }

    void step() {
      try {
        Instant now = now();
        boolean stop;
        synchronized (lock) {
          waiting = null;
          if (finished) {
            return;
          }
          stop = closed || stopRequested || ending;
        }
        if (stop) {
          if (inFlight() == 0) {
            finish(endError);
          }
          return;
        }
        Duration expiryEvery = store.expiryCheckInterval();
        if (expiryEvery != null && (nextExpiryCheck == null || !now.isBefore(nextExpiryCheck))) {
          nextExpiryCheck = now.plus(expiryEvery);
          expireClaims(now);
        }
        Instant paused = pausedUntil;
        if (paused != null && now.isBefore(paused)) {
          wakeAt(paused, now);
          return;
        }
        pausedUntil = null;
        int free = maxInFlight - inFlight();
        if (free > 0) {
          for (Claim claim : store.claimLookups(free, now)) {
            lookUp(claim);
          }
        }
        free = Math.min(maxInFlight, pacer.limit()) - inFlight();
        if (free > 0) {
          List<Claim> claims = store.claimSends(free, now);
          List<OutboxEntry> sending = new ArrayList<>(claims.size());
          for (Claim claim : claims) {
            sending.add(claim.getEntry());
          }
          publish(sending); // stored by the claim, before any request leaves
          for (Claim claim : claims) {
            send(claim);
          }
        }
        if (inFlight() > 0) {
          return;
        }
        Instant at = store.nextLookupAt();
        if (at != null && !at.isAfter(now.plus(resolver.getSettleTime()))) {
          // A lookup comes due within the settle time: this sender waits for it.
          wakeAt(at, now);
          return;
        }
        finish(null);
      } catch (RuntimeException e) {
        end(e);
        if (inFlight() == 0) {
          finish(e);
        }
      }
    }

    void send(Claim claim) {
      OutboxEntry sending = claim.getEntry();
      Single<?> request;
      try {
        if (sending.getKind() == EntryKind.ADD) {
          request = sender.outbound(sending.getCampaignId())
              .addLead(Objects.requireNonNull(sending.getLead(), "lead"));
        } else {
          request = sender.pearl(sending.getCampaignId()).updateLead(
              Objects.requireNonNull(sending.getLeadId(), "leadId"),
              Objects.requireNonNull(sending.getUpdate(), "update"));
        }
      } catch (RuntimeException e) {
        // Nothing was sent: the request could not even be built.
        settle(claim, EntryState.WAITING, null, e, false);
        end(e);
        return;
      }
      begin(claim);
      // The permit is there (no more are claimed than the limit allows) unless a Retry-After
      // pauses every sender or the limit fell meanwhile: the entry, stored SENDING, then waits.
      Single<?> paced = pacer.permit().flatMap(permit -> request)
          .doFinally(pacer::release);
      track(claim, paced.subscribe(
          result -> worker.schedule(() -> onSuccess(claim, result)),
          error -> worker.schedule(() -> onFailure(claim, error))));
    }

    /** Keeps the call in flight for {@link #abort()}; cancels it when the run ended meanwhile. */
    void track(Claim claim, Disposable d) {
      boolean abandoned;
      synchronized (lock) {
        abandoned = finished;
        String id = claim.getEntry().getId();
        if (!abandoned && calls.containsKey(id)) {
          calls.put(id, d);
        }
      }
      if (abandoned) {
        d.dispose(); // closed meanwhile: an entry "sending" reads back as unknown
      }
    }

    /**
     * Looks an uncertain add up by its external id, by the SDK's one rule ({@link LeadResolver});
     * the entry stays as it is meanwhile (a lookup changes nothing at NLPearl, so a kill during it
     * costs only the lookup).
     */
    void lookUp(Claim claim) {
      OutboxEntry entry = claim.getEntry();
      if (!resolvable(entry)) {
        // Another process planned it; this one cannot carry the plan out (no Pearl id here).
        store.release(claim);
        OutboxEntry unplanned = planned(entry);
        write(() -> store.replace(entry, unplanned) ? Collections.singletonList(unplanned)
            : Collections.<OutboxEntry>emptyList());
        return;
      }
      NewLead lead = Objects.requireNonNull(entry.getLead(), "lead");
      Instant since = entry.getUncertainSince();
      Single<LeadResolution> lookup = resolver.resolve(
          Objects.requireNonNull(pearlIds.get(entry.getCampaignId()), "pearlId"),
          Objects.requireNonNull(lead.getExternalId(), "externalId"),
          since != null ? since : entry.getChanged(), entry.getFailedChecks());
      begin(claim);
      track(claim, lookup.subscribe(
          resolution -> worker.schedule(() -> onResolution(claim, resolution, null)),
          error -> worker.schedule(() -> onResolution(claim, null, error))));
    }

    void begin(Claim claim) {
      synchronized (lock) {
        calls.put(claim.getEntry().getId(), null);
      }
    }

    /** Forgets the call; false when the run is over (the outcome is then not recorded). */
    boolean settled(Claim claim) {
      synchronized (lock) {
        calls.remove(claim.getEntry().getId());
        return !closed;
      }
    }

    /** Records what the lookup found; an entry the user retried or forgot meanwhile is left alone. */
    void onResolution(Claim claim, @Nullable LeadResolution resolution,
        @Nullable Throwable error) {
      try {
        if (!settled(claim)) {
          return;
        }
        write(() -> store.complete(claim, resolved(claim.getEntry(), resolution, error)));
      } catch (RuntimeException e) {
        end(e);
      }
      step();
    }

    OutboxEntry resolved(OutboxEntry checked, @Nullable LeadResolution resolution,
        @Nullable Throwable error) {
      Instant now = now();
      OutboxEntry.Builder b = checked.toBuilder().changed(now);
      int failed = checked.getFailedChecks();
      if (resolution != null && resolution.isSafeToSendAgain()) {
        return b.state(EntryState.WAITING).leadId(null).statusCode(0).reason(null)
            .uncertainSince(null).failedChecks(0).nextCheckAt(null)
            .message("not found in NLPearl by its external id: it was not stored, so it is sent"
                + " again")
            .build();
      }
      if (resolution != null && resolution.isFound()) {
        String leadId = resolution.getLeadId();
        b.state(EntryState.ADDED).leadId(leadId).statusCode(0).reason(null);
        if (leadId != null) {
          return b.uncertainSince(null).failedChecks(0).nextCheckAt(null)
              .message("found in NLPearl by its external id").build();
        }
        Instant at = resolver.nextCheckAt(now, failed);
        return b.failedChecks(failed + 1).nextCheckAt(at)
            .message("found in NLPearl by its external id, but the answer had no lead id; looked"
                + " up again at " + at)
            .build();
      }
      Throwable cause = resolution != null ? resolution.getCause() : error;
      Instant at = resolution != null && resolution.getNextCheckAt() != null
          ? resolution.getNextCheckAt() : resolver.nextCheckAt(now, failed);
      return b.failedChecks(failed + 1).nextCheckAt(at)
          .message("NLPearl may have acted on it, and looking it up by its external id failed ("
              + (cause == null ? "no answer" : messageOf(cause)) + "); it is looked up again at "
              + at + ", unless you retry or forget it first")
          .build();
    }

    void onSuccess(Claim claim, Object result) {
      try {
        if (!settled(claim)) {
          return;
        }
        synchronized (lock) {
          neverSentInARow = 0;
        }
        OutboxEntry sending = claim.getEntry();
        if (sending.getKind() == EntryKind.ADD) {
          String leadId = (String) result;
          OutboxEntry added = sending.toBuilder().state(EntryState.ADDED).leadId(leadId)
              .changed(now()).build();
          write(() -> store.complete(claim, added));
        } else {
          OutboxEntry updated = sending.toBuilder().state(EntryState.UPDATED).changed(now())
              .build();
          write(() -> store.complete(claim, updated));
        }
      } catch (RuntimeException e) {
        end(e);
      }
      step();
    }

    void onFailure(Claim claim, Throwable error) {
      // The shared contract: anything that is not the facade's own exception may have acted. What
      // to do next follows the facade's delivery, refined by its reason; nothing is sorted here.
      Delivery delivery = error instanceof NlPearlException
          ? ((NlPearlException) error).getDelivery() : Delivery.UNKNOWN;
      FailureReason reason = FailureReason.of(error);
      OutboxEntry sending = claim.getEntry();
      try {
        if (!settled(claim)) {
          return;
        }
        if (delivery != Delivery.NEVER_SENT) {
          synchronized (lock) {
            neverSentInARow = 0;
          }
        }
        switch (delivery) {
          case NEVER_SENT:
            if (reason == FailureReason.INVALID_REQUEST) {
              settle(claim, EntryState.REJECTED, null, error, true);
              break;
            }
            // The request never left: the entry waits (stored). Tried again after the client's
            // backoff as often as its retry policy allows; then the network is taken as gone and
            // this sender stops cleanly.
            settle(claim, EntryState.WAITING, null, error, false);
            RetryPolicy policy = client.getRetryPolicy();
            boolean again;
            int inARow;
            synchronized (lock) {
              again = !stopRequested && neverSentInARow + 1 < policy.getMaxAttempts();
              if (again) {
                neverSentInARow++;
              }
              inARow = neverSentInARow;
            }
            if (again) {
              pause(policy.delayBeforeRetry(inARow, null));
            } else {
              end(null);
            }
            break;
          case REJECTED:
            if (reason == FailureReason.RATE_LIMITED) {
              settle(claim, EntryState.WAITING, null, error, false);
              if (stopRequested) {
                end(null);
                break;
              }
              Duration wait = error instanceof RateLimitedException
                  ? ((RateLimitedException) error).getRetryAfter() : null;
              // Every request of this sender waits: no new claim (and no permit) before the
              // Retry-After.
              Duration retryAfter = wait != null ? wait : DEFAULT_RETRY_AFTER;
              pacer.pause(retryAfter);
              pause(retryAfter);
              break;
            }
            if (reason == FailureReason.AUTHENTICATION) {
              // The credentials are wrong for every entry: nothing is rejected because of them.
              settle(claim, EntryState.WAITING, null, error, false);
              end(error);
              break;
            }
            settle(claim, EntryState.REJECTED, null, error, true);
            break;
          case ACCEPTED:
            settle(claim, sending.getKind() == EntryKind.ADD ? EntryState.ADDED
                : EntryState.UPDATED, "NLPearl accepted it but its answer could not be read"
                + (sending.getKind() == EntryKind.ADD ? ", so the lead id is unknown" : "")
                + ": " + messageOf(error), error, false);
            break;
          case UNKNOWN:
          default:
            settle(claim, EntryState.UNKNOWN, "NLPearl may have acted on it: "
                + messageOf(error), error, false);
            break;
        }
      } catch (RuntimeException e) {
        end(e);
      }
      step();
    }

    void pause(Duration wait) {
      Instant until = now().plus(wait.isNegative() ? Duration.ZERO : wait);
      Instant paused = pausedUntil;
      if (paused == null || until.isAfter(paused)) {
        pausedUntil = until;
      }
    }

    /** Records the outcome of a request under its claim. */
    void settle(Claim claim, EntryState state, @Nullable String message, Throwable error,
        boolean withProblems) {
      OutboxEntry sending = claim.getEntry();
      Instant now = now();
      boolean uncertain = state == EntryState.UNKNOWN
          || (state == EntryState.ADDED && sending.getKind() == EntryKind.ADD);
      OutboxEntry settled = planned(sending.toBuilder().state(state)
          .message(message != null ? message : messageOf(error))
          .statusCode(statusOf(error))
          .reason(FailureReason.of(error))
          .problems(withProblems ? problemsOf(error) : Collections.<String, List<String>>emptyMap())
          .uncertainSince(uncertain ? now : null).failedChecks(0).nextCheckAt(null)
          .changed(now).build());
      if (state == EntryState.UNKNOWN) {
        settled = settled.toBuilder().message(settled.getMessage() + (settled.getNextCheckAt()
            != null ? CHECKING : ". Check before sending it again (retry) or forget it")).build();
      }
      OutboxEntry outcome = settled;
      write(() -> store.complete(claim, outcome));
    }

    void finish(@Nullable Throwable error) {
      synchronized (lock) {
        if (finished) {
          return;
        }
        finished = true;
        if (current == this) {
          current = null;
        }
        Disposable timer = waiting;
        if (timer != null) {
          timer.dispose();
        }
      }
      worker.dispose();
      if (error == null) {
        done.onComplete();
      } else {
        done.onError(error);
      }
    }

    /** Stops at once (the outbox is closing): the requests in flight are cancelled. */
    void abort() {
      List<Disposable> inFlight = new ArrayList<>();
      synchronized (lock) {
        for (Disposable d : calls.values()) {
          if (d != null) {
            inFlight.add(d);
          }
        }
        calls.clear();
      }
      for (Disposable d : inFlight) {
        d.dispose();
      }
      finish(null);
    }
  }

  /** Options for {@link LeadOutbox}. */
  public static final class Builder {
    private @Nullable File directory;
    private @Nullable NlPearl client;
    private Scheduler scheduler = Schedulers.io();
    private final Map<String, String> pearlIds = new LinkedHashMap<>();
    private @Nullable LeadResolver resolver;
    private @Nullable OutboxStore store;
    private int maxInFlight = 1;

    private Builder() {
    }

    /**
     * Tells the outbox the Pearl id of a campaign, so that it settles that campaign's uncertain
     * adds itself: an add whose outcome is unknown (or added without a readable lead id) and whose
     * lead has an external id is looked up by it ({@link LeadResolver}): found, it is added with
     * the lead's id; certainly absent, it is sent again; the lookup failing, it stays unknown and is
     * looked up again at {@link OutboxEntry#getNextCheckAt()}.
     *
     * <p>Adds name a campaign by its outbound id (NLPearl's v1 API) and the lookup by the Pearl id
     * of its agent (v2): the two ids are on the campaign's page in NLPearl. The mapping is given
     * here, not with each add, because it belongs to the campaign, not to a lead: entries already in
     * the journal (also ones an older version left unknown) are resolved as soon as an outbox opens
     * with it.
     *
     * <pre>{@code
     * LeadOutbox outbox = LeadOutbox.builder().directory(dir).client(client)
     *     .pearlId("outbound-1", "pearl-1")
     *     .open();
     * }</pre>
     *
     * @param outboundId the campaign's outbound id, as given to {@link LeadOutbox#add}
     * @param pearlId the Pearl id of the same campaign
     * @return this builder
     * @throws InvalidRequestException for a blank or implausible id
     */
    public Builder pearlId(String outboundId, String pearlId) {
      Objects.requireNonNull(outboundId, "outboundId");
      Objects.requireNonNull(pearlId, "pearlId");
      EntryRules.checkId("leadByExternalId", "outboundId", outboundId);
      EntryRules.checkId("leadByExternalId", "pearlId", pearlId);
      pearlIds.put(outboundId, pearlId);
      return this;
    }

    /**
     * Tells the outbox the Pearl ids of several campaigns; see {@link #pearlId(String, String)}.
     *
     * @param pearlIdByOutboundId outbound id to Pearl id
     * @return this builder
     */
    public Builder pearlIds(Map<String, String> pearlIdByOutboundId) {
      Objects.requireNonNull(pearlIdByOutboundId, "pearlIdByOutboundId");
      for (Map.Entry<String, String> e : pearlIdByOutboundId.entrySet()) {
        pearlId(e.getKey(), e.getValue());
      }
      return this;
    }

    /**
     * Sets the resolver whose settle time and recheck backoff the outbox follows (default: {@code
     * LeadResolver.builder(client).build()}, a 5 s settle time, rechecks from 30 s to 15 min).
     *
     * <pre>{@code builder.resolver(LeadResolver.builder(client).settleTime(Duration.ofSeconds(10)).build())}</pre>
     *
     * @param resolver the resolver; it should look up through the same account as the client
     * @return this builder
     */
    public Builder resolver(LeadResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets the directory of the journal (required unless a {@link #store} is given): private to the app, e.g. under
     * {@code Context.getNoBackupFilesDir()} on Android.
     *
     * @param directory the directory; created when missing
     * @return this builder
     */
    public Builder directory(File directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the store that keeps the entries, instead of a journal {@link #directory}: for
     * instance a table that every instance of a service shares ({@code nlpearl4j-outbox-postgres}).
     * The outbox owns the store from then on and closes it when it is closed.
     *
     * <pre>{@code
     * LeadOutbox outbox = LeadOutbox.builder().store(store).client(client).maxInFlight(8).open();
     * }</pre>
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(OutboxStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the most requests the sender keeps in flight at once (default 1: one at a time,
     * strictly in order). Above 1, the limit adapts up to this as the SDK's import does: it grows
     * while answers stay fast and falls when NLPearl answers 429 or slows down. Never two for one
     * entry; a 429 pauses them all for its Retry-After.
     *
     * @param maxInFlight at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * Sets the client that sends the leads (required).
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(NlPearl client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets where disk writes and the sender run (default {@code Schedulers.io()}). The sender
     * waits for a 429's Retry-After with a delayed task on this scheduler, so give it one that
     * has threads: {@code Schedulers.trampoline()} (which runs {@code add} on the caller's thread)
     * suits tests and benchmarks of {@code add} only.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Opens the outbox; see {@link LeadOutbox#open(File, NlPearl)}. Entries an owner that is gone
     * left sending become unknown here (their lookups planned when possible).
     *
     * @return the open outbox
     * @throws IllegalStateException when the client is missing, or not exactly one of the
     *     directory and the store is given
     */
    public LeadOutbox open() {
      File dir = directory;
      OutboxStore given = store;
      NlPearl c = client;
      if (c == null || (dir == null) == (given == null)) {
        throw new IllegalStateException("a client and either a directory or a store are required");
      }
      OutboxStore s = given != null ? given : JournalStore.open(dir);
      try {
        return new LeadOutbox(this, s, c);
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
    }
  }
}
