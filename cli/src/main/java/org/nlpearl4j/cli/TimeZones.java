package org.nlpearl4j.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.WindowsTimeZones;

/**
 * Reads a time zone as users type it: an IANA id ({@code Europe/Paris}) or a Windows id ({@code
 * Romance Standard Time}).
 */
final class TimeZones {
  private TimeZones() {}

  /** A time zone as given: exactly one of the two is set. */
  record Choice(@Nullable ZoneId zone, @Nullable String windowsId) {
    /**
     * Gives the zone to the setter for its form, e.g. {@code choice.applyTo(builder::timeZone,
     * builder::timeZoneId)}.
     *
     * @param javaZone takes an IANA zone (or offset)
     * @param windowsZone takes a Windows id
     */
    void applyTo(Consumer<ZoneId> javaZone, Consumer<String> windowsZone) {
      if (zone != null) {
        javaZone.accept(zone);
      } else {
        windowsZone.accept(windowsId);
      }
    }
  }

  /**
   * Reads a time zone.
   *
   * @param text an IANA id, a UTC offset such as {@code +02:00}, or a Windows id
   * @return the choice
   * @throws IllegalArgumentException naming the value when it is neither
   */
  static Choice parse(String text) {
    String value = text.strip();
    if (WindowsTimeZones.isWindowsId(value)) {
      return new Choice(null, value);
    }
    try {
      return new Choice(ZoneId.of(value), null);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + value + "' is not a time zone: use an IANA id such as "
          + "Europe/Paris or America/New_York, or a Windows id such as Pacific Standard Time");
    }
  }

  /**
   * Reads the {@code --time-zone} option of {@code leads add} and {@code leads update}.
   *
   * @param text the option's value
   * @return the choice
   * @throws UsageException naming the option when the value is not a time zone
   */
  static Choice parseOption(String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--time-zone: " + e.getMessage());
    }
  }
}
