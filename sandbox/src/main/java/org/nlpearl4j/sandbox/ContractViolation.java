package org.nlpearl4j.sandbox;

import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.Violation;

/**
 * One way a request or a response broke the vendored NLPearl spec, as the contract check found
 * it: read-only, from {@link NlPearlSandbox#contractViolations()}.
 *
 * <p>Keys starting with {@code validation.} come from Atlassian's swagger-request-validator; keys
 * starting with {@code nlpearl4j.} come from the sandbox's own checks that cover the validator's
 * gaps (see the module README).
 */
public final class ContractViolation {
  /** Which side of the exchange broke the contract. */
  public enum Direction {
    /** The client's request. */
    REQUEST,
    /** The sandbox's response. */
    RESPONSE
  }

  private final Violation violation;

  ContractViolation(Violation violation) {
    this.violation = violation;
  }

  /** Request or response. */
  public Direction getDirection() {
    return violation.request() ? Direction.REQUEST : Direction.RESPONSE;
  }

  /** The request method. */
  public String getMethod() {
    return violation.method();
  }

  /** The raw request path. */
  public String getPath() {
    return violation.path();
  }

  /** The response status for a response violation, else null. */
  public @Nullable Integer getStatus() {
    return violation.status();
  }

  /** The rule's key, e.g. {@code validation.request.body.schema.additionalProperties}. */
  public String getKey() {
    return violation.key();
  }

  /** What is wrong, in words. */
  public String getMessage() {
    return violation.message();
  }

  /** One line: direction, method, path, key and message. */
  @Override
  public String toString() {
    return violation.toString();
  }
}
