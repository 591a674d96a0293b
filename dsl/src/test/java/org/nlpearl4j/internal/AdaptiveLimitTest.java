package org.nlpearl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The limit of {@code --concurrency auto}, driven by a clock of the test's own. */
class AdaptiveLimitTest {
  private static final long MS = 1_000_000L;

  /** Answers every request in flight once per round trip, as a server that takes them all does. */
  private static long roundTrip(AdaptiveLimit limit, long now, long rtt) {
    int inFlight = limit.get();
    long at = now + rtt;
    for (int i = 0; i < inFlight; i++) {
      limit.onSuccess(at, rtt, inFlight);
    }
    return at;
  }

  @Test
  void slowStartDoublesEveryRoundTripWhileAnswersStayFast() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    assertThat(limit.get()).isEqualTo(AdaptiveLimit.INITIAL);
    long now = 0;
    now = roundTrip(limit, now, 150 * MS);
    assertThat(limit.get()).isEqualTo(16);
    now = roundTrip(limit, now, 150 * MS);
    assertThat(limit.get()).isEqualTo(32);
    roundTrip(limit, now, 150 * MS);
    assertThat(limit.get()).isEqualTo(64);
    assertThat(limit.slowStart()).isTrue();
  }

  @Test
  void slowFirstAnswersOfAColdStartAreNotAQueue() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 8; i++) {
      limit.onSuccess(now += 10 * MS, 900 * MS, 8); // connections opened, classes loaded
    }
    now = roundTrip(limit, now, 150 * MS);
    now = roundTrip(limit, now, 150 * MS);
    assertThat(limit.slowStart()).isTrue();
    assertThat(limit.get()).isGreaterThanOrEqualTo(32);
  }

  @Test
  void oneSlowAnswerJustAfterTheFastestYetIsNotAQueue() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    limit.onSuccess(10 * MS, 900 * MS, 8); // cold
    limit.onSuccess(20 * MS, 100 * MS, 8); // the fastest yet
    limit.onSuccess(30 * MS, 250 * MS, 8); // a collection of the client's garbage
    assertThat(limit.slowStart()).isTrue();
    assertThat(limit.get()).isEqualTo(AdaptiveLimit.INITIAL + 3);
  }

  @Test
  void aStallOfTheClientThatDelaysEveryAnswerInFlightAtOnceIsNotAQueue() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 3; i++) {
      now = roundTrip(limit, now, 100 * MS); // 8 -> 64
    }
    int before = limit.get();
    // The client stopped for 400 ms: the 64 answers in flight all come late, within 20 ms.
    for (int i = 0; i < 64; i++) {
      limit.onSuccess(now + 400 * MS + i * MS / 4, 500 * MS, 64);
    }
    now += 420 * MS;
    // Then every answer is fast again: the smoothed round trip comes down within a round trip.
    for (int i = 0; i < 64; i++) {
      limit.onSuccess(now + i * MS, 100 * MS, 64);
    }
    assertThat(limit.get()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void neverAboveItsMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(20);
    long now = 0;
    for (int i = 0; i < 10; i++) {
      now = roundTrip(limit, now, 10 * MS);
    }
    assertThat(limit.get()).isEqualTo(20);
  }

  /** Answers at {@code perSecond}, each after {@code rtt}, from {@code from} for {@code count}. */
  private static long steady(AdaptiveLimit limit, long from, int count, double perSecond,
      long rtt) {
    long now = from;
    for (int i = 0; i < count; i++) {
      now = from + (long) (i * 1e9 / perSecond);
      limit.onSuccess(now, rtt, limit.get());
    }
    return now;
  }

  @Test
  void theSlowStartEndsAtWhatTheServerTookAnsweredAndInFlight() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 4; i++) {
      now = roundTrip(limit, now, 150 * MS); // 8 -> 128: the server's burst lets it through
    }
    assertThat(limit.slowStart()).isTrue();
    now = endOfSlowStart(limit, now);
    assertThat(limit.slowStart()).isFalse();
    // 90% of it, then one more every round trip up to 45.
    assertThat(limit.get()).isEqualTo(40);
    now += 200 * MS;
    for (int i = 0; i < 5; i++) {
      now = roundTrip(limit, now, 150 * MS);
    }
    assertThat(limit.get()).isEqualTo(45);
    for (int i = 0; i < 6; i++) {
      now = roundTrip(limit, now, 150 * MS);
    }
    assertThat(limit.get()).as("beyond it, one every sixteen round trips").isEqualTo(45);
  }

  /**
   * Ends a slow start as {@link #theSlowStartEndsAtWhatTheServerTookAnsweredAndInFlight} does:
   * the answers of the last second came at 300/s and 45 more are in flight (sent in the last
   * round trip), so the server took 300 + 45 over 1.15 s: 300/s, 45 in flight at 150 ms.
   */
  private static long endOfSlowStart(AdaptiveLimit limit, long from) {
    long now = steady(limit, from + 200 * MS, 300, 300, 150 * MS);
    limit.onOverload(now + MS, 46);
    return now + MS;
  }

  @Test
  void anOverloadSetsTheLimitFromTheRateTheServerSustained() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = endOfSlowStart(limit, 0);
    // Then 300 answers a second, each after 150 ms, for six seconds: 45 in flight sustain that.
    now = steady(limit, now + 200 * MS, 1_800, 300, 150 * MS);
    int before = limit.get();
    limit.onOverload(now + MS);
    // 0.9 x 300/s x 0.15 s = 40.5: a little under what the server takes.
    assertThat(limit.get()).isEqualTo(40);
    assertThat(before).isGreaterThan(40);
    assertThat(limit.overloads()).isEqualTo(2);
  }

  @Test
  void afterAnOverloadInSteadySendingItStaysUnderTheRateTheServerTookForAWhile() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = endOfSlowStart(limit, 0);
    // Climbs to 45 in a round trip or five, then slowly: steady sending from then on.
    now = steady(limit, now + 200 * MS, 1_500, 300, 150 * MS);
    assertThat(limit.rateCeiling(now)).isZero();
    limit.onOverload(now + MS);
    assertThat(limit.rateCeiling(now + MS)).isBetween(299.0, 301.0);
    // 95% of 300/s at 150 ms is 42.75 in flight: it climbs back to it fast, and no further.
    long later = steady(limit, now + 200 * MS, 9_000, 300, 150 * MS);
    assertThat(limit.get()).isEqualTo(42);
    // After the hold, it probes above it again.
    long after = now + MS + AdaptiveLimit.HOLD_NANOS;
    assertThat(limit.rateCeiling(after)).isZero();
    steady(limit, Math.max(after, later + MS), 3_000, 300, 150 * MS);
    assertThat(limit.get()).isGreaterThan(42);
  }

  @Test
  void anOverloadAtTheEndOfAClimbSetsNoRateToStayUnder() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = endOfSlowStart(limit, 0) + 200 * MS; // at 40, climbing fast to 45
    now = roundTrip(limit, now, 150 * MS);
    now = roundTrip(limit, now, 150 * MS);
    assertThat(limit.get()).isLessThan(45);
    // Still climbing one per round trip: what it sends is no measure of the server.
    limit.onOverload(now + MS);
    assertThat(limit.rateCeiling(now + MS)).isZero();
  }

  @Test
  void requestsAreSpacedOverTheFastestRoundTrip() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    assertThat(limit.spacing()).as("nothing known yet").isZero();
    limit.onSuccess(0, 200 * MS, 8);
    // 9 requests per 200 ms, sent up to 2.5 times as fast during the slow start: 8.9 ms apart.
    assertThat(limit.get()).isEqualTo(9);
    assertThat(limit.spacing()).isEqualTo(200 * MS / 9 * 10 / 25);
    limit.onOverload(MS, 8);
    // Then 1.25 times: the limit rules, but a window of requests does not leave at once.
    assertThat(limit.spacing()).isEqualTo((long) (200 * MS / (limit.get() * 1.25)));
  }

  @Test
  void aLimitAtItsMaximumIsPacedAsSettledEvenInItsSlowStart() {
    // A sender capped below the server's capacity (an outbox with maxInFlight 8) never sees a 429:
    // its slow start never ends, and its permits must not stay at the probing pace.
    AdaptiveLimit limit = new AdaptiveLimit(8);
    limit.onSuccess(0, 100 * MS, 8);
    assertThat(limit.get()).isEqualTo(8);
    assertThat(limit.slowStart()).isTrue();
    assertThat(limit.spacing()).isEqualTo((long) (100 * MS / (8 * 1.25)));
  }

  @Test
  void theOtherOverloadsOfTheSameBurstChangeNothing() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 4; i++) {
      now = roundTrip(limit, now, 100 * MS);
    }
    limit.onOverload(now);
    int after = limit.get();
    // Requests sent before the first 429 came back come back 429 within a round trip.
    for (int i = 1; i <= 50; i++) {
      limit.onOverload(now + i * MS);
    }
    assertThat(limit.get()).isEqualTo(after);
    assertThat(limit.overloads()).isEqualTo(1);
    // A round trip later, a 429 is a new overload.
    limit.onOverload(now + 200 * MS);
    assertThat(limit.get()).isLessThan(after);
    assertThat(limit.overloads()).isEqualTo(2);
  }

  @Test
  void afterAnOverloadItGrowsOneEveryRoundTripThenSlowlyNearTheLimitThatOverloaded() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 3; i++) {
      now = roundTrip(limit, now, 100 * MS); // 8 -> 64
    }
    limit.onOverload(now, 64); // the end of the slow start
    for (int i = 0; i < 20; i++) {
      now = roundTrip(limit, now + 200 * MS, 100 * MS); // back near 64, quickly
    }
    while (limit.get() < 64) {
      now = roundTrip(limit, now, 100 * MS);
    }
    limit.onOverload(now); // a climb's overload
    assertThat(limit.get()).isLessThan(64);
    now += 200 * MS;
    int rounds = 0;
    while (limit.get() < AdaptiveLimit.NEAR * 64 && rounds < 100) {
      now = roundTrip(limit, now, 100 * MS);
      rounds++;
    }
    int near = limit.get();
    assertThat(rounds).as("about one per round trip").isLessThan(60);
    for (int i = 0; i < 32; i++) {
      now = roundTrip(limit, now, 100 * MS);
    }
    // Near the limit that overloaded: one every sixteen round trips.
    assertThat(limit.get()).isBetween(near + 1, near + 3);
  }

  @Test
  void theRateIsMeasuredSinceThePauseEnded() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    for (int i = 0; i < 300; i++) {
      limit.onSuccess(i * 10 * MS, 100 * MS, 64); // 100/s for three seconds
    }
    assertThat(limit.rate(2_990 * MS)).isBetween(99.0, 101.0);
    limit.pausedUntil(4_000 * MS); // then nothing for a second: a Retry-After
    assertThat(limit.rate(4_100 * MS)).as("too short a span: the last rate").isBetween(99.0, 101.0);
    for (int i = 0; i < 100; i++) {
      limit.onSuccess(4_000 * MS + i * 5 * MS, 100 * MS, 64); // 200/s for half a second
    }
    assertThat(limit.rate(4_500 * MS)).isBetween(199.0, 201.0);
  }

  @Test
  void latencyThatStaysHighLowersTheLimitButOneSlowAnswerDoesNot() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    long now = 0;
    for (int i = 0; i < 3; i++) {
      now = roundTrip(limit, now, 100 * MS);
    }
    int before = limit.get();
    // One answer after 5 s (a pause of the client's JVM): the smoothed round trip moves an eighth.
    limit.onSuccess(now + MS, 5_000 * MS, before);
    assertThat(limit.get()).isGreaterThanOrEqualTo(before);
    // Then every answer takes three times as long: a queue at the server.
    now += MS;
    for (int i = 0; i < 40; i++) {
      now += 10 * MS;
      limit.onSuccess(now, 300 * MS, limit.get());
    }
    assertThat(limit.get()).isLessThan(before * 6 / 10);
    for (int i = 0; i < 40; i++) {
      now += 10 * MS;
      limit.onSuccess(now, 300 * MS, limit.get());
    }
    assertThat(limit.get()).as("and lower while it stays high").isLessThan(before / 2 + 1);
    assertThat(limit.slowStart()).isFalse();
  }

  @Test
  void usingLessThanHalfTheLimitTeachesNothing() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    for (int i = 0; i < 1000; i++) {
      limit.onSuccess(i * MS, 100 * MS, 3);
    }
    assertThat(limit.get()).isEqualTo(AdaptiveLimit.INITIAL);
  }

  @Test
  void theRateCountsTheAnswersOfTheLastWindow() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    assertThat(limit.rate(0)).isZero();
    for (int i = 0; i < 100; i++) {
      limit.onSuccess(i * 10 * MS, MS, 1); // 100/s for one second
    }
    assertThat(limit.rate(990 * MS)).isBetween(100.0, 102.0);
    for (int i = 0; i < 1000; i++) {
      limit.onSuccess(1_000 * MS + i * 5 * MS, MS, 1); // then 200/s for five seconds
    }
    assertThat(limit.rate(6_000 * MS)).isBetween(199.0, 201.0);
  }
}
