package org.nlpearl4j.sandbox;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the durations of the sandbox's command-line options, such as {@code --lookup-lag 2s}.
 *
 * <pre>{@code
 * SandboxDuration.parse("2s");     // PT2S
 * SandboxDuration.parse("1.5s");   // PT1.5S
 * SandboxDuration.parse("250ms");  // PT0.25S
 * SandboxDuration.parse("1m");     // PT1M
 * SandboxDuration.parse("0");      // PT0S
 * }</pre>
 */
public final class SandboxDuration {
  private SandboxDuration() {}

  /**
   * Parses a duration: a non-negative number followed by {@code ms}, {@code s} or {@code m}, or
   * {@code 0}.
   *
   * @param text e.g. {@code 2s}
   * @return the duration, to the millisecond
   * @throws IllegalArgumentException if the text is not such a duration (the message shows the
   *     accepted forms)
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    long unitMillis;
    String number;
    if (value.endsWith("ms")) {
      unitMillis = 1;
      number = value.substring(0, value.length() - 2);
    } else if (value.endsWith("s")) {
      unitMillis = 1000;
      number = value.substring(0, value.length() - 1);
    } else if (value.endsWith("m")) {
      unitMillis = 60_000;
      number = value.substring(0, value.length() - 1);
    } else {
      throw invalid(text);
    }
    if (!number.matches("[0-9]+(\\.[0-9]+)?")) {
      throw invalid(text);
    }
    try {
      long millis = new BigDecimal(number).multiply(BigDecimal.valueOf(unitMillis))
          .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
      return Duration.ofMillis(millis);
    } catch (ArithmeticException tooLarge) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 2s, 1.5s,"
        + " 250ms or 1m");
  }
}
