package org.nlpearl4j.kotlin

import java.net.ServerSocket
import java.nio.file.Path
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.NlPearl
import org.nlpearl4j.SettableLeadStatus
import org.nlpearl4j.outbox.EntryState
import org.nlpearl4j.outbox.LeadOutbox
import org.nlpearl4j.outbox.OutboxEntry

/**
 * The outbox's Kotlin part against the sandbox in strict contract mode. What NLPearl holds is read
 * from the sandbox's own store: every lead the outbox reports added is there, once.
 */
class OutboxCoroutinesTest {
    private val campaign = SANDBOX_CAMPAIGN
    private val sandbox = strictSandbox()
    private val client = sandboxClient(sandbox.baseUrl())

    @TempDir
    lateinit var dir: Path

    @AfterEach
    fun close() {
        client.close()
        sandbox.close()
    }

    private fun open(with: NlPearl = client): LeadOutbox = LeadOutbox.open(dir.toFile(), with)

    /** Every lead the outbox added is stored once, under the id the outbox recorded. */
    private fun assertEachAddedLeadStoredOnce(entries: List<OutboxEntry>) {
        val byExternalId = sandbox.leadsByExternalId(campaign)
        val adds = entries.filter { it.kind == org.nlpearl4j.outbox.EntryKind.ADD }
        for (entry in adds) {
            assertEquals(EntryState.ADDED, entry.state, "$entry")
            val stored = byExternalId[entry.lead!!.externalId].orEmpty()
            assertEquals(1, stored.size, "leads stored for ${entry.lead!!.externalId}")
            assertEquals(entry.leadId, stored.single().id)
        }
        assertEquals(adds.size.toLong(), sandbox.leadCount(campaign))
    }

    @Test
    fun leadsCapturedOfflineAreSentOnceWhenTheNetworkIsBack(): Unit = runBlocking {
        val closedPort = ServerSocket(0).use { it.localPort }
        val ids = sandboxClient("http://127.0.0.1:$closedPort/").use { offline ->
            open(offline).use { outbox ->
                val ids = (1..3).map { i ->
                    outbox.enqueue(campaign) {
                        phoneNumber = "+1 (415) 555-010$i"
                        externalId = "crm-$i"
                        callData["email"] = "rep$i@example.com"
                    }
                }
                outbox.sendWaiting() // the network is gone: returns, nothing lost, nothing thrown
                assertEquals(List(3) { EntryState.WAITING }, outbox.entries().map { it.state })
                ids
            }
        }
        assertEquals(0, sandbox.leadCount(campaign))

        // The app comes back (a new outbox on the same directory) with the network.
        open().use { outbox ->
            assertEquals(ids, outbox.entries().map { it.id })
            outbox.sendWaiting()

            assertEachAddedLeadStoredOnce(outbox.entries())
            assertEquals(3, sandbox.leadCount(campaign))
            val stored = sandbox.leadsByExternalId(campaign).getValue("crm-2").single()
            assertEquals("+14155550102", stored.phoneNumber)
            assertEquals(mapOf("email" to "rep2@example.com"), stored.callData)

            // Nothing waits any more: sending again sends nothing.
            val requests = sandbox.recordedRequests().size
            outbox.sendWaiting()
            assertEquals(requests, sandbox.recordedRequests().size)
        }
        sandbox.assertNoContractViolations()
    }

    @Test
    fun changesFlowEmitsEveryStateOfAnEntryInOrder(): Unit = runBlocking {
        open().use { outbox ->
            val changes = CompletableDeferred<List<OutboxEntry>>()
            // UNDISPATCHED, then yield: the flow's producer runs and subscribes before the first add.
            val collecting = launch(start = CoroutineStart.UNDISPATCHED) {
                changes.complete(outbox.changesFlow().take(4).toList())
            }
            yield()

            val id = outbox.enqueue(campaign) { phoneNumber = "+14155550123"; externalId = "crm-42" }
            outbox.sendWaiting()
            outbox.discard(id)

            val seen = withTimeout(10_000) { changes.await() }
            collecting.join()
            assertEquals(
                listOf(EntryState.WAITING, EntryState.SENDING, EntryState.ADDED, EntryState.FORGOTTEN),
                seen.map { it.state },
            )
            assertTrue(seen.all { it.id == id })
            val added = seen[2]
            assertEquals(sandbox.leadsByExternalId(campaign).getValue("crm-42").single().id, added.leadId)
            assertTrue(outbox.entries().isEmpty())
        }
    }

    @Test
    fun entriesFlowStartsWithTheCurrentEntriesThenFollowsChanges(): Unit = runBlocking {
        open().use { outbox ->
            val id = outbox.enqueue(campaign) { phoneNumber = "+14155550123"; externalId = "crm-42" }
            val lists = mutableListOf<List<OutboxEntry>>()

            // The first list is the one on disk; the drain starts only once it has been seen, so the
            // lists after it can only come from changes the flow followed.
            val added = withTimeout(10_000) {
                outbox.entriesFlow().onEach { lists += it }.first { list ->
                    if (lists.size == 1) launch { outbox.sendWaiting() }
                    list.single().state == EntryState.ADDED
                }
            }
            assertEquals(id, lists.first().single().id)
            assertEquals(EntryState.WAITING, lists.first().single().state)
            val states = lists.map { it.single().state }
            assertEquals(states.sorted(), states, "states never go back: $states")
            assertEquals(states.distinct(), states, "equal lists are not repeated: $states")
            assertEquals(sandbox.leadsByExternalId(campaign).getValue("crm-42").single().id, added.single().leadId)

            // Removing the entry: the flow follows it to an empty list.
            var first = true
            val empty = withTimeout(10_000) {
                outbox.entriesFlow().first { list ->
                    if (first) launch { outbox.discard(id) }
                    first = false
                    list.isEmpty()
                }
            }
            assertTrue(empty.isEmpty())
        }
    }

