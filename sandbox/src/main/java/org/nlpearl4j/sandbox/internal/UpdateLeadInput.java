package org.nlpearl4j.sandbox.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A bound, valid Update Lead body (LeadToUpdateApi): null members were absent or null and change nothing. */
public final class UpdateLeadInput {
  private final @Nullable String phoneNumber;
  private final @Nullable String externalId;
  private final @Nullable String timeZoneId;
  private final @Nullable Map<String, String> callData;
  private final @Nullable Integer status;

  UpdateLeadInput(
      @Nullable String phoneNumber,
      @Nullable String externalId,
      @Nullable String timeZoneId,
      @Nullable Map<String, String> callData,
      @Nullable Integer status) {
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.callData = callData;
    this.status = status;
  }

  public @Nullable String phoneNumber() {
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

  public @Nullable Integer status() {
    return status;
  }
}
