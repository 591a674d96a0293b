package org.nlpearl4j;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Copies;
import org.nlpearl4j.internal.Problems;

/**
 * A lead to add to an outbound campaign: an immutable, always-valid request value.
 *
 * <p>{@link Builder#build()} checks every rule and reports all broken ones at once in an {@link
 * InvalidRequestException}; a built {@code NewLead} is therefore valid, and its phone number is
 * already in E.164 form. {@link OutboundCampaign#addLead(Consumer)} runs the same checks when the
 * returned {@code Single} is subscribed, and reports them through it.
 *
 * <pre>{@code
 * NewLead lead = NewLead.builder()
 *     .phoneNumber("+1 (415) 555-0123")          // stored and sent as +14155550123
 *     .externalId("crm-42")
 *     .timeZone(ZoneId.of("America/Los_Angeles")) // sent as "Pacific Standard Time"
 *     .callData("email", "joe@example.com")
 *     .build();
 * }</pre>
 */
public final class NewLead {
  private final String phoneNumber;
  private final @Nullable String externalId;
  private final @Nullable String timeZoneId;
  private final Map<String, String> callData;

  private NewLead(
      String phoneNumber, @Nullable String externalId, @Nullable String timeZoneId,
      Map<String, String> callData) {
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.callData = Copies.map(callData, "callData");
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
   * Returns a lead built by a lambda.
   *
   * <pre>{@code NewLead lead = NewLead.of(l -> l.phoneNumber("+14155550123").externalId("crm-42"));}</pre>
   *
   * @param spec fills in the builder
   * @return the lead
   * @throws InvalidRequestException listing every broken rule
   */
  public static NewLead of(Consumer<Builder> spec) {
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
    Builder builder = new Builder();
    builder.fields.copyFrom(phoneNumber, externalId, timeZoneId, callData);
    return builder;
  }

  /**
   * Returns the phone number in E.164 form, as it is sent.
   *
   * @return e.g. {@code +14155550123}
   */
  public String getPhoneNumber() {
    return phoneNumber;
  }

  /**
   * Returns the lead's id in an external system such as a CRM.
   *
   * @return the external id, or null when not given
   */
  public @Nullable String getExternalId() {
    return externalId;
  }

  /**
   * Returns the Windows time zone id that overrides the campaign's time zone for this lead.
   *
   * @return e.g. {@code Romance Standard Time}, or null to use the campaign's zone
   */
  public @Nullable String getTimeZoneId() {
    return timeZoneId;
  }

  /**
   * Returns the variables the Pearl can use in its opening sentence and flow script.
   *
   * @return an unmodifiable, ordered map; empty when none were given
   */
  public Map<String, String> getCallData() {
    return callData;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NewLead)) {
      return false;
    }
    NewLead that = (NewLead) o;
    return phoneNumber.equals(that.phoneNumber)
        && Objects.equals(externalId, that.externalId)
        && Objects.equals(timeZoneId, that.timeZoneId)
        && callData.equals(that.callData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phoneNumber, externalId, timeZoneId, callData);
  }

  @Override
  public String toString() {
    return "NewLead{phoneNumber=" + phoneNumber + ", externalId=" + externalId + ", timeZoneId="
        + timeZoneId + ", callData=" + callData + "}";
  }

  /**
   * Builds a {@link NewLead}; only the phone number is required.
   *
   * <p>Setters never throw for bad values (only for null where null makes no sense); {@link
   * #build()} reports every problem at once.
   */
  public static final class Builder {
    private final LeadFields fields = new LeadFields();

    private Builder() {}

    /**
     * Sets the phone number (required); spaces, dashes, dots and parentheses are stripped.
     *
     * @param phoneNumber an international number, e.g. {@code +1 415-555-0123}
     * @return this builder
     */
    public Builder phoneNumber(String phoneNumber) {
      fields.phoneNumber(phoneNumber);
      return this;
    }

    /**
     * Sets the lead's id in an external system such as a CRM.
     *
     * @param externalId not blank, or null to leave it out
     * @return this builder
     */
    public Builder externalId(@Nullable String externalId) {
      fields.externalId = externalId;
      return this;
    }

    /**
     * Sets the lead's time zone as a Windows time zone id.
     *
     * @param timeZoneId e.g. {@code Pacific Standard Time}, or null for the campaign's zone
     * @return this builder
     */
    public Builder timeZoneId(@Nullable String timeZoneId) {
      fields.timeZoneId(timeZoneId);
      return this;
    }

    /**
     * Sets the lead's time zone from a Java zone, mapped to its Windows id.
     *
     * <pre>{@code builder.timeZone(ZoneId.of("Europe/Paris")); // "Romance Standard Time"}</pre>
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
     * Adds (or replaces) one call data variable.
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
     * Replaces all call data variables.
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
     * Builds the lead after checking every rule.
     *
     * @return the valid lead, phone number in E.164 form
     * @throws InvalidRequestException listing every broken rule by JSON field name
     */
    public NewLead build() {
      Problems problems = new Problems();
      NewLead lead = check(problems);
      problems.throwIfAny("addLead");
      return Objects.requireNonNull(lead);
    }

    /** Records the problems; returns the lead when there are none. */
    @Nullable NewLead check(Problems problems) {
      String e164 = fields.check(problems, true);
      if (!problems.isEmpty() || e164 == null) {
        return null;
      }
      return new NewLead(e164, fields.externalId, fields.timeZoneId, fields.checkedCallData());
    }
  }
}
