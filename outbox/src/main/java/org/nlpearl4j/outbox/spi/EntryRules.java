package org.nlpearl4j.outbox.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.internal.Problems;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;

/**
 * The rules every {@link OutboxStore} applies the same way, so that stores differ in how they
 * keep entries and never in what an entry becomes: which entries may be sent, which lookups are
 * due, what a claimed entry looks like, and what an update queued behind an add becomes when the
 * add settles.
 *
 * <pre>{@code
 * if (EntryRules.isSendable(entry)) { claimed.add(EntryRules.sending(entry, now)); }
 * }</pre>
 */
public final class EntryRules {
  /** The message of an update whose add was forgotten before it had a lead id. */
  public static final String ADD_FORGOTTEN = "the add this update waited for was forgotten"
      + " before NLPearl returned a lead id; send the update again with the lead id";

  private EntryRules() {
  }

  /**
   * Tells whether a sender may claim the entry now: a waiting add, or a waiting update whose lead
   * id is known.
   *
   * @param entry the entry
   * @return true when it may be sent
   */
  public static boolean isSendable(OutboxEntry entry) {
    return entry.getState() == EntryState.WAITING
        && (entry.getKind() == EntryKind.ADD || entry.getLeadId() != null);
  }

  /**
   * Tells whether the entry is an add whose outcome is uncertain (unknown, or added without a lead
   * id) with a lookup planned at or before {@code now}.
   *
   * @param entry the entry
   * @param now the current time
   * @return true when its lookup is due
   */
  public static boolean isLookupDue(OutboxEntry entry, Instant now) {
    Instant at = entry.getNextCheckAt();
    return at != null && !at.isAfter(now) && isUncertainAdd(entry);
  }

  /**
   * Tells whether the entry is an add whose outcome is uncertain: unknown, or added without a
   * readable lead id.
   *
   * @param entry the entry
   * @return true for an uncertain add
   */
  public static boolean isUncertainAdd(OutboxEntry entry) {
    return entry.getKind() == EntryKind.ADD && (entry.getState() == EntryState.UNKNOWN
        || (entry.getState() == EntryState.ADDED && entry.getLeadId() == null));
  }

  /**
   * Returns the entry as a sender claims it: {@link EntryState#SENDING}, the last failure cleared.
   *
   * @param waiting a sendable entry
   * @param now the current time
   * @return the snapshot to store before the request leaves
   */
  public static OutboxEntry sending(OutboxEntry waiting, Instant now) {
    return waiting.toBuilder().state(EntryState.SENDING).message(null).statusCode(0).reason(null)
        .problems(Collections.<String, List<String>>emptyMap()).uncertainSince(null)
        .failedChecks(0).nextCheckAt(null).changed(now).build();
  }

  /**
   * Returns what an update queued behind an add becomes now that the add stands as {@code add}
   * (or was forgotten): it gets the add's lead id once the add is added with one, and is rejected
   * when the add is rejected, forgotten without a lead id, or added without a readable lead id
   * that no lookup will find. A store applies this in the same atomic step that writes the add's
   * outcome (or forgets the add, or inserts the update).
   *
   * @param add the add as it now stands
   * @param forgotten whether the add is being forgotten
   * @param update an update whose {@link OutboxEntry#getAfterEntryId()} names the add
   * @param now the current time
   * @return the update's new snapshot, or null when it does not change
   */
  public static @Nullable OutboxEntry dependent(OutboxEntry add, boolean forgotten,
      OutboxEntry update, Instant now) {
    if (update.getLeadId() != null || !add.getId().equals(update.getAfterEntryId())) {
      return null;
    }
    String leadId = add.getLeadId();
    if (add.getState() == EntryState.ADDED && leadId != null) {
      return update.toBuilder().leadId(leadId).build();
    }
    if (update.getState() != EntryState.WAITING) {
      return null;
    }
    if (forgotten) {
      return update.toBuilder().state(EntryState.REJECTED).changed(now).message(ADD_FORGOTTEN)
          .build();
    }
    if (add.getState() == EntryState.REJECTED) {
      return update.toBuilder().state(EntryState.REJECTED).changed(now)
          .statusCode(add.getStatusCode()).reason(add.getReason()).problems(add.getProblems())
          .message("rejected with the add it waited for: " + add.getMessage()).build();
    }
    if (add.getState() == EntryState.ADDED && add.getNextCheckAt() == null) {
      return update.toBuilder().state(EntryState.REJECTED).changed(now)
          .message("NLPearl accepted the add this update waited for, but its answer had no"
              + " readable lead id; send the update again with the lead id")
          .build();
    }
    return null;
  }

  /**
   * Returns a new waiting add, its ids checked by the client's rules before anything is stored.
   *
   * @param outboundId the campaign
   * @param lead the lead
   * @param now the current time (milliseconds are kept)
   * @return the entry, with a new entry id
   * @throws InvalidRequestException for a blank or implausible outbound id
   */
  public static OutboxEntry newAdd(String outboundId, NewLead lead, Instant now) {
    checkId("addLead", "outboundId", outboundId);
    return OutboxEntry.builder().id(newEntryId()).kind(EntryKind.ADD).state(EntryState.WAITING)
        .campaignId(outboundId).lead(lead).created(now).changed(now).build();
  }

  /**
   * Returns a new waiting update: queued behind the add {@code entryIdOrLeadId} names when it
   * starts with {@link LeadOutbox#ENTRY_ID_PREFIX}, for that lead id otherwise. The store checks
   * that the add exists and applies {@link #dependent} when it inserts it.
   *
   * @param pearlId the campaign
   * @param entryIdOrLeadId an add's entry id, or a lead id
   * @param update the update
   * @param now the current time
   * @return the entry, with a new entry id
   * @throws InvalidRequestException for a blank or implausible id
   */
  public static OutboxEntry newUpdate(String pearlId, String entryIdOrLeadId, LeadUpdate update,
      Instant now) {
    checkId("updateLead", "pearlId", pearlId);
    checkId("updateLead", "leadId", entryIdOrLeadId);
    OutboxEntry.Builder entry = OutboxEntry.builder().id(newEntryId()).kind(EntryKind.UPDATE)
        .state(EntryState.WAITING).campaignId(pearlId).update(update).created(now).changed(now);
    if (entryIdOrLeadId.startsWith(LeadOutbox.ENTRY_ID_PREFIX)) {
      entry.afterEntryId(entryIdOrLeadId);
    } else {
      entry.leadId(entryIdOrLeadId);
    }
    return entry.build();
  }

  /**
   * Returns the current time at the stores' precision (milliseconds), so a snapshot reads back
   * equal.
   *
   * @return now, in whole milliseconds
   */
  public static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  /**
   * Reports an implausible id by the client's own rule.
   *
   * @param operation the operation, for the error
   * @param field the field name, for the error
   * @param value the id
   * @throws InvalidRequestException naming the field and the rule
   */
  public static void checkId(String operation, String field, String value) {
    String problem = Problems.idRule(value);
    if (problem != null) {
      throw new InvalidRequestException(operation,
          Collections.singletonMap(field, Collections.singletonList(problem)));
    }
  }

  private static String newEntryId() {
    return LeadOutbox.ENTRY_ID_PREFIX + UUID.randomUUID();
  }
}
