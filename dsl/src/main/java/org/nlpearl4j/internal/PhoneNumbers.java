package org.nlpearl4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * Normalises phone numbers to E.164 ({@code +} and 8 to 15 digits) before they are sent.
 *
 * <p>Spaces (including non-breaking ones), dashes, dots and parentheses are stripped; a leading
 * {@code 00} international prefix becomes {@code +}. Anything else (letters, a missing country
 * code, too few or too many digits) makes the number invalid.
 */
public final class PhoneNumbers {
  /** The rule, as reported in validation problems. */
  public static final String RULE =
      "must be an international number in E.164 form: '+' and 8 to 15 digits "
          + "(spaces, dashes, dots and parentheses are ignored)";

  private PhoneNumbers() {}

  /**
   * Returns the E.164 form of a phone number, or null when it cannot be normalised.
   *
   * @param raw the number as a user typed it, e.g. {@code +1 (415) 555-0123}
   * @return e.g. {@code +14155550123}, or null
   */
  public static @Nullable String toE164(String raw) {
    StringBuilder digits = new StringBuilder(16);
    boolean plus = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && !plus && digits.length() == 0) {
        plus = true;
      } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'
          || c == '\u00a0' || c == '\t')) {
        return null;
      }
    }
    if (!plus) {
      if (digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
        digits.delete(0, 2);
      } else {
        return null;
      }
    }
    if (digits.length() < 8 || digits.length() > 15 || digits.charAt(0) == '0') {
      return null;
    }
    return "+" + digits;
  }
}
