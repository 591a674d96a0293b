package org.nlpearl4j.sample;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The prospect form's fields, each with the request field its problems are reported on (the keys of
 * {@link org.nlpearl4j.InvalidRequestException#getProblems()} and of a 400's ValidationProblemDetails).
 */
public enum ProspectField {
  /** The phone number. */
  PHONE("phoneNumber"),
  /** The name, sent as call data. */
  NAME("callData.name"),
  /** The email, sent as call data. */
  EMAIL("callData.email"),
  /** The CRM id. */
  EXTERNAL_ID("externalId"),
  /** The time zone, sent as a Windows id. */
  TIME_ZONE("timeZoneId");

  private final String requestField;

  ProspectField(String requestField) {
    this.requestField = requestField;
  }

  /** The request field, e.g. {@code phoneNumber} or {@code callData.email}. */
  public String requestField() {
    return requestField;
  }

  /**
   * Finds the field a problem key names: the SDK uses the JSON names ({@code phoneNumber}); ASP.NET
   * servers may capitalise them ({@code PhoneNumber}) or prefix a JSON path ({@code $.phoneNumber}).
   *
   * @return the field, or null when the key is about something the form does not show
   */
  public static @Nullable ProspectField forProblemKey(String key) {
    String normalized = key.trim();
    if (normalized.startsWith("$.")) {
      normalized = normalized.substring(2);
    }
    normalized = normalized.toLowerCase(Locale.ROOT);
    for (ProspectField field : values()) {
      if (field.requestField.toLowerCase(Locale.ROOT).equals(normalized)) {
        return field;
      }
    }
    return null;
  }
}
