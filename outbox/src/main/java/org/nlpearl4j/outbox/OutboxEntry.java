package org.nlpearl4j.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearlException;

/**
 * One lead add or update in the outbox, as it stands: an immutable snapshot.
 *
 * <p>The outbox creates entries; the builder exists so that screens and tests can show every
 * state without a server:
 *
 * <pre>{@code
 * OutboxEntry unknown = OutboxEntry.of(e -> e
 *     .id("entry-1").kind(EntryKind.ADD).state(EntryState.UNKNOWN).campaignId("outbound-1")
 *     .lead(NewLead.of(l -> l.phoneNumber("+14155550123")))
 *     .message("HTTP 502: NLPearl may have added it"));
 * }</pre>
 */
public final class OutboxEntry {
  private final String id;
  private final EntryKind kind;
  private final EntryState state;
  private final String campaignId;
  private final @Nullable NewLead lead;
  private final @Nullable LeadUpdate update;
  private final @Nullable String leadId;
  private final @Nullable String afterEntryId;
  private final @Nullable String message;
  private final int statusCode;
  private final @Nullable FailureReason reason;
  private final Map<String, List<String>> problems;
  private final Instant created;
  private final Instant changed;
  private final @Nullable Instant uncertainSince;
  private final int failedChecks;
  private final @Nullable Instant nextCheckAt;

  private OutboxEntry(Builder b) {
    this.id = require(b.id, "id");
    this.kind = require(b.kind, "kind");
    this.state = require(b.state, "state");
    this.campaignId = require(b.campaignId, "campaignId");
    this.lead = b.lead;
    this.update = b.update;
    if (kind == EntryKind.ADD && lead == null) {
      throw new IllegalStateException("an ADD entry needs a lead");
    }
    if (kind == EntryKind.UPDATE && update == null) {
      throw new IllegalStateException("an UPDATE entry needs an update");
    }
    if (kind == EntryKind.UPDATE && b.leadId == null && b.afterEntryId == null) {
      throw new IllegalStateException("an UPDATE entry needs a leadId or an afterEntryId");
    }
    this.leadId = b.leadId;
    this.afterEntryId = b.afterEntryId;
    this.message = b.message;
    this.statusCode = b.statusCode;
    this.reason = b.reason;
    this.problems = copyProblems(b.problems);
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    this.created = b.created != null ? b.created : now;
    this.changed = b.changed != null ? b.changed : this.created;
    if (b.failedChecks < 0) {
      throw new IllegalStateException("failedChecks must not be negative");
    }
    this.uncertainSince = b.uncertainSince;
    this.failedChecks = b.failedChecks;
    this.nextCheckAt = b.nextCheckAt;
  }

  private static <T> T require(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  private static Map<String, List<String>> copyProblems(Map<String, List<String>> problems) {
    if (problems.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : problems.entrySet()) {
      copy.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(e.getValue())));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a new, empty builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns an entry built by a lambda.
   *
   * @param spec fills in the builder
   * @return the entry
   */
  public static OutboxEntry of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this entry's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.kind = kind;
    b.state = state;
    b.campaignId = campaignId;
    b.lead = lead;
    b.update = update;
    b.leadId = leadId;
    b.afterEntryId = afterEntryId;
    b.message = message;
    b.statusCode = statusCode;
    b.reason = reason;
    b.problems = new LinkedHashMap<>(problems);
    b.created = created;
    b.changed = changed;
    b.uncertainSince = uncertainSince;
    b.failedChecks = failedChecks;
    b.nextCheckAt = nextCheckAt;
    return b;
  }

  /**
   * Returns the entry's id, given by {@link LeadOutbox#add} or {@link LeadOutbox#update}.
   *
   * @return the id, {@code entry-} and a random UUID
   */
  public String getId() {
    return id;
  }

  /**
   * Returns whether this entry adds or updates a lead.
   *
   * @return the kind
   */
  public EntryKind getKind() {
    return kind;
  }

  /**
   * Returns where the entry stands.
   *
   * @return the state
   */
  public EntryState getState() {
    return state;
  }

  /**
   * Returns the campaign: the outbound id of an add, the pearl id of an update (NLPearl uses both
   * names for the same campaign).
   *
   * @return the campaign id
   */
  public String getCampaignId() {
    return campaignId;
  }

  /**
   * Returns the lead to add.
   *
   * @return the lead of an {@link EntryKind#ADD} entry, null for an update
   */
  public @Nullable NewLead getLead() {
    return lead;
  }

