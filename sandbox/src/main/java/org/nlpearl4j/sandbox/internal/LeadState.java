package org.nlpearl4j.sandbox.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One stored lead: immutable, replaced as a whole on every change so readers never see half an update. */
public final class LeadState {
  private final String id;
  private final String campaignId;
  private final long sequence;
  private final String phoneNumber;
  private final @Nullable String externalId;
  private final @Nullable String timeZoneId;
  private final int status;
  private final Instant created;
  private final Map<String, String> callData;
  private final List<String> callsId;
  private final @Nullable CallState lastCall;
  private final @Nullable Map<String, Object> collectedData;
  /** Bumped whenever a client changes the status, so pending simulation steps for the old state are dropped. */
  private final int generation;

  LeadState(
      String id,
      String campaignId,
      long sequence,
      String phoneNumber,
      @Nullable String externalId,
      @Nullable String timeZoneId,
      int status,
      Instant created,
      Map<String, String> callData,
      List<String> callsId,
      @Nullable CallState lastCall,
      @Nullable Map<String, Object> collectedData,
      int generation) {
    this.id = id;
    this.campaignId = campaignId;
    this.sequence = sequence;
    this.phoneNumber = phoneNumber;
    this.externalId = externalId;
    this.timeZoneId = timeZoneId;
    this.status = status;
    this.created = created;
    this.callData = Collections.unmodifiableMap(new LinkedHashMap<>(callData));
    this.callsId = Collections.unmodifiableList(new ArrayList<>(callsId));
    this.lastCall = lastCall;
    this.collectedData =
        collectedData == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(collectedData));
    this.generation = generation;
  }

  /** A freshly added lead in status New. */
  static LeadState added(String id, String campaignId, long sequence, AddLeadInput input, Instant created) {
    return new LeadState(
        id,
        campaignId,
        sequence,
        input.phoneNumber(),
        input.externalId(),
        input.timeZoneId(),
        LeadStatuses.NEW,
        created,
        input.callData() == null ? Collections.<String, String>emptyMap() : input.callData(),
        Collections.<String>emptyList(),
        null,
        null,
        0);
  }

  /** Applies only the fields an Update Lead request carried. */
  LeadState updated(UpdateLeadInput input) {
    Integer newStatus = input.status();
    return new LeadState(
        id,
        campaignId,
        sequence,
        input.phoneNumber() != null ? input.phoneNumber() : phoneNumber,
        input.externalId() != null ? input.externalId() : externalId,
        input.timeZoneId() != null ? input.timeZoneId() : timeZoneId,
        newStatus != null ? newStatus : status,
        created,
        input.callData() != null ? input.callData() : callData,
        callsId,
        lastCall,
        collectedData,
        newStatus != null ? generation + 1 : generation);
  }

  /** The lead moved on in a simulated call. */
  LeadState simulated(int newStatus, @Nullable CallState call, @Nullable Map<String, Object> collected) {
    List<String> ids = new ArrayList<>(callsId);
    if (call != null && !ids.contains(call.id())) {
      ids.add(call.id());
    }
    return new LeadState(
        id,
        campaignId,
        sequence,
        phoneNumber,
        externalId,
        timeZoneId,
        newStatus,
        created,
        callData,
        ids,
        call != null ? call : lastCall,
        collected != null ? collected : collectedData,
        generation);
  }

  public String id() {
    return id;
  }

  public String campaignId() {
    return campaignId;
  }

  public long sequence() {
    return sequence;
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

  public int status() {
    return status;
  }

  public Instant created() {
    return created;
  }

  public Map<String, String> callData() {
    return callData;
  }

  public List<String> callsId() {
    return callsId;
  }

  public @Nullable CallState lastCall() {
    return lastCall;
  }

  public @Nullable Map<String, Object> collectedData() {
    return collectedData;
  }

  public int generation() {
    return generation;
  }
}
