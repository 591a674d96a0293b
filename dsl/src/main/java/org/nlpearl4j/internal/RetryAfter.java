package org.nlpearl4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses the {@code Retry-After} header: delta-seconds or an HTTP date (RFC 9110, 10.2.3). */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Returns the wait a {@code Retry-After} value asks for.
   *
   * <p>An HTTP date is measured from the response's own {@code Date} header when present (so the
   * client's clock does not matter), else from when the response was received.
   *
   * @param value the header value, or null
   * @param dateHeader the response's {@code Date} header, or null
   * @param receivedAt when the response was received
   * @return the wait (zero for a date in the past), or null when absent or unparseable
   */
  public static @Nullable Duration parse(
      @Nullable String value, @Nullable String dateHeader, Instant receivedAt) {
    if (value == null) {
      return null;
    }
    String text = value.trim();
    if (text.isEmpty()) {
      return null;
    }
    if (isDigits(text)) {
      try {
        return Duration.ofSeconds(Long.parseLong(text));
      } catch (NumberFormatException tooLarge) {
        return null;
      }
    }
    Instant until = httpDate(text);
    if (until == null) {
      return null;
    }
    Instant reference = dateHeader == null ? null : httpDate(dateHeader.trim());
    Duration wait = Duration.between(reference != null ? reference : receivedAt, until);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static boolean isDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Instant httpDate(String text) {
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
