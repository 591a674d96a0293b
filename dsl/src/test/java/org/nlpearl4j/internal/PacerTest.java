package org.nlpearl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.RateLimitedException;

/** Permits and pauses, on a test scheduler's clock. */
class PacerTest {
  private final TestScheduler clock = new TestScheduler();

  private List<TestObserver<Pacer>> ask(Pacer pacer, int count) {
    List<TestObserver<Pacer>> observers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      observers.add(pacer.permit().test());
    }
    return observers;
  }

  private static long granted(List<TestObserver<Pacer>> observers) {
    return observers.stream().filter(o -> o.values().size() == 1).count();
  }

  @Test
  void aFixedPacerHandsOutItsLimitAndOneMoreForEachPermitGivenBack() {
    Pacer pacer = Pacer.fixed(3, clock);
    List<TestObserver<Pacer>> rows = ask(pacer, 5);
    assertThat(granted(rows)).isEqualTo(3);
    assertThat(pacer.inFlight()).isEqualTo(3);
    pacer.release();
    assertThat(granted(rows)).isEqualTo(4);
    assertThat(pacer.inFlight()).isEqualTo(3);
  }

  @Test
  void aRetryAfterPausesEverySenderUntilItEnds() {
    Pacer pacer = Pacer.fixed(4, clock);
    List<TestObserver<Pacer>> first = ask(pacer, 4);
    assertThat(granted(first)).isEqualTo(4);
    List<TestObserver<Pacer>> waiting = ask(pacer, 4);

    pacer.pauseFor(new RateLimitedException("addLead", null, null, Duration.ofSeconds(2)));
    pacer.release();
    pacer.release();
    // Two permits are free, but the server asked to wait: nobody sends.
    assertThat(granted(waiting)).isZero();
    clock.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).isZero();
    clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(granted(waiting)).isEqualTo(2);
    assertThat(pacer.pauses()).isEqualTo(1);
    assertThat(pacer.paused()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void overlappingRetryAftersAreOnePauseToTheLatestEnd() {
    Pacer pacer = Pacer.fixed(1, clock);
    pacer.pauseFor(new RateLimitedException("addLead", null, null, Duration.ofSeconds(1)));
    clock.advanceTimeBy(500, TimeUnit.MILLISECONDS);
    pacer.pauseFor(new RateLimitedException("addLead", null, null, Duration.ofSeconds(1)));
    pacer.pauseFor(new RateLimitedException("addLead", null, null, Duration.ofMillis(200)));
    TestObserver<Pacer> row = pacer.permit().test();
    clock.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    row.assertNoValues();
    clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    row.assertValueCount(1);
    assertThat(pacer.pauses()).isEqualTo(1);
    assertThat(pacer.paused()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void failuresWithoutRetryAfterDoNotPause() {
    Pacer pacer = Pacer.fixed(1, clock);
    pacer.pauseFor(new RateLimitedException("addLead", null, null, null));
    pacer.pauseFor(new IllegalStateException("not from the server"));
    pacer.permit().test().assertValueCount(1);
    assertThat(pacer.pauses()).isZero();
  }

  @Test
  void aRowDisposedWhileWaitingGivesUpItsPlace() {
    Pacer pacer = Pacer.fixed(1, clock);
    TestObserver<Pacer> first = pacer.permit().test();
    TestObserver<Pacer> gone = pacer.permit().test();
    TestObserver<Pacer> next = pacer.permit().test();
    gone.dispose();
    pacer.release();
    first.assertValueCount(1);
    gone.assertNoValues();
    next.assertValueCount(1);
    assertThat(pacer.inFlight()).isEqualTo(1);
  }

  @Test
  void anAdaptivePacerStartsAtItsInitialLimit() {
    Pacer pacer = Pacer.adaptive(256, clock);
    List<TestObserver<Pacer>> rows = ask(pacer, 100);
    assertThat(granted(rows)).isEqualTo(AdaptiveLimit.INITIAL);
    assertThat(pacer.adaptive()).isTrue();
    assertThat(pacer.pushedBack()).isFalse();
    assertThat(Pacer.fixed(8, clock).adaptive()).isFalse();
  }

  @Test
  void answersReportedBySomeOtherSenderRaiseTheLimitAndHandOutMorePermits() {
    // A sender that is not the SDK's listener (an outbox) reports its own answers.
    Pacer pacer = Pacer.adaptive(256, clock);
    List<TestObserver<Pacer>> rows = ask(pacer, 100);
    for (int i = 0; i < AdaptiveLimit.INITIAL; i++) {
      clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
      pacer.answered(200, Duration.ofMillis(150));
      pacer.release();
    }
    // Slow start: one more per answer that came back as fast as the fastest.
    assertThat(pacer.limit()).isEqualTo(2 * AdaptiveLimit.INITIAL);
    assertThat(granted(rows)).isEqualTo(AdaptiveLimit.INITIAL + 2 * AdaptiveLimit.INITIAL);
    assertThat(pacer.inFlight()).isEqualTo(2 * AdaptiveLimit.INITIAL);
  }

  @Test
  void aRateLimitedAnswerLowersTheLimitAndTheServerCountsAsHavingPushedBack() {
    Pacer pacer = Pacer.adaptive(256, clock);
    ask(pacer, 100);
    for (int i = 0; i < 24; i++) {
      clock.advanceTimeBy(10, TimeUnit.MILLISECONDS);
      pacer.answered(200, Duration.ofMillis(150));
      pacer.release();
    }
    int before = pacer.limit();
    pacer.answered(429, Duration.ofMillis(5));
    assertThat(pacer.limit()).isLessThan(before);
    assertThat(pacer.pushedBack()).isTrue();
    assertThat(pacer.highest()).isEqualTo(before);
    // Other failures say nothing of the server's capacity.
    int after = pacer.limit();
    pacer.answered(400, Duration.ofMillis(5));
    pacer.answered(500, Duration.ofMillis(5));
    assertThat(pacer.limit()).isEqualTo(after);
  }

  @Test
  void aPauseAskedDirectlyStopsEverySenderUntilItEnds() {
    Pacer pacer = Pacer.fixed(2, clock);
    pacer.pause(Duration.ofSeconds(3));
    pacer.pause(Duration.ZERO);
    List<TestObserver<Pacer>> rows = ask(pacer, 2);
    clock.advanceTimeBy(2_999, TimeUnit.MILLISECONDS);
    assertThat(granted(rows)).isZero();
    clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(granted(rows)).isEqualTo(2);
    assertThat(pacer.paused()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void noPauseIsLongerThanTheLongestAllowed() {
    Pacer pacer = Pacer.fixed(1, clock);
    pacer.pause(Duration.ofHours(1));
    TestObserver<Pacer> row = pacer.permit().test();
    clock.advanceTimeBy(Pacer.MAX_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    row.assertValueCount(1);
  }
}
