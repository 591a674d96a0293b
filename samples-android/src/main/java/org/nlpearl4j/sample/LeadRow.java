package org.nlpearl4j.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.OutboxEntry;

/** One prospect kept on the phone, as the screen lists it: who, and where their add stands. */
public final class LeadRow {
  /** Where a prospect's add stands; the outbox writes each state to disk before the next step. */
  public enum State {
    /** Saved on the phone, not sent yet (offline, or waiting its turn). */
    QUEUED,
    /** Being sent now. */
    SENDING,
    /** NLPearl added it (the lead id is null when NLPearl's answer could not be read). */
    ADDED,
    /** NLPearl refused it and did not add it: fix it and add it again. */
    REJECTED,
    /**
     * Sent, but no trustworthy answer came back (or the app died while sending): the outbox looks
     * the prospect up in NLPearl by its CRM id and settles it on its own (added, or sent again).
     */
    CHECKING,
    /**
     * Sent, but no trustworthy answer came back, and the prospect has no CRM id to look it up by: it
     * may already be added. The rep checks, then sends it again or forgets it.
     */
    UNKNOWN
  }

  private final String entryId;
  private final String name;
  private final String phoneNumber;
  private final State state;
  private final @Nullable String leadId;
  private final int statusCode;
  private final List<String> problems;
  private final int failedChecks;
  private final @Nullable Instant nextCheckAt;

  private LeadRow(String entryId, String name, String phoneNumber, State state,
      @Nullable String leadId, int statusCode, List<String> problems, int failedChecks,
      @Nullable Instant nextCheckAt) {
    this.entryId = entryId;
    this.name = name;
    this.phoneNumber = phoneNumber;
    this.state = state;
    this.leadId = leadId;
    this.statusCode = statusCode;
    this.problems = problems;
    this.failedChecks = failedChecks;
    this.nextCheckAt = nextCheckAt;
  }

  /** The row for an add entry of the outbox, or null for an entry the screen does not list. */
  static @Nullable LeadRow of(OutboxEntry entry) {
    NewLead lead = entry.getLead();
    if (entry.getKind() != EntryKind.ADD || lead == null) {
      return null;
    }
    State state;
    switch (entry.getState()) {
      case WAITING:
        state = State.QUEUED;
        break;
      case SENDING:
        state = State.SENDING;
        break;
      case ADDED:
        state = State.ADDED;
        break;
      case REJECTED:
        state = State.REJECTED;
        break;
      case UNKNOWN:
        state = State.UNKNOWN;
        break;
      default:
        return null;
    }
    if (entry.getNextCheckAt() != null) {
      state = State.CHECKING; // unknown, or added without a readable lead id: NLPearl is asked
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> problem : entry.getProblems().entrySet()) {
      ProspectField field = ProspectField.forProblemKey(problem.getKey());
      for (String rule : problem.getValue()) {
        problems.add(field == null ? problem.getKey() + " " + rule : field.name() + ": " + rule);
      }
    }
    String name = lead.getCallData().get("name");
    return new LeadRow(entry.getId(), name == null ? "" : name, lead.getPhoneNumber(), state,
        entry.getLeadId(), entry.getStatusCode(), Collections.unmodifiableList(problems),
        entry.getFailedChecks(), entry.getNextCheckAt());
  }

  /** The outbox entry id, for retry and forget. */
  public String getEntryId() {
    return entryId;
  }

  /** The prospect's name, or empty. */
  public String getName() {
    return name;
  }

  /** The prospect's phone number (E.164). */
  public String getPhoneNumber() {
    return phoneNumber;
  }

  /** Where the add stands. */
  public State getState() {
    return state;
  }

  /** NLPearl's lead id once added, when its answer was readable. */
  public @Nullable String getLeadId() {
    return leadId;
  }

  /** The HTTP status of the last answer, or 0. */
  public int getStatusCode() {
    return statusCode;
  }

  /** How many lookups of a checking row failed (0 while the first one is awaited). */
  public int getFailedChecks() {
    return failedChecks;
  }

  /** When the outbox asks NLPearl next, for a checking row. */
  public @Nullable Instant getNextCheckAt() {
    return nextCheckAt;
  }

  /** What NLPearl refused, one rule per item ("PHONE: ..."), for a rejected row. */
  public List<String> getProblems() {
    return problems;
  }

  /**
   * Whether the rep may send it again on purpose: an unknown add, or one whose lookup failed (NLPearl
   * did not answer it; the rep may know better), after checking the campaign. Not while the first
   * lookup is awaited: it settles on its own. A rejected add would be refused again as it is; the rep
   * captures it again, corrected.
   */
  public boolean canRetry() {
    return state == State.UNKNOWN || (state == State.CHECKING && failedChecks > 0);
  }

  /**
   * Whether the rep may remove it from the phone: a row whose add has finished (added, rejected or
   * unknown); a queued one is sent when possible, one being sent is waited for.
   */
  public boolean canForget() {
    return state != State.SENDING && state != State.QUEUED;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof LeadRow)) {
      return false;
    }
    LeadRow other = (LeadRow) o;
    return entryId.equals(other.entryId) && name.equals(other.name)
        && phoneNumber.equals(other.phoneNumber) && state == other.state
        && Objects.equals(leadId, other.leadId) && statusCode == other.statusCode
        && problems.equals(other.problems) && failedChecks == other.failedChecks
        && Objects.equals(nextCheckAt, other.nextCheckAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entryId, state, leadId);
  }

  /** No phone number or name: they are personal data and may reach logs. */
  @Override
  public String toString() {
    return "LeadRow{" + entryId + ", " + state + (leadId != null ? ", " + leadId : "") + "}";
  }
}
