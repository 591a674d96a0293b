package org.nlpearl4j.sample;

import java.util.Objects;

/** Why an action failed, for the screen to put in words. */
public final class Failure {
  /** The kinds of failure the rep can tell apart and act on. */
  public enum Kind {
    /** The form breaks a rule; the fields say which (detail: problems not tied to a field). */
    INVALID,
    /** NLPearl answered 400 (detail: what it said that no field shows). */
    REJECTED,
    /** NLPearl answered 401 or 403: the token is wrong. */
    AUTHENTICATION,
    /** NLPearl answered 404: unknown campaign or lead. */
    NOT_FOUND,
    /** NLPearl answered 429. */
    RATE_LIMITED,
    /** NLPearl answered 5xx. */
    SERVER,
    /** No answer: offline, wrong address, server down, timeout (detail: the SDK's message). */
    NETWORK,
    /** Anything else (detail: the SDK's message, which never contains the secret key). */
    UNEXPECTED
  }

  private final Kind kind;
  private final int statusCode;
  private final String detail;

  Failure(Kind kind, int statusCode, String detail) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.statusCode = statusCode;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** What went wrong. */
  public Kind getKind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no answer or no request. */
  public int getStatusCode() {
    return statusCode;
  }

  /** Extra words for the rep, possibly empty. */
  public String getDetail() {
    return detail;
  }

  @Override
  public String toString() {
    return "Failure{" + kind + ", " + statusCode + ", " + detail + "}";
  }
}
