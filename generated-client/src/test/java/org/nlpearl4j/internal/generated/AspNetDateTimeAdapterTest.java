package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nlpearl4j.internal.generated.support.ApiMoshi;
import org.nlpearl4j.internal.generated.support.AspNetDateTimeAdapter;

/** The date-time forms an ASP.NET server writes, and what we write back. */
class AspNetDateTimeAdapterTest {
  private final JsonAdapter<OffsetDateTime> adapter = ApiMoshi.create().adapter(OffsetDateTime.class);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // ASP.NET's usual form: seven fractional digits (100 ns ticks) and Z.
      "2025-03-14T09:26:53.1234567Z,      2025-03-14T09:26:53.1234567Z",
      // DateTimeKind.Unspecified: no offset at all, taken as UTC.
      "2025-03-14T09:26:53.1234567,       2025-03-14T09:26:53.1234567Z",
      "2025-03-14T09:26:53.1234567+02:00, 2025-03-14T09:26:53.1234567+02:00",
      "2025-03-14T09:26:53.1234567-05:00, 2025-03-14T09:26:53.1234567-05:00",
      "2025-03-14T09:26:53.1234567+00:00, 2025-03-14T09:26:53.1234567Z",
      "2025-03-14T09:26:53Z,              2025-03-14T09:26:53Z",
      "2025-03-14T09:26:53,               2025-03-14T09:26:53Z",
      "2025-03-14T09:26:53.5,             2025-03-14T09:26:53.500Z",
      "2025-03-14T09:26:53.123456789+05:30, 2025-03-14T09:26:53.123456789+05:30",
      "0001-01-01T00:00:00,               0001-01-01T00:00:00Z"})
  void readsAspNetFormsAndExpectedInstant(String sent, String expected) throws IOException {
    OffsetDateTime read = adapter.fromJson("\"" + sent + "\"");

    assertThat(read).isEqualTo(OffsetDateTime.parse(expected));
  }

  @Test
  void keepsAllSevenDigitsAndTheOffset() throws IOException {
    OffsetDateTime read = adapter.fromJson("\"2025-03-14T09:26:53.1234567+02:00\"");

    assertThat(read.getNano()).isEqualTo(123_456_700);
    assertThat(read.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2025-03-14T09:26:53.1234567Z,     \"2025-03-14T09:26:53.1234567Z\"",
      "2025-03-14T09:26:53.1234567+02:00, \"2025-03-14T09:26:53.1234567+02:00\"",
      "2025-03-14T09:26Z,                \"2025-03-14T09:26:00Z\"",
      "2025-03-14T09:26:53.120-05:00,    \"2025-03-14T09:26:53.12-05:00\""})
  void writesIsoWithOffsetAndSeconds(String value, String expectedJson) {
    assertThat(adapter.toJson(OffsetDateTime.parse(value))).isEqualTo(expectedJson);
  }

  @Test
  void nullStaysNullThroughApiMoshi() throws IOException {
    assertThat(adapter.fromJson("null")).isNull();
    assertThat(adapter.toJson(null)).isEqualTo("null");
  }

  @ParameterizedTest
  @CsvSource({"\"yesterday\"", "\"2025-03-14\"", "\"2025-02-30T10:00:00Z\"", "\"2025-03-14 09:26:53Z\"",
      "\"2025-03-14T09:26:53+2\"", "1710408413", "true"})
  void refusesWhatIsNotADateTime(String json) {
    assertThatThrownBy(() -> adapter.fromJson(json))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("date-time")
        .hasMessageContaining("$");
  }

  @Test
  void theStaticHelpersMatchTheAdapter() {
    OffsetDateTime parsed = AspNetDateTimeAdapter.parse("2025-03-14T09:26:53.1234567");

    assertThat(parsed).isEqualTo(OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 123_456_700, ZoneOffset.UTC));
    assertThat(AspNetDateTimeAdapter.format(parsed)).isEqualTo("2025-03-14T09:26:53.1234567Z");
  }
}
