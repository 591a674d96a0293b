package org.nlpearl4j.kotlin

import java.time.Duration
import java.time.ZoneId
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.nlpearl4j.AuthenticationException
import org.nlpearl4j.BadRequestException
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.LeadStatus
import org.nlpearl4j.LeadUpdate
import org.nlpearl4j.NetworkException
import org.nlpearl4j.NewLead
import org.nlpearl4j.NotFoundException
import org.nlpearl4j.RateLimitedException
import org.nlpearl4j.ServerException
import org.nlpearl4j.SettableLeadStatus
import org.nlpearl4j.UnexpectedResponseException
import org.nlpearl4j.sandbox.NlPearlSandbox

/**
 * The suspend functions and builder lambdas against the sandbox in strict contract mode: what they
 * send, what reaches the sandbox's store, and every kind of failure as the same typed exception a
 * Java caller gets from the Single.
 */
class SuspendingOperationsTest {
    private val campaign = SANDBOX_CAMPAIGN
    private val sandbox = strictSandbox()
    private val client = sandboxClient(sandbox.baseUrl())

    @AfterEach
    fun close() {
        client.close()
        sandbox.close()
    }

    @Test
    fun addsThenUpdatesALeadWithReceiverLambdas() = runBlocking {
        val leadId = client.outbound(campaign).add {
            phoneNumber = "+1 (415) 555-0123"
            externalId = "crm-42"
            timeZone = ZoneId.of("America/Los_Angeles")
            callData["email"] = "joe@example.com"
            callData["plan"] = "pro"
        }

        val stored = sandbox.lead(campaign, leadId).orElseThrow { AssertionError("lead not stored") }
        assertEquals("+14155550123", stored.phoneNumber)
        assertEquals("crm-42", stored.externalId)
        assertEquals("Pacific Standard Time", stored.timeZoneId)
        assertEquals(mapOf("email" to "joe@example.com", "plan" to "pro"), stored.callData)

        val lead = client.pearl(campaign).update(leadId) {
            status = SettableLeadStatus.COMPLETED
            callData["note"] = "converted in CRM"
        }

        assertEquals(leadId, lead.id)
        assertEquals(LeadStatus.COMPLETED, lead.status)
        assertEquals("crm-42", lead.externalId)
        assertEquals(130, sandbox.lead(campaign, leadId).get().status)
        assertEquals(1, sandbox.counters().leadsAdded)
        assertEquals(1, sandbox.counters().leadsUpdated)
        sandbox.assertNoContractViolations()
    }

    @Test
    fun sendsValuesBuiltAheadAndTheLastTimeZoneGivenWins() = runBlocking {
        val lead = newLead {
            phoneNumber = "+33 1 23 45 67 89"
            timeZone = ZoneId.of("Europe/Paris")
            timeZoneId = "GMT Standard Time"
        }
        assertEquals(NewLead.of { it.phoneNumber("+33123456789").timeZoneId("GMT Standard Time") }, lead)

        val leadId = client.outbound(campaign).add(lead)
        val updated = client.pearl(campaign).update(leadId, leadUpdate {
            timeZoneId = "Pacific Standard Time"
            timeZone = ZoneId.of("Europe/Paris")
            externalId = "crm-7"
        })

        assertEquals("crm-7", updated.externalId)
        val stored = sandbox.lead(campaign, leadId).get()
        assertEquals("Romance Standard Time", stored.timeZoneId)
        assertEquals("+33123456789", stored.phoneNumber)
        sandbox.assertNoContractViolations()
    }

    @Test
    fun reportsEveryProblemAtOnceLikeJavaAndSendsNothing() = runBlocking {
        val invalid = assertFailsWith<InvalidRequestException> {
            client.outbound(" ").add {
                phoneNumber = "+1 415 CALL NOW"
                externalId = ""
                timeZoneId = "Mars Standard Time"
                callData["email"] = null
            }
        }
        val fromJava = assertFailsWith<InvalidRequestException> {
            NewLead.builder().phoneNumber("+1 415 CALL NOW").externalId("").timeZoneId("Mars Standard Time")
                .callData("email", null).build()
        }

        assertEquals(listOf("outboundId", "phoneNumber", "externalId", "timeZoneId", "callData.email"),
            invalid.problems.keys.toList())
        assertEquals(fromJava.problems, invalid.problems - "outboundId")
        assertEquals("addLead", invalid.operation)

        val emptyUpdate = assertFailsWith<InvalidRequestException> { client.pearl(campaign).update(" ") { } }
        assertEquals(setOf("leadId", "$"), emptyUpdate.problems.keys)
        assertEquals("updateLead", emptyUpdate.operation)

        val eager = assertFailsWith<InvalidRequestException> { leadUpdate { externalId = " " } }
        assertEquals(LeadUpdate.builder().externalId(" ").let { b ->
            assertFailsWith<InvalidRequestException> { b.build() }.problems
        }, eager.problems)
        assertFailsWith<InvalidRequestException> { newLead { } }

        assertEquals(0, sandbox.recordedRequests().size)
    }

