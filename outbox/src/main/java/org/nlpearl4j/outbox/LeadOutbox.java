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
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.nlpearl4j.internal.Problems;
import org.nlpearl4j.outbox.internal.EntryCodec;
import org.nlpearl4j.outbox.internal.Journal;

/**
 * A durable outbox of lead adds and updates: each is written to disk before {@link #add} returns
 * its entry id, and sent to NLPearl by {@link #drain()} when the network allows. Every entry ends
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
 * <p>Files: {@code outbox.journal} (the entries, including phone numbers and call data: personal
 * data, so keep the directory private to the app) and {@code outbox.lock}. One outbox per
 * directory at a time ({@link OutboxLockedException} otherwise). All methods are thread-safe.
 */
public final class LeadOutbox implements AutoCloseable {
  /** The journal's file name inside the directory. */
  public static final String JOURNAL_FILE = "outbox.journal";
  /** The lock file's name inside the directory. */
  public static final String LOCK_FILE = "outbox.lock";
  /** Every entry id starts with this; lead ids never do. */
  public static final String ENTRY_ID_PREFIX = "entry-";

  private static final String ADD_FORGOTTEN = "the add this update waited for was forgotten"
      + " before NLPearl returned a lead id; send the update again with the lead id";
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final String INTERRUPTED =
      "the app stopped while this was being sent: NLPearl may have received it";
  private static final String CHECKING = "; checking NLPearl by its external id";

  private final File directory;
  private final NlPearl client;
  /** The client with one attempt per call: every attempt's outcome is the outbox's to journal. */
  private final NlPearl sender;
  private final LeadResolver resolver;
  private final Map<String, String> pearlIds;
  private final Scheduler scheduler;
  private final Object lock = new Object();
  private final Journal journal;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final LinkedHashMap<String, OutboxEntry> entries = new LinkedHashMap<>();
  private final Subject<OutboxEntry> changes = PublishSubject.<OutboxEntry>create().toSerialized();
  private @Nullable Run current;
  private boolean closed;

