package org.nlpearl4j.sample;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.nlpearl4j.WindowsTimeZones;

/**
 * The time zones the rep can pick: every region the SDK can send as a Windows id, with the device's
 * own zone first so that it is preselected.
 */
final class TimeZoneChoices {
  private final List<ZoneId> zones;

  private TimeZoneChoices(List<ZoneId> zones) {
    this.zones = Collections.unmodifiableList(zones);
  }

  /**
   * Returns the choices for a device.
   *
   * @param deviceZone the device's zone ({@code ZoneId.systemDefault()}), listed first even if it has
   *     no Windows id (the screen then says NLPearl will use the campaign's zone)
   */
  static TimeZoneChoices forDevice(ZoneId deviceZone) {
    List<ZoneId> zones = new ArrayList<>();
    zones.add(deviceZone);
    for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
      if (id.indexOf('/') < 0 || id.startsWith("Etc/") || id.startsWith("SystemV/")) {
        continue; // aliases such as "EST" or "Etc/GMT+3" only clutter the list
      }
      ZoneId zone = ZoneId.of(id);
      if (!zone.equals(deviceZone) && WindowsTimeZones.windowsIdFor(zone).isPresent()) {
        zones.add(zone);
      }
    }
    return new TimeZoneChoices(zones);
  }

  List<ZoneId> zones() {
    return zones;
  }

  /** The Windows id NLPearl receives for a zone, if it has one. */
  static Optional<String> windowsId(ZoneId zone) {
    return WindowsTimeZones.windowsIdFor(zone);
  }
}
