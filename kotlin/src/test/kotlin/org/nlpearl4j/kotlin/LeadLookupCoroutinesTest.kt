package org.nlpearl4j.kotlin

import java.time.Duration
import java.time.Instant
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import mockwebserver3.SocketEffect
import mockwebserver3.junit5.StartStop
import org.junit.jupiter.api.Test
import org.nlpearl4j.InvalidRequestException
import org.nlpearl4j.LeadResolution
import org.nlpearl4j.LeadResolver
import org.nlpearl4j.ServerException

/** [findLeadByExternalId] and [awaitResolution] against the strict sandbox and a stalled server. */
class LeadLookupCoroutinesTest {
    @StartStop
    val server = MockWebServer()

    @Test
    fun aStoredLeadIsFoundAndAnUnknownOneIsNull() = runBlocking {
        strictSandbox().use { sandbox ->
            sandboxClient(sandbox.baseUrl()).use { client ->
                val leadId = client.outbound(SANDBOX_CAMPAIGN).add {
                    phoneNumber = "+33123456789"
                    externalId = "crm-1"
                }

                val found = client.pearl(SANDBOX_CAMPAIGN).findLeadByExternalId("crm-1")
                val missing = client.pearl(SANDBOX_CAMPAIGN).findLeadByExternalId("crm-2")

                assertEquals(leadId, found?.id)
                assertNull(missing)
                sandbox.assertNoContractViolations()
            }
        }
    }

    @Test
    fun failuresOtherThan404AreThrown() = runBlocking {
        strictSandbox().use { sandbox ->
            sandboxClient(sandbox.baseUrl()).use { client ->
                sandbox.faults().next(1).status(500)

                assertFailsWith<ServerException> {
                    client.pearl(SANDBOX_CAMPAIGN).findLeadByExternalId("crm-1")
                }
                assertFailsWith<InvalidRequestException> {
                    client.pearl(SANDBOX_CAMPAIGN).findLeadByExternalId(" ")
                }
                assertEquals(1L, sandbox.counters().requests)
            }
        }
    }

    @Test
    fun awaitResolutionSettlesAnAddStoredThenAnswered502() = runBlocking {
        strictSandbox().use { sandbox ->
            sandboxClient(sandbox.baseUrl()).use { client ->
                sandbox.faults().next(1).afterHandling().status(502)
                val failure = assertFailsWith<ServerException> {
                    client.outbound(SANDBOX_CAMPAIGN).add {
                        phoneNumber = "+33123456789"
                        externalId = "crm-3"
                    }
                }
                val resolver = LeadResolver.builder(client).settleTime(Duration.ZERO).build()

                val resolution = resolver.awaitResolution(SANDBOX_CAMPAIGN, "crm-3", Instant.now())

                assertEquals(true, LeadResolver.needsResolution(failure))
                assertEquals(LeadResolution.Outcome.FOUND, resolution.outcome)
                assertEquals(sandbox.leads(SANDBOX_CAMPAIGN).single().id, resolution.leadId)
            }
        }
    }

    @Test
    fun cancellingTheLookupCancelsTheHttpCall() = runBlocking {
        server.enqueue(MockResponse.Builder().onResponseStart(SocketEffect.Stall).build())
        val events = LinkedBlockingQueue<String>()
        val client = cancelRecordingClient(server.url("/").toString(), events)

        val lookup = async(Dispatchers.IO) { client.pearl("pearl-1").findLeadByExternalId("crm-1") }
        val request = withContext(Dispatchers.IO) { server.takeRequest(10, TimeUnit.SECONDS) }
        assertNotNull(request, "the lookup reached the server")
        lookup.cancel()

        assertFailsWith<CancellationException> { lookup.await() }
        // OkHttp closes the socket before it reports the cancellation, so the two events may come
        // in either order; both must come.
        val seen = setOf(events.poll(10, TimeUnit.SECONDS), events.poll(10, TimeUnit.SECONDS))
        assertEquals(setOf("canceled", "callFailed"), seen, "the OkHttp call was canceled")
        assertEquals(1, server.requestCount)
        client.close()
    }
}
