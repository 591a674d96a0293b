package org.nlpearl4j;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Problems;

/**
 * The fields a {@link NewLead.Builder} and a {@link LeadUpdate.Builder} share (phone number,
 * external id, time zone and call data) as given, before they are checked.
 *
 * <p>Each builder holds one and delegates its setters to it, so that both take the same values
 * the same way and check them by the same rules.
 */
final class LeadFields {
  @Nullable String phoneNumber;
  @Nullable String externalId;
  @Nullable String timeZoneId;
  /** A zone given with {@link #timeZone(ZoneId)} that has no Windows id; reported when checked. */
  @Nullable ZoneId unmappedZone;
  final Map<@Nullable String, @Nullable String> callData = new LinkedHashMap<>();

  /** Copies the fields of a built value back in: they are valid, the phone number in E.164. */
  void copyFrom(@Nullable String phoneNumber, @Nullable String externalId,
      @Nullable String timeZoneId, Map<String, String> callData) {
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.unmappedZone = null;
    this.callData.putAll(callData);
  }

  void phoneNumber(String phoneNumber) {
    this.phoneNumber = Objects.requireNonNull(phoneNumber, "phoneNumber");
  }

  void timeZoneId(@Nullable String timeZoneId) {
    this.timeZoneId = timeZoneId;
    this.unmappedZone = null;
  }

  void timeZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    String windowsId = WindowsTimeZones.windowsIdFor(zone).orElse(null);
    this.timeZoneId = windowsId;
    this.unmappedZone = windowsId == null ? zone : null;
  }

  void callData(String key, @Nullable String value) {
    callData.put(Objects.requireNonNull(key, "key"), value);
  }

  void callData(Map<String, ? extends @Nullable String> callData) {
    Objects.requireNonNull(callData, "callData");
    this.callData.clear();
    this.callData.putAll(callData);
  }

  /** Returns whether none of the fields was given. */
  boolean isEmpty() {
    return phoneNumber == null && externalId == null && timeZoneId == null && unmappedZone == null
        && callData.isEmpty();
  }

  /**
   * Records the broken rules of every field.
   *
   * @param phoneRequired whether a missing phone number is a problem
   * @return the phone number in E.164 form, or null when missing or invalid
   */
  @Nullable String check(Problems problems, boolean phoneRequired) {
    String e164 = problems.phoneNumber(phoneNumber, phoneRequired);
    problems.externalId(externalId);
    problems.timeZoneId(timeZoneId, unmappedZone);
    problems.callData(callData);
    return e164;
  }

  /** Returns the call data once {@link #check} has recorded no problem. */
  Map<String, String> checkedCallData() {
    @SuppressWarnings("unchecked") // checked: no null key or value
    Map<String, String> checked = (Map<String, String>) (Map<?, ?>) callData;
    return checked;
  }
}
