package org.nlpearl4j.kotlin

import org.nlpearl4j.NlPearl
import org.nlpearl4j.RetryPolicy
import org.nlpearl4j.sandbox.NlPearlSandbox

/** The only campaign the [strictSandbox] knows. */
internal const val SANDBOX_CAMPAIGN = "65f1c0ffee0000000000abcd"

/** A started sandbox in strict contract mode that knows [SANDBOX_CAMPAIGN] and no other campaign. */
internal fun strictSandbox(): NlPearlSandbox = NlPearlSandbox.builder()
    .strictContract(true)
    .campaign(SANDBOX_CAMPAIGN)
    .autoCreateCampaigns(false)
    .build()
    .start()

/** A client with the sandbox's token for [baseUrl] that never retries, so each fault is seen once. */
internal fun sandboxClient(baseUrl: String): NlPearl = NlPearl.builder()
    .token(NlPearlSandbox.DEFAULT_TOKEN)
    .baseUrl(baseUrl)
    .retryPolicy(RetryPolicy.none())
    .build()

/**
 * A client for a (stalling) server at [baseUrl] whose HTTP calls add "canceled" and "callFailed" to
 * [events]; long timeouts, so nothing but a cancellation ends a stalled call during a test.
 */
internal fun cancelRecordingClient(baseUrl: String, events: java.util.concurrent.BlockingQueue<String>): NlPearl {
    val observed = okhttp3.OkHttpClient.Builder()
        .eventListener(object : okhttp3.EventListener() {
            override fun canceled(call: okhttp3.Call) {
                events.add("canceled")
            }

            override fun callFailed(call: okhttp3.Call, ioe: java.io.IOException) {
                events.add("callFailed")
            }
        })
        .build()
    return NlPearl.builder()
        .token(NlPearlSandbox.DEFAULT_TOKEN)
        .baseUrl(baseUrl)
        .okHttpClient(observed)
        .readTimeout(java.time.Duration.ofMinutes(2))
        .build()
}
