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