    @Test
    fun cancellingASuspendedSendStopsTheSenderAfterRecordingTheRequestInFlight(): Unit = runBlocking {
        open().use { outbox ->
            for (i in 1..3) outbox.enqueue(campaign) { phoneNumber = "+1415555010$i"; externalId = "crm-$i" }
            sandbox.faults().next(1).delay(Duration.ofSeconds(2))
            val sending = CompletableDeferred<OutboxEntry>()
            val watching = outbox.changes().filter { it.state == EntryState.SENDING }.subscribe { sending.complete(it) }

            val sender = launch(Dispatchers.Default) { outbox.sendWaiting() }
            val inFlight = withTimeout(10_000) { sending.await() }
            sender.cancel()
            sender.join()
            watching.dispose()

            // The coroutine ended at once; the request it started is still in flight.
            assertTrue(sender.isCancelled)
            assertEquals(EntryState.SENDING, outbox.entry(inFlight.id)!!.state)

            withTimeout(10_000) { while (outbox.isDraining) delay(10) }
            assertEquals(
                listOf(EntryState.ADDED, EntryState.WAITING, EntryState.WAITING),
                outbox.entries().map { it.state },
            )
            assertEquals(1, sandbox.leadCount(campaign))

            // Started again, it sends the rest; nothing twice.
            outbox.sendWaiting()
            assertEachAddedLeadStoredOnce(outbox.entries())
            assertEquals(3, sandbox.recordedRequests().size)
        }
    }

    @Test
    fun anUpdateQueuedBehindAnAddIsSentWithTheLeadIdTheAddReturned(): Unit = runBlocking {
        open().use { outbox ->
            val add = outbox.enqueue(campaign) { phoneNumber = "+14155550123"; externalId = "crm-42" }
            val update = outbox.enqueueUpdate(campaign, add) {
                status = SettableLeadStatus.COMPLETED
                externalId = "crm-42-won"
            }
            assertEquals(add, outbox.entry(update)!!.afterEntryId)
            assertEquals(null, outbox.entry(update)!!.leadId)

            outbox.sendWaiting()

            val added = assertNotNull(outbox.entry(add))
            val updated = assertNotNull(outbox.entry(update))
            assertEquals(EntryState.ADDED, added.state)
            assertEquals(EntryState.UPDATED, updated.state)
            assertEquals(added.leadId, updated.leadId)
            assertEquals(1, sandbox.leadCount(campaign))
            val stored = sandbox.lead(campaign, added.leadId!!).orElseThrow { AssertionError("lead not stored") }
            assertEquals("crm-42-won", stored.externalId)
            assertEquals(SettableLeadStatus.COMPLETED.code(), stored.status)
            assertEquals(listOf("addLead", "updateLead"), sandbox.recordedRequests().map { it.operation })

            assertEquals(2, outbox.discardDelivered())
            assertTrue(outbox.entries().isEmpty())
        }
        sandbox.assertNoContractViolations()
    }

    @Test
    fun anUnknownAddWaitsForTheUserThenIsSentOnceRequeued(): Unit = runBlocking {
        open().use { outbox ->
            sandbox.faults().next(1).status(502) // before handling: nothing stored, but the SDK cannot know
            val id = outbox.enqueue(campaign) { phoneNumber = "+14155550123"; externalId = "crm-42" }
            outbox.sendWaiting()
            assertEquals(EntryState.UNKNOWN, outbox.entry(id)!!.state)

            outbox.sendWaiting() // never sent again on its own
            assertEquals(1, sandbox.recordedRequests().size)
            assertEquals(EntryState.UNKNOWN, outbox.entry(id)!!.state)

            outbox.requeue(id) // the user checked: NLPearl does not have it
            assertEquals(EntryState.WAITING, outbox.entry(id)!!.state)
            outbox.sendWaiting()
            assertEachAddedLeadStoredOnce(outbox.entries())

            assertFailsWith<IllegalStateException> { outbox.requeue(id) } // added: nothing to decide
            assertFailsWith<IllegalArgumentException> { outbox.discard("no-such-entry") }
        }
    }

    @Test
    fun theDslReportsEveryProblemAtOnceAndStoresNothing(): Unit = runBlocking {
        open().use { outbox ->
            val invalid = assertFailsWith<InvalidRequestException> {
                outbox.enqueue(campaign) {
                    phoneNumber = "+1 415 CALL NOW"
                    timeZoneId = "Mars Standard Time"
                    callData["email"] = null
                }
            }
            val fromJava = assertFailsWith<InvalidRequestException> {
                org.nlpearl4j.NewLead.builder().phoneNumber("+1 415 CALL NOW").timeZoneId("Mars Standard Time")
                    .callData("email", null).build()
            }
            assertEquals(fromJava.problems, invalid.problems)
            assertEquals(3, invalid.problems.size)

            val emptyUpdate = assertFailsWith<InvalidRequestException> { outbox.enqueueUpdate(campaign, "lead-1") { } }
            assertEquals(setOf("$"), emptyUpdate.problems.keys)
            assertFailsWith<InvalidRequestException> { outbox.enqueue(" ") { phoneNumber = "+14155550123" } }

            assertTrue(outbox.entries().isEmpty())
            outbox.sendWaiting()
            assertEquals(0, sandbox.recordedRequests().size)
        }
    }
}
