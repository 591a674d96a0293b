package org.nlpearl4j.kotlin

import io.reactivex.rxjava3.core.Scheduler
import io.reactivex.rxjava3.disposables.Disposable
import io.reactivex.rxjava3.schedulers.TestScheduler
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import mockwebserver3.SocketEffect
import mockwebserver3.junit5.StartStop
import okhttp3.Call
import okhttp3.EventListener
import okhttp3.OkHttpClient
import org.junit.jupiter.api.Test
import org.nlpearl4j.NlPearl
import org.nlpearl4j.RetryPolicy
import org.nlpearl4j.sandbox.NlPearlSandbox

/** Cancelling the coroutine that waits for an operation cancels the HTTP call, and any retry. */
class CancellationTest {
    @StartStop
    val server = MockWebServer()

    @Test
    fun cancellingTheCoroutineCancelsTheInFlightHttpCall() = runBlocking {
        server.enqueue(MockResponse.Builder().onResponseStart(SocketEffect.Stall).build())
        val events = LinkedBlockingQueue<String>()
        val client = cancelRecordingClient(server.url("/").toString(), events)

        val update = async(Dispatchers.IO) { client.pearl("pearl-1").update("lead-1") { externalId = "x" } }
        val request = withContext(Dispatchers.IO) { server.takeRequest(10, TimeUnit.SECONDS) }
        assertNotNull(request, "the update reached the server")
        update.cancel()

        assertFailsWith<CancellationException> { update.await() }
        // OkHttp closes the socket before it reports the cancellation, so the two events may come
        // in either order on a loaded machine; both must come, and nothing else.
        val seen = setOf(events.poll(10, TimeUnit.SECONDS), events.poll(10, TimeUnit.SECONDS))
        assertEquals(setOf("canceled", "callFailed"), seen, "the OkHttp call was canceled and ended")
        assertEquals(1, server.requestCount)
        client.close()
    }

    @Test
    fun cancellingDuringTheBackoffStopsFurtherAttempts() = runBlocking {
        val campaign = "65f1c0ffee0000000000abcd"
        NlPearlSandbox.builder().campaign(campaign).build().start().use { sandbox ->
            val time = VirtualTime()
            val callsStarted = AtomicInteger()
            val counting = OkHttpClient.Builder()
                .eventListener(object : EventListener() {
                    override fun callStart(call: Call) {
                        callsStarted.incrementAndGet()
                    }
                })
                .build()
            val client = NlPearl.builder()
                .okHttpClient(counting)
                .token(NlPearlSandbox.DEFAULT_TOKEN)
                .baseUrl(sandbox.baseUrl())
                .retryPolicy { it.maxAttempts(3).jitter(RetryPolicy.Jitter.NONE) }
                .retryScheduler(time)
                .build()
            val leadId = client.outbound(campaign).add { phoneNumber = "+33123456789" }
            sandbox.faults().next(1).status(503)

            val update = async(Dispatchers.IO) { client.pearl(campaign).update(leadId) { externalId = "crm-1" } }
            time.awaitScheduled()
            update.cancel()
            assertFailsWith<CancellationException> { update.await() }
            // A retry that was not disposed would start its HTTP call right here, on this thread.
            time.advance(Duration.ofMinutes(5))

            assertEquals(2, callsStarted.get(), "the add and the one failed update, no retry")
            assertEquals(2, sandbox.recordedRequests().size, "the add and the one failed update")
            assertEquals(null, sandbox.lead(campaign, leadId).get().externalId, "the update was never applied")
            client.close()
        }
    }

    /** A TestScheduler that tells when a retry delay has been scheduled on it. */
    private class VirtualTime : Scheduler() {
        private val scheduler = TestScheduler()
        private val scheduled = Semaphore(0)

        override fun createWorker(): Worker {
            val delegate = scheduler.createWorker()
            return object : Worker() {
                override fun schedule(run: Runnable, delay: Long, unit: TimeUnit): Disposable =
                    delegate.schedule(run, delay, unit).also { scheduled.release() }

                override fun dispose() = delegate.dispose()

                override fun isDisposed(): Boolean = delegate.isDisposed
            }
        }

        fun awaitScheduled() = assertTrue(scheduled.tryAcquire(10, TimeUnit.SECONDS), "a retry was scheduled")

        fun advance(duration: Duration) = scheduler.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS)
    }
}
