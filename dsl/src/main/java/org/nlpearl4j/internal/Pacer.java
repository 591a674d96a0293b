package org.nlpearl4j.internal;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NlPearlListener;
import org.nlpearl4j.RateLimitedException;
import org.nlpearl4j.ResponseReceived;
import org.nlpearl4j.RetryScheduled;
import org.nlpearl4j.ServerException;

/**
 * Paces the requests of every sender that shares it: hands out permits to send, at most {@link
 * #limit()} at once, and none while the server's {@code Retry-After} runs. The limit is fixed
 * ({@link #fixed}) or found as the requests go ({@link #adaptive}, {@link AdaptiveLimit}): the
 * CLI's import uses it, and so may any sender that sends several requests at once (an outbox).
 *
 * <p>A sender does three things:
 *
 * <ol>
 *   <li>waits for a permit without blocking a thread: {@link #permit()}, a cold {@code Single};
 *   <li>reports each answer with its round trip, {@link #answered(int, Duration)}, and each
 *       {@code Retry-After}, {@link #pause(Duration)}, which stops every sender until it ends; as a
 *       {@link NlPearlListener} of the client ({@code NlPearl.Builder.listener}) it gets both from
 *       the SDK's events, retries included;
 *   <li>gives the permit back when the request is over, whatever its end: {@link #release()}.
 * </ol>
 *
 * <pre>{@code
 * Pacer pacer = Pacer.adaptive(256, Schedulers.computation());
 * NlPearl client = NlPearl.builder().token(token).listener(pacer).build();
 * Single<String> leadId = pacer.permit()
 *     .flatMap(permit -> client.outbound(outboundId).addLead(lead)
 *         .doOnError(pacer::pauseFor)      // the last attempt's Retry-After
 *         .doFinally(pacer::release));
 * }</pre>
 *
 * <p>Thread-safe. Time comes from the scheduler ({@code Scheduler.now}), which also ends the
 * pauses, so tests drive it with a {@code TestScheduler}.
 *
 * <p>Internal: not a public API of nlpearl4j; it may change in any release.
 */
public final class Pacer implements NlPearlListener {
  /** The longest a single {@code Retry-After} pauses the senders. */
  public static final Duration MAX_PAUSE = Duration.ofMinutes(1);

  private final @Nullable AdaptiveLimit adaptive;
  private final int fixed;
  private final Scheduler scheduler;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private int inFlight;
  private long pausedUntil = Long.MIN_VALUE;
  private long pauses;
  private long pausedNanos;
  private int lowest = Integer.MAX_VALUE;
  private int highest;
  private long started = Long.MIN_VALUE;
  private long settledSince = Long.MIN_VALUE;
  private long lastChange;
  private int lastLimit;
  private double limitNanosSum;
  private long limitNanos;

  private Pacer(@Nullable AdaptiveLimit adaptive, int fixed, Scheduler scheduler) {
    this.adaptive = adaptive;
    this.fixed = fixed;
    this.scheduler = scheduler;
  }

