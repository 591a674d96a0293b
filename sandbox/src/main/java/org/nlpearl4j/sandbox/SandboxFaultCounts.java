package org.nlpearl4j.sandbox;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many faults a sandbox injected, by kind and by whether the request was handled: a read-only
 * snapshot from {@link SandboxFaults#injected()}, for tests and soak runs to print.
 *
 * <pre>{@code
 * SandboxFaultCounts faults = sandbox.faults().injected();
 * System.out.println(faults.getTotal() + " faults, " + faults.getAfterHandling() + " after handling: "
 *     + faults.getByKind());   // {429-before=12, 502-after=9, drop-before=11, ...}
 * }</pre>
 */
public final class SandboxFaultCounts {
  private final long total;
  private final long beforeHandling;
  private final long afterHandling;
  private final long fromMix;
  private final Map<String, Long> byKind;

  SandboxFaultCounts(long total, long beforeHandling, long afterHandling, long fromMix, Map<String, Long> byKind) {
    this.total = total;
    this.beforeHandling = beforeHandling;
    this.afterHandling = afterHandling;
    this.fromMix = fromMix;
    this.byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
  }

  /** Every request that had a fault. */
  public long getTotal() {
    return total;
  }

  /** Faults that replaced the handling (a status or a dropped connection before handling): nothing was stored. */
  public long getBeforeHandling() {
    return beforeHandling;
  }

  /**
   * Faults on a request that was handled (after-handling statuses and dropped connections,
   * truncated, malformed and empty bodies, slow answers): the lead was stored or updated when the
   * request was good.
   */
  public long getAfterHandling() {
    return afterHandling;
  }

  /** Faults drawn from a {@link FaultMix} (the others were queued explicitly). */
  public long getFromMix() {
    return fromMix;
  }

  /**
   * Counts by label, sorted: the labels of {@link FaultKind} ({@code 502-after}, {@code drop-before},
   * {@code truncated}, {@code slow}...), and {@code STATUS-before} or {@code STATUS-after} for other
   * statuses queued explicitly (e.g. {@code 400-before}). Delays count as {@code slow}.
   */
  public Map<String, Long> getByKind() {
    return byKind;
  }

  /** How many faults of this kind were injected (queued or drawn from a mix). */
  public long get(FaultKind kind) {
    Long count = byKind.get(kind.getLabel());
    return count == null ? 0 : count;
  }

  /** The totals and the counts by kind. */
  @Override
  public String toString() {
    return "SandboxFaultCounts{total=" + total + ", beforeHandling=" + beforeHandling + ", afterHandling="
        + afterHandling + ", fromMix=" + fromMix + ", byKind=" + byKind + "}";
  }
}
