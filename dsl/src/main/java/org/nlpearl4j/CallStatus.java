package org.nlpearl4j;

/**
 * The status of a call, as NLPearl reports it on a lead's last call.
 *
 * <p>A code this version of the SDK does not know maps to {@link #UNKNOWN}; the call keeps the raw
 * code in {@link LastCall#getStatusCode()}.
 */
public enum CallStatus {
  /** {@code 3 - InProgress}. */
  IN_PROGRESS(3, "InProgress"),
  /** {@code 4 - Completed}. */
  COMPLETED(4, "Completed"),
  /** {@code 5 - Busy}. */
  BUSY(5, "Busy"),
  /** {@code 6 - Failed}. */
  FAILED(6, "Failed"),
  /** {@code 7 - NoAnswer}. */
  NO_ANSWER(7, "NoAnswer"),
  /** {@code 8 - Canceled}. */
  CANCELED(8, "Canceled"),
  /** A code this SDK version does not know; see {@link LastCall#getStatusCode()}. */
  UNKNOWN(-1, "Unknown");

  private final int code;
  private final String apiName;

  CallStatus(int code, String apiName) {
    this.code = code;
    this.apiName = apiName;
  }

  /**
   * Returns the integer code NLPearl uses for this status.
   *
   * @return the code, or -1 for {@link #UNKNOWN}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the name NLPearl's documentation gives this status.
   *
   * @return the name, e.g. {@code NoAnswer}
   */
  public String apiName() {
    return apiName;
  }

  /**
   * Returns the status for a code; never throws.
   *
   * @param code the integer code from the API
   * @return the matching status, or {@link #UNKNOWN}
   */
  public static CallStatus fromCode(int code) {
    return EnumCodes.byCode(values(), CallStatus::code, code, UNKNOWN);
  }
}
