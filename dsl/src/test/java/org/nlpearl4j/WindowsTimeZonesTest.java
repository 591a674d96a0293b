package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.util.TimeZone;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped CLDR table, checked against ICU4J's own copy of CLDR's windowsZones. The root pom pins
 * an ICU4J built on the same CLDR release as the table (ICU 78 = CLDR 48).
 */
class WindowsTimeZonesTest {
  @Test
  void everyJavaRegionAgreesWithIcu() {
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (String id : ZoneId.getAvailableZoneIds()) {
      String icu = TimeZone.getWindowsID(id);
      String ours = WindowsTimeZones.windowsIdFor(ZoneId.of(id)).orElse(null);
      if (icu == null) {
        // ICU does not resolve a few legacy aliases (SystemV/*, PST8PDT); the table may.
        continue;
      }
      compared++;
      if (!icu.equals(ours)) {
        disagreements.add(id + ": ours=" + ours + " icu=" + icu);
      }
    }
    assertThat(compared).as("zones compared").isGreaterThan(400);
    assertThat(disagreements).as("zones where the table and ICU4J disagree").isEmpty();
  }

  @Test
  void everyWindowsIdIsKnownToIcu() {
    List<String> unknown = new ArrayList<>();
    for (String id : WindowsTimeZones.windowsIds()) {
      if (TimeZone.getIDForWindowsID(id, null) == null && !id.equals("Türkiye Standard Time")) {
        unknown.add(id);
      }
    }
    assertThat(WindowsTimeZones.windowsIds()).hasSizeGreaterThan(130);
    assertThat(unknown).isEmpty();
  }

  @Test
  void commonZonesMapToTheirWindowsIds() {
    assertThat(WindowsTimeZones.fromZoneId(ZoneId.of("Europe/Paris")))
        .isEqualTo("Romance Standard Time");
    assertThat(WindowsTimeZones.fromZoneId(ZoneId.of("America/Los_Angeles")))
        .isEqualTo("Pacific Standard Time");
    assertThat(WindowsTimeZones.fromZoneId(ZoneId.of("Asia/Kolkata")))
        .isEqualTo("India Standard Time");
    assertThat(WindowsTimeZones.fromZoneId(ZoneId.of("Europe/Istanbul")))
        .isEqualTo("Turkey Standard Time");
  }

  @Test
  void wholeHourOffsetsMapToUtcZones() {
    assertThat(WindowsTimeZones.fromZoneId(ZoneOffset.UTC)).isEqualTo("UTC");
    assertThat(WindowsTimeZones.fromZoneId(ZoneOffset.ofHours(-8))).isEqualTo("UTC-08");
    assertThat(WindowsTimeZones.fromZoneId(ZoneId.of("UTC+02:00")))
        .isEqualTo(TimeZone.getWindowsID("Etc/GMT-2"));
    assertThat(WindowsTimeZones.windowsIdFor(ZoneOffset.ofHoursMinutes(5, 45))).isEmpty();
  }

  @Test
  void zonesWithoutWindowsIdAreRefusedByName() {
    assertThatThrownBy(() -> WindowsTimeZones.fromZoneId(ZoneOffset.ofHoursMinutes(5, 45)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("+05:45");
  }

  @Test
  void windowsIdsAreRecognisedExactly() {
    assertThat(WindowsTimeZones.isWindowsId("Pacific Standard Time")).isTrue();
    assertThat(WindowsTimeZones.isWindowsId("Türkiye Standard Time")).isTrue();
    assertThat(WindowsTimeZones.isWindowsId("pacific standard time")).isFalse();
    assertThat(WindowsTimeZones.isWindowsId("Europe/Paris")).isFalse();
  }
}
