package org.nlpearl4j.outbox;

/** What an outbox entry sends. */
public enum EntryKind {
  /** Add Lead to an outbound campaign ({@link LeadOutbox#add(String, org.nlpearl4j.NewLead)}). */
  ADD,
  /** Update Lead ({@link LeadOutbox#update(String, String, org.nlpearl4j.LeadUpdate)}). */
  UPDATE
}
