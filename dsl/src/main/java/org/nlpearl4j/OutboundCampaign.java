package org.nlpearl4j;

import io.reactivex.rxjava3.core.Single;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Engine;
import org.nlpearl4j.internal.Problems;
import org.nlpearl4j.internal.SpecOperation;

/**
 * One outbound campaign of an {@link NlPearl} client, identified by its <em>outbound id</em>; adds
 * leads to it.
 *
 * <pre>{@code
 * OutboundCampaign campaign = client.outbound(outboundId);
 * Single<String> leadId = campaign.addLead(lead -> lead
 *     .phoneNumber("+14155550123")
 *     .externalId("crm-42")
 *     .timeZone(ZoneId.of("America/Los_Angeles"))
 *     .callData("email", "joe@example.com"));
 * }</pre>
 */
public final class OutboundCampaign {
  private final NlPearl client;
  private final String outboundId;

  OutboundCampaign(NlPearl client, String outboundId) {
    this.client = client;
    this.outboundId = outboundId;
  }

  /**
   * Returns the outbound id this handle stands for.
   *
   * @return the outbound id
   */
  public String getOutboundId() {
    return outboundId;
  }

  /**
   * Adds a lead to this campaign ({@code PUT /v1/Outbound/{outboundId}/Lead}).
   *
   * <p>Cold: nothing is sent before subscription, each subscription sends once (plus retries), and
   * disposing cancels the HTTP call. Retried only when NLPearl cannot have acted on the request
   * (it was never sent, or the answer was 429), so a retry cannot create a duplicate lead. When it
   * fails, {@link NlPearlException#getDelivery()} tells whether the lead may exist anyway.
   *
   * @param lead the lead
   * @return a Single of the new lead's id; fails with an {@link NlPearlException} subtype, e.g.
   *     {@link InvalidRequestException} for an implausible outbound id (before sending), or {@link
   *     UnexpectedResponseException} with {@link Delivery#ACCEPTED} when NLPearl answered 2xx
   *     without a plausible lead id (the lead exists, its id is unknown)
   */
  @SpecOperation("addLead")
  public Single<String> addLead(NewLead lead) {
    Objects.requireNonNull(lead, "lead");
    return Single.defer(() -> {
      Problems problems = new Problems();
      problems.checkId("outboundId", outboundId);
      if (!problems.isEmpty()) {
        return client.engine().invalid(problems.toException(Engine.ADD_LEAD), lead, null);
      }
      return client.engine().addLead(outboundId, lead);
    });
  }

  /**
   * Adds a lead described by a lambda to this campaign.
   *
   * <p>The lambda runs at subscription; every broken rule (and an implausible outbound id) is
   * reported together as one {@link InvalidRequestException} through the Single, before anything
   * is sent.
   *
   * <pre>{@code campaign.addLead(lead -> lead.phoneNumber("+33 1 23 45 67 89").externalId("crm-7"))}</pre>
   *
   * @param spec fills in the lead's builder
   * @return a Single of the new lead's id
   */
  @SpecOperation("addLead")
  public Single<String> addLead(Consumer<NewLead.Builder> spec) {
    Objects.requireNonNull(spec, "spec");
    return Single.defer(() -> {
      Problems problems = new Problems();
      problems.checkId("outboundId", outboundId);
      NewLead.Builder builder = NewLead.builder();
      spec.accept(builder);
      NewLead lead = builder.check(problems);
      if (lead == null || !problems.isEmpty()) {
        return client.engine().invalid(problems.toException(Engine.ADD_LEAD), lead, null);
      }
      return client.engine().addLead(outboundId, lead);
    });
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof OutboundCampaign)) {
      return false;
    }
    OutboundCampaign that = (OutboundCampaign) o;
    return client == that.client && outboundId.equals(that.outboundId);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(client) * 31 + outboundId.hashCode();
  }

  @Override
  public String toString() {
    return "OutboundCampaign{outboundId=" + outboundId + "}";
  }
}
