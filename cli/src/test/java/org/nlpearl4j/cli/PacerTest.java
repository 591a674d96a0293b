package org.nlpearl4j.cli;

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
  void anAdaptivePacerStartsAtItsInitialLimitAndSaysWhereItSettled() {
    Pacer pacer = Pacer.adaptive(256, clock);
    List<TestObserver<Pacer>> rows = ask(pacer, 100);
    assertThat(granted(rows)).isEqualTo(AdaptiveLimit.INITIAL);
    assertThat(pacer.pushedBack()).isFalse();
    assertThat(LeadsImportCommand.inFlight(pacer))
        .isEqualTo("auto: reached 8 and the server never pushed back");
    assertThat(LeadsImportCommand.inFlight(Pacer.fixed(8, clock))).isEqualTo("8 (fixed)");
  }
}
