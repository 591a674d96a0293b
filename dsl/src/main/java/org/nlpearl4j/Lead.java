package org.nlpearl4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;

/**
 * A lead of an outbound campaign as NLPearl reports it: who it is, where it stands, and its last
 * call.
 *
 * <pre>{@code
 * Lead lead = client.pearl(pearlId).updateLead(leadId, u -> u.status(SettableLeadStatus.COMPLETED))
 *     .blockingGet(); // in a test or a command-line tool; subscribe in an app
 * System.out.println(lead.getStatus() + " " + lead.getPhoneNumber());
 * }</pre>
 */
public final class Lead {
  private final @Nullable String id;
  private final @Nullable String externalId;
  private final @Nullable String phoneNumber;
  private final @Nullable String timeZone;
  private final int statusCode;
  private final @Nullable Instant created;
  private final List<String> callIds;
  private final @Nullable LastCall lastCall;
  private final Map<String, String> callData;
  private final Map<String, @Nullable Object> collectedData;

  private Lead(Builder builder) {
    this.id = builder.id;
    this.externalId = builder.externalId;
    this.phoneNumber = builder.phoneNumber;
    this.timeZone = builder.timeZone;
    this.statusCode = builder.statusCode;
    this.created = builder.created;
    this.callIds = Copies.list(builder.callIds, "callIds");
    this.lastCall = builder.lastCall;
    this.callData = Copies.map(builder.callData, "callData");
    this.collectedData = Copies.jsonMap(builder.collectedData, "collectedData");
  }

