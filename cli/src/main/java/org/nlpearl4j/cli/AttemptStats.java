package org.nlpearl4j.cli;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import org.HdrHistogram.ConcurrentHistogram;
import org.nlpearl4j.NlPearlListener;
import org.nlpearl4j.ResponseReceived;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.RetryScheduled;

/**
 * Counts what the SDK's listener reports about the attempts of one command: the latency of every
 * attempt that got a response, and the retries by reason, for the import summary.
 *
 * <p>Latencies go into an HdrHistogram (microseconds, 3 significant digits, up to one hour; longer
 * ones count as one hour): its memory is fixed (a few hundred KiB) whatever the number of rows, its
 * percentiles are within 0.1% of the exact value, and recording is wait-free, so OkHttp's threads
 * never wait for each other. The maximum is kept exactly, beside it. A library rather than
 * hand-written buckets: HdrHistogram is the well-kept reference for this (Micrometer uses it too).
 */
final class AttemptStats implements NlPearlListener {
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final ConcurrentHistogram latencies = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
  private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
  private final AtomicLongArray retries = new AtomicLongArray(FailureReason.values().length);

  @Override
  public void onResponse(ResponseReceived event) {
    long nanos = event.getLatency().toNanos();
    maxNanos.accumulate(nanos);
    long micros = TimeUnit.NANOSECONDS.toMicros(nanos);
    latencies.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, micros)));
  }

  @Override
  public void onRetry(RetryScheduled event) {
    retries.incrementAndGet(event.getReason().ordinal());
  }

  /** Returns how many attempts got a response, i.e. how many latencies were recorded. */
  long responses() {
    return latencies.getTotalCount();
  }

  /**
   * Returns the latency below which the given percentage of responses came, in milliseconds:
   * within 0.1% (the histogram's resolution), and never above the exact {@link #maxMillis()}.
   */
  double percentileMillis(double percentile) {
    return Math.min(latencies.getValueAtPercentile(percentile) / 1000.0, maxMillis());
  }

  /** Returns the longest latency, exactly, in milliseconds. */
  double maxMillis() {
    return maxNanos.get() / 1e6;
  }

  /** Returns how many retries were scheduled. */
  long retries() {
    long total = 0;
    for (int i = 0; i < retries.length(); i++) {
      total += retries.get(i);
    }
    return total;
  }

  /** Returns the retries scheduled, by reason, in the enum's order, without the zero counts. */
  Map<FailureReason, Long> retriesByReason() {
    Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
    for (FailureReason reason : FailureReason.values()) {
      long count = retries.get(reason.ordinal());
      if (count > 0) {
        byReason.put(reason, count);
      }
    }
    return byReason;
  }

  /** Returns the retries by reason in the summary's words, e.g. {@code rate limited -> 5}. */
  Map<String, Long> retriesByWords() {
    Map<String, Long> byWords = new LinkedHashMap<>();
    retriesByReason().forEach((reason, count) -> byWords.put(reason.getDescription(), count));
    return byWords;
  }

  /**
   * Returns the latency line of the summary, e.g. {@code p50 3.1ms, p95 12.0ms, max 40.2ms (85
   * responses)}.
   */
  String latencySummary() {
    long count = responses();
    if (count == 0) {
      return "none (no response received)";
    }
    return "p50 " + millis(percentileMillis(50)) + ", p95 " + millis(percentileMillis(95))
        + ", max " + millis(maxMillis()) + " (" + count + (count == 1 ? " response)" : " responses)");
  }

  /** Formats milliseconds with one decimal and the unit, e.g. {@code 12.3ms}. */
  static String millis(double millis) {
    return String.format(Locale.ROOT, "%.1fms", millis);
  }

}
