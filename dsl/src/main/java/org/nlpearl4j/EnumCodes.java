package org.nlpearl4j;

import java.util.function.ToIntFunction;

/** The code look-up the response-side enums ({@link LeadStatus}, {@link CallStatus}, ...) share. */
final class EnumCodes {
  private EnumCodes() {}

  /**
   * Returns the constant with a code, or {@code unknown} when no other constant has it; never
   * throws.
   *
   * <pre>{@code return EnumCodes.byCode(values(), CallStatus::code, code, UNKNOWN);}</pre>
   *
   * @param constants the enum's constants
   * @param codeOf the code of a constant
   * @param code the integer code from the API
   * @param unknown the constant for codes this SDK version does not know
   * @return the matching constant, or {@code unknown}
   */
  static <E extends Enum<E>> E byCode(E[] constants, ToIntFunction<E> codeOf, int code, E unknown) {
    for (E constant : constants) {
      if (constant != unknown && codeOf.applyAsInt(constant) == code) {
        return constant;
      }
    }
    return unknown;
  }
}
