package org.nlpearl4j.internal;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.NlPearlException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.ServerException;

/**
 * Applies a {@link RetryPolicy} to a cold {@link Single}, with the SDK's fixed rules about what
 * may be retried, which follow the failure's {@link Delivery}; delays run on an injected scheduler.
 *
 * <p>When attempts end, the failure reported is the one that says the most about what NLPearl may
 * have done: an earlier attempt that may have acted ({@link Delivery#UNKNOWN}, {@link
 * Delivery#ACCEPTED}) wins over a later one that did not (a later refused connection must not turn
 * "may have acted" into "never sent"); the later failures are attached as suppressed exceptions.
 */
public final class Retries {
  private Retries() {}

  /**
   * Returns whether a failure may be retried.
   *
   * <p>Any operation: a request that was never sent (a {@link NetworkException} with {@link
   * Delivery#NEVER_SENT}) and 429. Idempotent operations also: 502, 503, 504, any other network
   * failure (timeouts, a connection lost before or during the answer) and an unusable 2xx answer
   * ({@link Delivery#ACCEPTED}: sending the same update again is harmless and brings the lead back).
   * Never: validation failures, other 4xx, 500 and other 5xx, undocumented statuses.
   *
   * @param failure the failure, already mapped to an SDK exception
   * @param idempotent whether repeating the operation has no further effect
   * @return true when another attempt is allowed
   */
  public static boolean isRetryable(Throwable failure, boolean idempotent) {
    if (failure instanceof RateLimitedException) {
      return true;
    }
    if (failure instanceof NetworkException) {
      return idempotent || ((NetworkException) failure).getDelivery() == Delivery.NEVER_SENT;
    }
    if (!idempotent) {
      return false;
    }
    if (failure instanceof ServerException) {
      int code = ((ServerException) failure).getStatusCode();
      return code == 502 || code == 503 || code == 504;
    }
    return failure instanceof NlPearlException
        && ((NlPearlException) failure).getDelivery() == Delivery.ACCEPTED;
  }

  /**
   * Returns a Single that subscribes to {@code attempt} again after retryable failures.
   *
   * @param attempt one attempt; cold, subscribed once per attempt
   * @param policy how many attempts and how long between them
   * @param idempotent whether the operation is idempotent
   * @param scheduler runs the delays, or null for {@link Schedulers#computation()} (taken only
   *     when a delay starts, so that a call that is not retried never starts RxJava's pools)
   * @param probe told about each retry before its delay, or null
   * @param <T> the value type
   * @return the retrying Single
   */
  public static <T> Single<T> apply(Single<T> attempt, RetryPolicy policy, boolean idempotent,
      @Nullable Scheduler scheduler, @Nullable CallProbe probe) {
    return attempt(attempt, 1, null, policy, idempotent, scheduler, probe);
  }

  private static <T> Single<T> attempt(
      Single<T> attempt, int number, @Nullable Throwable earlier, RetryPolicy policy,
      boolean idempotent, @Nullable Scheduler scheduler, @Nullable CallProbe probe) {
    return attempt.onErrorResumeNext(failure -> {
      Throwable reported = mostTelling(earlier, failure);
      if (number >= policy.getMaxAttempts() || !isRetryable(failure, idempotent)) {
        return Single.error(reported);
      }
      Duration delay = policy.delayBeforeRetry(number, retryAfter(failure));
      if (probe != null) {
        probe.retryScheduled(delay, failure);
      }
      return Single.timer(delay.toNanos(), TimeUnit.NANOSECONDS,
              scheduler != null ? scheduler : Schedulers.computation())
          .flatMap(tick -> attempt(
              attempt, number + 1, reported, policy, idempotent, scheduler, probe));
    });
  }

  /**
   * Returns the failure to report so far: the latest, unless an earlier one may have acted and the
   * latest may not; the one not reported is attached to it as suppressed.
   */
  private static Throwable mostTelling(@Nullable Throwable earlier, Throwable latest) {
    if (earlier == null || earlier == latest) {
      return latest;
    }
    if (rank(earlier) > rank(latest)) {
      earlier.addSuppressed(latest);
      return earlier;
    }
    latest.addSuppressed(earlier);
    return latest;
  }

  /** 2: it acted; 1: it may have acted; 0: it did not. */
  private static int rank(Throwable failure) {
    if (!(failure instanceof NlPearlException)) {
      return 1;
    }
    switch (((NlPearlException) failure).getDelivery()) {
      case ACCEPTED:
        return 2;
      case UNKNOWN:
        return 1;
      default:
        return 0;
    }
  }

  private static @Nullable Duration retryAfter(Throwable failure) {
    if (failure instanceof RateLimitedException) {
      return ((RateLimitedException) failure).getRetryAfter();
    }
    if (failure instanceof ServerException) {
      return ((ServerException) failure).getRetryAfter();
    }
    return null;
  }
}
