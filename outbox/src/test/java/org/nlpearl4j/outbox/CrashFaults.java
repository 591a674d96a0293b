package org.nlpearl4j.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * The crash test's faults. TEMPORARY until the sandbox's seeded FaultMix lands: a seeded sequence
 * queued up front (status faults and drops before handling, garbled answers after it).
 */
final class CrashFaults {
  private static final int QUEUED = 4_000;
  private final NlPearlSandbox sandbox;
  private final List<String> kinds = new ArrayList<>();

  private CrashFaults(NlPearlSandbox sandbox) {
    this.sandbox = sandbox;
  }

  static CrashFaults install(NlPearlSandbox sandbox, long seed) {
    CrashFaults faults = new CrashFaults(sandbox);
    Random random = new Random(seed);
    for (int i = 0; i < QUEUED; i++) {
      String kind = random.nextDouble() < 0.2 ? pick(random) : "none";
      faults.kinds.add(kind);
      switch (kind) {
        case "429": sandbox.faults().next(1).rateLimited(Duration.ZERO); break;
        case "500": sandbox.faults().next(1).status(500); break;
        case "502": sandbox.faults().next(1).status(502); break;
        case "503": sandbox.faults().next(1).status(503); break;
        case "504": sandbox.faults().next(1).status(504); break;
        case "drop": sandbox.faults().next(1).dropConnection(); break;
        case "truncated": sandbox.faults().next(1).truncateBody(); break;
        case "malformed": sandbox.faults().next(1).malformedBody(); break;
        case "slow": sandbox.faults().next(1).delay(Duration.ofMillis(30)); break;
        default: sandbox.faults().next(1).delay(Duration.ZERO);
      }
    }
    return faults;
  }

  private static String pick(Random random) {
    String[] all = {"429", "500", "502", "503", "504", "drop", "truncated", "malformed", "slow"};
    return all[random.nextInt(all.length)];
  }

  /** Faults served so far that leave the outcome unknown (5xx, dropped connections). */
  long unknownFaultsInjected() {
    long served = Math.min(sandbox.counters().getRequests(), kinds.size());
    long count = 0;
    for (int i = 0; i < served; i++) {
      String kind = kinds.get(i);
      if (kind.startsWith("5") || kind.equals("drop")) {
        count++;
      }
    }
    return count;
  }

  String describe() {
    long served = Math.min(sandbox.counters().getRequests(), kinds.size());
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (int i = 0; i < served; i++) {
      if (!kinds.get(i).equals("none")) {
        counts.merge(kinds.get(i), 1, Integer::sum);
      }
    }
    return counts.toString();
  }
}
