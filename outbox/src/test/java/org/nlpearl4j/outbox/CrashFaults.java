package org.nlpearl4j.outbox;

import java.time.Duration;
import org.nlpearl4j.sandbox.FaultKind;
import org.nlpearl4j.sandbox.FaultMix;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxFaultCounts;

/**
 * The crash test's faults: the sandbox's seeded {@link FaultMix} over every kind, before and after
 * handling, and the counts the sandbox keeps of what it injected.
 */
final class CrashFaults {
  /** The share of requests that get a fault, as in the import soak test. */
  static final double RATE = 0.3;
  private final NlPearlSandbox sandbox;

  private CrashFaults(NlPearlSandbox sandbox) {
    this.sandbox = sandbox;
  }

  static CrashFaults install(NlPearlSandbox sandbox, long seed) {
    sandbox.faults().mix(FaultMix.builder().rate(RATE).seed(seed)
        .retryAfter(Duration.ZERO)            // 429s say Retry-After: 0, so the test does not wait
        .slowDelay(Duration.ofMillis(30))
        .build());                            // every kind, before and after handling
    return new CrashFaults(sandbox);
  }

  /**
   * Faults injected so far that leave the outcome unknown to the client: every 5xx (before or
   * after handling) and every dropped connection. Garbled 2xx answers are ACCEPTED, not unknown.
   */
  long unknownFaultsInjected() {
    SandboxFaultCounts counts = sandbox.faults().injected();
    long unknown = 0;
    for (FaultKind kind : FaultKind.values()) {
      if (kind.getStatus() >= 500 || kind == FaultKind.DROP_BEFORE || kind == FaultKind.DROP_AFTER) {
        unknown += counts.get(kind);
      }
    }
    return unknown;
  }

  String describe() {
    SandboxFaultCounts counts = sandbox.faults().injected();
    return counts.getTotal() + " (" + counts.getBeforeHandling() + " before handling, "
        + counts.getAfterHandling() + " after) " + counts.getByKind();
  }
}
