package org.nlpearl4j.cli;

import java.time.Duration;
import java.util.Locale;

/** Formats durations for people: {@code 0.8s}, {@code 42s}, {@code 3m12s}, {@code 1h02m}. */
final class Durations {
  private Durations() {}

  static String human(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
