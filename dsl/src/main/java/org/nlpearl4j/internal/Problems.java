package org.nlpearl4j.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.WindowsTimeZones;

/**
 * Collects every broken rule of a request, by JSON field name, so that all are reported at once.
 *
 * <p>The rule texts live here so that the builders, the operations and the tests agree on them.
 */
public final class Problems {
  /** The rule broken by a missing value. */
  public static final String REQUIRED = "is required";
  /** The rule broken by a blank id or external id. */
  public static final String NOT_BLANK = "must not be blank";
  /** The rule broken by an id that is a relative path segment (it cannot be put in a URL). */
  public static final String NOT_DOT_SEGMENT = "must not be \".\" or \"..\"";
  /** The longest id accepted, from the user or from NLPearl (NLPearl's ids are 24 to 36 characters). */
  public static final int MAX_ID_LENGTH = 256;
  /** The rule broken by an id longer than {@link #MAX_ID_LENGTH}. */
  public static final String ID_LENGTH = "must be at most " + MAX_ID_LENGTH + " characters";
  /** The rule broken by an id holding whitespace, control or invisible formatting characters. */
  public static final String ID_CHARACTERS =
      "must not contain whitespace, control or invisible formatting characters";
  /** The rule broken by an external id in a path with characters that cannot be meant. */
  public static final String EXTERNAL_ID_CHARACTERS =
      "must not contain control or invisible formatting characters, or whitespace other than"
          + " spaces";
  /** The rule broken by a blank call data key (reported on {@code callData}). */
  public static final String KEY_NOT_BLANK = "keys must not be blank";
  /** The rule broken by a null call data value (reported on {@code callData.<key>}). */
  public static final String VALUE_NOT_NULL = "must not be null";
  /** The rule broken by an update that changes nothing (reported on {@code $}). */
  public static final String UPDATE_NOT_EMPTY =
      "must change at least one of phoneNumber, externalId, timeZoneId, callData, status";
  /** The field name for rules about the request body as a whole. */
  public static final String BODY = "$";

  private final Map<String, List<String>> byField = new LinkedHashMap<>();

  /**
   * Records a broken rule.
   *
   * @param field the JSON field name
   * @param rule the rule, e.g. {@link #REQUIRED}
   */
  public void add(String field, String rule) {
    List<String> rules = byField.get(field);
    if (rules == null) {
      rules = new ArrayList<>(2);
      byField.put(field, rules);
    }
    if (!rules.contains(rule)) {
      rules.add(rule);
    }
  }

  /**
   * Returns whether no rule was broken.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return byField.isEmpty();
  }

  /**
   * Returns the exception for the problems recorded so far.
   *
   * @param operation the operation refused, e.g. {@code addLead}
   * @return the exception
   * @throws IllegalStateException if no problem was recorded
   */
  public InvalidRequestException toException(String operation) {
    if (byField.isEmpty()) {
      throw new IllegalStateException("no problems recorded");
    }
    return new InvalidRequestException(operation, byField);
  }

  /**
   * Throws when any rule was broken.
   *
   * @param operation the operation refused, e.g. {@code addLead}
   * @throws InvalidRequestException listing every problem
   */
  public void throwIfAny(String operation) {
    if (!byField.isEmpty()) {
      throw toException(operation);
    }
  }

  /**
   * Checks an id used in a URL path with {@link #idRule(String)}.
   *
   * @param field {@code outboundId}, {@code pearlId} or {@code leadId}
   * @param id the id
   */
  public void checkId(String field, String id) {
    String rule = idRule(id);
    if (rule != null) {
      add(field, rule);
    }
  }

  /**
   * Returns the rule a (user-given or returned) id breaks, or null when it is plausible: not blank,
   * at most {@link #MAX_ID_LENGTH} characters, no whitespace, control (C0, DEL, C1), formatting
   * (e.g. zero-width space, byte order mark) or unpaired surrogate characters, and not {@code .} or
   * {@code ..}. Other characters, {@code /} included, are allowed: path parameters are
   * percent-encoded.
   *
   * @param id the id
   * @return {@link #NOT_BLANK}, {@link #ID_LENGTH}, {@link #ID_CHARACTERS}, {@link
   *     #NOT_DOT_SEGMENT} or null
   */
  public static @Nullable String idRule(String id) {
    return idRule(id, false);
  }

  /**
   * Checks an external id used in a URL path (a lookup) with {@link #externalIdRule(String)}.
   *
   * @param field the field name, {@code externalId}
   * @param id the id
   */
  public void checkExternalId(String field, String id) {
    String rule = externalIdRule(id);
    if (rule != null) {
      add(field, rule);
    }
  }

