package org.nlpearl4j.android;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;

/** One background run over an outbox: drain it, then tell whether the job should run again. */
final class OutboxDrain {
  /** NLPearl's "too many requests". */
  private static final int TOO_MANY_REQUESTS = 429;

  private OutboxDrain() {}

  /**
   * Drains the outbox until nothing more can be sent now, or until NLPearl answers 429 (the outbox
   * would wait for its Retry-After; a job gives the phone back instead and runs again after its
   * backoff). Completes off the outbox's thread; fails as {@code drain()} does, e.g. with the
   * credentials refused.
   */
  static Completable run(LeadOutbox outbox) {
    Completable rateLimited = outbox.changes()
        .filter(e -> e.getState() == EntryState.WAITING && e.getStatusCode() == TOO_MANY_REQUESTS)
        .firstElement()
        .ignoreElement();
    return Completable.ambArray(rateLimited, outbox.drain())
        .observeOn(Schedulers.io()); // off the outbox's thread and lock before ending the job
  }

  /**
   * Whether the job should run again: an entry waits that the outbox's sender would send (an add,
   * or an update that has its lead id; an update behind an add waits with that add: the network
   * was gone after all, a 429), an uncertain add has a lookup planned ({@link
   * OutboxEntry#getNextCheckAt()}: the outbox settles it by its external id when a drain runs at or
   * after that time), or, with {@code orSending}, an entry is being sent. What is left otherwise
   * waits for the user: unknown adds the outbox cannot look up, and updates behind them.
   */
  static boolean hasMoreToSend(LeadOutbox outbox, boolean orSending) {
    try {
      for (OutboxEntry entry : outbox.entries()) {
        EntryState state = entry.getState();
        boolean pending = state == EntryState.WAITING || (orSending && state == EntryState.SENDING);
        if (pending && (entry.getKind() == EntryKind.ADD || entry.getLeadId() != null)) {
          return true;
        }
        if (entry.getNextCheckAt() != null) {
          return true;
        }
      }
      return false;
    } catch (IllegalStateException closed) {
      return true; // closed meanwhile by the app: the next run finds out with the reopened one
    }
  }
}
