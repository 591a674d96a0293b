package org.nlpearl4j.outbox.internal;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxCorruptException;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.OutboxStats;
import org.nlpearl4j.outbox.OutboxLockedException;
import org.nlpearl4j.outbox.OutboxStorageException;
import org.nlpearl4j.outbox.spi.Claim;
import org.nlpearl4j.outbox.spi.EntryRules;
import org.nlpearl4j.outbox.spi.OutboxStore;

/**
 * The embedded store: every entry in memory, every change appended to a checksummed, fsync'd
 * {@link Journal} before the method returns, the directory held by a file lock so that one process
 * at a time owns it. Claims live in memory: an entry found {@link EntryState#SENDING} when the
 * journal is opened was claimed by a process that is gone, and is an expired claim.
 */
public final class JournalStore implements OutboxStore {
  private final File directory;
  private final Object lock = new Object();
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final Journal journal;
  private final LinkedHashMap<String, OutboxEntry> entries = new LinkedHashMap<>();
  /** The token each claimed entry carries (also kept by an expired claim turned unknown). */
  private final Map<String, String> tokens = new HashMap<>();
  /** Entries found sending at open, not yet expired. */
  private final Set<String> expired = new LinkedHashSet<>();
  private boolean closed;

  private JournalStore(File directory, FileChannel lockChannel, FileLock fileLock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    try {
      this.journal = load(directory.toPath().resolve(LeadOutbox.JOURNAL_FILE));
    } catch (RuntimeException e) {
      releaseLock();
      throw e;
    }
  }