  /**
   * Returns the rule an external id breaks when it is sent in a URL path, or null: the rules of
   * {@link #idRule(String)} except that spaces inside are allowed (external ids come from the
   * user's CRM, and a space is percent-encoded like any other character).
   *
   * @param id the external id
   * @return the rule, or null
   */
  public static @Nullable String externalIdRule(String id) {
    return idRule(id, true);
  }

  private static @Nullable String idRule(String id, boolean spacesInside) {
    if (isBlank(id)) {
      return NOT_BLANK;
    }
    if (id.length() > MAX_ID_LENGTH) {
      return ID_LENGTH;
    }
    for (int i = 0; i < id.length(); ) {
      int c = id.codePointAt(i);  // an unpaired surrogate comes back as itself
      int type = Character.getType(c);
      if (type == Character.SURROGATE || type == Character.CONTROL || type == Character.FORMAT
          || (!(spacesInside && c == ' ') && (Character.isWhitespace(c)
              || Character.isSpaceChar(c)))) {
        return spacesInside ? EXTERNAL_ID_CHARACTERS : ID_CHARACTERS;
      }
      i += Character.charCount(c);
    }
    if (id.equals(".") || id.equals("..")) {
      return NOT_DOT_SEGMENT;
    }
    return null;
  }

  /**
   * Checks and normalises a phone number.
   *
   * @param phoneNumber the number as given, or null
   * @param required whether a missing number is a problem
   * @return the E.164 form, or null when missing or invalid
   */
  public @Nullable String phoneNumber(@Nullable String phoneNumber, boolean required) {
    if (phoneNumber == null) {
      if (required) {
        add("phoneNumber", REQUIRED);
      }
      return null;
    }
    if (isBlank(phoneNumber)) {
      add("phoneNumber", required ? REQUIRED : NOT_BLANK);
      return null;
    }
    String e164 = PhoneNumbers.toE164(phoneNumber);
    if (e164 == null) {
      add("phoneNumber", PhoneNumbers.RULE);
    }
    return e164;
  }

  /**
   * Checks an external id: optional, but not blank when given.
   *
   * @param externalId the external id, or null
   */
  public void externalId(@Nullable String externalId) {
    if (externalId != null && isBlank(externalId)) {
      add("externalId", NOT_BLANK);
    }
  }

  /**
   * Checks a Windows time zone id, or records why a Java zone could not be mapped to one.
   *
   * @param timeZoneId the id, or null
   * @param unmappedZone a Java zone given with {@code timeZone(ZoneId)} that has no Windows id
   */
  public void timeZoneId(@Nullable String timeZoneId, @Nullable ZoneId unmappedZone) {
    if (unmappedZone != null) {
      add("timeZoneId", "must be a Windows time zone id; the zone " + unmappedZone.getId()
          + " has none");
      return;
    }
    if (timeZoneId == null || WindowsTimeZones.isWindowsId(timeZoneId)) {
      return;
    }
    Optional<String> windowsId = Optional.empty();
    try {
      windowsId = WindowsTimeZones.windowsIdFor(ZoneId.of(timeZoneId));
    } catch (DateTimeException notAJavaZone) {
      // fall through to the plain rule
    }
    if (windowsId.isPresent()) {
      add("timeZoneId", "must be a Windows time zone id: \"" + timeZoneId + "\" is an IANA id,"
          + " use \"" + windowsId.get() + "\" or timeZone(ZoneId)");
    } else {
      add("timeZoneId", "must be a Windows time zone id such as \"Pacific Standard Time\", was \""
          + timeZoneId + "\"");
    }
  }

  /**
   * Checks call data: keys not blank, values not null.
   *
   * @param callData the entries as given (keys and values may be null)
   */
  public void callData(Map<@Nullable String, @Nullable String> callData) {
    for (Map.Entry<@Nullable String, @Nullable String> entry : callData.entrySet()) {
      String key = entry.getKey();
      if (key == null || isBlank(key)) {
        add("callData", KEY_NOT_BLANK);
      } else if (entry.getValue() == null) {
        add("callData." + key, VALUE_NOT_NULL);
      }
    }
  }

  /**
   * Returns whether a string is empty or only whitespace.
   *
   * @param value the string
   * @return true when blank
   */
  public static boolean isBlank(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!Character.isWhitespace(value.charAt(i)) && value.charAt(i) != '\u00a0') {
        return false;
      }
    }
    return true;
  }
}
