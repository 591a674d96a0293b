package org.nlpearl4j;

/**
 * The status of a lead as NLPearl reports it: the outcome of its last conversation.
 *
 * <p>A code this version of the SDK does not know maps to {@link #UNKNOWN}; the lead keeps the raw
 * code in {@link Lead#getStatusCode()}, so nothing the server says is lost.
 *
 * <pre>{@code
 * if (lead.getStatus() == LeadStatus.SUCCESS) { crm.markWon(lead.getExternalId()); }
 * }</pre>
 */
public enum LeadStatus {
  /** {@code 1 - New}: not called yet. */
  NEW(1, "New"),
  /** {@code 10 - NeedRetry}: will be called again. */
  NEED_RETRY(10, "NeedRetry"),
  /** {@code 20 - InCallQueue}: waiting for a free line. */
  IN_CALL_QUEUE(20, "InCallQueue"),
  /** {@code 30 - WrongCountryCode}: the number's country code is not allowed for the outbound. */
  WRONG_COUNTRY_CODE(30, "WrongCountryCode"),
  /** {@code 40 - OnCall}: a call is in progress. */
  ON_CALL(40, "OnCall"),
  /** {@code 70 - VoiceMailLeft}: the Pearl left a voice mail. */
  VOICE_MAIL_LEFT(70, "VoiceMailLeft"),
  /** {@code 100 - Success}: the conversation met the Pearl's success definition. */
  SUCCESS(100, "Success"),
  /** {@code 110 - NotSuccessful}: the conversation did not meet it. */
  NOT_SUCCESSFUL(110, "NotSuccessful"),
  /** {@code 130 - Completed}: no more calls will be made. */
  COMPLETED(130, "Completed"),
  /** {@code 150 - Unreachable}: the lead could not be reached. */
  UNREACHABLE(150, "Unreachable"),
  /** {@code 220 - Blacklisted}: the number is blacklisted. */
  BLACKLISTED(220, "Blacklisted"),
  /** {@code 300 - QueueAbandon}: the lead left the queue. */
  QUEUE_ABANDON(300, "QueueAbandon"),
  /** {@code 500 - Error}: NLPearl failed to process the lead. */
  ERROR(500, "Error"),
  /** A code this SDK version does not know; see {@link Lead#getStatusCode()} for the raw code. */
  UNKNOWN(-1, "Unknown");

  private final int code;
  private final String apiName;

  LeadStatus(int code, String apiName) {
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
   * @return the name, e.g. {@code NeedRetry}
   */
  public String apiName() {
    return apiName;
  }

  /**
   * Returns the status for a code; never throws.
   *
   * <pre>{@code LeadStatus.fromCode(100) == LeadStatus.SUCCESS; LeadStatus.fromCode(999) == LeadStatus.UNKNOWN}</pre>
   *
   * @param code the integer code from the API
   * @return the matching status, or {@link #UNKNOWN}
   */
  public static LeadStatus fromCode(int code) {
    return EnumCodes.byCode(values(), LeadStatus::code, code, UNKNOWN);
  }
}
