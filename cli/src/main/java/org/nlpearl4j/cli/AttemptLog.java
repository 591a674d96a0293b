package org.nlpearl4j.cli;

import io.reactivex.rxjava3.core.Single;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.AttemptStarted;
import org.nlpearl4j.CallEnded;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.NlPearlListener;
import org.nlpearl4j.ResponseReceived;
import org.nlpearl4j.RetryScheduled;

/**
 * {@code --verbose}: prints one line per attempt to stderr, when the attempt's fate is known (a
 * retry is scheduled, or the call ends), e.g.
 *
 * <pre>
 * nlpearl: attempt op=addLead row=17 attempt=1 status=429 requestId=00-4bf9...-00 latency=3.2ms then=retry reason=rate_limited delay=1000.0ms
 * nlpearl: attempt op=addLead row=17 attempt=2 status=200 requestId=- latency=2.9ms then=success
 * </pre>
 *
 * <p>The fields, in this order, always present ({@code -} when there is no value): {@code op} (the
 * SDK operation), {@code row} (the CSV row; {@code -} for {@code leads add}/{@code update}), {@code
 * attempt} (1 for the first), {@code status}, {@code requestId} (the id NLPearl support asks for),
 * {@code latency} (start of the attempt to the response, in milliseconds), {@code then} ({@code
 * retry}, {@code success}, {@code failure} or {@code canceled}); after {@code then=retry}: {@code
 * reason} and {@code delay}; after {@code then=failure}: {@code delivery} and {@code error} (the
 * exception's type).
 *
 * <p>No token and no personal data: the lead (phone number, call data) is never read. The row is
 * found by the identity of the request value the importer passed, registered with {@link
 * #tagged}: the listener API has no tag of its own, and {@code getRequest()} is only used as a
 * map key. Only rows in flight are in the map.
 */
final class AttemptLog implements NlPearlListener {
  /** An attempt whose line is not printed yet: its response, if any, is known. */
  private static final class Pending {
    final String row;
    final int attempt;
    volatile int status;
    volatile @Nullable String requestId;
    volatile @Nullable Duration latency;

    Pending(String row, int attempt) {
      this.row = row;
      this.attempt = attempt;
    }
  }

  private final PrintWriter err;
  private final Map<Object, Long> rows = Collections.synchronizedMap(new IdentityHashMap<>());
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  AttemptLog(PrintWriter err) {
    this.err = err;
  }

  /**
   * Returns {@code call} with its attempts logged under {@code row}: the request value is known by
   * its identity from subscription until the call ends.
   */
  <T> Single<T> tagged(Object request, long row, Single<T> call) {
    return Single.defer(() -> {
      rows.put(request, row);
      return call;
    }).doFinally(() -> rows.remove(request));
  }

  @Override
  public void onAttemptStart(AttemptStarted event) {
    Object request = event.getRequest();
    Long row = request == null ? null : rows.get(request);
    pending.put(event.getCallId(),
        new Pending(row == null ? "-" : Long.toString(row), event.getAttempt()));
  }

  @Override
  public void onResponse(ResponseReceived event) {
    Pending attempt = pending.get(event.getCallId());
    if (attempt != null) {
      attempt.status = event.getStatusCode();
      attempt.requestId = event.getRequestId();
      attempt.latency = event.getLatency();
    }
  }

  @Override
  public void onRetry(RetryScheduled event) {
    Pending attempt = pending.remove(event.getCallId());
    if (attempt != null) {
      print(event.getOperation(), attempt, "retry reason="
          + event.getReason().getCode()
          + " delay=" + AttemptStats.millis(event.getDelay().toNanos() / 1e6));
    }
  }

  @Override
  public void onCallEnd(CallEnded event) {
    Pending attempt = pending.remove(event.getCallId());
    if (attempt == null) {
      return; // no attempt (validation failed), or canceled while waiting to retry
    }
    String then;
    if (event.isSuccess()) {
      then = "success";
    } else if (event.isCanceled()) {
      then = "canceled";
    } else {
      Delivery delivery = event.getDelivery();
      Throwable failure = event.getFailure();
      then = "failure delivery=" + delivery + " error="
          + (failure == null ? "-" : failure.getClass().getSimpleName());
    }
    print(event.getOperation(), attempt, then);
  }

  private void print(String operation, Pending attempt, String then) {
    Duration latency = attempt.latency;
    String requestId = attempt.requestId;
    err.println("nlpearl: attempt op=" + operation + " row=" + attempt.row
        + " attempt=" + attempt.attempt
        + " status=" + (attempt.status == 0 ? "-" : Integer.toString(attempt.status))
        + " requestId=" + (requestId == null || requestId.isEmpty() ? "-" : oneToken(requestId))
        + " latency=" + (latency == null ? "-" : AttemptStats.millis(latency.toNanos() / 1e6))
        + " then=" + then);
  }

  /** Keeps a server-given id on one line and one field: whitespace becomes {@code _}. */
  private static String oneToken(String value) {
    StringBuilder token = new StringBuilder(Math.min(value.length(), 128));
    for (int i = 0; i < value.length() && i < 128; i++) {
      char c = value.charAt(i);
      token.append(Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
    }
    return token.toString();
  }
}
