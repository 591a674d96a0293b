package org.nlpearl4j.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An NLPearl token, {@code AccountId:SecretKey}, checked for shape; the secret never appears in
 * {@link #toString()} or in any exception message.
 */
public final class Credentials {
  private final String accountId;
  private final String secretKey;

  private Credentials(String accountId, String secretKey) {
    this.accountId = accountId;
    this.secretKey = secretKey;
  }

  /**
   * Parses a token of the form {@code AccountId:SecretKey}.
   *
   * @param token the token from https://platform.nlpearl.ai/app/settings/api
   * @return the credentials
   * @throws IllegalArgumentException if the token is malformed (the message never echoes it)
   */
  public static Credentials parse(String token) {
    Objects.requireNonNull(token, "token");
    String trimmed = token.trim();
    if (trimmed.startsWith("Bearer ") || trimmed.startsWith("bearer ")) {
      throw new IllegalArgumentException(
          "token must be AccountId:SecretKey without the \"Bearer \" prefix (the SDK adds it)");
    }
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("token must be AccountId:SecretKey, but it has no ':' ("
          + trimmed.length() + " characters)");
    }
    return of(trimmed.substring(0, colon), trimmed.substring(colon + 1));
  }

  /**
   * Builds credentials from their two parts.
   *
   * @param accountId the account id
   * @param secretKey the API secret key
   * @return the credentials
   * @throws IllegalArgumentException if a part is empty or holds spaces, control or non-ASCII
   *     characters (the message never echoes the secret)
   */
  public static Credentials of(String accountId, String secretKey) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(secretKey, "secretKey");
    String badAccount = shapeProblem(accountId);
    if (badAccount != null || accountId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("the account id (the part before ':') "
          + (badAccount != null ? badAccount : "must not contain ':'"));
    }
    String badSecret = shapeProblem(secretKey);
    if (badSecret != null) {
      throw new IllegalArgumentException("the secret key (the part after ':') " + badSecret);
    }
    return new Credentials(accountId, secretKey);
  }

  private static @Nullable String shapeProblem(String part) {
    if (part.isEmpty()) {
      return "must not be empty";
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return "must hold visible ASCII characters only; character " + (i + 1) + " of "
            + part.length() + " is not";
      }
    }
    return null;
  }

  /**
   * Returns the account id (not secret).
   *
   * @return the account id
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the bearer token to send: {@code AccountId:SecretKey}.
   *
   * @return the token (secret: never log it)
   */
  public String token() {
    return accountId + ":" + secretKey;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Credentials)) {
      return false;
    }
    Credentials that = (Credentials) o;
    return accountId.equals(that.accountId) && secretKey.equals(that.secretKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accountId, secretKey);
  }

  /** Returns the account id and a redacted secret. */
  @Override
  public String toString() {
    return accountId + ":<redacted>";
  }
}
