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
  void neverAboveItsMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(20);
    long now = 0;
    for (int i = 0; i < 10; i++) {
      now = roundTrip(limit, now, 10 * MS);
    }
    assertThat(limit.get()).isEqualTo(20);
  }

  @Test
  void anOverloadSetsTheLimitFromTheRateTheServerSustained() {
    AdaptiveLimit limit = new AdaptiveLimit(256);
    // 300 answers a second, each after 150 ms, for three seconds: 45 in flight sustain that.
    long now = 0;
    for (int i = 0; i < 900; i++) {
      now = i * 1_000_000_000L / 300;
      limit.onSuccess(now, 150 * MS, 64);
    }
    int before = limit.get();
    limit.onOverload(now + MS);
    // 0.9 x 300/s x 0.15 s = 40.5: a little under what the server takes.
    assertThat(limit.get()).isEqualTo(40);
    assertThat(before).isGreaterThan(40);
    assertThat(limit.slowStart()).isFalse();
    assertThat(limit.overloads()).isEqualTo(1);
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
    limit.onOverload(now);
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
    assertThat(limit.get()).isLessThan(before / 2 + 1);
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
