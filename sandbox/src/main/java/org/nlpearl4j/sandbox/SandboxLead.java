package org.nlpearl4j.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.CallState;
import org.nlpearl4j.sandbox.internal.LeadState;

/**
 * A snapshot of one stored lead, for tests that assert on the sandbox's state: read-only,
 * produced by {@link NlPearlSandbox#lead(String, String)} and {@link NlPearlSandbox#leads(String)}.
 *
 * <pre>{@code
 * SandboxLead lead = sandbox.lead("my-campaign", leadId).orElseThrow(AssertionError::new);
 * assertEquals("+14155550123", lead.getPhoneNumber());
 * }</pre>
 */
public final class SandboxLead {
  private final LeadState state;
  private final @Nullable SandboxCall lastCall;

  SandboxLead(LeadState state) {
    this.state = state;
    CallState call = state.lastCall();
    this.lastCall = call == null ? null : new SandboxCall(call);
  }

  /** The lead id (24 hex digits). */
  public String getId() {
    return state.id();
  }

  /** The campaign: the outbound id of v1 Add Lead, which is also the pearl id of v2 Update Lead. */
  public String getCampaignId() {
    return state.campaignId();
  }

  /** The phone number. */
  public String getPhoneNumber() {
    return state.phoneNumber();
  }

  /** The external (CRM) id, if one was given. */
  public @Nullable String getExternalId() {
    return state.externalId();
  }

  /** The Windows time zone id given with the lead, if any. */
  public @Nullable String getTimeZoneId() {
    return state.timeZoneId();
  }

  /** The lead status code (1 New, 10 NeedRetry, 20 InCallQueue, 40 OnCall, 70 VoiceMailLeft, 100 Success...). */
  public int getStatus() {
    return state.status();
  }

  /** When the lead was added, by the sandbox's clock. */
  public Instant getCreated() {
    return state.created();
  }

  /** The call data variables. */
  public Map<String, String> getCallData() {
    return state.callData();
  }

  /** Ids of the calls made to this lead, oldest first. */
  public List<String> getCallsId() {
    return state.callsId();
  }

  /** The last call, once the simulation has made one. */
  public @Nullable SandboxCall getLastCall() {
    return lastCall;
  }

  /** What the calls collected, keyed by variable id; null until a call collected something. */
  public @Nullable Map<String, Object> getCollectedData() {
    return state.collectedData();
  }

  /** Equal when every member is equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SandboxLead)) {
      return false;
    }
    SandboxLead that = (SandboxLead) other;
    return getId().equals(that.getId())
        && getCampaignId().equals(that.getCampaignId())
        && getPhoneNumber().equals(that.getPhoneNumber())
        && Objects.equals(getExternalId(), that.getExternalId())
        && Objects.equals(getTimeZoneId(), that.getTimeZoneId())
        && getStatus() == that.getStatus()
        && getCreated().equals(that.getCreated())
        && getCallData().equals(that.getCallData())
        && getCallsId().equals(that.getCallsId())
        && Objects.equals(lastCall, that.lastCall)
        && Objects.equals(getCollectedData(), that.getCollectedData());
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(getId(), getCampaignId(), getStatus(), getPhoneNumber());
  }

  /** Shows the id, campaign, status and external id (the phone number is left out). */
  @Override
  public String toString() {
    return "SandboxLead{id=" + getId() + ", campaign=" + getCampaignId() + ", status=" + getStatus()
        + ", externalId=" + getExternalId() + ", calls=" + getCallsId().size() + "}";
  }
}
