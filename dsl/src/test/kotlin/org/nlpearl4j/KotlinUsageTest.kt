package org.nlpearl4j

import io.reactivex.rxjava3.schedulers.TestScheduler
import java.time.Duration
import java.time.ZoneId
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.test.fail
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import mockwebserver3.junit5.StartStop
import org.junit.jupiter.api.Test

/**
 * The public API as a Kotlin user writes it: trailing lambdas for builders, getters read as
 * properties, JSpecify nullness seen as Kotlin types, `when` over exceptions and enums.
 */
class KotlinUsageTest {
  @StartStop
  val server = MockWebServer()

  private val token = "66552698d60e456235eae520:tWPqr5EEZv2dxqutv58NsCg7NuqGc1tX"

  private fun client(): NlPearl =
    NlPearl.builder()
      .token(token)
      .baseUrl(server.url("/").toString())
      .retryPolicy { it.maxAttempts(2).initialBackoff(Duration.ofSeconds(1)).jitter(RetryPolicy.Jitter.NONE) }
      .retryScheduler(TestScheduler())
      .readTimeout(Duration.ofSeconds(5))
      .build()

  private fun json(code: Int, body: String): MockResponse =
    MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build()

  @Test
  fun addsALeadWithATrailingLambda() {
    server.enqueue(json(200, """{"leadId":"lead-1"}"""))

    val leadId: String = client().outbound("out-1").addLead {
      it.phoneNumber("+1 (415) 555-0123")
        .externalId("crm-42")
        .timeZone(ZoneId.of("Europe/Paris"))
        .callData("email", "joe@example.com")
    }.blockingGet()

    assertEquals("lead-1", leadId)
    val request = server.takeRequest(10, TimeUnit.SECONDS) ?: fail("no request")
    assertEquals(
      """{"phoneNumber":"+14155550123","externalId":"crm-42","timeZoneId":"Romance Standard Time","callData":{"email":"joe@example.com"}}""",
      request.body?.utf8(),
    )
  }

  @Test
  fun updatesALeadAndReadsItsPropertiesWithKotlinNullness() {
    server.enqueue(
      json(
        200,
        """{"id":"lead-1","phoneNumber":"+14155550123","status":130,"created":"2025-03-14T09:26:53Z",
           "lastCall":{"status":4,"duration":61,"collectedData":{"transcript":[{"role":2,"content":"Hi","startTime":0.5}]}}}""",
      ),
    )

    val lead = client().pearl("pearl-1").updateLead("lead-1") { it.status(SettableLeadStatus.COMPLETED) }.blockingGet()

    val id: String? = lead.id
    val status: LeadStatus = lead.status
    assertEquals("lead-1", id)
    assertEquals(LeadStatus.COMPLETED, status)
    assertEquals(130, lead.statusCode)
    assertNull(lead.externalId)
    assertEquals(emptyList(), lead.callIds)
    val call = lead.lastCall ?: fail("no last call")
    assertEquals(CallStatus.COMPLETED, call.status)
    assertEquals(Duration.ofSeconds(61), call.duration)
    val first = call.transcript.first()
    assertEquals(TranscriptRole.PEARL, first.role)
    assertEquals(Duration.ofMillis(500), first.startOffset)
    assertEquals("Hi", first.content)
    val outcome = when (lead.status) {
      LeadStatus.SUCCESS, LeadStatus.COMPLETED -> "done"
      LeadStatus.UNKNOWN -> "code ${lead.statusCode}"
      else -> "pending"
    }
    assertEquals("done", outcome)
    assertEquals("""{"status":130}""", server.takeRequest(10, TimeUnit.SECONDS)?.body?.utf8())
  }

