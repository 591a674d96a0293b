package org.nlpearl4j.sandbox.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One request the sandbox received and what it answered. Headers are already redacted. */
public final class Exchange {
  private final long sequence;
  private final Instant receivedAt;
  private final String method;
  private final String path;
  private final @Nullable String query;
  private final Map<String, List<String>> headers;
  private final String body;
  private final @Nullable String operation;
  private final @Nullable String accountId;
  private final boolean authorized;
  private final int status;
  private final int handledStatus;
  private final @Nullable Fault fault;

  public Exchange(
      long sequence,
      Instant receivedAt,
      String method,
      String path,
      @Nullable String query,
      Map<String, List<String>> headers,
      String body,
      @Nullable String operation,
      @Nullable String accountId,
      boolean authorized,
      int status,
      int handledStatus,
      @Nullable Fault fault) {
    this.sequence = sequence;
    this.receivedAt = receivedAt;
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = Collections.unmodifiableMap(headers);
    this.body = body;
    this.operation = operation;
    this.accountId = accountId;
    this.authorized = authorized;
    this.status = status;
    this.handledStatus = handledStatus;
    this.fault = fault;
  }

  public long sequence() {
    return sequence;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public @Nullable String query() {
    return query;
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  public String body() {
    return body;
  }

  public @Nullable String operation() {
    return operation;
  }

  public @Nullable String accountId() {
    return accountId;
  }

  public boolean authorized() {
    return authorized;
  }

  public int status() {
    return status;
  }

  /** The status the sandbox's own handling produced; 0 when a fault replaced the handling. */
  public int handledStatus() {
    return handledStatus;
  }

  public @Nullable Fault fault() {
    return fault;
  }

  public @Nullable String faultLabel() {
    return fault == null ? null : fault.label();
  }
}