  /**
   * Opens (or creates) the journal in a directory and reads every entry back.
   *
   * @param directory the directory; created when missing
   * @return the store
   * @throws OutboxLockedException when another outbox has the directory open
   * @throws OutboxCorruptException when the journal is damaged (it has been set aside)
   * @throws OutboxStorageException when the files cannot be read or written
   */
  public static JournalStore open(File directory) {
    if (!directory.isDirectory() && !directory.mkdirs() && !directory.isDirectory()) {
      throw new OutboxStorageException("cannot create the outbox directory", directory,
          new IOException("mkdirs failed"));
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(directory.toPath().resolve(LeadOutbox.LOCK_FILE),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
    return new JournalStore(directory, channel, acquired);
  }

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
    for (OutboxEntry entry : entries.values()) {
      if (entry.getState() == EntryState.SENDING) {
        tokens.put(entry.getId(), "recovered-" + UUID.randomUUID());
        expired.add(entry.getId());
      }
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

  @Override
  public OutboxEntry insert(OutboxEntry entry) {
    synchronized (lock) {
      checkOpen();
      OutboxEntry stored = entry;
      String after = entry.getAfterEntryId();
      if (after != null && entry.getLeadId() == null) {
        OutboxEntry add = entries.get(after);
        if (add == null || add.getKind() != EntryKind.ADD) {
          throw new IllegalArgumentException("this outbox holds no add entry " + after);
        }
        OutboxEntry settled = EntryRules.dependent(add, false, entry, entry.getChanged());
        if (settled != null) {
          stored = settled;
        }
      }
      write(Collections.singletonList(stored));
      maybeCompact();
      return stored;
    }
  }

  @Override
  public List<OutboxEntry> entries() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }
  }

  /** Counts the entries held in memory (no read of the journal). */
  @Override
  public OutboxStats stats() {
    synchronized (lock) {
      return OutboxStats.of(entries.values());
    }
  }

  @Override
  public @Nullable OutboxEntry entry(String entryId) {
    synchronized (lock) {
      return entries.get(entryId);
    }
  }

  @Override
  public List<Claim> claimSends(int max, Instant now) {
    synchronized (lock) {
      checkOpen();
      List<OutboxEntry> sending = new ArrayList<>();
      for (OutboxEntry entry : entries.values()) {
        if (sending.size() >= max) {
          break;
        }
        if (EntryRules.isSendable(entry)) {
          sending.add(EntryRules.sending(entry, now));
        }
      }
      write(sending); // durable before any request leaves
      List<Claim> claims = new ArrayList<>(sending.size());
      for (OutboxEntry entry : sending) {
        claims.add(claimOf(entry));
      }
      return claims;
    }
  }

  @Override
  public List<Claim> claimLookups(int max, Instant now) {
    synchronized (lock) {
      checkOpen();
      List<Claim> claims = new ArrayList<>();
      for (OutboxEntry entry : entries.values()) {
        if (claims.size() >= max) {
          break;
        }
        if (EntryRules.isLookupDue(entry, now) && !isClaimedLive(entry.getId())) {
          claims.add(claimOf(entry));
        }
      }
      return claims;
    }
  }

  /** A lookup claim is live while its token is one this process issued and still holds. */
  private boolean isClaimedLive(String entryId) {
    String token = tokens.get(entryId);
    return token != null && token.startsWith("lookup-");
  }

  private Claim claimOf(OutboxEntry entry) {
    String token = (entry.getState() == EntryState.SENDING ? "send-" : "lookup-")
        + UUID.randomUUID();
    tokens.put(entry.getId(), token);
    return Claim.of(entry, token);
  }

  @Override
  public @Nullable Instant nextLookupAt() {
    synchronized (lock) {
      Instant earliest = null;
      for (OutboxEntry entry : entries.values()) {
        Instant at = entry.getNextCheckAt();
        if (at != null && EntryRules.isUncertainAdd(entry)
            && (earliest == null || at.isBefore(earliest))) {
          earliest = at;
        }
      }
      return earliest;
    }
  }

  @Override
  public List<OutboxEntry> complete(Claim claim, OutboxEntry outcome) {
    synchronized (lock) {
      checkOpen();
      String id = claim.getEntry().getId();
      if (!claim.getToken().equals(tokens.get(id)) || !entries.containsKey(id)) {
        return Collections.emptyList();
      }
      List<OutboxEntry> written = new ArrayList<>();
      written.add(outcome);
      if (outcome.getKind() == EntryKind.ADD) {
        written.addAll(dependentsOf(outcome, false, outcome.getChanged()));
      }
      write(written);
      tokens.remove(id);
      maybeCompact();
      return written;
    }
  }

  private List<OutboxEntry> dependentsOf(OutboxEntry add, boolean forgotten, Instant now) {
    List<OutboxEntry> settled = new ArrayList<>();
    for (OutboxEntry entry : entries.values()) {
      if (add.getId().equals(entry.getAfterEntryId())) {
        OutboxEntry changed = EntryRules.dependent(add, forgotten, entry, now);
        if (changed != null) {
          settled.add(changed);
        }
      }
    }
    return settled;
  }

  @Override
  public void release(Claim claim) {
    synchronized (lock) {
      String id = claim.getEntry().getId();
      if (claim.getToken().equals(tokens.get(id))) {
        tokens.remove(id);
      }
    }
  }

  @Override
  public List<Claim> expiredClaims(Instant now) {
    synchronized (lock) {
      List<Claim> claims = new ArrayList<>();
      for (String id : expired) {
        OutboxEntry entry = entries.get(id);
        String token = tokens.get(id);
        if (entry != null && token != null && entry.getState() == EntryState.SENDING) {
          claims.add(Claim.of(entry, token));
        }
      }
      return claims;
    }
  }

  @Override
  public List<OutboxEntry> expire(Claim claim, OutboxEntry unknown) {
    synchronized (lock) {
      checkOpen();
      String id = claim.getEntry().getId();
      OutboxEntry current = entries.get(id);
      if (current == null || current.getState() != EntryState.SENDING
          || !claim.getToken().equals(tokens.get(id))) {
        return Collections.emptyList();
      }
      write(Collections.singletonList(unknown));
      expired.remove(id);
      return Collections.singletonList(unknown);
    }
  }

  @Override
  public boolean replace(OutboxEntry expected, OutboxEntry replacement) {
    synchronized (lock) {
      checkOpen();
      OutboxEntry current = entries.get(expected.getId());
      if (current == null || !current.equals(expected)) {
        return false;
      }
      write(Collections.singletonList(replacement));
      tokens.remove(expected.getId());
      expired.remove(expected.getId());
      maybeCompact();
      return true;
    }
  }

  @Override
  public List<OutboxEntry> forget(Collection<String> entryIds) {
    synchronized (lock) {
      checkOpen();
      Set<String> goneIds = new LinkedHashSet<>(entryIds);
      List<OutboxEntry> gone = new ArrayList<>();
      for (String id : goneIds) {
        OutboxEntry entry = entries.get(id);
        if (entry == null) {
          continue;
        }
        if (entry.getState() == EntryState.SENDING) {
          throw new IllegalStateException("entry " + id + " is being sent; forget it once its"
              + " outcome is known");
        }
        gone.add(entry);
      }
      if (gone.isEmpty()) {
        return Collections.emptyList();
      }
      Instant now = EntryRules.now();
      List<OutboxEntry> dependents = new ArrayList<>();
      Set<String> settledIds = new HashSet<>();
      for (OutboxEntry add : gone) {
        if (add.getKind() != EntryKind.ADD) {
          continue;
        }
        for (OutboxEntry dependent : dependentsOf(add, true, now)) {
          if (!goneIds.contains(dependent.getId()) && settledIds.add(dependent.getId())) {
            dependents.add(dependent);
          }
        }
      }
      List<byte[]> records = new ArrayList<>();
      for (OutboxEntry entry : dependents) {
        records.add(EntryCodec.put(entry));
      }
      for (OutboxEntry entry : gone) {
        records.add(EntryCodec.forget(entry.getId()));
      }
      append(records);
      List<OutboxEntry> changed = new ArrayList<>(dependents);
      for (OutboxEntry entry : dependents) {
        entries.put(entry.getId(), entry);
      }
      for (OutboxEntry entry : gone) {
        entries.remove(entry.getId());
        tokens.remove(entry.getId());
        expired.remove(entry.getId());
        changed.add(entry.toBuilder().state(EntryState.FORGOTTEN).changed(now).build());
      }
      maybeCompact();
      return changed;
    }
  }

  @Override
  public File directory() {
    return directory;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      Journal.closeQuietly(journal);
      releaseLock();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return directory + ", " + entries.size() + " entries";
    }
  }

  // ---- internals (callers hold the lock) ----

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the outbox is closed");
    }
  }

  /** Appends the snapshots durably, then keeps them; on failure nothing changes in memory. */
  private void write(List<OutboxEntry> snapshots) {
    if (snapshots.isEmpty()) {
      return;
    }
    List<byte[]> records = new ArrayList<>(snapshots.size());
    for (OutboxEntry entry : snapshots) {
      records.add(EntryCodec.put(entry));
    }
    append(records);
    for (OutboxEntry entry : snapshots) {
      entries.put(entry.getId(), entry);
    }
  }

  private void append(List<byte[]> records) {
    try {
      journal.append(records);
    } catch (IOException e) {
      throw new OutboxStorageException("cannot write the journal", directory, e);
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
}
