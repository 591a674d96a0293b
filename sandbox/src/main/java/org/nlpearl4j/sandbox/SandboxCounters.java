package org.nlpearl4j.sandbox;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a sandbox's counters, for benchmarks and the CLI: read-only, from
 * {@link NlPearlSandbox#counters()}.
 *
 * <pre>{@code
 * SandboxCounters counters = sandbox.counters();
 * System.out.println(counters.getLeadsStored() + " leads, " + counters.getRequestsWithStatus(200) + " OK");
 * }</pre>
 */
public final class SandboxCounters {
  private final long requests;
  private final long leadsStored;
  private final long leadsAdded;
  private final long leadsUpdated;
  private final Map<Integer, Long> requestsByStatus;
  private final long droppedConnections;
  private final long faultsInjected;
  private final long contractViolations;
  private final long leadLookups;
  private final long leadLookupsFound;
  private final long rateLimited;

  SandboxCounters(
      long requests,
      long leadsStored,
      long leadsAdded,
      long leadsUpdated,
      Map<Integer, Long> requestsByStatus,
      long droppedConnections,
      long faultsInjected,
      long contractViolations,
      long leadLookups,
      long leadLookupsFound,
      long rateLimited) {
    this.leadLookups = leadLookups;
    this.leadLookupsFound = leadLookupsFound;
    this.requests = requests;
    this.leadsStored = leadsStored;
    this.leadsAdded = leadsAdded;
    this.leadsUpdated = leadsUpdated;
    this.requestsByStatus = Collections.unmodifiableMap(new TreeMap<>(requestsByStatus));
    this.droppedConnections = droppedConnections;
    this.faultsInjected = faultsInjected;
    this.contractViolations = contractViolations;
    this.rateLimited = rateLimited;
  }

  /** Every request received, whatever the answer. */
  public long getRequests() {
    return requests;
  }

  /** Leads in the store now. */
  public long getLeadsStored() {
    return leadsStored;
  }

  /** Successful Add Lead requests. */
  public long getLeadsAdded() {
    return leadsAdded;
  }

  /** Successful Update Lead requests. */
  public long getLeadsUpdated() {
    return leadsUpdated;
  }

  /** Responses sent, by status code (dropped connections are not in here). */
  public Map<Integer, Long> getRequestsByStatus() {
    return requestsByStatus;
  }

  /** Responses sent with {@code status}. */
  public long getRequestsWithStatus(int status) {
    Long count = requestsByStatus.get(status);
    return count == null ? 0 : count;
  }

  /** Connections closed by a dropped-connection fault. */
  public long getDroppedConnections() {
    return droppedConnections;
  }

  /** Requests that had an injected fault. */
  public long getFaultsInjected() {
    return faultsInjected;
  }

  /** Contract violations found on requests and responses. */
  public long getContractViolations() {
    return contractViolations;
  }

  /**
   * Lookups by external id the store answered (200 or 404; a fault that replaced the handling is
   * not counted).
   */
  public long getLeadLookups() {
    return leadLookups;
  }

  /** Lookups by external id that found a visible lead (answered 200 before any after-fault). */
  public long getLeadLookupsFound() {
    return leadLookupsFound;
  }

  /**
   * 429s sent by the rate limit ({@link NlPearlSandbox.Builder#rateLimit(double, int)}); injected
   * 429 faults are not in here, {@link #getRequestsWithStatus(int)} counts both.
   */
  public long getRateLimited() {
    return rateLimited;
  }

  /** One line with every counter. */
  @Override
  public String toString() {
    return "SandboxCounters{requests=" + requests + ", leadsStored=" + leadsStored + ", leadsAdded=" + leadsAdded
        + ", leadsUpdated=" + leadsUpdated + ", byStatus=" + requestsByStatus + ", dropped=" + droppedConnections
        + ", faults=" + faultsInjected + ", contractViolations=" + contractViolations
        + ", leadLookups=" + leadLookups + ", leadLookupsFound=" + leadLookupsFound + ", rateLimited=" + rateLimited + "}";
  }
}