  @Test
  fun handlesErrorsWithWhen() {
    server.enqueue(
      json(
        400,
        """{"title":"One or more validation errors occurred.","status":400,
           "errors":{"PhoneNumber":["The PhoneNumber field is required."]},"traceId":"00-abc-01"}""",
      ),
    )
    val observer = client().outbound("out-1").addLead { it.phoneNumber("+14155550123") }.test()
    assertTrue(observer.await(10, TimeUnit.SECONDS))

    var described = ""
    observer.assertError { e ->
      described = when (e) {
        is InvalidRequestException -> "fix: ${e.problems.keys}"
        is BadRequestException -> "server says ${e.problems["PhoneNumber"]} (${e.statusCode}, ${e.requestId})"
        is AuthenticationException -> "check the token"
        is RateLimitedException -> "retry after ${e.retryAfter}"
        is NetworkException -> if (e.isConnectFailure) "offline" else "unsure"
        is NlPearlException -> "failed: ${e.message}"
        else -> "bug: $e"
      }
      true
    }
    assertEquals("server says [The PhoneNumber field is required.] (400, 00-abc-01)", described)
  }

  /** The README's snippet: an exhaustive `when` over the delivery, no `else` needed. */
  private fun outcome(e: Throwable): String = when ((e as? NlPearlException)?.delivery ?: Delivery.UNKNOWN) {
    Delivery.NEVER_SENT -> "not added (nothing was sent), try again"
    Delivery.REJECTED -> "not added: ${e.message}"
    Delivery.UNKNOWN -> "may already be added: check before adding again"
    Delivery.ACCEPTED -> "added (its id could not be read)"
  }

  @Test
  fun tellsWhetherNlPearlMayHaveActed() {
    server.enqueue(json(502, "<html>Bad gateway</html>"))
    server.enqueue(json(200, """{"leadId":"lead\u0000id"}"""))
    server.enqueue(json(404, ""))

    fun addFails(outboundId: String): Throwable =
      client().outbound(outboundId).addLead { it.phoneNumber("+14155550123") }.test()
        .also { assertTrue(it.await(10, TimeUnit.SECONDS)) }.errors()

    assertEquals("may already be added: check before adding again", outcome(addFails("out-1")))
    val accepted = addFails("out-1")
    assertEquals("added (its id could not be read)", outcome(accepted))
    assertTrue((accepted as NlPearlException).delivery.mayHaveActed())
    assertTrue(outcome(addFails("out-1")).startsWith("not added: addLead failed: HTTP 404 Not Found"))
    assertEquals("not added (nothing was sent), try again", outcome(addFails("out 1")))
    assertEquals(3, server.requestCount)
  }

  @Test
  fun reportsEveryInvalidFieldBeforeSending() {
    val error = client().outbound(" ").addLead { it.externalId("").callData("email", null) }
      .test()
      .errors()

    val invalid = assertIs<InvalidRequestException>(error)
    assertEquals(listOf("outboundId", "phoneNumber", "externalId", "callData.email"), invalid.problems.keys.toList())
    assertEquals(listOf("is required"), invalid.problems["phoneNumber"])
    assertEquals("addLead", invalid.operation)
    assertEquals(0, server.requestCount)

    val eager = assertFailsWith<InvalidRequestException> { LeadUpdate.of { } }
    assertEquals(setOf("$"), eager.problems.keys)
  }

  @Test
  fun valuesAreImmutableDataWithBuilders() {
    val lead = NewLead.of { it.phoneNumber("+33 1 23 45 67 89").callData(mapOf("a" to "1", "b" to "2")) }
    val changed = lead.toBuilder().externalId("crm-9").build()

    assertEquals("+33123456789", lead.phoneNumber)
    assertEquals(mapOf("a" to "1", "b" to "2"), lead.callData)
    assertEquals(lead, lead.toBuilder().build())
    assertNotEquals(lead, changed)
    assertEquals("crm-9", changed.externalId)

    val fake = Lead.of { it.id("lead-1").status(LeadStatus.NEW).lastCall { call -> call.status(CallStatus.BUSY) } }
    assertEquals(CallStatus.BUSY, fake.lastCall?.status)
    assertEquals(SettableLeadStatus.NOT_SUCCESSFUL, SettableLeadStatus.fromName("not successful"))
    assertEquals(LeadStatus.UNKNOWN, LeadStatus.fromCode(999))
    assertEquals("Romance Standard Time", WindowsTimeZones.fromZoneId(ZoneId.of("Europe/Paris")))
  }

