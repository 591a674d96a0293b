package org.nlpearl4j.sandbox.internal;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the most recent exchanges (bounded, so a long benchmark does not fill the heap), the
 * contract violations, and the counters.
 */
public final class Recorder {
  private final int limit;
  private final Deque<Exchange> exchanges = new ArrayDeque<>();
  private final Deque<Violation> violations = new ArrayDeque<>();
  private final int violationLimit;

  private final LongAdder requests = new LongAdder();
  private final LongAdder leadsAdded = new LongAdder();
  private final LongAdder leadsUpdated = new LongAdder();
  private final LongAdder lookups = new LongAdder();
  private final LongAdder lookupsFound = new LongAdder();
  private final LongAdder faults = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder violationCount = new LongAdder();
  private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder faultsBefore = new LongAdder();
  private final LongAdder faultsAfter = new LongAdder();
  private final LongAdder faultsFromMix = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> faultsByKey = new ConcurrentHashMap<>();

  public Recorder(int limit) {
    this.limit = limit;
    this.violationLimit = Math.max(limit, 1000);
  }

  public void record(Exchange exchange) {
    requests.increment();
    if (exchange.status() > 0) {
      byStatus.computeIfAbsent(exchange.status(), k -> new LongAdder()).increment();
    } else {
      dropped.increment();
    }
    Fault fault = exchange.fault();
    if (fault != null) {
      faults.increment();
      (fault.afterHandling() ? faultsAfter : faultsBefore).increment();
      if (fault.fromMix()) {
        faultsFromMix.increment();
      }
      faultsByKey.computeIfAbsent(fault.key(), k -> new LongAdder()).increment();
    }
    if (limit <= 0) {
      return;
    }
    synchronized (exchanges) {
      exchanges.addLast(exchange);
      while (exchanges.size() > limit) {
        exchanges.removeFirst();
      }
    }
  }

  /** Counts a 429 the rate limit sent. */
  public void countRateLimited() {
    rateLimited.increment();
  }

  /** The 429s the rate limit sent. */
  public long rateLimited() {
    return rateLimited.sum();
  }

  /** Counts a lead the store accepted. */
  public void countAdded() {
    leadsAdded.increment();
  }

  /** Counts a lead the store changed on request. */
  public void countUpdated() {
    leadsUpdated.increment();
  }

  /** Counts a lookup by external id the store answered, and whether it found the lead. */
  public void countLookup(boolean found) {
    lookups.increment();
    if (found) {
      lookupsFound.increment();
    }
  }

  public long lookups() {
    return lookups.sum();
  }

  public long lookupsFound() {
    return lookupsFound.sum();
  }

  public void violations(List<Violation> found) {
    if (found.isEmpty()) {
      return;
    }
    violationCount.add(found.size());
    synchronized (violations) {
      violations.addAll(found);
      while (violations.size() > violationLimit) {
        violations.removeFirst();
      }
    }
  }

  public List<Exchange> exchanges() {
    synchronized (exchanges) {
      return new ArrayList<>(exchanges);
    }
  }

  public List<Violation> violations() {
    synchronized (violations) {
      return new ArrayList<>(violations);
    }
  }

  public void clearExchanges() {
    synchronized (exchanges) {
      exchanges.clear();
    }
  }

  public void clearViolations() {
    synchronized (violations) {
      violations.clear();
    }
  }

  public void resetCounters() {
    requests.reset();
    leadsAdded.reset();
    leadsUpdated.reset();
    lookups.reset();
    lookupsFound.reset();
    faults.reset();
    rateLimited.reset();
    dropped.reset();
    violationCount.reset();
    byStatus.clear();
    faultsBefore.reset();
    faultsAfter.reset();
    faultsFromMix.reset();
    faultsByKey.clear();
  }

  public long requests() {
    return requests.sum();
  }

  public long leadsAdded() {
    return leadsAdded.sum();
  }

  public long leadsUpdated() {
    return leadsUpdated.sum();
  }

  public long faults() {
    return faults.sum();
  }

  public long faultsBeforeHandling() {
    return faultsBefore.sum();
  }

  public long faultsAfterHandling() {
    return faultsAfter.sum();
  }

  public long faultsFromMix() {
    return faultsFromMix.sum();
  }

  /** Faults by {@link Fault#key()}. */
  public Map<String, Long> faultsByKey() {
    Map<String, Long> out = new ConcurrentSkipListMap<>();
    for (Map.Entry<String, LongAdder> entry : faultsByKey.entrySet()) {
      out.put(entry.getKey(), entry.getValue().sum());
    }
    return out;
  }

  public long dropped() {
    return dropped.sum();
  }

  public long violationCount() {
    return violationCount.sum();
  }

  public Map<Integer, Long> byStatus() {
    Map<Integer, Long> out = new ConcurrentSkipListMap<>();
    for (Map.Entry<Integer, LongAdder> entry : byStatus.entrySet()) {
      out.put(entry.getKey(), entry.getValue().sum());
    }
    return out;
  }
}
