package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * What a crash test asserts once every sender is done, counted from the sandbox's store (the
 * truth): nothing lost from the outbox, every entry added (stored once, with the stored lead's id)
 * or rejected (not stored), no lead stored twice, no lookup left planned. Shared by the journal's
 * {@link OutboxCrashTest} and outbox-postgres's crash test (through this module's test jar).
 */
public final class CrashVerdict {
  /** The message of an entry a lookup found. */
  private static final String FOUND = "found in NLPearl by its external id";

  private final Map<EntryState, Integer> byState;
  private final int foundByLookup;
  private final long duplicates;

  private CrashVerdict(Map<EntryState, Integer> byState, int foundByLookup, long duplicates) {
    this.byState = byState;
    this.foundByLookup = foundByLookup;
    this.duplicates = duplicates;
  }

  /**
   * Asserts the promise on the entries read back and the sandbox's store, and returns the counts.
   *
   * @param sandbox the sandbox the senders sent to
   * @param campaign the campaign every entry was added to
   * @param entries the entries read back from the outbox
   * @param externalIdByEntry every entry id put in, with its lead's external id
   * @return the counts, for the test's summary line
   */
  public static CrashVerdict check(NlPearlSandbox sandbox, String campaign,
      List<OutboxEntry> entries, Map<String, String> externalIdByEntry) {
    Map<EntryState, Integer> byState = new EnumMap<>(EntryState.class);
    entries.forEach(e -> byState.merge(e.getState(), 1, Integer::sum));

    // Nothing lost from the outbox, and every entry ended added or rejected: every lead has an
    // external id, so no uncertain add is left for a person.
    assertThat(entries).extracting(OutboxEntry::getId)
        .containsExactlyInAnyOrderElementsOf(externalIdByEntry.keySet());
    assertThat(byState.keySet()).as("states (none unknown)")
        .isSubsetOf(EntryState.ADDED, EntryState.REJECTED);
    assertThat(entries).as("no lookup left planned").allMatch(e -> e.getNextCheckAt() == null);

    // The store: no lead twice; every added lead stored under its id; no rejected lead stored.
    Map<String, List<SandboxLead>> stored = sandbox.leadsByExternalId(campaign);
    assertThat(sandbox.leadCount(campaign)).as("every stored lead has an external id")
        .isEqualTo(stored.values().stream().mapToInt(List::size).sum());
    long duplicates = stored.values().stream().filter(l -> l.size() > 1).count();
    assertThat(duplicates).as("leads stored twice").isZero();
    assertThat(stored.keySet()).as("every stored lead is an entry's")
        .isSubsetOf(externalIdByEntry.values());
    int foundByLookup = 0;
    for (OutboxEntry entry : entries) {
      String externalId = externalIdByEntry.get(entry.getId());
      List<SandboxLead> leads = stored.getOrDefault(externalId, List.of());
      if (entry.getState() == EntryState.ADDED) {
        assertThat(leads).as("added %s is stored", externalId).hasSize(1);
        assertThat(entry.getLeadId()).as("added %s with its lead id", externalId)
            .isEqualTo(leads.get(0).getId());
        if (FOUND.equals(entry.getMessage())) {
          foundByLookup++;
        }
      } else {
        assertThat(leads).as("rejected %s is not stored", externalId).isEmpty();
      }
    }
    return new CrashVerdict(byState, foundByLookup, duplicates);
  }

  /**
   * Returns how many entries ended in a state.
   *
   * @param state the state
   * @return the count
   */
  public int count(EntryState state) {
    return byState.getOrDefault(state, 0);
  }

  /**
   * Returns how many added entries a lookup found.
   *
   * @return the count
   */
  public int foundByLookup() {
    return foundByLookup;
  }

  /**
   * Returns how many leads the store holds more than once (asserted zero).
   *
   * @return the count
   */
  public long duplicates() {
    return duplicates;
  }
}
