package org.nlpearl4j.outbox;

import java.io.File;
import java.time.Duration;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * The process {@link OutboxCrashTest} kills: opens the outbox in a directory and drains it against
 * the test's sandbox, settling uncertain adds by looking them up ({@link #SETTLE} after the uncertain
 * attempt, above the sandbox's lookup lag). Prints {@code OPEN} once the outbox is open, {@code DONE
 * <pending>} when the drain completes (entries still waiting or with a lookup planned). Exit status
 * 0 when the drain completed, 3 when it failed.
 */
public final class CrashChild {
  /** The settle time: above the sandbox's lookup lag in {@link OutboxCrashTest}. */
  static final Duration SETTLE = Duration.ofMillis(2_500);

  private CrashChild() {
  }

  /**
   * Runs one drain.
   *
   * @param args the outbox directory, the sandbox's base URL and the campaign id (the sandbox's
   *     Pearl id for it is the same)
   */
  public static void main(String[] args) {
    File directory = new File(args[0]);
    try (NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN).baseUrl(args[1])
            .retryPolicy(RetryPolicy.none()).build();
        LeadOutbox outbox = LeadOutbox.builder().directory(directory).client(client)
            .pearlId(args[2], args[2])
            .resolver(LeadResolver.builder(client).settleTime(SETTLE)
                .recheckDelays(Duration.ofMillis(250), Duration.ofSeconds(1)).build())
            .open()) {
      System.out.println("OPEN");
      System.out.flush();
      try {
        outbox.drain().blockingAwait();
      } catch (RuntimeException e) {
        System.out.println("FAILED " + e);
        System.out.flush();
        System.exit(3);
      }
      long pending = outbox.entries().stream()
          .filter(e -> e.getState() == EntryState.WAITING || e.getNextCheckAt() != null).count();
      System.out.println("DONE " + pending);
      System.out.flush();
    }
  }
}
