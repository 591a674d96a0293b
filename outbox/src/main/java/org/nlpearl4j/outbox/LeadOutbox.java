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
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ValidationProblem;
import org.nlpearl4j.internal.Problems;
import org.nlpearl4j.outbox.internal.EntryCodec;
import org.nlpearl4j.outbox.internal.Journal;

/**
 * A durable outbox of lead adds and updates: each is written to disk before {@link #add} returns
 * its entry id, and sent to NLPearl by {@link #drain()} when the network allows. Every entry ends
 * {@linkplain EntryState#ADDED added} (or updated), {@linkplain EntryState#REJECTED rejected} or
 * {@linkplain EntryState#UNKNOWN unknown}, and an entry NLPearl may have acted on is never sent
 * again unless the user asks ({@link #retry}).
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

  private final File directory;
  private final NlPearl client;
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
    for (OutboxEntry entry : entries.values()) {
      if (entry.getState() == EntryState.SENDING) {
        interrupted.add(entry.toBuilder().state(EntryState.UNKNOWN).changed(now())
            .message("the app stopped while this was being sent: NLPearl may have received it."
                + " Check before sending it again (retry) or forget it")
            .build());
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
   * <p>It completes when nothing more can be sent now: nothing waits, what waits is queued behind
   * an unknown add, or the network is unreachable (a request that never left: the entry stays
   * waiting; subscribe again when the network returns). A 429 waits for its Retry-After and goes
   * on. It fails with {@link AuthenticationException} (the entry stays waiting: the token is wrong
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
            .changed(now()).build()));
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
        } else {
          settled.add(entry.toBuilder().state(EntryState.REJECTED).changed(now)
              .message("NLPearl accepted the add this update waited for, but its answer had no"
                  + " readable lead id; send the update again with the lead id")
              .build());
        }
      }
    }
    write(settled);
  }

  private @Nullable OutboxEntry nextToSend() {
    for (OutboxEntry entry : entries.values()) {
      if (entry.getState() == EntryState.WAITING
          && (entry.getKind() == EntryKind.ADD || entry.getLeadId() != null)) {
        return entry;
      }
    }
    return null;
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
          OutboxEntry next = nextToSend();
          if (next == null) {
            finish(null);
            return;
          }
          sending = next.toBuilder().state(EntryState.SENDING).message(null).statusCode(0).reason(null)
              .problems(Collections.<String, List<String>>emptyMap()).changed(now()).build();
          write(Collections.singletonList(sending)); // durable before the request leaves
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
      }
      Single<?> request;
      try {
        if (sending.getKind() == EntryKind.ADD) {
          request = client.outbound(sending.getCampaignId())
              .addLead(Objects.requireNonNull(sending.getLead(), "lead"));
        } else {
          request = client.pearl(sending.getCampaignId()).updateLead(
              Objects.requireNonNull(sending.getLeadId(), "leadId"),
              Objects.requireNonNull(sending.getUpdate(), "update"));
        }
      } catch (RuntimeException e) {
        // Nothing was sent: the request could not even be built.
        settle(sending, EntryState.WAITING, null, e, false);
        finish(e);
        return;
      }
      Disposable d = request.subscribe(
          result -> worker.schedule(() -> onSuccess(sending, result)),
          error -> worker.schedule(() -> onFailure(sending, error)));
      boolean abandoned;
      synchronized (lock) {
        abandoned = finished;
        if (!abandoned) {
          call = d;
        }
      }
      if (abandoned) {
        d.dispose(); // closed meanwhile: the entry stays "sending" and reads back as unknown
      }
    }

    void onSuccess(OutboxEntry sending, Object result) {
      try {
        synchronized (lock) {
          call = null;
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
          switch (delivery) {
            case NEVER_SENT:
              if (reason == FailureReason.INVALID_REQUEST) {
                settle(sending, EntryState.REJECTED, null, error, true);
                break;
              }
              // The network is gone: the entry waits, and this sender stops cleanly.
              settle(sending, EntryState.WAITING, null, error, false);
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
                  + messageOf(error) + ". Check before sending it again (retry) or forget it",
                  error, false);
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
        write(Collections.singletonList(sending.toBuilder().state(state)
            .message(message != null ? message : messageOf(error))
            .statusCode(statusOf(error))
            .reason(FailureReason.of(error))
            .problems(withProblems ? problemsOf(error) : Collections.<String, List<String>>emptyMap())
            .changed(now()).build()));
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

    private Builder() {
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
