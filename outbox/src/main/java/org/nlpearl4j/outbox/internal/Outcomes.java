package org.nlpearl4j.outbox.internal;

import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.BadRequestException;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NotFoundException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ServerException;
import org.nlpearl4j.UnexpectedResponseException;

/**
 * Whether NLPearl may have acted on a failed request, per the shared delivery contract.
 *
 * <p>TEMPORARY: mirrors {@code org.nlpearl4j.Delivery} until that enum lands in the facade; then
 * {@link #classify} becomes {@code NlPearlException.getDelivery()}.
 */
public final class Outcomes {
  private Outcomes() {
  }

  /** The four delivery outcomes. */
  public enum Delivery {
    /** Nothing left this machine: safe to send again. */
    NEVER_SENT,
    /** The server answered that it did not act: safe to send again. */
    REJECTED,
    /** Sent, no trustworthy answer: may have acted. */
    UNKNOWN,
    /** A 2xx with an unusable body: it acted. */
    ACCEPTED
  }

  /**
   * Classifies a failure of an add or update.
   *
   * @param error what the facade's Single failed with
   * @return the outcome; anything the facade does not document is UNKNOWN
   */
  public static Delivery classify(Throwable error) {
    if (error instanceof InvalidRequestException) {
      return Delivery.NEVER_SENT;
    }
    if (error instanceof NetworkException) {
      return ((NetworkException) error).isConnectFailure() ? Delivery.NEVER_SENT : Delivery.UNKNOWN;
    }
    if (error instanceof RateLimitedException || error instanceof BadRequestException
        || error instanceof AuthenticationException || error instanceof NotFoundException) {
      return Delivery.REJECTED;
    }
    if (error instanceof ServerException) {
      return Delivery.UNKNOWN;
    }
    if (error instanceof UnexpectedResponseException) {
      int status = ((UnexpectedResponseException) error).getStatusCode();
      return status >= 200 && status < 300 ? Delivery.ACCEPTED : Delivery.UNKNOWN;
    }
    return Delivery.UNKNOWN;
  }
}