  @Test
  fun configuresAndClosesTheClient() {
    val policy = RetryPolicy.of { it.maxAttempts(5).jitter(RetryPolicy.Jitter.EQUAL) }

    NlPearl.builder().credentials("66552698d60e456235eae520", "tWPqr5EEZv2dxqutv58NsCg7NuqGc1tX")
      .retryPolicy(policy)
      .connectTimeout(Duration.ofSeconds(5))
      .callTimeout(Duration.ofSeconds(30))
      .userAgentSuffix("kotlin-app/1.0")
      .build()
      .use { client ->
        assertEquals(5, client.retryPolicy.maxAttempts)
        assertEquals("66552698d60e456235eae520", client.accountId)
        assertTrue(client.userAgent.endsWith(" kotlin-app/1.0"))
        assertTrue("tWPqr5EEZv2dxqutv58NsCg7NuqGc1tX" !in client.toString())
        assertEquals("out-1", client.outbound("out-1").outboundId)
        assertEquals("pearl-1", client.pearl("pearl-1").pearlId)
      }
    val refused = assertFailsWith<IllegalArgumentException> {
      NlPearl.builder().token("66552698d60e456235eae520:tWPqr5EEZv2dxqutv58NsCg7NuqGc1tX").baseUrl("http://10.0.2.2:8080").build()
    }
    assertTrue("allowCleartextHost" in (refused.message ?: ""))
  }

  @Test
  fun buildsTestDoublesForItsOwnTests() {
    val problem = ValidationProblem.of { it.title("Invalid").status(400).error("phoneNumber", "is required") }
    val refused = BadRequestException("addLead", 400, "trace-1", problem)
    val missing = NotFoundException("updateLead", 404, null, null)
    val limited = RateLimitedException("addLead", null, null, Duration.ofSeconds(3))
    val call = LastCall.of {
      it.status(CallStatus.NO_ANSWER)
        .addTranscriptMessage(TranscriptMessage.of { m -> m.role(TranscriptRole.CLIENT).content("Allo?") })
        .addCollectedInfo(CollectedInfo.of { i -> i.id("callback").value(true) })
    }

    assertEquals(mapOf("phoneNumber" to listOf("is required")), refused.problems)
    assertEquals("trace-1", refused.requestId)
    assertEquals(404, missing.statusCode)
    assertNull(missing.problem)
    assertEquals(Duration.ofSeconds(3), limited.retryAfter)
    assertEquals(TranscriptRole.CLIENT, call.transcript.single().role)
    assertEquals(true, call.collectedInfos.single().value)
    assertTrue(listOf<NlPearlException>(refused, missing, limited).all { it.message!!.contains(" failed: HTTP ") })
  }

  private fun <T : Any> io.reactivex.rxjava3.observers.TestObserver<T>.errors(): Throwable {
    var error: Throwable? = null
    assertError { error = it; true }
    return error ?: fail("no error")
  }

  @Test
  fun aListenerIsAnObjectExpressionWithOnlyTheMethodsItNeeds() {
    server.enqueue(
      MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req-42").body("""{"leadId":"lead-1"}""").build()
    )
    val ended = mutableListOf<CallEnded>()
    val client = client().toBuilder()
      .listener(object : NlPearlListener {
        override fun onCallEnd(event: CallEnded) {
          ended += event
        }
      })
      .build()

    client.outbound("out-1").addLead { it.phoneNumber("+14155550123") }.blockingGet()

    val call = ended.single()
    assertTrue(call.isSuccess)
    assertNull(call.delivery)
    assertEquals("req-42", call.requestId)
    assertEquals(200, call.statusCode)
    assertEquals(1, call.attempts)
    assertEquals("lead-1", call.leadId)
  }
}
