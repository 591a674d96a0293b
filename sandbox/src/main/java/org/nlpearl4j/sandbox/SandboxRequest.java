package org.nlpearl4j.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.Exchange;

/**
 * A request the sandbox received and how it answered, for assertions: read-only, from
 * {@link NlPearlSandbox#recordedRequests()}. The secret part of the Authorization header is
 * replaced by {@code ***} (use {@link #getAccountId()} and {@link #isAuthorized()} to check
 * which token was sent).
 *
 * <pre>{@code
 * SandboxRequest last = sandbox.recordedRequests().get(0);
 * assertEquals("addLead", last.getOperation());
 * assertTrue(last.getBody().contains("\"phoneNumber\""));
 * }</pre>
 */
public final class SandboxRequest {
  private final Exchange exchange;

  SandboxRequest(Exchange exchange) {
    this.exchange = exchange;
  }

  /** Arrival order within the sandbox, from 1. */
  public long getSequence() {
    return exchange.sequence();
  }

  /** When the request arrived, by the sandbox's clock. */
  public Instant getReceivedAt() {
    return exchange.receivedAt();
  }

  /** The HTTP method, upper case. */
  public String getMethod() {
    return exchange.method();
  }

  /** The raw (still percent-encoded) path, e.g. {@code /v1/Outbound/abc/Lead}. */
  public String getPath() {
    return exchange.path();
  }

  /** The raw query string, if any. */
  public @Nullable String getQuery() {
    return exchange.query();
  }

  /** The request headers as received, except that the Authorization secret is redacted. */
  public Map<String, List<String>> getHeaders() {
    return exchange.headers();
  }

  /** The first value of a header (name matched without regard to case), or null. */
  public @Nullable String getHeader(String name) {
    for (Map.Entry<String, List<String>> header : exchange.headers().entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  /** The body as UTF-8 text (empty when there was none). */
  public String getBody() {
    return exchange.body();
  }

  /** {@code addLead} or {@code updateLead} when the path is one of the two operations, else null. */
  public @Nullable String getOperation() {
    return exchange.operation();
  }

  /** The account id of a bearer token shaped {@code AccountId:SecretKey}, else null. */
  public @Nullable String getAccountId() {
    return exchange.accountId();
  }

  /** True when the bearer token was one the sandbox accepts. */
  public boolean isAuthorized() {
    return exchange.authorized();
  }

  /** The status sent, or 0 when a fault dropped the connection. */
  public int getResponseStatus() {
    return exchange.status();
  }

  /** The injected fault applied to this request, e.g. {@code status 429 (Retry-After 2 s)}, or null. */
  public @Nullable String getFault() {
    return exchange.faultLabel();
  }

  /**
   * The status the sandbox's own handling produced, or 0 when the request was not handled (a
   * fault answered or dropped the connection before handling). It differs from
   * {@link #getResponseStatus()} when a fault was sent after handling, e.g. 200 here and 502 there
   * for a gateway error after the lead was stored.
   */
  public int getHandledStatus() {
    return exchange.handledStatus();
  }

  /**
   * True when a fault was applied and the request was still handled (the lead stored or updated
   * when the handling succeeded): see {@link FaultKind#isAfterHandling()}.
   */
  public boolean isFaultAfterHandling() {
    return exchange.fault() != null && exchange.fault().afterHandling();
  }

  /** Shows the method, path, status and fault; never the token. */
  @Override
  public String toString() {
    return "SandboxRequest{#" + getSequence() + " " + getMethod() + " " + getPath() + " -> " + getResponseStatus()
        + (getFault() == null ? "" : " [" + getFault() + "]") + "}";
  }
}
