package org.nlpearl4j.internal.generated.support;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the date-times an ASP.NET server writes and writes ISO-8601 with an offset.
 *
 * <p>Accepted on read: {@code 2025-03-14T09:26:53.1234567Z}, {@code 2025-03-14T09:26:53.1234567+02:00},
 * and the same without an offset ({@code 2025-03-14T09:26:53.1234567}), which is taken as UTC; from
 * zero to nine fractional digits. Written: {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, for
 * example {@code 2025-03-14T09:26:53.1234567Z}.
 *
 * <p>Not null-safe by itself; {@link ApiMoshi#create()} registers {@code INSTANCE.nullSafe()}.
 */
public final class AspNetDateTimeAdapter extends JsonAdapter<OffsetDateTime> {
  /** The shared, stateless instance. */
  public static final AspNetDateTimeAdapter INSTANCE = new AspNetDateTimeAdapter();

  /** ISO local date-time, then an optional offset ({@code Z}, {@code +02:00} or {@code +02:00:00}). */
  private static final DateTimeFormatter READ_FORMAT = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart()
      .appendOffset("+HH:MM:ss", "Z")
      .optionalEnd()
      .toFormatter(Locale.ROOT)
      .withChronology(IsoChronology.INSTANCE)
      .withResolverStyle(ResolverStyle.STRICT);

  private AspNetDateTimeAdapter() {
  }

  /**
   * Parses one date-time as ASP.NET writes it; a value without an offset is taken as UTC.
   *
   * @param text for example {@code 2025-03-14T09:26:53.1234567}
   * @return the instant with its offset ({@code Z} when the text had none)
   * @throws DateTimeParseException when the text is not an ISO-8601 local date-time with an
   *     optional offset
   */
  public static OffsetDateTime parse(String text) {
    TemporalAccessor parsed = READ_FORMAT.parse(text);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(parsed);
    }
    return LocalDateTime.from(parsed).atOffset(ZoneOffset.UTC);
  }

  /**
   * Formats one date-time as ISO-8601 with its offset.
   *
   * @param value the date-time
   * @return for example {@code 2025-03-14T09:26:53.1234567+02:00}
   */
  public static String format(OffsetDateTime value) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
  }

  @Override
  public OffsetDateTime fromJson(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.STRING) {
      throw new JsonDataException(
          "Expected a date-time string but was " + reader.peek() + " at path " + reader.getPath());
    }
    String text = reader.nextString();
    try {
      return parse(text);
    } catch (DateTimeParseException e) {
      JsonDataException failure = new JsonDataException(
          "Expected an ISO-8601 date-time but was \"" + text + "\" at path " + reader.getPath());
      failure.initCause(e);
      throw failure;
    }
  }

  @Override
  public void toJson(JsonWriter writer, @Nullable OffsetDateTime value) throws IOException {
    if (value == null) {
      throw new NullPointerException("OffsetDateTime was null: wrap this adapter in nullSafe() to write null");
    }
    writer.value(format(value));
  }

  @Override
  public String toString() {
    return "AspNetDateTimeAdapter";
  }
}
