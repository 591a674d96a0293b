package org.nlpearl4j;

/**
 * Who spoke a message of a call transcript.
 *
 * <p>A code this version of the SDK does not know maps to {@link #UNKNOWN}; the message keeps the
 * raw code in {@link TranscriptMessage#getRoleCode()}.
 */
public enum TranscriptRole {
  /** {@code 2 - Pearl}: the AI agent. */
  PEARL(2, "Pearl"),
  /** {@code 3 - Client}: the person called. */
  CLIENT(3, "Client"),
  /** A code this SDK version does not know; see {@link TranscriptMessage#getRoleCode()}. */
  UNKNOWN(-1, "Unknown");

  private final int code;
  private final String apiName;

  TranscriptRole(int code, String apiName) {
    this.code = code;
    this.apiName = apiName;
  }

  /**
   * Returns the integer code NLPearl uses for this role.
   *
   * @return the code, or -1 for {@link #UNKNOWN}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the name NLPearl's documentation gives this role.
   *
   * @return the name, e.g. {@code Pearl}
   */
  public String apiName() {
    return apiName;
  }

  /**
   * Returns the role for a code; never throws.
   *
   * @param code the integer code from the API
   * @return the matching role, or {@link #UNKNOWN}
   */
  public static TranscriptRole fromCode(int code) {
    return EnumCodes.byCode(values(), TranscriptRole::code, code, UNKNOWN);
  }
}
