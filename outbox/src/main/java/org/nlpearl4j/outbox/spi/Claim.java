package org.nlpearl4j.outbox.spi;

import java.util.Objects;
import org.nlpearl4j.outbox.OutboxEntry;

/**
 * An entry a sender has taken from an {@link OutboxStore}, with the token that proves it: the
 * outcome of the request (or lookup) is written only while the entry still carries this token.
 *
 * <pre>{@code
 * for (Claim claim : store.claimSends(4, now)) {
 *   OutboxEntry sending = claim.getEntry(); // already SENDING, durably
 * }
 * }</pre>
 */
public final class Claim {
  private final OutboxEntry entry;
  private final String token;

  private Claim(OutboxEntry entry, String token) {
    this.entry = entry;
    this.token = token;
  }

  /**
   * Returns a claim of an entry.
   *
   * @param entry the entry as the store holds it once claimed
   * @param token the token the store recorded with it (unique per claim)
   * @return the claim
   */
  public static Claim of(OutboxEntry entry, String token) {
    return new Claim(Objects.requireNonNull(entry, "entry"), Objects.requireNonNull(token, "token"));
  }

  /**
   * Returns the entry as it stood when it was claimed.
   *
   * @return the entry
   */
  public OutboxEntry getEntry() {
    return entry;
  }

  /**
   * Returns the claim's token.
   *
   * @return the token
   */
  public String getToken() {
    return token;
  }

  /** Names the entry and the token, without personal data. */
  @Override
  public String toString() {
    return "Claim{" + entry + " token=" + token + "}";
  }
}