  /**
   * Returns the update to send.
   *
   * @return the update of an {@link EntryKind#UPDATE} entry, null for an add
   */
  public @Nullable LeadUpdate getUpdate() {
    return update;
  }

  /**
   * Returns the lead id: for an add, the id NLPearl returned; for an update, the lead it changes.
   *
   * @return the id, or null for an add not added yet (or added without a readable id) and for an
   *     update still waiting for the add it was queued behind
   */
  public @Nullable String getLeadId() {
    return leadId;
  }

  /**
   * Returns the add entry this update was queued behind.
   *
   * @return the add's entry id, or null when the update was given a lead id
   */
  public @Nullable String getAfterEntryId() {
    return afterEntryId;
  }

  /**
   * Returns what happened, in words: why the entry is rejected or unknown, or why it waits.
   *
   * @return the message, or null
   */
  public @Nullable String getMessage() {
    return message;
  }

  /**
   * Returns the HTTP status of the last answer that was not a success.
   *
   * @return the status, or 0 when there was none
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns why the last attempt failed, as the SDK's {@link NlPearlException#getReason()} says
   * (e.g. {@link FailureReason#SERVER_ERROR} for an entry left {@link EntryState#UNKNOWN} by a 502);
   * the outbox does not sort failures itself.
   *
   * <pre>{@code
   * if (entry.getReason() == FailureReason.RATE_LIMITED) { banner.show("NLPearl is busy"); }
   * }</pre>
   *
   * @return the reason of the last failure, or null when no attempt has failed
   */
  public @Nullable FailureReason getReason() {
    return reason;
  }

  /**
   * Returns the problems NLPearl (or the SDK's validation) named, by field.
   *
   * @return an unmodifiable map, empty when none were named
   */
  public Map<String, List<String>> getProblems() {
    return problems;
  }

  /**
   * Returns when the entry was put in the outbox.
   *
   * @return the instant
   */
  public Instant getCreated() {
    return created;
  }

  /**
   * Returns when the entry last changed state.
   *
   * @return the instant
   */
  public Instant getChanged() {
    return changed;
  }

  /**
   * Returns when the add's outcome became uncertain (the attempt that may have stored the lead
   * ended, or the outbox found it interrupted): the settle time of the resolution counts from here.
   *
   * @return the instant, or null when the outcome is not uncertain (or the entry was written by a
   *     version that did not keep it; {@link #getChanged()} stands in)
   */
  public @Nullable Instant getUncertainSince() {
    return uncertainSince;
  }

  /**
   * Returns how many lookups of this uncertain add failed (each pushes {@link #getNextCheckAt()}
   * further out, see {@link org.nlpearl4j.LeadResolver#nextCheckAt}).
   *
   * @return the count, 0 before the first failed lookup
   */
  public int getFailedChecks() {
    return failedChecks;
  }