    @Test
    fun aRejectedRequestIsABadRequest() = runBlocking {
        sandbox.faults().next(1).status(400)

        val e = assertFailsWith<BadRequestException> { client.outbound(campaign).add { phoneNumber = "+33123456789" } }

        assertEquals(400, e.statusCode)
        assertEquals("addLead", e.operation)
        assertTrue(sandbox.leads(campaign).isEmpty())
    }

    @Test
    fun aWrongSecretIsAnAuthenticationFailureThatNeverShowsTheSecret() = runBlocking {
        client.toBuilder().credentials(NlPearlSandbox.DEFAULT_ACCOUNT_ID, "not-the-sandbox-secret").build().use { wrong ->
            val e = assertFailsWith<AuthenticationException> { wrong.outbound(campaign).add { phoneNumber = "+33123456789" } }

            assertEquals(401, e.statusCode)
            assertTrue("not-the-sandbox-secret" !in e.toString())
        }
        assertTrue(sandbox.leads(campaign).isEmpty())
    }

    @Test
    fun unknownCampaignsAndLeadsAreNotFound() = runBlocking {
        val add = assertFailsWith<NotFoundException> {
            client.outbound("65f1c0ffee00000000000000").add { phoneNumber = "+33123456789" }
        }
        val update = assertFailsWith<NotFoundException> {
            client.pearl(campaign).update("65f1c0ffee0000000000ffff") { externalId = "x" }
        }

        assertEquals(404, add.statusCode)
        assertEquals("updateLead", update.operation)
    }

    @Test
    fun aRateLimitCarriesItsRetryAfter() = runBlocking {
        sandbox.faults().next(1).rateLimited(Duration.ofSeconds(3))

        val e = assertFailsWith<RateLimitedException> { client.outbound(campaign).add { phoneNumber = "+33123456789" } }

        assertEquals(Duration.ofSeconds(3), e.retryAfter)
        assertTrue(sandbox.leads(campaign).isEmpty())
    }

    @Test
    fun aServerErrorIsAServerException() = runBlocking {
        sandbox.faults().next(1).serverError()

        val e = assertFailsWith<ServerException> { client.outbound(campaign).add { phoneNumber = "+33123456789" } }

        assertEquals(500, e.statusCode)
        assertEquals(1, sandbox.recordedRequests().size)
    }

    @Test
    fun aDroppedConnectionIsANetworkFailure() = runBlocking {
        sandbox.faults().next(1).dropConnection()

        val e = assertFailsWith<NetworkException> { client.outbound(campaign).add { phoneNumber = "+33123456789" } }

        assertEquals(false, e.isConnectFailure)
        assertTrue(sandbox.leads(campaign).isEmpty())
    }

    @Test
    fun anUnreadableAnswerIsAnUnexpectedResponseAfterNlPearlActed() = runBlocking {
        sandbox.faults().next(1).malformedBody()

        val e = assertFailsWith<UnexpectedResponseException> {
            client.outbound(campaign).add { phoneNumber = "+33123456789"; externalId = "crm-9" }
        }

        assertEquals("addLead", e.operation)
        // The sandbox stored the lead before its answer was cut: NLPearl acted, the id is unknown.
        assertEquals(listOf("crm-9"), sandbox.leads(campaign).map { it.externalId })
    }

    @Test
    fun aRefusedConnectionIsANetworkFailureBeforeSending() = runBlocking {
        val port = sandbox.port()
        sandbox.close()
        val offline = client.toBuilder().baseUrl("http://127.0.0.1:$port/").build()

        val e = assertFailsWith<NetworkException> { offline.pearl(campaign).update("lead-1") { externalId = "x" } }

        assertTrue(e.isConnectFailure)
        offline.close()
    }
}
