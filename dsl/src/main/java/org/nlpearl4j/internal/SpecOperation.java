package org.nlpearl4j.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a facade method as a way to call one operation of the merged NLPearl spec, named by its
 * operationId (e.g. {@code addLead} for {@code PUT /v1/Outbound/{outboundId}/Lead}).
 *
 * <p>The test {@code SpecCoverageTest} reads these marks: every operation in the spec must be
 * marked on a method reachable from {@code NlPearl}, or be listed as deliberately not exposed.
 *
 * <pre>{@code
 * @SpecOperation("addLead")
 * public Single<String> addLead(NewLead lead) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SpecOperation {
  /**
   * Returns the operationId this method calls.
   *
   * @return the operationId, as in the spec
   */
  String value();
}
