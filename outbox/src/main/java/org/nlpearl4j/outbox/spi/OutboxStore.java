package org.nlpearl4j.outbox.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.OutboxStats;

/**
 * Where a {@link LeadOutbox} keeps its entries: the journal file ({@code LeadOutbox.open(File,
 * client)}) or a shared table ({@code nlpearl4j-outbox-postgres}). The outbox decides what an
 * entry becomes; the store keeps it and makes each step atomic and durable, so that any number of
 * senders (in one process or many) never send one entry twice.
 *
 * <p>What a store guarantees:
 *
 * <ul>
 *   <li>Every method that changes an entry has it stored durably before it returns.
 *   <li>{@link #claimSends} takes each sendable entry ({@link EntryRules#isSendable}) at most
 *       once: it stores the entry as {@link EntryRules#sending} with a fresh token and this
 *       store's owner before it returns, in the order entries were put in.
 *   <li>{@link #complete} writes an outcome only while the entry carries the claim's token (a
 *       compare-and-set): a user's {@link LeadOutbox#retry} or {@link LeadOutbox#forget} clears
 *       the token, so a late answer never overwrites their decision. An outcome may overwrite the
 *       {@link EntryState#UNKNOWN} that {@link #expire} wrote from the same claim.
 *   <li>An entry left {@link EntryState#SENDING} by an owner that is gone (a process that died, an
 *       instance whose lease ran out) is returned by {@link #expiredClaims}; the outbox turns it
 *       unknown through {@link #expire}. It is never sent again blindly.
 *   <li>An update queued behind an add ({@link OutboxEntry#getAfterEntryId()}) is settled by
 *       {@link EntryRules#dependent} in the same atomic step that writes the add's outcome,
 *       inserts the update, or forgets the add.
 * </ul>
 *
 * <p>Every method may be called from several threads at once. Failures are {@link
 * org.nlpearl4j.outbox.OutboxException}s (unchecked).
 *
 * <pre>{@code
 * LeadOutbox outbox = LeadOutbox.builder().store(myStore).client(client).open();
 * }</pre>
 */
public interface OutboxStore extends AutoCloseable {
  /**
   * Stores a new entry ({@link EntryState#WAITING}). An update queued behind an add is checked
   * against the add and settled by {@link EntryRules#dependent} in the same step.
   *
   * @param entry the new entry
   * @return the entry as stored
   * @throws IllegalArgumentException for an update queued behind an entry id the store does not
   *     hold as an add
   */
  OutboxEntry insert(OutboxEntry entry);

  /**
   * Returns every entry, in the order they were put in.
   *
   * @return a snapshot
   */
  List<OutboxEntry> entries();

  /**
   * Returns one entry.
   *
   * @param entryId the entry id
   * @return the entry, or null when the store does not hold it
   */
  @Nullable OutboxEntry entry(String entryId);

  /**
   * Claims up to {@code max} sendable entries, oldest first, storing each as {@link
   * EntryRules#sending} with a fresh token before returning.
   *
   * @param max the most to claim (at least 1)
   * @param now the current time
   * @return the claims, possibly empty
   */
  List<Claim> claimSends(int max, Instant now);

  /**
   * Claims up to {@code max} adds whose lookup is due ({@link EntryRules#isLookupDue}) and that no
   * one else is looking up; the entries themselves do not change (a lookup changes nothing at
   * NLPearl).
   *
   * @param max the most to claim
   * @param now the current time
   * @return the claims, possibly empty
   */
  List<Claim> claimLookups(int max, Instant now);

  /**
   * Returns when the earliest planned lookup is due.
   *
   * @return the time, or null when none is planned
   */
  @Nullable Instant nextLookupAt();

  /**
   * Writes the outcome of a claim, if the entry still carries its token, and settles the updates
   * queued behind it; the claim is released.
   *
   * @param claim the claim
   * @param outcome the entry's new snapshot
   * @return what was written (the outcome first, then the updates it settled), empty when the
   *     entry no longer carries the token
   */
  List<OutboxEntry> complete(Claim claim, OutboxEntry outcome);

  /**
   * Releases a lookup claim without changing the entry (the sender stopped before the answer).
   *
   * @param claim the claim
   */
  void release(Claim claim);

  /**
   * Returns the entries left {@link EntryState#SENDING} by an owner that is gone: for a file,
   * everything found sending when it was opened; for a shared table, what instances whose lease
   * expired had claimed.
   *
   * @param now the current time
   * @return the claims, with the token each entry carries
   */
  List<Claim> expiredClaims(Instant now);

  /**
   * Writes the unknown snapshot of an expired claim, if the entry is still sending under the same
   * token; the token stays, so the claim's own late outcome may still be recorded.
   *
   * @param claim an expired claim
   * @param unknown the entry's {@link EntryState#UNKNOWN} snapshot
   * @return what was written, empty when someone else settled it first
   */
  List<OutboxEntry> expire(Claim claim, OutboxEntry unknown);

  /**
   * Replaces an entry that is not claimed, if it still equals {@code expected} (a
   * compare-and-set), and releases any token it carries; used for the user's retry and for
   * planning lookups.
   *
   * @param expected the entry as the caller read it
   * @param replacement its new snapshot
   * @return whether it was written
   */
  boolean replace(OutboxEntry expected, OutboxEntry replacement);

  /**
   * Removes entries that are not {@link EntryState#SENDING} and settles the updates queued behind
   * them ({@link EntryRules#dependent} with {@code forgotten}).
   *
   * @param entryIds the entries to remove
   * @return what changed: the settled updates, then each removed entry as {@link
   *     EntryState#FORGOTTEN}
   * @throws IllegalStateException when one of them is sending (nothing is removed)
   */
  List<OutboxEntry> forget(Collection<String> entryIds);

  /**
   * Returns the entries other processes wrote since the last call, for {@link LeadOutbox#changes()}
   * (a store only this outbox writes returns none).
   *
   * @return the entries, possibly with ones already seen
   */
  default List<OutboxEntry> pollChanges() {
    return Collections.emptyList();
  }

  /**
   * Returns how often {@link #pollChanges()} is worth calling.
   *
   * @return the interval, or null when only this outbox writes the store
   */
  default @Nullable Duration pollInterval() {
    return null;
  }

  /**
   * Returns how often the sender should look for {@link #expiredClaims}.
   *
   * @return the interval, or null when claims expire only when the store is opened
   */
  default @Nullable Duration expiryCheckInterval() {
    return null;
  }

  /**
   * Returns the journal directory of a file store.
   *
   * @return the directory, or null for any other store
   */
  default java.io.@Nullable File directory() {
    return null;
  }

  /**
   * Returns how many entries are in each state and when the oldest waiting one was put in, for
   * {@link LeadOutbox#stats()} (metrics read it on every scrape). A store should answer without
   * reading every entry: the journal counts in memory, a table with one grouped query. The
   * default reads every entry.
   *
   * @return the summary
   */
  default OutboxStats stats() {
    return OutboxStats.of(entries());
  }

  /** Closes the store; an entry still sending reads back as expired once its owner is gone. */
  @Override
  void close();
}
