package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared fixtures: a token, JSON responses and a virtual-time scheduler that reports scheduling. */
final class TestSupport {
  static final String ACCOUNT_ID = "66552698d60e456235eae520";
  static final String SECRET = "tWPqr5EEZv2dxqutv58NsCg7NuqGc1tX";
  static final String TOKEN = ACCOUNT_ID + ":" + SECRET;

  private TestSupport() {}

  /** A client for the server whose retry delays run on the given scheduler. */
  static NlPearl.Builder client(MockWebServer server, Scheduler retryScheduler) {
    return NlPearl.builder()
        .token(TOKEN)
        .baseUrl(server.url("/").toString())
        .retryScheduler(retryScheduler);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse leadIdResponse(String leadId) {
    return json(200, "{\"leadId\":\"" + leadId + "\"}");
  }

  static MockResponse leadResponse(String leadId, int status) {
    return json(200, "{\"id\":\"" + leadId + "\",\"phoneNumber\":\"+14155550123\",\"status\":"
        + status + "}");
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("").build();
  }

  /** Returns the one error the observer received, failing when it has none or several. */
  static Throwable errorOf(TestObserver<?> observer) {
    AtomicReference<Throwable> error = new AtomicReference<>();
    observer.assertError(e -> {
      error.set(e);
      return true;
    });
    return error.get();
  }

  /**
   * An HTTP client whose calls count down {@code canceled} when they are canceled and {@code
   * failed} when they end in failure, to prove that disposing cancels the call in flight.
   */
  static okhttp3.OkHttpClient cancelWatching(
      java.util.concurrent.CountDownLatch canceled, java.util.concurrent.CountDownLatch failed) {
    return new okhttp3.OkHttpClient.Builder()
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void canceled(okhttp3.Call call) {
            canceled.countDown();
          }

          @Override
          public void callFailed(okhttp3.Call call, java.io.IOException ioe) {
            failed.countDown();
          }
        })
        .build();
  }

  /** Takes the next request, failing (not hanging) when none arrives. */
  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  /**
   * A {@link TestScheduler} that also counts the tasks scheduled on it, so a test can wait until
   * the SDK (on an OkHttp thread) has scheduled a retry before advancing virtual time.
   */
  static final class VirtualTime extends Scheduler {
    final TestScheduler scheduler = new TestScheduler();
    private final Semaphore scheduled = new Semaphore(0);

    @Override
    public Worker createWorker() {
      Worker delegate = scheduler.createWorker();
      return new Worker() {
        @Override
        public Disposable schedule(Runnable run, long delay, TimeUnit unit) {
          Disposable task = delegate.schedule(run, delay, unit);
          scheduled.release();
          return task;
        }

        @Override
        public long now(TimeUnit unit) {
          return delegate.now(unit);
        }

        @Override
        public void dispose() {
          delegate.dispose();
        }

        @Override
        public boolean isDisposed() {
          return delegate.isDisposed();
        }
      };
    }

    @Override
    public long now(TimeUnit unit) {
      return scheduler.now(unit);
    }

    /** Waits until one more task (a retry delay) has been scheduled. */
    void awaitScheduled() throws InterruptedException {
      assertThat(scheduled.tryAcquire(10, TimeUnit.SECONDS))
          .as("a retry was scheduled").isTrue();
    }

    /** Returns whether a task was scheduled (without waiting). */
    boolean anyScheduled() {
      return scheduled.availablePermits() > 0;
    }

    void advance(Duration duration) {
      scheduler.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
