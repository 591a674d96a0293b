@file:JvmName("NlPearlCoroutines")

package org.nlpearl4j.kotlin

import java.time.Instant
import java.util.function.Consumer
import kotlinx.coroutines.rx3.await
import kotlinx.coroutines.rx3.awaitSingleOrNull
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.Lead
import org.nlpearl4j.LeadResolution
import org.nlpearl4j.LeadResolver
import org.nlpearl4j.LeadUpdate
import org.nlpearl4j.NewLead
import org.nlpearl4j.NlPearlException
import org.nlpearl4j.OutboundCampaign
import org.nlpearl4j.Pearl

/**
 * Adds [lead] to this campaign and suspends until NLPearl answers with the new lead's id.
 *
 * The same request, retries and errors as [OutboundCampaign.addLead]; cancelling the coroutine
 * cancels the HTTP call (and any retry waiting for its turn).
 *
 * @return the new lead's id
 * @throws NlPearlException a subtype naming what went wrong, e.g. [InvalidRequestException] for a
 *     blank outbound id (nothing sent)
 */
public suspend fun OutboundCampaign.add(lead: NewLead): String = addLead(lead).await()

/**
 * Adds the lead described by [spec] to this campaign and suspends until NLPearl answers with its id.
 *
 * Every broken rule, and a blank outbound id, is thrown together as one [InvalidRequestException]
 * before anything is sent. Cancelling the coroutine cancels the HTTP call.
 *
 * ```kotlin
 * val leadId = client.outbound(outboundId).add {
 *     phoneNumber = "+1 (415) 555-0123"
 *     externalId = "crm-42"
 *     timeZone = ZoneId.of("America/Los_Angeles")
 *     callData["email"] = "joe@example.com"
 * }
 * ```
 *
 * It is named `add`, not `addLead`: Kotlin binds a trailing lambda to the Java member
 * `addLead(Consumer)` before any extension, so an extension of that name could never be called.
 *
 * @return the new lead's id
 * @throws NlPearlException a subtype naming what went wrong
 */
public suspend fun OutboundCampaign.add(spec: NewLeadScope.() -> Unit): String =
    addLead(Consumer { builder -> NewLeadScope().apply(spec).fillIn(builder) }).await()

/**
 * Applies [update] to the lead [leadId] and suspends until NLPearl answers with the updated lead.
 *
 * The same request, retries and errors as [Pearl.updateLead]; cancelling the coroutine cancels
 * the HTTP call (and any retry waiting for its turn).
 *
 * @return the lead as NLPearl holds it after the update
 * @throws NlPearlException a subtype naming what went wrong
 */
public suspend fun Pearl.update(leadId: String, update: LeadUpdate): Lead =
    updateLead(leadId, update).await()

/**
 * Updates the lead [leadId] with the changes described by [spec] and suspends until NLPearl
 * answers with the updated lead.
 *
 * Every broken rule (an empty update, a blank id...) is thrown together as one
 * [InvalidRequestException] before anything is sent. Cancelling the coroutine cancels the HTTP
 * call.
 *
 * ```kotlin
 * val lead = client.pearl(pearlId).update(leadId) { status = SettableLeadStatus.COMPLETED }
 * ```
 *
 * It is named `update`, not `updateLead`, for the same reason as [add].
 *
 * @return the lead as NLPearl holds it after the update
 * @throws NlPearlException a subtype naming what went wrong
 */
public suspend fun Pearl.update(leadId: String, spec: LeadUpdateScope.() -> Unit): Lead =
    updateLead(leadId, Consumer { builder -> LeadUpdateScope().apply(spec).fillIn(builder) }).await()

/**
 * Looks up the lead with [externalId] and suspends until NLPearl answers: the lead, or null when
 * NLPearl has no such lead.
 *
 * The same request, retries and errors as [Pearl.leadByExternalId]: a 404 is taken as "no such
 * lead" (NLPearl documents only 200 and 400 for this operation, so this is an assumption); any
 * other failure is thrown. Cancelling the coroutine cancels the HTTP call.
 *
 * ```kotlin
 * val lead = client.pearl(pearlId).findLeadByExternalId("crm-42")
 * println(lead?.id ?: "no lead with external id crm-42")
 * ```
 *
 * It is not named `leadByExternalId`: the Java member of that name would always be chosen.
 *
 * @return the lead, or null after a 404
 * @throws NlPearlException a subtype naming what went wrong, e.g. [InvalidRequestException] for a
 *     blank external id (nothing sent)
 */
public suspend fun Pearl.findLeadByExternalId(externalId: String): Lead? =
    leadByExternalId(externalId).awaitSingleOrNull()

/**
 * Resolves an uncertain add with [LeadResolver.resolve] and suspends until the rule has an
 * answer: it waits the settle time since [uncertainSince], then looks the lead up.
 *
 * Never throws for a failed lookup: that is [LeadResolution.Outcome.STILL_UNKNOWN], with the
 * cause and the time of the next check. Cancelling the coroutine stops the wait or cancels the
 * lookup's HTTP call.
 *
 * ```kotlin
 * val resolution = resolver.awaitResolution(pearlId, "crm-42", uncertainSince)
 * when (resolution.outcome) {
 *     LeadResolution.Outcome.FOUND -> markAdded(resolution.leadId)
 *     LeadResolution.Outcome.ABSENT -> sendAgain()
 *     LeadResolution.Outcome.STILL_UNKNOWN -> checkAgainAt(resolution.nextCheckAt!!)
 * }
 * ```
 *
 * @param failedChecks how many checks of this add failed before (sets the backoff)
 * @return the resolution
 */
public suspend fun LeadResolver.awaitResolution(
    pearlId: String,
    externalId: String,
    uncertainSince: Instant,
    failedChecks: Int = 0,
): LeadResolution = resolve(pearlId, externalId, uncertainSince, failedChecks).await()
