package org.nlpearl4j;

import java.util.Objects;

/**
 * Why a call failed, in one small fixed set that every part of nlpearl4j uses: the exception's
 * {@link NlPearlException#getReason()}, a retry's {@link RetryScheduled#getReason()}, the CLI's
 * {@code reason} column, the outbox's entries and the Micrometer tags.
 *
 * <p>Beside {@link Delivery} (may NLPearl have acted?), the reason says what happened. Each has a
 * stable lowercase {@linkplain #getCode() code} for files, logs and metric tags, and {@linkplain
 * #getDescription() words} for people:
 *
 * <pre>{@code
 * } catch (NlPearlException e) {
 *   metrics.count("lead_failures", "reason", e.getReason().getCode());     // e.g. rate_limited
 *   status.setText(e.getReason().getDescription());                       // e.g. "rate limited"
 * }
 * }</pre>
 */
public enum FailureReason {
  /** The request broke a rule and was not sent ({@link InvalidRequestException}; never sent). */
  INVALID_REQUEST("invalid_request", "invalid"),
  /**
   * NLPearl refused the request: 400 and any 4xx without a reason of its own, 408 and 409 included
   * ({@link BadRequestException}; rejected).
   */
  REJECTED("rejected", "rejected by NLPearl"),
  /** NLPearl refused the credentials: 401 or 403 ({@link AuthenticationException}; rejected). */
  AUTHENTICATION("authentication", "not authorized"),
  /** NLPearl answered 404: unknown campaign, pearl or lead ({@link NotFoundException}; rejected). */
  NOT_FOUND("not_found", "not found"),
  /** NLPearl answered 429 Too Many Requests ({@link RateLimitedException}; rejected). */
  RATE_LIMITED("rate_limited", "rate limited"),
  /** NLPearl or a gateway answered 5xx ({@link ServerException}; unknown). */
  SERVER_ERROR("server_error", "server error"),
  /**
   * No connection could be made: DNS failure, connection refused, connect timeout, TLS handshake
   * failure ({@link NetworkException#isConnectFailure()}; never sent).
   */
  NETWORK_BEFORE_SENDING("network_before_sending", "network: could not connect"),
  /**
   * The connection broke after the request may have been sent, before a status arrived ({@link
   * NetworkException}; unknown).
   */
  NETWORK_AFTER_SENDING("network_after_sending", "network: connection lost"),
  /**
   * A timeout expired after the request may have been sent, before a status arrived ({@link
   * NetworkException#isTimeout()}; unknown).
   */
  TIMEOUT("timeout", "network: timed out"),
  /**
   * A 2xx status arrived but its body broke off (connection lost or timed out mid-body): NLPearl
   * acted, its answer is lost ({@link NetworkException} with a status; accepted).
   */
  ANSWER_CUT_SHORT("answer_cut_short", "network: answer cut short"),
  /**
   * The answer could not be used: a 2xx body that is empty, malformed, too large, of the wrong JSON
   * types or without a plausible id (accepted), or a status the API does not document such as a
   * redirect (unknown) ({@link UnexpectedResponseException}).
   */
  BAD_RESPONSE("bad_response", "unexpected response"),
  /**
   * The caller stopped waiting for a call in flight (disposed it, or shut down): whether it reached
   * NLPearl is unknown. The SDK emits nothing after a dispose, so no exception carries this reason;
   * it is for tools that record such calls, as the CLI and the metrics do.
   */
  CANCELLED("cancelled", "cancelled"),
  /**
   * The failure is not an {@link NlPearlException}: a bug (in nlpearl4j, or in code it called such
   * as a listener); whether the request left is unknown. See {@link #of(Throwable)}.
   */
  INTERNAL_ERROR("internal_error", "internal error");

  private final String code;
  private final String description;

  FailureReason(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /**
   * Returns the reason's stable code: lowercase, with underscores, fit for a CSV column, a log field
   * or a metric tag; it never changes once released.
   *
   * @return e.g. {@code rate_limited}
   */
  public String getCode() {
    return code;
  }

  /**
   * Returns the reason in words for messages and summaries.
   *
   * @return e.g. {@code rate limited}, {@code network: connection lost}
   */
  public String getDescription() {
    return description;
  }

  /**
   * Returns the reason of any failure: an {@link NlPearlException}'s own, {@link #INTERNAL_ERROR}
   * for anything else.
   *
   * <pre>{@code error -> log.warn("add failed: {}", FailureReason.of(error).getCode())}</pre>
   *
   * @param failure what an RxJava {@code onError} received
   * @return the reason
   */
  public static FailureReason of(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    return failure instanceof NlPearlException
        ? ((NlPearlException) failure).getReason() : INTERNAL_ERROR;
  }

  /**
   * Returns the reason with this {@linkplain #getCode() code}, e.g. when reading back a file.
   *
   * @param code a code, e.g. {@code rate_limited}
   * @return the reason
   * @throws IllegalArgumentException when no reason has this code
   */
  public static FailureReason fromCode(String code) {
    for (FailureReason reason : values()) {
      if (reason.code.equals(Objects.requireNonNull(code, "code"))) {
        return reason;
      }
    }
    throw new IllegalArgumentException("no FailureReason has the code '" + code + "'");
  }

  /** The reason of a network failure, from what happened to the connection. */
  static FailureReason ofNetwork(Delivery delivery, boolean timeout) {
    switch (delivery) {
      case NEVER_SENT:
        return NETWORK_BEFORE_SENDING;
      case ACCEPTED:
        return ANSWER_CUT_SHORT;
      default:
        return timeout ? TIMEOUT : NETWORK_AFTER_SENDING;
    }
  }
}
