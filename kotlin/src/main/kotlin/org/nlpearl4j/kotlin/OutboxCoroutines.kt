@file:JvmName("OutboxCoroutines")

package org.nlpearl4j.kotlin

import java.util.function.Consumer
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.rx3.asFlow
import kotlinx.coroutines.rx3.await
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.LeadUpdate
import org.nlpearl4j.NewLead
import org.nlpearl4j.outbox.EntryState
import org.nlpearl4j.outbox.LeadOutbox
import org.nlpearl4j.outbox.OutboxEntry
import org.nlpearl4j.outbox.OutboxException

// The outbox's Kotlin part. None of these is named like a LeadOutbox member (add, update, drain,
// retry, forget, changes): Kotlin calls a member before an extension, and a trailing lambda converts
// to the Java member's Consumer, so an extension of the same name would never run.

/**
 * Puts [lead] in the outbox for the campaign [outboundId] and suspends until the entry is on the
 * storage device (fsync'd), returning its entry id; [sendWaiting] delivers it later.
 *
 * The suspend form of [LeadOutbox.add]. Nothing is sent to NLPearl here, so it succeeds offline.
 * Cancelling the coroutine does not undo a write already under way: the entry may then be in the
 * outbox although no id came back ([LeadOutbox.entries] shows it).
 *
 * @return the entry id, to pass to [enqueueUpdate], [requeue] or [discard], or to find the entry in
 *     [LeadOutbox.entries]
 * @throws InvalidRequestException for a blank outbound id (nothing stored)
 * @throws OutboxException when the entry could not be written (the lead is not in the outbox)
 */
public suspend fun LeadOutbox.enqueue(outboundId: String, lead: NewLead): String =
    add(outboundId, lead).await()

/**
 * Puts the lead described by [spec] in the outbox for the campaign [outboundId] and suspends until
 * the entry is on the storage device, returning its entry id.
 *
 * ```kotlin
 * val entryId = outbox.enqueue(outboundId) {
 *     phoneNumber = "+1 (415) 555-0123"
 *     externalId = "crm-42"
 *     callData["email"] = "joe@example.com"
 * }
 * ```
 *
 * The lambda fills in the Java [NewLead.Builder], so every broken rule comes back together in one
 * [InvalidRequestException], exactly as from Java, and nothing is stored. It is named `enqueue`,
 * not `add`: a trailing lambda would bind to the Java member `add(String, Consumer)` first. As
 * with the other form, a cancellation does not undo a write already under way.
 *
 * @return the entry id
 * @throws InvalidRequestException listing every broken rule (nothing stored)
 * @throws OutboxException when the entry could not be written (the lead is not in the outbox)
 */
public suspend fun LeadOutbox.enqueue(outboundId: String, spec: NewLeadScope.() -> Unit): String =
    add(outboundId, Consumer { builder -> NewLeadScope().apply(spec).fillIn(builder) }).await()

/**
 * Puts [update] in the outbox for the lead [entryIdOrLeadId] of the Pearl [pearlId] and suspends
 * until the entry is on the storage device, returning its entry id.
 *
 * Given the entry id an [enqueue] returned, the update waits for that add and is sent with the lead
 * id it returns (see [LeadOutbox.update]); given a lead id NLPearl gave, it is sent as is.
 *
 * @return the update's entry id
 * @throws InvalidRequestException for a blank id (nothing stored)
 * @throws OutboxException when the entry could not be written
 */
public suspend fun LeadOutbox.enqueueUpdate(
    pearlId: String,
    entryIdOrLeadId: String,
    update: LeadUpdate,
): String = update(pearlId, entryIdOrLeadId, update).await()

/**
 * Puts the update described by [spec] in the outbox for the lead [entryIdOrLeadId] of the Pearl
 * [pearlId] and suspends until the entry is on the storage device, returning its entry id.
 *
 * ```kotlin
 * val entryId = outbox.enqueue(outboundId) { phoneNumber = "+1 415 555 0123" }
 * outbox.enqueueUpdate(outboundId, entryId) { status = SettableLeadStatus.COMPLETED } // sent after the add
 * ```
 *
 * Every broken rule (an empty update...) comes back together in one [InvalidRequestException],
 * and nothing is stored. Named `enqueueUpdate`, not `update`, for the same reason as [enqueue].
 *
 * @return the update's entry id
 * @throws InvalidRequestException listing every broken rule (nothing stored)
 * @throws OutboxException when the entry could not be written
 */
