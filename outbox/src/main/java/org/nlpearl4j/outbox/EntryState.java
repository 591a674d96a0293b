package org.nlpearl4j.outbox;

/**
 * Where an outbox entry stands. Every state is written to disk before the next step is taken.
 *
 * <pre>{@code
 * switch (entry.getState()) {
 *   case UNKNOWN: showCheckBeforeAddingAgain(entry); break;
 *   case REJECTED: showProblems(entry.getProblems()); break;
 *   default: showProgress(entry);
 * }
 * }</pre>
 */
public enum EntryState {
  /** On disk, not sent yet (or sent and refused in a way that is safe to send again, e.g. 429). */
  WAITING,
  /** Written before the request leaves; the answer has not been recorded yet. */
  SENDING,
  /** The add succeeded; {@link OutboxEntry#getLeadId()} holds the lead id when NLPearl's answer was readable. */
  ADDED,
  /** The update succeeded. */
  UPDATED,
  /** NLPearl (or the SDK's validation) refused it and did not act; see {@link OutboxEntry#getProblems()}. */
  REJECTED,
  /**
   * The outcome is uncertain: NLPearl may have acted (a timeout after sending, a lost connection, a
   * 5xx, or the process died while the entry was sending). Never sent again blindly: when the lead
   * has an external id and the outbox knows the campaign's Pearl id ({@link
   * LeadOutbox.Builder#pearlId}), a drain looks it up at {@link OutboxEntry#getNextCheckAt()} and
   * settles it (found: {@link #ADDED}; absent: {@link #WAITING}, sent again); otherwise, or until
   * then, the user may decide with {@link LeadOutbox#retry(String)} or {@link
   * LeadOutbox#forget(String)}.
   */
  UNKNOWN,
  /**
   * The entry was removed with {@link LeadOutbox#forget(String)}. Only seen on
   * {@link LeadOutbox#changes()}, never in {@link LeadOutbox#entries()}.
   */
  FORGOTTEN;

  /**
   * Tells whether the entry is finished: added, updated or rejected.
   *
   * @return true for {@link #ADDED}, {@link #UPDATED} and {@link #REJECTED}
   */
  public boolean isFinal() {
    return this == ADDED || this == UPDATED || this == REJECTED;
  }
}
