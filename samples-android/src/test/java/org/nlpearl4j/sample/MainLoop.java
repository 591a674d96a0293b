package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for Android's main looper in plain JVM tests: work posted to {@link #scheduler()} waits
 * in a queue until the test thread runs it, so results reach the view on the test thread only, and
 * only when the test says so.
 */
final class MainLoop {
  /** How long to wait for the network before a test gives up (a hang guard, not a speed check). */
  static final long PATIENCE_SECONDS = 20;

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Scheduler scheduler = Schedulers.from(queue::add);

  Scheduler scheduler() {
    return scheduler;
  }

  /** Runs posted work until {@code done} holds, waiting for work to be posted when there is none. */
  void runUntil(BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      Runnable next = queue.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
      assertThat(next).as("nothing was posted to the main loop").isNotNull();
      next.run();
    }
  }

  /** Runs whatever is posted already, without waiting. */
  void runPending() {
    for (Runnable next; (next = queue.poll()) != null; ) {
      next.run();
    }
  }

  boolean isIdle() {
    return queue.isEmpty();
  }
}