  /**
   * Returns a new, empty builder (useful for test doubles).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a lead built by a lambda.
   *
   * <pre>{@code Lead fake = Lead.of(l -> l.id("lead-1").status(LeadStatus.NEW));}</pre>
   *
   * @param spec fills in the builder
   * @return the lead
   */
  public static Lead of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this lead's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().id(id).externalId(externalId).phoneNumber(phoneNumber).timeZone(timeZone)
        .statusCode(statusCode).created(created).callIds(callIds).lastCall(lastCall)
        .callData(callData).collectedData(collectedData);
  }

  /**
   * Returns the lead's id.
   *
   * @return the id, or null when the server sent none
   */
  public @Nullable String getId() {
    return id;
  }

  /**
   * Returns the lead's id in an external system such as a CRM.
   *
   * @return the external id, or null
   */
  public @Nullable String getExternalId() {
    return externalId;
  }

  /**
   * Returns the lead's phone number.
   *
   * @return the number, or null
   */
  public @Nullable String getPhoneNumber() {
    return phoneNumber;
  }

  /**
   * Returns the lead's time zone as NLPearl reports it (documented as an offset such as {@code
   * -5.0}).
   *
   * @return the time zone text, or null
   */
  public @Nullable String getTimeZone() {
    return timeZone;
  }

  /**
   * Returns the lead's status: the outcome of its last conversation.
   *
   * @return the status; {@link LeadStatus#UNKNOWN} for a code this SDK does not know
   */
  public LeadStatus getStatus() {
    return LeadStatus.fromCode(statusCode);
  }

  /**
   * Returns the raw status code as NLPearl sent it.
   *
   * @return e.g. 130 for completed; 0 when the server sent none
   */
  public int getStatusCode() {
    return statusCode;
  }

  /**
   * Returns when the lead was created.
   *
   * @return the instant, or null when unknown
   */
  public @Nullable Instant getCreated() {
    return created;
  }

  /**
   * Returns the ids of all calls made to this lead (JSON {@code callsId}).
   *
   * @return the call ids; empty when none
   */
  public List<String> getCallIds() {
    return callIds;
  }

  /**
   * Returns the last call made to this lead.
   *
   * @return the call, or null when the lead has not been called
   */
  public @Nullable LastCall getLastCall() {
    return lastCall;
  }

  /**
   * Returns the variables given to the Pearl for this lead.
   *
   * @return an unmodifiable, ordered map; empty when none
   */
  public Map<String, String> getCallData() {
    return callData;
  }

  /**
   * Returns what the Pearl collected about this lead, by variable id, as decoded from JSON.
   *
   * @return an unmodifiable, ordered map (values may be null); empty when none
   */
  public Map<String, @Nullable Object> getCollectedData() {
    return collectedData;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Lead)) {
      return false;
    }
    Lead that = (Lead) o;
    return statusCode == that.statusCode
        && Objects.equals(id, that.id)
        && Objects.equals(externalId, that.externalId)
        && Objects.equals(phoneNumber, that.phoneNumber)
        && Objects.equals(timeZone, that.timeZone)
        && Objects.equals(created, that.created)
        && callIds.equals(that.callIds)
        && Objects.equals(lastCall, that.lastCall)
        && callData.equals(that.callData)
        && collectedData.equals(that.collectedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, externalId, phoneNumber, timeZone, statusCode, created, callIds,
        lastCall, callData, collectedData);
  }

  @Override
  public String toString() {
    return "Lead{id=" + id + ", externalId=" + externalId + ", phoneNumber=" + phoneNumber
        + ", timeZone=" + timeZone + ", status=" + getStatus() + "(" + statusCode + "), created="
        + created + ", callIds=" + callIds + ", lastCall=" + lastCall + ", callData=" + callData
        + ", collectedData=" + collectedData + "}";
  }

  /** Builds a {@link Lead}; every field is optional. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String externalId;
    private @Nullable String phoneNumber;
    private @Nullable String timeZone;
    private int statusCode;
    private @Nullable Instant created;
    private final List<String> callIds = new ArrayList<>();
    private @Nullable LastCall lastCall;
    private final Map<String, String> callData = new LinkedHashMap<>();
    private final Map<String, @Nullable Object> collectedData = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the lead id.
     *
     * @param id the id, or null
     * @return this builder
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the external id.
     *
     * @param externalId the external id, or null
     * @return this builder
     */
    public Builder externalId(@Nullable String externalId) {
      this.externalId = externalId;
      return this;
    }

    /**
     * Sets the phone number.
     *
     * @param phoneNumber the number, or null
     * @return this builder
     */
    public Builder phoneNumber(@Nullable String phoneNumber) {
      this.phoneNumber = phoneNumber;
      return this;
    }

    /**
     * Sets the time zone text.
     *
     * @param timeZone the time zone, or null
     * @return this builder
     */
    public Builder timeZone(@Nullable String timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * Sets the status.
     *
     * @param status the status (sets the status code to {@code status.code()})
     * @return this builder
     */
    public Builder status(LeadStatus status) {
      this.statusCode = Objects.requireNonNull(status, "status").code();
      return this;
    }

    /**
     * Sets the raw status code.
     *
     * @param statusCode the code as NLPearl sends it
     * @return this builder
     */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /**
     * Sets when the lead was created.
     *
     * @param created the instant, or null
     * @return this builder
     */
    public Builder created(@Nullable Instant created) {
      this.created = created;
      return this;
    }

    /**
     * Replaces the call ids.
     *
     * @param callIds the ids of the lead's calls
     * @return this builder
     */
    public Builder callIds(Collection<String> callIds) {
      Objects.requireNonNull(callIds, "callIds");
      this.callIds.clear();
      this.callIds.addAll(callIds);
      return this;
    }

    /**
     * Sets the last call.
     *
     * @param lastCall the call, or null
     * @return this builder
     */
    public Builder lastCall(@Nullable LastCall lastCall) {
      this.lastCall = lastCall;
      return this;
    }

    /**
     * Sets the last call, built by a lambda.
     *
     * @param spec fills in the call's builder
     * @return this builder
     */
    public Builder lastCall(Consumer<LastCall.Builder> spec) {
      this.lastCall = LastCall.of(spec);
      return this;
    }

    /**
     * Adds (or replaces) one call data variable.
     *
     * @param key the variable id
     * @param value its value
     * @return this builder
     */
    public Builder callData(String key, String value) {
      callData.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the call data.
     *
     * @param callData variable id to value
     * @return this builder
     */
    public Builder callData(Map<String, String> callData) {
      Map<String, String> copy = Copies.map(Objects.requireNonNull(callData, "callData"),
          "callData");
      this.callData.clear();
      this.callData.putAll(copy);
      return this;
    }

    /**
     * Replaces the collected data.
     *
     * @param collectedData variable id to JSON value (values may be null)
     * @return this builder
     */
    public Builder collectedData(Map<String, ? extends @Nullable Object> collectedData) {
      Map<String, @Nullable Object> copy = Copies.jsonMap(
          Objects.requireNonNull(collectedData, "collectedData"), "collectedData");
      this.collectedData.clear();
      this.collectedData.putAll(copy);
      return this;
    }

    /**
     * Builds the immutable lead.
     *
     * @return the lead
     */
    public Lead build() {
      return new Lead(this);
    }
  }
}