  /**
   * A pacer with a fixed limit ({@code --concurrency N}): always {@code limit} in flight, paused by
   * {@code Retry-After}.
   */
  public static Pacer fixed(int limit, Scheduler scheduler) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return new Pacer(null, limit, scheduler);
  }

  /**
   * A pacer whose limit adapts ({@code --concurrency auto}), from {@link AdaptiveLimit#INITIAL} up
   * to {@code max}.
   */
  public static Pacer adaptive(int max, Scheduler scheduler) {
    return new Pacer(new AdaptiveLimit(max), max, scheduler);
  }

  /** Tells whether the limit adapts ({@code auto}). */
  public boolean adaptive() {
    return adaptive != null;
  }

  /**
   * Returns a cold Single that waits for a permit to send, then emits this pacer; give the permit
   * back with {@link #release()}. Disposing it while it waits gives up the place in line.
   */
  public Single<Pacer> permit() {
    return Single.create(emitter -> {
      Waiter waiter = new Waiter(emitter);
      synchronized (this) {
        waiting.addLast(waiter);
      }
      emitter.setCancellable(() -> {
        if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
          synchronized (this) {
            waiting.remove(waiter);
          }
        }
      });
      dispatch();
    });
  }

  /** Gives back a permit {@link #permit()} handed out. */
  public void release() {
    synchronized (this) {
      inFlight--;
    }
    dispatch();
  }

  /** Returns the limit now. */
  public synchronized int limit() {
    return currentLimit();
  }

  /** Returns how many permits are out. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /**
   * Returns the limit the import settled at: with {@code auto}, its average over time since the
   * server first pushed back (the limit now when it never did); else the fixed limit.
   */
  public synchronized int settled() {
    AdaptiveLimit limit = adaptive;
    if (limit == null || settledSince == Long.MIN_VALUE) {
      return currentLimit();
    }
    long now = now();
    double sum = limitNanosSum + (double) lastLimit * (now - lastChange);
    long nanos = limitNanos + (now - lastChange);
    return nanos <= 0 ? currentLimit() : (int) Math.round(sum / nanos);
  }

  /** Returns the lowest limit seen once requests were sent. */
  public synchronized int lowest() {
    return lowest == Integer.MAX_VALUE ? currentLimit() : lowest;
  }

  /** Returns the highest limit seen. */
  public synchronized int highest() {
    return Math.max(highest, currentLimit());
  }

  /** Returns how many times a {@code Retry-After} paused the senders. */
  public synchronized long pauses() {
    return pauses;
  }

  /** Returns how long the senders were paused in all. */
  public synchronized Duration paused() {
    return Duration.ofNanos(pausedNanos);
  }

  /** Tells whether the server ever pushed back (429, 503 or rising latency). */
  public synchronized boolean pushedBack() {
    return settledSince != Long.MIN_VALUE;
  }

  /** Takes the answer of an HTTP exchange into account: {@link #answered(int, Duration)}. */
  @Override
  public void onResponse(ResponseReceived event) {
    answered(event.getStatusCode(), event.getLatency());
  }

  /** Pauses every sender for the {@code Retry-After} of a retried failure: {@link #pauseFor}. */
  @Override
  public void onRetry(RetryScheduled event) {
    pauseFor(event.getFailure());
  }

  /**
   * Takes an answer of the server into account: a 2xx with its round trip may raise the limit, a
   * 429 or 503 lowers it (one cut per burst), other statuses change nothing. Call it once per
   * HTTP exchange, retries included, while the permit is held (the client's listener does).
   *
   * @param statusCode the answer's HTTP status
   * @param roundTrip from sending the request to the answer's headers
   */
  public void answered(int statusCode, Duration roundTrip) {
    synchronized (this) {
      AdaptiveLimit limit = adaptive;
      if (limit != null) {
        long now = now();
        if (statusCode >= 200 && statusCode < 300) {
          limit.onSuccess(now, roundTrip.toNanos(), inFlight);
        } else if (statusCode == 429 || statusCode == 503) {
          limit.onOverload(now);
        }
        track(now);
      }
    }
    dispatch();
  }

  /**
   * Pauses every sender for the {@code Retry-After} of a 429 or 5xx, if it has one: the SDK's
   * listener reports the retried attempts ({@link #onRetry}); call it with a request's last
   * failure. Other failures change nothing.
   */
  public void pauseFor(Throwable failure) {
    Duration retryAfter = null;
    if (failure instanceof RateLimitedException) {
      retryAfter = ((RateLimitedException) failure).getRetryAfter();
    } else if (failure instanceof ServerException) {
      retryAfter = ((ServerException) failure).getRetryAfter();
    }
    if (retryAfter != null) {
      pause(retryAfter);
    }
  }

  /**
   * Hands out no permit until {@code retryAfter} from now (at most {@link #MAX_PAUSE}): a pause
   * of every sender, as a server's {@code Retry-After} asks. Overlapping pauses make one, to the
   * latest end; a zero or negative duration changes nothing.
   */
  public void pause(Duration retryAfter) {
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      return;
    }
    long nanos = Math.min(retryAfter.toNanos(), MAX_PAUSE.toNanos());
    synchronized (this) {
      long now = now();
      long until = now + nanos;
      if (until <= pausedUntil) {
        return;
      }
      pausedNanos += until - Math.max(now, pausedUntil);
      if (pausedUntil < now) {
        pauses++;
      }
      pausedUntil = until;
      AdaptiveLimit limit = adaptive;
      if (limit != null) {
        limit.pausedUntil(until);
      }
    }
    scheduler.scheduleDirect(this::dispatch, nanos, TimeUnit.NANOSECONDS);
  }

  private int currentLimit() {
    AdaptiveLimit limit = adaptive;
    return limit == null ? fixed : limit.get();
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  /** Keeps the lowest, highest and time-weighted limit; under the lock. */
  private void track(long now) {
    int current = currentLimit();
    AdaptiveLimit limit = adaptive;
    if (settledSince == Long.MIN_VALUE && limit != null && !limit.slowStart()) {
      settledSince = now;
      lastChange = now;
      lastLimit = current;
    } else if (settledSince != Long.MIN_VALUE && current != lastLimit) {
      limitNanosSum += (double) lastLimit * (now - lastChange);
      limitNanos += now - lastChange;
      lastChange = now;
      lastLimit = current;
    }
    if (started != Long.MIN_VALUE) {
      lowest = Math.min(lowest, current);
    }
    highest = Math.max(highest, current);
  }

  /** Hands out the permits the limit allows, outside the lock. */
  private void dispatch() {
    List<Waiter> granted = new ArrayList<>();
    synchronized (this) {
      long now = now();
      if (now < pausedUntil) {
        return;
      }
      int limit = currentLimit();
      while (inFlight < limit && !waiting.isEmpty()) {
        granted.add(waiting.pollFirst());
        inFlight++;
      }
      if (!granted.isEmpty() && started == Long.MIN_VALUE) {
        started = now;
      }
    }
    for (Waiter waiter : granted) {
      if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
        waiter.emitter.onSuccess(this);
      } else {
        release(); // disposed meanwhile: the permit goes to the next in line
      }
    }
  }

  /** A row waiting for a permit; granted or cancelled once. */
  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final SingleEmitter<Pacer> emitter;
    final java.util.concurrent.atomic.AtomicInteger state =
        new java.util.concurrent.atomic.AtomicInteger(WAITING);

    Waiter(SingleEmitter<Pacer> emitter) {
      this.emitter = emitter;
    }
  }
}
