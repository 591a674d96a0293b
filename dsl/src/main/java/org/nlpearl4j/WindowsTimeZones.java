package org.nlpearl4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps Java time zones to the Windows time zone ids that NLPearl expects in {@code timeZoneId}.
 *
 * <p>The table is Unicode CLDR's {@code windowsZones} mapping, shipped in this jar as
 * {@code org/nlpearl4j/windows-zones.tsv} (its header names the CLDR release).
 *
 * <pre>{@code
 * WindowsTimeZones.fromZoneId(ZoneId.of("Europe/Paris"));    // "Romance Standard Time"
 * WindowsTimeZones.fromZoneId(ZoneId.systemDefault());        // the device's zone, e.g. on Android
 * WindowsTimeZones.isWindowsId("Pacific Standard Time");     // true
 * }</pre>
 */
public final class WindowsTimeZones {
  private static final String RESOURCE = "org/nlpearl4j/windows-zones.tsv";

  /**
   * Ids NLPearl's documentation uses that CLDR spells differently: its example
   * {@code "Türkiye Standard Time"} is Windows' newer display name of {@code Turkey Standard Time}.
   */
  private static final String[] DOCUMENTED_EXTRA_IDS = {"Türkiye Standard Time"};

  private WindowsTimeZones() {}

  /** Loaded on first use, so that clients which never map zones do not pay for the table. */
  private static final class Table {
    static final Map<String, String> BY_ZONE;
    static final Set<String> WINDOWS_IDS;

    static {
      Map<String, String> byZone = new HashMap<>(1024);
      Set<String> ids = new TreeSet<>();
      InputStream in = WindowsTimeZones.class.getClassLoader().getResourceAsStream(RESOURCE);
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the nlpearl4j jar");
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int tab = line.indexOf('\t');
          String windowsId = line.substring(tab + 1);
          byZone.put(line.substring(0, tab), windowsId);
          ids.add(windowsId);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      Collections.addAll(ids, DOCUMENTED_EXTRA_IDS);
      BY_ZONE = Collections.unmodifiableMap(byZone);
      WINDOWS_IDS = Collections.unmodifiableSet(ids);
    }
  }

  /**
   * Returns the Windows time zone id for a Java zone.
   *
   * @param zone a region id such as {@code Europe/Paris}, or a whole-hour offset such as
   *     {@code +02:00} or {@code Z}
   * @return the Windows id, e.g. {@code Romance Standard Time}
   * @throws IllegalArgumentException if the zone has no Windows equivalent (the message names it)
   */
  public static String fromZoneId(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    Optional<String> id = windowsIdFor(zone);
    if (!id.isPresent()) {
      throw new IllegalArgumentException("time zone '" + zone.getId()
          + "' has no Windows time zone id; pass a region such as Europe/Paris or a Windows id");
    }
    return id.get();
  }

  /**
   * Returns the Windows time zone id for a Java zone, if it has one.
   *
   * @param zone a region id or an offset
   * @return the Windows id, or empty when there is none
   */
  public static Optional<String> windowsIdFor(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    ZoneId normalized = zone.normalized();
    String key;
    if (normalized instanceof ZoneOffset) {
      int seconds = ((ZoneOffset) normalized).getTotalSeconds();
      if (seconds % 3600 != 0) {
        return Optional.empty();
      }
      int hours = seconds / 3600;
      // POSIX-style Etc zones have inverted signs: UTC+02:00 is Etc/GMT-2.
      key = hours == 0 ? "Etc/UTC" : "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
    } else {
      key = zone.getId();
    }
    return Optional.ofNullable(Table.BY_ZONE.get(key));
  }

  /**
   * Tells whether a string is a Windows time zone id NLPearl accepts.
   *
   * @param id a candidate such as {@code Pacific Standard Time}; the match is exact
   * @return true if it is on the list
   */
  public static boolean isWindowsId(String id) {
    Objects.requireNonNull(id, "id");
    return Table.WINDOWS_IDS.contains(id);
  }

  /**
   * Returns every Windows time zone id NLPearl accepts, sorted.
   *
   * @return an unmodifiable set of ids
   */
  public static Set<String> windowsIds() {
    return Table.WINDOWS_IDS;
  }
}
