package org.nlpearl4j.sandbox.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A bound, valid Add Lead body (LeadToAddApi). */
public final class AddLeadInput {
  private final String phoneNumber;
  private final @Nullable String externalId;
  private final @Nullable String timeZoneId;
  private final @Nullable Map<String, String> callData;

  AddLeadInput(
      String phoneNumber,
      @Nullable String externalId,
      @Nullable String timeZoneId,
      @Nullable Map<String, String> callData) {
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.callData = callData;
  }

  public String phoneNumber() {
    return phoneNumber;
  }

  public @Nullable String externalId() {
    return externalId;
  }

  public @Nullable String timeZoneId() {
    return timeZoneId;
  }

  public @Nullable Map<String, String> callData() {
    return callData;
  }
}
