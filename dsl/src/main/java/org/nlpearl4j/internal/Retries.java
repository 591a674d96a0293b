package org.nlpearl4j.internal;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NetworkException;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.ServerException;

/**
 * Applies a {@link RetryPolicy} to a cold {@link Single}, with the SDK's fixed rules about what
 * may be retried; delays run on an injected scheduler.
 */
public final class Retries {
  private Retries() {}

  /**
   * Returns whether a failure may be retried.
   *
   * <p>Any operation: a request that never reached the server ({@link
   * NetworkException#isConnectFailure()}) and 429. Idempotent operations also: 502, 503, 504 and
   * any other network failure, timeouts included.
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
      return idempotent || ((NetworkException) failure).isConnectFailure();
    }
    if (failure instanceof ServerException) {
      int code = ((ServerException) failure).getStatusCode();
      return idempotent && (code == 502 || code == 503 || code == 504);
    }
    return false;
  }

  /**
   * Returns a Single that subscribes to {@code attempt} again after retryable failures.
   *
   * @param attempt one attempt; cold, subscribed once per attempt
   * @param policy how many attempts and how long between them
   * @param idempotent whether the operation is idempotent
   * @param scheduler runs the delays
   * @param <T> the value type
   * @return the retrying Single
   */
  public static <T> Single<T> apply(
      Single<T> attempt, RetryPolicy policy, boolean idempotent, Scheduler scheduler) {
    return attempt(attempt, 1, policy, idempotent, scheduler, null);
  }

  /**
   * Like {@link #apply(Single, RetryPolicy, boolean, Scheduler)}, telling {@code probe} about
   * each retry.
   *
   * @param attempt one attempt; cold, subscribed once per attempt
   * @param policy how many attempts and how long between them
   * @param idempotent whether the operation is idempotent
   * @param scheduler runs the delays
   * @param probe told about each retry before its delay
   * @param <T> the value type
   * @return the retrying Single
   */
  public static <T> Single<T> apply(Single<T> attempt, RetryPolicy policy, boolean idempotent,
      Scheduler scheduler, CallProbe probe) {
    return attempt(attempt, 1, policy, idempotent, scheduler, probe);
  }

  private static <T> Single<T> attempt(Single<T> attempt, int number, RetryPolicy policy,
      boolean idempotent, Scheduler scheduler, @Nullable CallProbe probe) {
    if (number >= policy.getMaxAttempts()) {
      return attempt;
    }
    return attempt.onErrorResumeNext(failure -> {
      if (!isRetryable(failure, idempotent)) {
        return Single.error(failure);
      }
      Duration delay = policy.delayBeforeRetry(number, retryAfter(failure));
      if (probe != null) {
        probe.retryScheduled(delay, failure);
      }
      return Single.timer(delay.toNanos(), TimeUnit.NANOSECONDS, scheduler)
          .flatMap(tick -> attempt(attempt, number + 1, policy, idempotent, scheduler, probe));
    });
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
