package org.nlpearl4j.cli;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one row, as the {@code outcome} column of the results file says it.
 *
 * <p>The three values answer the question a user acts on: is the lead in NLPearl, certainly not,
 * or maybe?
 */
enum Outcome {
  /**
   * NLPearl stored the lead. The lead id is known, except when NLPearl accepted the add but its
   * answer could not be read (then the id is empty and the message says so).
   */
  ADDED("added"),
  /** NLPearl certainly did not store the lead: safe to send again ({@code --resume} does). */
  FAILED("failed"),
  /**
   * NLPearl may have stored the lead (a 5xx, a timeout or a lost connection after sending): sending
   * it again may add it twice, so {@code --resume} leaves it alone unless {@code --retry-unknown}.
   */
  UNKNOWN("unknown");

  private final String word;

  Outcome(String word) {
    this.word = word;
  }

  /** Returns the word written in the results file: {@code added}, {@code failed}, {@code unknown}. */
  String word() {
    return word;
  }

  /** Returns the outcome a results file names, or null for any other word. */
  static @Nullable Outcome fromWord(String word) {
    for (Outcome outcome : values()) {
      if (outcome.word.equals(word)) {
        return outcome;
      }
    }
    return null;
  }
}
