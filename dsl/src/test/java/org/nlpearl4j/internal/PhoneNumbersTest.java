package org.nlpearl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** E.164 normalisation of what users type. */
class PhoneNumbersTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+14155550123        | +14155550123",
      "+1 (415) 555-0123   | +14155550123",
      "+33 6 12 34 56 78   | +33612345678",
      "+44.20.7946.0958    | +442079460958",
      "0033 6 12 34 56 78  | +33612345678",
      "+12345678           | +12345678",
      "+123456789012345    | +123456789012345",
  })
  void normalisesToE164(String raw, String expected) {
    assertThat(PhoneNumbers.toE164(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "+", "4155550123", "+1234567", "+1234567890123456", "+1 415 CALL NOW",
      "+1 415 555 0123 ext 4", "++14155550123", "+1+4155550123", "+04155550123", "06 12 34 56 78",
  })
  void refusesWhatCannotBeNormalised(String raw) {
    assertThat(PhoneNumbers.toE164(raw)).isNull();
  }
}
