package org.nlpearl4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The worker pool and the token bucket, driven by hand. */
class CapacityWorkersTest {
  @Test
  void beyondTheWorkersARequestWaitsInLineUntilOneLeaves() throws Exception {
    Capacity capacity = new Capacity(0, 0, 0, 0, 2, System::nanoTime);
    assertThat(capacity.enter()).isTrue();
    assertThat(capacity.enter()).isTrue();
    CountDownLatch entered = new CountDownLatch(1);
    Thread third = new Thread(() -> {
      try {
        capacity.enter();
        entered.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    third.start();
    // The third request is parked in line, whatever the time it is given.
    while (third.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    assertThat(entered.getCount()).isEqualTo(1);
    capacity.leave();
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    third.join();
  }

  @Test
  void withoutAWorkerLimitNothingWaitsAndNothingIsTaken() throws Exception {
    Capacity capacity = new Capacity(0, 0, 0, 0, 0, System::nanoTime);
    for (int i = 0; i < 1000; i++) {
      assertThat(capacity.enter()).isFalse();
      assertThat(capacity.take()).isZero();
    }
  }

  @Test
  void theBucketRefillsAtTheRateUpToItsBurst() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    Capacity capacity = new Capacity(100, 10, 0, 0, 0, now::get);
    for (int i = 0; i < 10; i++) {
      assertThat(capacity.take()).isZero();
    }
    assertThat(capacity.take()).isEqualTo(10_000_000L);
    now.addAndGet(25_000_000L); // 2.5 tokens
    assertThat(capacity.take()).isZero();
    assertThat(capacity.take()).isZero();
    assertThat(capacity.take()).isEqualTo(5_000_000L);
    now.addAndGet(60_000_000_000L);
    int taken = 0;
    while (capacity.take() == 0) {
      taken++;
    }
    assertThat(taken).isEqualTo(10);
  }
}
