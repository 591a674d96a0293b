package org.nlpearl4j.outbox;

import java.io.File;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * The process {@link OutboxCrashTest} kills: opens the outbox in a directory and drains it against
 * the test's sandbox. Prints {@code OPEN} once the outbox is open, {@code DONE <waiting>} when the
 * drain completes. Exit status 0 when the drain completed, 3 when it failed.
 */
public final class CrashChild {
  private CrashChild() {
  }

  /**
   * Runs one drain.
   *
   * @param args the outbox directory and the sandbox's base URL
   */
  public static void main(String[] args) {
    File directory = new File(args[0]);
    try (NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN).baseUrl(args[1])
            .retryPolicy(RetryPolicy.none()).build();
        LeadOutbox outbox = LeadOutbox.open(directory, client)) {
      System.out.println("OPEN");
      System.out.flush();
      try {
        outbox.drain().blockingAwait();
      } catch (RuntimeException e) {
        System.out.println("FAILED " + e);
        System.out.flush();
        System.exit(3);
      }
      long waiting = outbox.entries().stream()
          .filter(e -> e.getState() == EntryState.WAITING).count();
      System.out.println("DONE " + waiting);
      System.out.flush();
    }
  }
}
