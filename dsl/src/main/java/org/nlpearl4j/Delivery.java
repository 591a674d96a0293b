package org.nlpearl4j;

/**
 * Whether NLPearl may have acted on a request that failed: the answer to "may I send it again?".
 *
 * <p>Every {@link NlPearlException} carries one ({@link NlPearlException#getDelivery()}). Sending an
 * add again after {@link #UNKNOWN} or {@link #ACCEPTED} may create a second lead, i.e. a person
 * called twice; sending it again after {@link #NEVER_SENT} or {@link #REJECTED} cannot.
 *
 * <pre>{@code
 * client.outbound(outboundId).addLead(lead).subscribe(
 *     leadId -> results.added(row, leadId),
 *     error -> {
 *       Delivery delivery = error instanceof NlPearlException
 *           ? ((NlPearlException) error).getDelivery() : Delivery.UNKNOWN;
 *       if (delivery.isSafeToSendAgain()) {
 *         results.failed(row, error.getMessage());        // NLPearl did not store it
 *       } else {
 *         results.unknown(row, error.getMessage());       // check before adding it again
 *       }
 *     });
 * }</pre>
 */
public enum Delivery {
  /**
   * Nothing left this machine: client-side validation failed ({@link InvalidRequestException}), or
   * the connection could not be made (DNS failure, connection refused, connect timeout, TLS
   * handshake failure). NLPearl cannot have acted; safe to send again.
   */
  NEVER_SENT,
  /**
   * The server answered that it did not act: HTTP 400, 401, 403, 404, 429 and every other 4xx (a
   * 4xx says the server refused the request without carrying it out; 408 and 409 included). Safe
   * to send again, after fixing what was refused.
   */
  REJECTED,
  /**
   * The request was sent but no trustworthy answer came back: a 5xx (a gateway may answer 502 or
   * 504 after the backend stored the lead), a timeout or a lost connection after sending, or a
   * status outside 2xx/4xx/5xx. NLPearl may have acted; sending an add again may duplicate it.
   */
  UNKNOWN,
  /**
   * The server answered 2xx, so it acted, but the body could not be used (empty, malformed, too
   * large, cut short, or without a plausible {@code leadId}). For an add, the lead exists but its
   * id is unknown; do not send it again.
   */
  ACCEPTED;

  /**
   * Returns whether NLPearl may have carried out the request.
   *
   * @return true for {@link #UNKNOWN} and {@link #ACCEPTED}
   */
  public boolean mayHaveActed() {
    return this == UNKNOWN || this == ACCEPTED;
  }

  /**
   * Returns whether sending the same request again cannot make NLPearl act twice.
   *
   * @return true for {@link #NEVER_SENT} and {@link #REJECTED}
   */
  public boolean isSafeToSendAgain() {
    return this == NEVER_SENT || this == REJECTED;
  }

  /** The clause appended to exception messages; no request data, so no secret can leak. */
  String describe() {
    switch (this) {
      case NEVER_SENT:
        return "delivery NEVER_SENT: not sent, safe to send again";
      case REJECTED:
        return "delivery REJECTED: NLPearl did not act on it, safe to send again";
      case ACCEPTED:
        return "delivery ACCEPTED: NLPearl accepted it (an added lead exists), do not send it again";
      default:
        return "delivery UNKNOWN: NLPearl may have acted on it (may have stored it)";
    }
  }
}
