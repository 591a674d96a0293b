/**
 * An in-process NLPearl server on loopback for tests, demos and benchmarks.
 *
 * <p>Start one with {@link org.nlpearl4j.sandbox.NlPearlSandbox#builder()}, point a client at
 * {@link org.nlpearl4j.sandbox.NlPearlSandbox#baseUrl()} and use
 * {@link org.nlpearl4j.sandbox.NlPearlSandbox#DEFAULT_TOKEN} (or a token you configured):
 * <pre>{@code
 * try (NlPearlSandbox sandbox = NlPearlSandbox.builder().strictContract(true).build().start()) {
 *   // PUT sandbox.baseUrl() + "v1/Outbound/my-campaign/Lead" ...
 *   sandbox.assertNoContractViolations();
 * }
 * }</pre>
 */
@NullMarked
package org.nlpearl4j.sandbox;

import org.jspecify.annotations.NullMarked;
