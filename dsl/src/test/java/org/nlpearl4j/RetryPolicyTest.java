package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static RetryPolicy.Builder base() {
    return RetryPolicy.builder().initialBackoff(Duration.ofMillis(500))
        .maxBackoff(Duration.ofSeconds(3)).multiplier(2.0);
  }

  @Test
  void defaultsAreThreeAttemptsWithFullJitter() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults.getMaxAttempts()).isEqualTo(3);
    assertThat(defaults.getJitter()).isEqualTo(RetryPolicy.Jitter.FULL);
    assertThat(defaults.getInitialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(defaults.getMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.none().getMaxAttempts()).isEqualTo(1);
  }

  @Test
  void withoutJitterTheDelayGrowsExponentiallyUpToTheCap() {
    RetryPolicy policy = base().jitter(RetryPolicy.Jitter.NONE).build();

    assertThat(policy.delayBeforeRetry(1, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayBeforeRetry(2, null)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delayBeforeRetry(3, null)).isEqualTo(Duration.ofMillis(2000));
    assertThat(policy.delayBeforeRetry(4, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delayBeforeRetry(60, null)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void fullJitterScalesTheWholeDelayEqualJitterOnlyHalf() {
    RetryPolicy full = base().jitter(RetryPolicy.Jitter.FULL).random(() -> 0.5).build();
    RetryPolicy equal = base().jitter(RetryPolicy.Jitter.EQUAL).random(() -> 0.5).build();
    RetryPolicy equalLow = base().jitter(RetryPolicy.Jitter.EQUAL).random(() -> 0.0).build();

    assertThat(full.delayBeforeRetry(3, null)).isEqualTo(Duration.ofMillis(1000));
    assertThat(equal.delayBeforeRetry(3, null)).isEqualTo(Duration.ofMillis(1500));
    assertThat(equalLow.delayBeforeRetry(3, null)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void retryAfterReplacesTheBackoffUpToItsCap() {
    RetryPolicy policy = base().maxRetryAfter(Duration.ofSeconds(30)).random(() -> 0.1).build();

    assertThat(policy.delayBeforeRetry(1, Duration.ofSeconds(12))).isEqualTo(Duration.ofSeconds(12));
    assertThat(policy.delayBeforeRetry(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayBeforeRetry(1, Duration.ofSeconds(-5))).isEqualTo(Duration.ZERO);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(5))
        .maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.defaults().delayBeforeRetry(0, null))
        .isInstanceOf(IllegalArgumentException.class);
    RetryPolicy broken = RetryPolicy.builder().random(() -> 2.0).build();
    assertThatThrownBy(() -> broken.delayBeforeRetry(1, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toBuilderRoundTripsAndEqualityIsByValue() {
    RetryPolicy policy = RetryPolicy.of(r -> r.maxAttempts(5).jitter(RetryPolicy.Jitter.EQUAL));

    assertThat(policy.toBuilder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
    assertThat(policy).isNotEqualTo(RetryPolicy.defaults());
    assertThat(policy.toString()).contains("maxAttempts=5", "EQUAL");
    assertThat(RetryPolicy.none()).hasToString("RetryPolicy{none}");
  }
}