  /**
   * Returns when the outbox looks this uncertain add up by its external id next (a {@link
   * LeadOutbox#drain()} running then, or started later, makes the lookup).
   *
   * <pre>{@code
   * if (entry.getNextCheckAt() != null) row.setText("Checking NLPearl…");
   * }</pre>
   *
   * @return the instant, or null when no lookup is planned (the outcome is known, the lead has no
   *     external id, or the outbox was not given the campaign's Pearl id)
   */
  public @Nullable Instant getNextCheckAt() {
    return nextCheckAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutboxEntry)) {
      return false;
    }
    OutboxEntry that = (OutboxEntry) o;
    return statusCode == that.statusCode
        && reason == that.reason
        && id.equals(that.id)
        && kind == that.kind
        && state == that.state
        && campaignId.equals(that.campaignId)
        && Objects.equals(lead, that.lead)
        && Objects.equals(update, that.update)
        && Objects.equals(leadId, that.leadId)
        && Objects.equals(afterEntryId, that.afterEntryId)
        && Objects.equals(message, that.message)
        && problems.equals(that.problems)
        && created.equals(that.created)
        && changed.equals(that.changed)
        && failedChecks == that.failedChecks
        && Objects.equals(uncertainSince, that.uncertainSince)
        && Objects.equals(nextCheckAt, that.nextCheckAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, state, campaignId, leadId, afterEntryId, created, changed);
  }

  /** Names the entry without its personal data (no phone number, no call data). */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("OutboxEntry{").append(id).append(' ').append(kind)
        .append(' ').append(state).append(" campaign=").append(campaignId);
    if (leadId != null) {
      s.append(" leadId=").append(leadId);
    }
    if (afterEntryId != null) {
      s.append(" after=").append(afterEntryId);
    }
    if (statusCode != 0) {
      s.append(" status=").append(statusCode);
    }
    if (reason != null) {
      s.append(" reason=").append(reason.getCode());
    }
    if (nextCheckAt != null) {
      s.append(" nextCheckAt=").append(nextCheckAt);
    }
    return s.append('}').toString();
  }

  /** Builds an {@link OutboxEntry}. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable EntryKind kind;
    private @Nullable EntryState state;
    private @Nullable String campaignId;
    private @Nullable NewLead lead;
    private @Nullable LeadUpdate update;
    private @Nullable String leadId;
    private @Nullable String afterEntryId;
    private @Nullable String message;
    private int statusCode;
    private @Nullable FailureReason reason;
    private Map<String, List<String>> problems = new LinkedHashMap<>();
    private @Nullable Instant created;
    private @Nullable Instant changed;
    private @Nullable Instant uncertainSince;
    private int failedChecks;
    private @Nullable Instant nextCheckAt;

    private Builder() {
    }

    /**
     * Sets the entry id.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the kind.
     *
     * @param kind add or update
     * @return this builder
     */
    public Builder kind(EntryKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the state.
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(EntryState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * Sets the campaign (outbound id or pearl id).
     *
     * @param campaignId the campaign id
     * @return this builder
     */
    public Builder campaignId(String campaignId) {
      this.campaignId = Objects.requireNonNull(campaignId, "campaignId");
      return this;
    }

    /**
     * Sets the lead to add.
     *
     * @param lead the lead, or null
     * @return this builder
     */
    public Builder lead(@Nullable NewLead lead) {
      this.lead = lead;
      return this;
    }

    /**
     * Sets the update to send.
     *
     * @param update the update, or null
     * @return this builder
     */
    public Builder update(@Nullable LeadUpdate update) {
      this.update = update;
      return this;
    }

    /**
     * Sets the lead id.
     *
     * @param leadId the id, or null
     * @return this builder
     */
    public Builder leadId(@Nullable String leadId) {
      this.leadId = leadId;
      return this;
    }

    /**
     * Sets the add entry an update waits for.
     *
     * @param afterEntryId the add's entry id, or null
     * @return this builder
     */
    public Builder afterEntryId(@Nullable String afterEntryId) {
      this.afterEntryId = afterEntryId;
      return this;
    }

    /**
     * Sets the message.
     *
     * @param message the message, or null
     * @return this builder
     */
    public Builder message(@Nullable String message) {
      this.message = message;
      return this;
    }

    /**
     * Sets the HTTP status of the last failed answer.
     *
     * @param statusCode the status, or 0
     * @return this builder
     */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /**
     * Sets why the last attempt failed.
     *
     * @param reason the SDK's reason, or null when no attempt has failed
     * @return this builder
     */
    public Builder reason(@Nullable FailureReason reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Replaces the problems.
     *
     * @param problems field name to messages
     * @return this builder
     */
    public Builder problems(Map<String, ? extends List<String>> problems) {
      this.problems = new LinkedHashMap<>(problems);
      return this;
    }

    /**
     * Sets when the entry was created.
     *
     * @param created the instant
     * @return this builder
     */
    public Builder created(Instant created) {
      this.created = Objects.requireNonNull(created, "created");
      return this;
    }

    /**
     * Sets when the entry last changed.
     *
     * @param changed the instant
     * @return this builder
     */
    public Builder changed(Instant changed) {
      this.changed = Objects.requireNonNull(changed, "changed");
      return this;
    }

    /**
     * Sets when the add's outcome became uncertain.
     *
     * @param uncertainSince the instant, or null
     * @return this builder
     */
    public Builder uncertainSince(@Nullable Instant uncertainSince) {
      this.uncertainSince = uncertainSince;
      return this;
    }

    /**
     * Sets how many lookups of this uncertain add failed.
     *
     * @param failedChecks the count, not negative
     * @return this builder
     */
    public Builder failedChecks(int failedChecks) {
      this.failedChecks = failedChecks;
      return this;
    }

    /**
     * Sets when the outbox looks this uncertain add up next.
     *
     * @param nextCheckAt the instant, or null for no planned lookup
     * @return this builder
     */
    public Builder nextCheckAt(@Nullable Instant nextCheckAt) {
      this.nextCheckAt = nextCheckAt;
      return this;
    }

    /**
     * Builds the entry.
     *
     * @return the entry
     * @throws IllegalStateException when id, kind, state or campaign is missing, or the lead or
     *     update does not match the kind
     */
    public OutboxEntry build() {
      return new OutboxEntry(this);
    }
  }
}
