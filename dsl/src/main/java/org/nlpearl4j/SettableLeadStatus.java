package org.nlpearl4j;

import java.util.Locale;
import java.util.Objects;

/**
 * The statuses a client may give a lead in an update; any other status is refused by NLPearl, so
 * it cannot be expressed here at all.
 *
 * <pre>{@code
 * client.pearl(pearlId).updateLead(leadId, update -> update.status(SettableLeadStatus.COMPLETED));
 * }</pre>
 */
public enum SettableLeadStatus {
  /** {@code 1 - New}: put the lead back to new. */
  NEW(1, "New", LeadStatus.NEW),
  /** {@code 10 - NeedRetry}: have the campaign call again. */
  NEED_RETRY(10, "NeedRetry", LeadStatus.NEED_RETRY),
  /** {@code 100 - Success}: the lead converted, for example in the CRM. */
  SUCCESS(100, "Success", LeadStatus.SUCCESS),
  /** {@code 110 - NotSuccessful}: the lead will not convert. */
  NOT_SUCCESSFUL(110, "NotSuccessful", LeadStatus.NOT_SUCCESSFUL),
  /** {@code 130 - Completed}: stop calling this lead. */
  COMPLETED(130, "Completed", LeadStatus.COMPLETED);

  private final int code;
  private final String apiName;
  private final LeadStatus leadStatus;

  SettableLeadStatus(int code, String apiName, LeadStatus leadStatus) {
    this.code = code;
    this.apiName = apiName;
    this.leadStatus = leadStatus;
  }

  /**
   * Returns the integer code sent to NLPearl.
   *
   * @return the code, e.g. 130 for {@link #COMPLETED}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the name NLPearl's documentation gives this status.
   *
   * @return the name, e.g. {@code NotSuccessful}
   */
  public String apiName() {
    return apiName;
  }

  /**
   * Returns the same status as a {@link LeadStatus}, as leads report it.
   *
   * @return the lead status with the same code
   */
  public LeadStatus toLeadStatus() {
    return leadStatus;
  }

  /**
   * Returns the settable status for a code.
   *
   * @param code the integer code
   * @return the status
   * @throws IllegalArgumentException if a client may not set that code (only 1, 10, 100, 110, 130)
   */
  public static SettableLeadStatus fromCode(int code) {
    for (SettableLeadStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "status " + code + " cannot be set by a client; settable codes are 1, 10, 100, 110, 130");
  }

  /**
   * Returns the settable status for a name, ignoring case, spaces, dashes and underscores.
   *
   * <pre>{@code SettableLeadStatus.fromName("not successful") == SettableLeadStatus.NOT_SUCCESSFUL}</pre>
   *
   * @param name a name such as {@code Completed}, {@code NeedRetry} or {@code NEED_RETRY}
   * @return the status
   * @throws IllegalArgumentException if no settable status has that name
   */
  public static SettableLeadStatus fromName(String name) {
    Objects.requireNonNull(name, "name");
    String wanted = squash(name);
    for (SettableLeadStatus status : values()) {
      if (squash(status.apiName).equals(wanted)) {
        return status;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a status a client may set; use one of "
        + "New, NeedRetry, Success, NotSuccessful, Completed");
  }

  private static String squash(String name) {
    return name.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
  }
}
