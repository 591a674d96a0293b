package org.nlpearl4j;

import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Engine;
import org.nlpearl4j.internal.Problems;
import org.nlpearl4j.internal.SpecOperation;

/**
 * One Pearl (an AI agent) of an {@link NlPearl} client, identified by its <em>Pearl id</em>;
 * updates the leads of its outbound campaign and looks them up by external id.
 *
 * <pre>{@code
 * Single<Lead> updated = client.pearl(pearlId)
 *     .updateLead(leadId, update -> update.status(SettableLeadStatus.COMPLETED));
 * Maybe<Lead> found = client.pearl(pearlId).leadByExternalId("crm-42");
 * }</pre>
 */
public final class Pearl {
  private final NlPearl client;
  private final String pearlId;

  Pearl(NlPearl client, String pearlId) {
    this.client = client;
    this.pearlId = pearlId;
  }

  /**
   * Returns the Pearl id this handle stands for.
   *
   * @return the Pearl id
   */
  public String getPearlId() {
    return pearlId;
  }

  /**
   * Updates a lead ({@code PUT /v2/Outbound/{pearlId}/Lead/{leadId}}); only the fields given in the
   * update change.
   *
   * <p>Cold: nothing is sent before subscription, and disposing cancels the HTTP call. An update is
   * idempotent, so it is also retried after 502, 503, 504, network failures (timeouts included) and
   * unusable 2xx answers; {@link NlPearlException#getDelivery()} is {@link Delivery#UNKNOWN} only
   * when the retries are used up without a trustworthy answer.
   *
   * @param leadId the lead's id, as returned by {@link OutboundCampaign#addLead(NewLead)}
   * @param update the changes
   * @return a Single of the updated lead; fails with an {@link NlPearlException} subtype, e.g.
   *     {@link InvalidRequestException} for an implausible id (before sending)
   */
  @SpecOperation("updateLead")
  public Single<Lead> updateLead(String leadId, LeadUpdate update) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(update, "update");
    return Single.defer(() -> {
      Problems problems = checkIds(leadId);
      if (!problems.isEmpty()) {
        return client.engine().invalid(problems.toException(Engine.UPDATE_LEAD), update, leadId);
      }
      return client.engine().updateLead(pearlId, leadId, update);
    });
  }

  /**
   * Updates a lead with changes described by a lambda.
   *
   * <p>The lambda runs at subscription; every broken rule (an empty update, an implausible
   * id...) is reported together as one {@link InvalidRequestException} through the Single, before
   * anything is sent.
   *
   * <pre>{@code pearl.updateLead(leadId, u -> u.status(SettableLeadStatus.NEED_RETRY).callData("note", "call after 5pm"))}</pre>
   *
   * @param leadId the lead's id
   * @param spec fills in the update's builder
   * @return a Single of the updated lead
   */
  @SpecOperation("updateLead")
  public Single<Lead> updateLead(String leadId, Consumer<LeadUpdate.Builder> spec) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(spec, "spec");
    return Single.defer(() -> {
      Problems problems = checkIds(leadId);
      LeadUpdate.Builder builder = LeadUpdate.builder();
      spec.accept(builder);
      LeadUpdate update = builder.check(problems);
      if (update == null || !problems.isEmpty()) {
        return client.engine().invalid(problems.toException(Engine.UPDATE_LEAD), update, leadId);
      }
      return client.engine().updateLead(pearlId, leadId, update);
    });
  }

  /**
   * Looks up the lead with an external id ({@code GET
   * /v2/Outbound/{pearlId}/Lead/External/{externalId}}): the lead, or nothing when NLPearl has no
   * such lead.
   *
   * <p>NLPearl's page documents only 200 and 400 for this operation. A 404 is taken to mean "no
   * lead with this external id" and completes the Maybe empty: this is an assumption, not a
   * documented promise. Every other failure is an {@link NlPearlException} as for any
   * operation.
   *
   * <p>Cold: nothing is sent before subscription, and disposing cancels the HTTP call. A lookup
   * changes nothing, so it is retried like an update (502, 503, 504, network failures, unusable
   * 2xx answers, 429). This is the question that settles an add whose outcome is unknown; {@link
   * LeadResolver} asks it with the settle time that rule needs.
   *
   * <pre>{@code
   * client.pearl(pearlId).leadByExternalId("crm-42").subscribe(
   *     lead -> System.out.println("stored as " + lead.getId()),
   *     error -> System.err.println("could not ask: " + error.getMessage()),
   *     () -> System.out.println("no lead with external id crm-42"));
   * }</pre>
   *
   * @param externalId the external id the lead was added with
   * @return a Maybe of the lead; empty after a 404; fails with an {@link NlPearlException}
   *     subtype, e.g. {@link InvalidRequestException} for an implausible Pearl id or external id
   *     (before sending)
   */
  @SpecOperation("getLeadViaExternalID")
  public Maybe<Lead> leadByExternalId(String externalId) {
    Objects.requireNonNull(externalId, "externalId");
    return Maybe.defer(() -> {
      Problems problems = new Problems();
      problems.checkId("pearlId", pearlId);
      problems.checkExternalId("externalId", externalId);
      if (!problems.isEmpty()) {
        return client.engine().<Lead>invalid(
            problems.toException(Engine.LEAD_BY_EXTERNAL_ID), externalId, null).toMaybe();
      }
      return client.engine().leadByExternalId(pearlId, externalId);
    });
  }

  private Problems checkIds(String leadId) {
    Problems problems = new Problems();
    problems.checkId("pearlId", pearlId);
    problems.checkId("leadId", leadId);
    return problems;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Pearl)) {
      return false;
    }
    Pearl that = (Pearl) o;
    return client == that.client && pearlId.equals(that.pearlId);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(client) * 31 + pearlId.hashCode();
  }

  @Override
  public String toString() {
    return "Pearl{pearlId=" + pearlId + "}";
  }
}