public suspend fun LeadOutbox.enqueueUpdate(
    pearlId: String,
    entryIdOrLeadId: String,
    spec: LeadUpdateScope.() -> Unit,
): String =
    update(pearlId, entryIdOrLeadId, Consumer { builder -> LeadUpdateScope().apply(spec).fillIn(builder) })
        .await()

/**
 * Sends what is waiting and suspends until the sender stops: nothing waits any more, what waits is
 * queued behind an unknown add, or the network is unreachable (those entries stay waiting; call it
 * again when the network returns).
 *
 * The suspend form of [LeadOutbox.drain]: one sender per outbox, so a call while another runs joins
 * it. Cancelling the coroutine disposes the drain: the sender stops after the request in flight,
 * whose outcome is still recorded, and the rest stays waiting. The outcomes are on the entries
 * ([LeadOutbox.entries], [entriesFlow]), not thrown.
 *
 * ```kotlin
 * outbox.sendWaiting()
 * val unknown = outbox.entries().filter { it.state == EntryState.UNKNOWN }   // ask the user
 * ```
 *
 * @throws org.nlpearl4j.AuthenticationException when NLPearl refuses the credentials (the entry
 *     stays waiting: wrong credentials are not the leads' fault)
 * @throws OutboxException when the outbox could not write an outcome
 * @throws IllegalStateException when the outbox is closed
 */
public suspend fun LeadOutbox.sendWaiting() {
    drain().await()
}

/**
 * The user's decision on an [EntryState.UNKNOWN] (or [EntryState.REJECTED]) entry: puts it back to
 * waiting, so the next [sendWaiting] sends it again. Suspends until that is on disk.
 *
 * The suspend form of [LeadOutbox.retry]; named `requeue` because it sends nothing itself. Only
 * call it once the user has checked that NLPearl does not have the lead: an unknown add may have
 * been stored.
 *
 * @throws IllegalArgumentException when there is no such entry
 * @throws IllegalStateException when the entry is neither unknown nor rejected
 * @throws OutboxException when the change could not be written
 */
public suspend fun LeadOutbox.requeue(entryId: String) {
    retry(entryId).await()
}

/**
 * Removes the entry [entryId] from the outbox (its lead's data included) and suspends until that
 * is on disk; updates still waiting for it are rejected.
 *
 * The suspend form of [LeadOutbox.forget].
 *
 * @throws IllegalArgumentException when there is no such entry
 * @throws IllegalStateException when the entry is being sent (discard it once its outcome is known)
 * @throws OutboxException when the change could not be written
 */
public suspend fun LeadOutbox.discard(entryId: String) {
    forget(entryId).await()
}

/**
 * Removes every added and updated entry and suspends until that is on disk; call it once their
 * outcomes are recorded, so the outbox does not keep personal data longer than needed.
 *
 * The suspend form of [LeadOutbox.forgetDelivered].
 *
 * @return how many entries were removed
 * @throws OutboxException when the change could not be written
 */
public suspend fun LeadOutbox.discardDelivered(): Int = forgetDelivered().await()

/**
 * Every state change of the outbox's entries, as it is written: an entry's new snapshot, and one
 * in [EntryState.FORGOTTEN] when it is removed.
 *
 * [LeadOutbox.changes] as a `Flow`. It is hot and does not replay: read [LeadOutbox.entries] first,
 * or use [entriesFlow]. Changes are buffered without limit for a slow collector, so the outbox's
 * threads never wait for it; to show the outbox on a screen, [entriesFlow] keeps only the latest
 * state.
 *
 * ```kotlin
 * outbox.changesFlow()
 *     .filter { it.state == EntryState.UNKNOWN }
 *     .collect { notifyUser("Check ${it.lead?.externalId} before adding it again") }
 * ```
 */
public fun LeadOutbox.changesFlow(): Flow<OutboxEntry> =
    changes().asFlow().buffer(Channel.UNLIMITED)

/**
 * Every entry of the outbox, in the order they were put in: the current list when collection
 * starts, then a new list after changes.
 *
 * Made for a screen: a collector that falls behind gets the latest list, not every one in between,
 * and equal lists are not repeated. It listens for changes before it reads the first list, so no
 * change is missed between the two.
 *
 * ```kotlin
 * val ui: StateFlow<List<OutboxEntry>> =
 *     outbox.entriesFlow().stateIn(viewModelScope, SharingStarted.WhileSubscribed(5_000), emptyList())
 * ```
 */
public fun LeadOutbox.entriesFlow(): Flow<List<OutboxEntry>> =
    changes().map { Unit }.startWithItem(Unit).asFlow()
        .conflate()
        .map { entries() }
        .distinctUntilChanged()