  private LeadOutbox(Builder b, File directory, NlPearl client) {
    this.directory = directory;
    this.client = client;
    this.scheduler = b.scheduler;
    this.pearlIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.pearlIds));
    LeadResolver r = b.resolver;
    this.resolver = r != null ? r : LeadResolver.builder(client).build();
    if (!directory.isDirectory() && !directory.mkdirs() && !directory.isDirectory()) {
      throw new OutboxStorageException("cannot create the outbox directory", directory,
          new IOException("mkdirs failed"));
    }
    Path dir = directory.toPath();
    FileChannel channel;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new OutboxStorageException("cannot open the lock file", directory, e);
    }
    FileLock acquired;
    try {
      acquired = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      closeQuietly(channel);
      throw new OutboxLockedException(directory, e);
    }
    if (acquired == null) {
      closeQuietly(channel);
      throw new OutboxLockedException(directory, null);
    }
    this.lockChannel = channel;
    this.fileLock = acquired;
    try {
      this.journal = load(dir.resolve(JOURNAL_FILE));
    } catch (RuntimeException e) {
      releaseLock();
      throw e;
    }
    this.sender = client.toBuilder().retryPolicy(RetryPolicy.none()).build();
  }

  /** Reads the journal back; entries found sending become unknown (the process died mid-send). */
  private Journal load(Path file) {
    Journal.Opened opened;
    try {
      opened = Journal.open(file);
    } catch (Journal.CorruptJournalException e) {
      throw new OutboxCorruptException(directory, e.setAside.toFile(), e.offset, e.goodRecords,
          e.getMessage() == null ? "damaged" : e.getMessage());
    } catch (IOException e) {
      throw new OutboxStorageException("cannot read the journal", directory, e);
    }
    Journal j = opened.journal;
    int index = 0;
    for (byte[] payload : opened.payloads) {
      EntryCodec.Record record;
      try {
        record = EntryCodec.decode(payload);
      } catch (IOException e) {
        String what = "record " + (index + 1) + " cannot be read: " + e.getMessage();
        try {
          Journal.CorruptJournalException aside = j.setAside(what, index);
          throw new OutboxCorruptException(directory, aside.setAside.toFile(), 0, index, what);
        } catch (IOException renameFailed) {
          throw new OutboxStorageException("cannot set the corrupt journal aside", directory,
              renameFailed);
        }
      }
      if (record.entry == null) {
        entries.remove(record.id);
      } else {
        entries.put(record.id, record.entry);
      }
      index++;
    }
    List<OutboxEntry> interrupted = new ArrayList<>();
    Instant now = now();
    for (OutboxEntry entry : entries.values()) {
      if (entry.getState() == EntryState.SENDING) {
        OutboxEntry unknown = planned(entry.toBuilder().state(EntryState.UNKNOWN).changed(now)
            .uncertainSince(entry.getKind() == EntryKind.ADD ? now : null).failedChecks(0)
            .nextCheckAt(null).build());
        interrupted.add(unknown.toBuilder().message(INTERRUPTED + (unknown.getNextCheckAt() != null
            ? CHECKING : ". Check before sending it again (retry) or forget it")).build());
      } else {
        // Plans the lookup of an uncertain add (also one an older version left unknown) when this
        // outbox can resolve it, and drops a plan it cannot carry out (no Pearl id given now).
        OutboxEntry planned = planned(entry);
        if (planned != entry) {
          interrupted.add(planned);
        }
      }
    }
    try {
      if (!interrupted.isEmpty()) {
        List<byte[]> records = new ArrayList<>();
        for (OutboxEntry entry : interrupted) {
          records.add(EntryCodec.put(entry));
          entries.put(entry.getId(), entry);
        }
        j.append(records);
      }
    } catch (IOException e) {
      closeQuietly(j);
      throw new OutboxStorageException("cannot write the journal", directory, e);
    }
    if (j.records() > 2 * entries.size()) {
      try {
        j.rewrite(liveRecords());
      } catch (IOException e) {
        // Compaction is an optimisation: the journal is still whole and in use.
      }
    }
    return j;
  }

  /**
   * Opens (or creates) the outbox in a directory, reading back every entry. Blocks on disk I/O:
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
   * is on the storage device (fsync'd), and not before; it runs on the outbox's scheduler when
   * subscribed.
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
      checkId("addLead", "outboundId", outboundId);
      Instant now = now();
      OutboxEntry entry = OutboxEntry.builder().id(newEntryId()).kind(EntryKind.ADD)
          .state(EntryState.WAITING).campaignId(outboundId).lead(lead).created(now).changed(now)
          .build();
      synchronized (lock) {
        checkOpen();
        write(Collections.singletonList(entry));
        maybeCompact();
      }
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
   * @return a cold Single of the update's entry id, succeeding once it is fsync'd; it fails with
   *     {@link IllegalArgumentException} for an entry id this outbox does not hold as an add
   */
  public Single<String> update(String pearlId, String entryIdOrLeadId, LeadUpdate update) {
    Objects.requireNonNull(pearlId, "pearlId");
    Objects.requireNonNull(entryIdOrLeadId, "entryIdOrLeadId");
    Objects.requireNonNull(update, "update");
    return Single.fromCallable(() -> {
      checkId("updateLead", "pearlId", pearlId);
      checkId("updateLead", "leadId", entryIdOrLeadId);
      Instant now = now();
      OutboxEntry.Builder entry = OutboxEntry.builder().id(newEntryId()).kind(EntryKind.UPDATE)
          .state(EntryState.WAITING).campaignId(pearlId).update(update).created(now).changed(now);
      synchronized (lock) {
        checkOpen();
        if (entryIdOrLeadId.startsWith(ENTRY_ID_PREFIX)) {
          OutboxEntry add = entries.get(entryIdOrLeadId);
          if (add == null || add.getKind() != EntryKind.ADD) {
            throw new IllegalArgumentException("this outbox holds no add entry " + entryIdOrLeadId);
          }
          entry.afterEntryId(entryIdOrLeadId);
          if (add.getState() == EntryState.ADDED && add.getLeadId() != null) {
            entry.leadId(add.getLeadId());
          }
        } else {
          entry.leadId(entryIdOrLeadId);
        }
        OutboxEntry built = entry.build();
        write(Collections.singletonList(built));
        maybeCompact();
        return built.getId();
      }
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
   * Sends what is waiting, one request at a time, in the order entries were put in. Cold: nothing
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
   * not used for sends), so the entry is journalled waiting between attempts. It fails with {@link AuthenticationException} (the entry stays waiting: the token is wrong
   * for every entry) and with {@link OutboxException} when the journal cannot be written.
   *
   * <p>Disposing every subscription stops the sender after the request in flight, whose outcome is
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
   * <pre>{@code outbox.changes().observeOn(AndroidSchedulers.mainThread()).subscribe(adapter::show);}</pre>
   *
   * @return the stream of changes
   */
  public Observable<OutboxEntry> changes() {
    return changes.hide();
  }

  /**
   * Returns a snapshot of every entry, in the order they were put in.
   *
   * @return an unmodifiable list
   */
  public List<OutboxEntry> entries() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }
  }

  /**
   * Returns one entry.
   *
   * @param entryId the entry id
   * @return its snapshot, or null when the outbox does not hold it
   */
  public @Nullable OutboxEntry entry(String entryId) {
    Objects.requireNonNull(entryId, "entryId");
    synchronized (lock) {
      return entries.get(entryId);
    }
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
      synchronized (lock) {
        checkOpen();
        OutboxEntry entry = require(entryId);
        if (entry.getState() != EntryState.UNKNOWN && entry.getState() != EntryState.REJECTED) {
          throw new IllegalStateException("entry " + entryId + " is " + entry.getState()
              + "; only UNKNOWN and REJECTED entries can be retried");
        }
        write(Collections.singletonList(entry.toBuilder().state(EntryState.WAITING).message(null)
            .statusCode(0).reason(null).problems(Collections.<String, List<String>>emptyMap())
            .uncertainSince(null).failedChecks(0).nextCheckAt(null).changed(now()).build()));
      }
    }).subscribeOn(scheduler);
  }

  /**
   * Removes an entry from the outbox (its data is gone from the journal at the next compaction).
   * Updates waiting for a forgotten add that has no lead id are rejected.
   *
   * @param entryId the entry id
   * @return a cold Completable; it fails with {@link IllegalArgumentException} for an id the outbox
   *     does not hold, {@link IllegalStateException} for an entry being sent and
   *     {@link OutboxStorageException} when the journal cannot be written (nothing is forgotten)
   */
  public Completable forget(String entryId) {
    Objects.requireNonNull(entryId, "entryId");
    return Completable.fromAction(() -> {
      synchronized (lock) {
        checkOpen();
        OutboxEntry entry = require(entryId);
        if (entry.getState() == EntryState.SENDING) {
          throw new IllegalStateException("entry " + entryId + " is being sent; forget it once its"
              + " outcome is known");
        }
        forgetAll(Collections.singletonList(entry));
      }
    }).subscribeOn(scheduler);
  }

  /**
   * Removes every entry that is added or updated (a service calls this after recording the lead
   * ids; an app after showing them).
   *
   * @return a cold Single of how many entries were removed; it fails with
   *     {@link OutboxStorageException} when the journal cannot be written (nothing is forgotten)
   */
  public Single<Integer> forgetDelivered() {
    return Single.fromCallable(() -> {
      synchronized (lock) {
        checkOpen();
        List<OutboxEntry> delivered = new ArrayList<>();
        for (OutboxEntry entry : entries.values()) {
          if (entry.getState() == EntryState.ADDED || entry.getState() == EntryState.UPDATED) {
            delivered.add(entry);
          }
        }
        forgetAll(delivered);
        return delivered.size();
      }
    }).subscribeOn(scheduler);
  }

  /**
   * Returns the outbox's directory.
   *
   * @return the directory
   */
  public File getDirectory() {
    return directory;
  }

  /**
   * Closes the outbox: stops the sender (a request in flight is cancelled; its entry reads back
   * as unknown), closes the journal and releases the directory. Idempotent.
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
    synchronized (lock) {
      closeQuietly(journal);
      releaseLock();
    }
    sender.close();
    changes.onComplete();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "LeadOutbox{" + directory + ", " + entries.size() + " entries"
          + (closed ? ", closed" : "") + "}";
    }
  }

  // ---- internals (callers hold the lock) ----

  private void forgetAll(List<OutboxEntry> gone) {
    if (gone.isEmpty()) {
      return;
    }
    List<OutboxEntry> dependents = new ArrayList<>();
    Set<String> goneIds = new HashSet<>();
    for (OutboxEntry entry : gone) {
      goneIds.add(entry.getId());
    }
    Instant now = now();
    for (OutboxEntry entry : entries.values()) {
      String after = entry.getAfterEntryId();
      if (after == null || entry.getLeadId() != null || !goneIds.contains(after)
          || goneIds.contains(entry.getId())) {
        continue;
      }
      OutboxEntry add = entries.get(after);
      String leadId = add == null ? null : add.getLeadId();
      if (leadId != null) {
        dependents.add(entry.toBuilder().leadId(leadId).build());
      } else if (entry.getState() == EntryState.WAITING) {
        dependents.add(entry.toBuilder().state(EntryState.REJECTED).changed(now)
            .message(ADD_FORGOTTEN)
            .build());
      }
    }
    List<byte[]> records = new ArrayList<>();
    for (OutboxEntry entry : dependents) {
      records.add(EntryCodec.put(entry));
    }
    for (String id : goneIds) {
      records.add(EntryCodec.forget(id));
    }
    try {
      journal.append(records);
    } catch (IOException e) {
      throw new OutboxStorageException("cannot write the journal", directory, e);
    }
    for (OutboxEntry entry : dependents) {
      entries.put(entry.getId(), entry);
      changes.onNext(entry);
    }
    for (OutboxEntry entry : gone) {
      entries.remove(entry.getId());
      changes.onNext(entry.toBuilder().state(EntryState.FORGOTTEN).changed(now).build());
    }
    maybeCompact();
  }

  /** Appends the snapshots durably, then publishes them; on failure nothing changes in memory. */
  private void write(List<OutboxEntry> snapshots) {
    if (snapshots.isEmpty()) {
      return;
    }
    List<byte[]> records = new ArrayList<>(snapshots.size());
    for (OutboxEntry entry : snapshots) {
      records.add(EntryCodec.put(entry));
    }
    try {
      journal.append(records);
    } catch (IOException e) {
      throw new OutboxStorageException("cannot write the journal", directory, e);
    }
    for (OutboxEntry entry : snapshots) {
      entries.put(entry.getId(), entry);
      changes.onNext(entry);
    }
  }

  private void maybeCompact() {
    if (journal.records() > 64 && journal.records() > 4 * entries.size()) {
      try {
        journal.rewrite(liveRecords());
      } catch (IOException e) {
        // The old journal is still whole and in use (unless Journal marked itself broken, in
        // which case the next write reports it).
      }
    }
  }

  private List<byte[]> liveRecords() {
    List<byte[]> records = new ArrayList<>(entries.size());
    for (OutboxEntry entry : entries.values()) {
      records.add(EntryCodec.put(entry));
    }
    return records;
  }

  private OutboxEntry require(String entryId) {
    OutboxEntry entry = entries.get(entryId);
    if (entry == null) {
      throw new IllegalArgumentException("this outbox holds no entry " + entryId);
    }
    return entry;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the outbox is closed");
    }
  }

  /** The current time at the journal's precision (milliseconds), so a snapshot reads back equal. */
  private static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  private static String newEntryId() {
    return ENTRY_ID_PREFIX + UUID.randomUUID();
  }

  /** Reports an implausible id by the client's own rule, before the entry is written. */
  private static void checkId(String operation, String field, String value) {
    String problem = Problems.idRule(value);
    if (problem != null) {
      throw new InvalidRequestException(operation,
          Collections.singletonMap(field, Collections.singletonList(problem)));
    }
  }

  /** Rejects updates that wait for an add that can no longer give them a lead id; resolves the rest. */
  private void settleDependents() {
    List<OutboxEntry> settled = new ArrayList<>();
    Instant now = now();
    for (OutboxEntry entry : entries.values()) {
      String after = entry.getAfterEntryId();
      if (entry.getState() != EntryState.WAITING || after == null || entry.getLeadId() != null) {
        continue;
      }
      OutboxEntry add = entries.get(after);
      if (add == null) {
        settled.add(entry.toBuilder().state(EntryState.REJECTED).changed(now)
            .message(ADD_FORGOTTEN)
            .build());
      } else if (add.getState() == EntryState.REJECTED) {
        settled.add(entry.toBuilder().state(EntryState.REJECTED).changed(now)
            .statusCode(add.getStatusCode()).reason(add.getReason()).problems(add.getProblems())
            .message("rejected with the add it waited for: " + add.getMessage()).build());
      } else if (add.getState() == EntryState.ADDED) {
        String leadId = add.getLeadId();
        if (leadId != null) {
          settled.add(entry.toBuilder().leadId(leadId).build());
        } else if (add.getNextCheckAt() == null) {
          settled.add(entry.toBuilder().state(EntryState.REJECTED).changed(now)
              .message("NLPearl accepted the add this update waited for, but its answer had no"
                  + " readable lead id; send the update again with the lead id")
              .build());
        }
      }
    }
    write(settled);
  }

  /**
   * Tells whether the entry is an add whose outcome is uncertain (unknown, or added without a lead
   * id) that this outbox can resolve: its lead has an external id and the campaign's Pearl id is
   * known.
   */
  private boolean resolvable(OutboxEntry entry) {
    if (entry.getKind() != EntryKind.ADD) {
      return false;
    }
    boolean uncertain = entry.getState() == EntryState.UNKNOWN
        || (entry.getState() == EntryState.ADDED && entry.getLeadId() == null);
    NewLead lead = entry.getLead();
    return uncertain && lead != null && lead.getExternalId() != null
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

  /** What the sender does next; see {@link Run#step()}. */
  private static final class Next {
    @Nullable OutboxEntry send;
    @Nullable OutboxEntry check;
    @Nullable Instant earliestCheck;
  }

  /**
   * Picks, in the order entries were put in, the first entry to send or to look up now, and
   * otherwise the time of the earliest lookup planned.
   */
  private Next next(Instant now) {
    Next next = new Next();
    for (OutboxEntry entry : entries.values()) {
      if (entry.getState() == EntryState.WAITING
          && (entry.getKind() == EntryKind.ADD || entry.getLeadId() != null)) {
        next.send = entry;
        return next;
      }
      Instant at = entry.getNextCheckAt();
      if (at != null && resolvable(entry)) {
        if (!at.isAfter(now)) {
          next.check = entry;
          return next;
        }
        if (next.earliestCheck == null || at.isBefore(next.earliestCheck)) {
          next.earliestCheck = at;
        }
      }
    }
    return next;
  }

  private void releaseLock() {
    try {
      fileLock.release();
    } catch (IOException | RuntimeException e) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing more to do
    }
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

  /** One sender: a chain of steps on one scheduler worker, one request in flight at most. */
  private final class Run {
    final CompletableSubject done = CompletableSubject.create();
    final Scheduler.Worker worker = scheduler.createWorker();
    int subscribers;
    /** Attempts in a row that never left the device (the network is gone), for the backoff. */
    int neverSentInARow;
    boolean stopRequested;
    boolean finished;
    @Nullable Disposable waiting;
    @Nullable Disposable call;

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

    void step() {
      OutboxEntry sending;
      try {
        synchronized (lock) {
          waiting = null;
          if (finished) {
            return;
          }
          if (closed || stopRequested) {
            finish(null);
            return;
          }
          settleDependents();
          Instant now = now();
          Next plan = next(now);
          OutboxEntry check = plan.check;
          if (check != null) {
            lookUp(check);
            return;
          }
          OutboxEntry next = plan.send;
          if (next == null) {
            Instant at = plan.earliestCheck;
            if (at != null && !at.isAfter(now.plus(resolver.getSettleTime()))) {
              // A first lookup comes due within the settle time: this sender waits for it.
              waiting = worker.schedule(this::step, Duration.between(now, at).toMillis(),
                  TimeUnit.MILLISECONDS);
              return;
            }
            finish(null);
            return;
          }
          sending = next.toBuilder().state(EntryState.SENDING).message(null).statusCode(0).reason(null)
              .problems(Collections.<String, List<String>>emptyMap()).uncertainSince(null)
              .failedChecks(0).nextCheckAt(null).changed(now).build();
          write(Collections.singletonList(sending)); // durable before the request leaves
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
      }
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
        settle(sending, EntryState.WAITING, null, e, false);
        finish(e);
        return;
      }
      track(request.subscribe(
          result -> worker.schedule(() -> onSuccess(sending, result)),
          error -> worker.schedule(() -> onFailure(sending, error))));
    }

    /** Keeps the call in flight for {@link #abort()}; cancels it when the run ended meanwhile. */
    void track(Disposable d) {
      boolean abandoned;
      synchronized (lock) {
        abandoned = finished;
        if (!abandoned) {
          call = d;
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
    void lookUp(OutboxEntry entry) {
      NewLead lead = Objects.requireNonNull(entry.getLead(), "lead");
      Instant since = entry.getUncertainSince();
      Single<LeadResolution> lookup = resolver.resolve(
          Objects.requireNonNull(pearlIds.get(entry.getCampaignId()), "pearlId"),
          Objects.requireNonNull(lead.getExternalId(), "externalId"),
          since != null ? since : entry.getChanged(), entry.getFailedChecks());
      worker.schedule(() -> track(lookup.subscribe(
          resolution -> worker.schedule(() -> onResolution(entry, resolution, null)),
          error -> worker.schedule(() -> onResolution(entry, null, error)))));
    }

    /** Records what the lookup found; an entry the user retried or forgot meanwhile is left alone. */
    void onResolution(OutboxEntry checked, @Nullable LeadResolution resolution,
        @Nullable Throwable error) {
      try {
        synchronized (lock) {
          call = null;
          if (closed) {
            return;
          }
          if (entries.get(checked.getId()) == checked) {
            write(Collections.singletonList(resolved(checked, resolution, error)));
            settleDependents();
          }
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
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

    void onSuccess(OutboxEntry sending, Object result) {
      try {
        synchronized (lock) {
          call = null;
          neverSentInARow = 0;
          if (closed) {
            return;
          }
          if (sending.getKind() == EntryKind.ADD) {
            String leadId = (String) result;
            write(Collections.singletonList(sending.toBuilder().state(EntryState.ADDED)
                .leadId(leadId).changed(now()).build()));
            settleDependents();
          } else {
            write(Collections.singletonList(sending.toBuilder().state(EntryState.UPDATED)
                .changed(now()).build()));
          }
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
      }
      step();
    }

    void onFailure(OutboxEntry sending, Throwable error) {
      // The shared contract: anything that is not the facade's own exception may have acted. What
      // to do next follows the facade's delivery, refined by its reason; nothing is sorted here.
      Delivery delivery = error instanceof NlPearlException
          ? ((NlPearlException) error).getDelivery() : Delivery.UNKNOWN;
      FailureReason reason = FailureReason.of(error);
      try {
        synchronized (lock) {
          call = null;
          if (closed) {
            return;
          }
          if (delivery != Delivery.NEVER_SENT) {
            neverSentInARow = 0;
          }
          switch (delivery) {
            case NEVER_SENT:
              if (reason == FailureReason.INVALID_REQUEST) {
                settle(sending, EntryState.REJECTED, null, error, true);
                break;
              }
              // The request never left: the entry waits (journalled). Tried again after the client's
              // backoff as often as its retry policy allows; then the network is taken as gone and
              // this sender stops cleanly.
              settle(sending, EntryState.WAITING, null, error, false);
              RetryPolicy policy = client.getRetryPolicy();
              if (!stopRequested && neverSentInARow + 1 < policy.getMaxAttempts()) {
                neverSentInARow++;
                waiting = worker.schedule(this::step,
                    policy.delayBeforeRetry(neverSentInARow, null).toMillis(),
                    TimeUnit.MILLISECONDS);
                return;
              }
              finish(null);
              return;
            case REJECTED:
              if (reason == FailureReason.RATE_LIMITED) {
                settle(sending, EntryState.WAITING, null, error, false);
                if (stopRequested) {
                  finish(null);
                  return;
                }
                Duration wait = error instanceof RateLimitedException
                    ? ((RateLimitedException) error).getRetryAfter() : null;
                long millis = (wait != null ? wait : DEFAULT_RETRY_AFTER).toMillis();
                waiting = worker.schedule(this::step, Math.max(0, millis), TimeUnit.MILLISECONDS);
                return;
              }
              if (reason == FailureReason.AUTHENTICATION) {
                // The credentials are wrong for every entry: nothing is rejected because of them.
                settle(sending, EntryState.WAITING, null, error, false);
                finish(error);
                return;
              }
              settle(sending, EntryState.REJECTED, null, error, true);
              break;
            case ACCEPTED:
              settle(sending, sending.getKind() == EntryKind.ADD ? EntryState.ADDED
                  : EntryState.UPDATED, "NLPearl accepted it but its answer could not be read"
                  + (sending.getKind() == EntryKind.ADD ? ", so the lead id is unknown" : "")
                  + ": " + messageOf(error), error, false);
              settleDependents();
              break;
            case UNKNOWN:
            default:
              settle(sending, EntryState.UNKNOWN, "NLPearl may have acted on it: "
                  + messageOf(error), error, false);
              break;
          }
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
      }
      step();
    }

    /** Records the outcome of a request (callers hold the lock or own the entry). */
    void settle(OutboxEntry sending, EntryState state, @Nullable String message, Throwable error,
        boolean withProblems) {
      synchronized (lock) {
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
        write(Collections.singletonList(settled));
      }
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
      }
      worker.dispose();
      if (error == null) {
        done.onComplete();
      } else {
        done.onError(error);
      }
    }

    /** Stops at once (the outbox is closing): the request in flight is cancelled. */
    void abort() {
      Disposable inFlight;
      synchronized (lock) {
        inFlight = call;
        call = null;
      }
      if (inFlight != null) {
        inFlight.dispose();
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
      checkId("leadByExternalId", "outboundId", outboundId);
      checkId("leadByExternalId", "pearlId", pearlId);
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
     * Sets the directory (required): private to the app, e.g. under
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
     * Opens the outbox; see {@link LeadOutbox#open(File, NlPearl)}.
     *
     * @return the open outbox
     * @throws IllegalStateException when the directory or the client is missing
     */
    public LeadOutbox open() {
      File dir = directory;
      NlPearl c = client;
      if (dir == null || c == null) {
        throw new IllegalStateException("directory and client are required");
      }
      return new LeadOutbox(this, dir, c);
    }
  }
}
