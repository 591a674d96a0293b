package org.nlpearl4j;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;
import org.nlpearl4j.internal.Problems;

/**
 * The changes to make to an existing lead: an immutable, always-valid request value in which every
 * field is optional and only the fields given are changed.
 *
 * <p>{@link Builder#build()} checks every rule (including that something changes at all) and
 * reports all broken ones at once in an {@link InvalidRequestException}. The status is a {@link
 * SettableLeadStatus}, so a status a client may not set does not compile.
 *
 * <pre>{@code
 * LeadUpdate update = LeadUpdate.builder()
 *     .status(SettableLeadStatus.COMPLETED)
 *     .callData("note", "converted in CRM")
 *     .build();
 * }</pre>
 */
public final class LeadUpdate {
  private final @Nullable String phoneNumber;
  private final @Nullable String externalId;
  private final @Nullable String timeZoneId;
  private final Map<String, String> callData;
  private final @Nullable SettableLeadStatus status;

  private LeadUpdate(
      @Nullable String phoneNumber, @Nullable String externalId, @Nullable String timeZoneId,
      Map<String, String> callData, @Nullable SettableLeadStatus status) {
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.callData = Copies.map(callData, "callData");
    this.status = status;
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
   * Returns an update built by a lambda.
   *
   * <pre>{@code LeadUpdate done = LeadUpdate.of(u -> u.status(SettableLeadStatus.COMPLETED));}</pre>
   *
   * @param spec fills in the builder
   * @return the update
   * @throws InvalidRequestException listing every broken rule
   */
  public static LeadUpdate of(Consumer<Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    Builder builder = builder();
    spec.accept(builder);
    return builder.build();
  }

  /**
   * Returns a builder holding this update's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder().status(status);
    builder.fields.copyFrom(phoneNumber, externalId, timeZoneId, callData);
    return builder;
  }

  /**
   * Returns the new phone number in E.164 form.
   *
   * @return e.g. {@code +14155550123}, or null to keep the current one
   */
  public @Nullable String getPhoneNumber() {
    return phoneNumber;
  }

  /**
   * Returns the new external id.
   *
   * @return the external id, or null to keep the current one
   */
  public @Nullable String getExternalId() {
    return externalId;
  }

  /**
   * Returns the new Windows time zone id.
   *
   * @return e.g. {@code Romance Standard Time}, or null to keep the current zone
   */
  public @Nullable String getTimeZoneId() {
    return timeZoneId;
  }

  /**
   * Returns the call data variables to send.
   *
   * @return an unmodifiable, ordered map; empty to keep the current call data
   */
  public Map<String, String> getCallData() {
    return callData;
  }

  /**
   * Returns the new status.
   *
   * @return the status, or null to keep the current one
   */
  public @Nullable SettableLeadStatus getStatus() {
    return status;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LeadUpdate)) {
      return false;
    }
    LeadUpdate that = (LeadUpdate) o;
    return Objects.equals(phoneNumber, that.phoneNumber)
        && Objects.equals(externalId, that.externalId)
        && Objects.equals(timeZoneId, that.timeZoneId)
        && callData.equals(that.callData)
        && status == that.status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(phoneNumber, externalId, timeZoneId, callData, status);
  }

  @Override
  public String toString() {
    return "LeadUpdate{phoneNumber=" + phoneNumber + ", externalId=" + externalId
        + ", timeZoneId=" + timeZoneId + ", callData=" + callData + ", status=" + status + "}";
  }

  /**
   * Builds a {@link LeadUpdate}; at least one field must be given.
   *
   * <p>Setters never throw for bad values (only for null where null makes no sense); {@link
   * #build()} reports every problem at once.
   */
  public static final class Builder {
    private final LeadFields fields = new LeadFields();
    private @Nullable SettableLeadStatus status;

    private Builder() {}

    /**
     * Sets the new phone number; spaces, dashes, dots and parentheses are stripped.
     *
     * @param phoneNumber an international number, e.g. {@code +33 1 23 45 67 89}
     * @return this builder
     */
    public Builder phoneNumber(String phoneNumber) {
      fields.phoneNumber(phoneNumber);
      return this;
    }

    /**
     * Sets the new external id.
     *
     * @param externalId not blank, or null to keep the current one
     * @return this builder
     */
    public Builder externalId(@Nullable String externalId) {
      fields.externalId = externalId;
      return this;
    }

    /**
     * Sets the new time zone as a Windows time zone id.
     *
     * @param timeZoneId e.g. {@code Pacific Standard Time}, or null to keep the current zone
     * @return this builder
     */
    public Builder timeZoneId(@Nullable String timeZoneId) {
      fields.timeZoneId(timeZoneId);
      return this;
    }

    /**
     * Sets the new time zone from a Java zone, mapped to its Windows id.
     *
     * @param zone a zone with a Windows equivalent (a zone without one is reported by {@link
     *     #build()})
     * @return this builder
     */
    public Builder timeZone(ZoneId zone) {
      fields.timeZone(zone);
      return this;
    }

    /**
     * Adds (or replaces) one call data variable to send.
     *
     * @param key the variable id, not blank
     * @param value its value; null is reported by {@link #build()}
     * @return this builder
     */
    public Builder callData(String key, @Nullable String value) {
      fields.callData(key, value);
      return this;
    }

    /**
     * Replaces all call data variables to send.
     *
     * @param callData variable id to value; blank keys and null values are reported by {@link
     *     #build()}
     * @return this builder
     */
    public Builder callData(Map<String, ? extends @Nullable String> callData) {
      fields.callData(callData);
      return this;
    }

    /**
     * Sets the new status.
     *
     * @param status one of the statuses a client may set, or null to keep the current one
     * @return this builder
     */
    public Builder status(@Nullable SettableLeadStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Builds the update after checking every rule.
     *
     * @return the valid update, phone number (if any) in E.164 form
     * @throws InvalidRequestException listing every broken rule by JSON field name
     */
    public LeadUpdate build() {
      Problems problems = new Problems();
      LeadUpdate update = check(problems);
      problems.throwIfAny("updateLead");
      return Objects.requireNonNull(update);
    }

    /** Records the problems; returns the update when there are none. */
    @Nullable LeadUpdate check(Problems problems) {
      if (fields.isEmpty() && status == null) {
        problems.add(Problems.BODY, Problems.UPDATE_NOT_EMPTY);
        return null;
      }
      String e164 = fields.check(problems, false);
      if (!problems.isEmpty()) {
        return null;
      }
      return new LeadUpdate(e164, fields.externalId, fields.timeZoneId, fields.checkedCallData(),
          status);
    }
  }
}
