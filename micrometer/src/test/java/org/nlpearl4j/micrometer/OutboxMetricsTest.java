package org.nlpearl4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** The outbox's gauges, read from a {@link SimpleMeterRegistry}, as the outbox drains. */
class OutboxMetricsTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder().start();
  private final NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  private double entries(String state) {
    Gauge gauge = registry.get(OutboxMetrics.ENTRIES).tag("outbox", "crm").tag("state", state)
        .gauge();
    return gauge.value();
  }

  private double oldestWaitingSeconds() {
    TimeGauge gauge = registry.get(OutboxMetrics.OLDEST_WAITING).tag("outbox", "crm").timeGauge();
    return gauge.value(TimeUnit.SECONDS);
  }

  @Test
  void gaugesShowTheEntriesByStateAndHowLongTheOldestHasWaited() {
    try (LeadOutbox outbox = LeadOutbox.open(dir.toFile(), client)) {
      String first = outbox.add(CAMPAIGN, NewLead.of(l -> l.phoneNumber("+14155550001")))
          .blockingGet();
      outbox.add(CAMPAIGN, NewLead.of(l -> l.phoneNumber("+14155550002"))).blockingGet();
      outbox.add(CAMPAIGN, NewLead.of(l -> l.phoneNumber("+14155550003"))).blockingGet();
      clock.wall = outbox.entry(first).getCreated().toEpochMilli() + 42_500;

      OutboxMetrics metrics = OutboxMetrics.builder(outbox, registry).tag("outbox", "crm").bind();

      assertThat(entries("waiting")).isEqualTo(3);
      assertThat(entries("sending")).isZero();
      assertThat(entries("added")).isZero();
      assertThat(entries("unknown")).isZero();
      assertThat(registry.find(OutboxMetrics.ENTRIES).gauges()).hasSize(6);
      assertThat(oldestWaitingSeconds()).isEqualTo(42.5);

      sandbox.faults().next(1).status(400);
      assertThat(outbox.drain().blockingAwait(30, TimeUnit.SECONDS)).isTrue();

      // One read of the store serves every gauge for a second (one read per scrape).
      assertThat(entries("waiting")).isEqualTo(3);
      clock.monotonic += TimeUnit.SECONDS.toNanos(1);
      assertThat(entries("waiting")).isZero();
      assertThat(entries("added")).isEqualTo(2);
      assertThat(entries("rejected")).isEqualTo(1);
      assertThat(oldestWaitingSeconds()).isZero();
      assertThat(sandbox.leads(CAMPAIGN)).hasSize(2);

      metrics.close();
      assertThat(registry.find(OutboxMetrics.ENTRIES).gauges()).isEmpty();
      assertThat(registry.find(OutboxMetrics.OLDEST_WAITING).timeGauges()).isEmpty();
    }
  }

  /** A clock the test moves. */
  private static final class TestClock implements Clock {
    volatile long wall = System.currentTimeMillis();
    volatile long monotonic = 1_000_000_000L;

    @Override
    public long wallTime() {
      return wall;
    }

    @Override
    public long monotonicTime() {
      return monotonic;
    }
  }
}
