package org.nlpearl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} against the two server shapes, in virtual time ({@link
 * RateLimitedServer}): the rate over the whole import and the 429s it costs. The same shapes run
 * for real, with the CLI and the sandbox on loopback, in benchmarks/pace.sh; this one guards the
 * algorithm without a clock on the wall.
 */
class PaceSimulationTest {
  @Test
  void atThreeHundredASecondItReachesMostOfTheLimitWithFewRefusals() {
    RateLimitedServer.Run run =
        new RateLimitedServer(300, 100, Duration.ofMillis(150)).importRows(10_000);
    assertThat(run.shareOf(300)).as(run.toString()).isGreaterThan(0.93);
    assertThat(run.share429()).as(run.toString()).isLessThan(0.01);
    // The end of the slow start, then one overload in steady sending: the rate to stay under.
    assertThat(run.pacer.pauses()).as(run.toString()).isLessThanOrEqualTo(2);
  }

  @Test
  void atFiftyASecondWithASmallBurstToo() {
    RateLimitedServer.Run run =
        new RateLimitedServer(50, 17, Duration.ofMillis(400)).importRows(2_000);
    assertThat(run.shareOf(50)).as(run.toString()).isGreaterThan(0.9);
    assertThat(run.share429()).as(run.toString()).isLessThan(0.01);
  }

  @Test
  void aFixedLimitTooHighCollectsRefusalsAndPauses() {
    RateLimitedServer server = new RateLimitedServer(300, 100, Duration.ofMillis(150));
    RateLimitedServer.Run run = server.importRows(10_000, Pacer.fixed(128, server.clock()));
    assertThat(run.share429()).as(run.toString()).isGreaterThan(0.1);
    assertThat(run.shareOf(300)).as(run.toString()).isLessThan(0.5);
  }
}
