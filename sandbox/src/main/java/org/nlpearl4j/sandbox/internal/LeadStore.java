package org.nlpearl4j.sandbox.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Outbound campaigns and their leads, in memory. Safe under concurrent requests: each lead is an
 * immutable {@link LeadState} replaced atomically, ids are unique per sandbox.
 *
 * <p>One campaign id serves both API versions: NLPearl's v2 renamed {@code outboundId} to
 * {@code pearlId}, and both name the same campaign, so a lead added with
 * {@code /v1/Outbound/X/Lead} is updated with {@code /v2/Outbound/X/Lead/{leadId}}.
 */
public final class LeadStore {
  private final ConcurrentMap<String, ConcurrentMap<String, LeadState>> campaigns = new ConcurrentHashMap<>();
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final boolean autoCreate;
  private final ObjectIds ids;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();

  public LeadStore(boolean autoCreate, Set<String> knownCampaigns, ObjectIds ids, Clock clock) {
    this.autoCreate = autoCreate;
    this.ids = ids;
    this.clock = clock;
    for (String campaign : knownCampaigns) {
      declared.add(campaign);
      campaigns.put(campaign, new ConcurrentHashMap<String, LeadState>());
    }
  }

  /** Stores a new lead; null when the campaign is unknown and campaigns are not created on demand. */
  public @Nullable LeadState add(String campaignId, AddLeadInput input) {
    ConcurrentMap<String, LeadState> leads =
        autoCreate
            ? campaigns.computeIfAbsent(campaignId, k -> new ConcurrentHashMap<String, LeadState>())
            : campaigns.get(campaignId);
    if (leads == null) {
      return null;
    }
    while (true) {
      LeadState lead = LeadState.added(ids.next(), campaignId, sequence.incrementAndGet(), input, clock.instant());
      if (leads.putIfAbsent(lead.id(), lead) == null) {
        stored.incrementAndGet();
        return lead;
      }
    }
  }

  /** Applies a change to one lead atomically; null when the campaign or the lead is unknown. */
  public @Nullable LeadState update(String campaignId, String leadId, UnaryOperator<LeadState> change) {
    ConcurrentMap<String, LeadState> leads = campaigns.get(campaignId);
    if (leads == null) {
      return null;
    }
    return leads.computeIfPresent(leadId, (id, current) -> change.apply(current));
  }

  /** One lead, or null. */
  public @Nullable LeadState get(String campaignId, String leadId) {
    ConcurrentMap<String, LeadState> leads = campaigns.get(campaignId);
    return leads == null ? null : leads.get(leadId);
  }

  /**
   * The lead of a campaign with an external id that lookups can see at {@code now}, or null: a
   * lead is visible once {@code lag} has passed since it was created. With several such leads
   * (duplicates), the first added.
   */
  public @Nullable LeadState findByExternalId(
      String campaignId, String externalId, java.time.Instant now, java.time.Duration lag) {
    ConcurrentMap<String, LeadState> leads = campaigns.get(campaignId);
    if (leads == null) {
      return null;
    }
    LeadState first = null;
    for (LeadState lead : leads.values()) {
      if (externalId.equals(lead.externalId()) && !now.isBefore(lead.created().plus(lag))
          && (first == null || lead.sequence() < first.sequence())) {
        first = lead;
      }
    }
    return first;
  }

  /** One lead looked up by id in every campaign, or null. Ids are unique per sandbox. */
  public @Nullable LeadState find(String leadId) {
    for (ConcurrentMap<String, LeadState> leads : campaigns.values()) {
      LeadState lead = leads.get(leadId);
      if (lead != null) {
        return lead;
      }
    }
    return null;
  }

  /** How many leads one campaign holds (0 for an unknown campaign). */
  public int count(String campaignId) {
    ConcurrentMap<String, LeadState> leads = campaigns.get(campaignId);
    return leads == null ? 0 : leads.size();
  }

  /** The leads of one campaign in the order they were added. */
  public List<LeadState> leads(String campaignId) {
    ConcurrentMap<String, LeadState> leads = campaigns.get(campaignId);
    if (leads == null) {
      return Collections.emptyList();
    }
    List<LeadState> list = new ArrayList<>(leads.values());
    list.sort(Comparator.comparingLong(LeadState::sequence));
    return list;
  }

  /** The campaign ids known now, sorted. */
  public Set<String> campaigns() {
    return Collections.unmodifiableSet(new TreeSet<>(campaigns.keySet()));
  }

  /** How many leads are stored. */
  public long size() {
    return stored.get();
  }

  /** Forgets every lead and every campaign that was created on demand. */
  public void clear() {
    campaigns.keySet().retainAll(declared);
    for (ConcurrentMap<String, LeadState> leads : campaigns.values()) {
      leads.clear();
    }
    stored.set(0);
  }
}
