package org.nlpearl4j.sandbox.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens a sandbox accepts, and the checks on the Authorization header. NLPearl tokens
 * are {@code AccountId:SecretKey}. Secrets are never put in messages: only the account id is.
 */
public final class Tokens {
  /** Violation key for an Authorization header that is not {@code Bearer AccountId:SecretKey}. */
  public static final String SHAPE_KEY = "nlpearl4j.request.security.token";

  private final List<String> accepted;

  public Tokens(Collection<String> accepted) {
    this.accepted = new ArrayList<>(accepted);
  }

  /** The outcome of checking one Authorization header. */
  public static final class Check {
    private final boolean ok;
    private final @Nullable String accountId;
    private final @Nullable String problem;
    private final boolean shapeProblem;

    Check(boolean ok, @Nullable String accountId, @Nullable String problem, boolean shapeProblem) {
      this.ok = ok;
      this.accountId = accountId;
      this.problem = problem;
      this.shapeProblem = shapeProblem;
    }

    public boolean ok() {
      return ok;
    }

    /** The account id part when the header was shaped right. */
    public @Nullable String accountId() {
      return accountId;
    }

    /** Why the request is not authorised (safe to show: no secret in it). */
    public @Nullable String problem() {
      return problem;
    }

    /** True when the header was absent or not shaped like {@code Bearer AccountId:SecretKey}. */
    public boolean shapeProblem() {
      return shapeProblem;
    }
  }

  /** Is {@code token} shaped like {@code AccountId:SecretKey} (two non-empty parts, no blanks)? */
  public static boolean isWellFormed(String token) {
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1 || token.indexOf(':', colon + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** The account id of a well-formed token. */
  public static String accountId(String token) {
    return token.substring(0, token.indexOf(':'));
  }

  /** {@code AccountId:***} for a well-formed token, or {@code ***}. */
  public static String redact(String token) {
    return isWellFormed(token) ? accountId(token) + ":***" : "***";
  }

  /** Redacts the secret in an Authorization header value. */
  public static String redactHeader(String header) {
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(0, 7) + redact(header.substring(7).trim());
    }
    return "***";
  }

  /** Checks one Authorization header value. */
  public Check check(@Nullable String header) {
    if (header == null || header.trim().isEmpty()) {
      return new Check(false, null, "The Authorization header is missing; send 'Bearer AccountId:SecretKey'.", true);
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Check(false, null, "The Authorization header must use the Bearer scheme: 'Bearer AccountId:SecretKey'.", true);
    }
    String token = header.substring(7).trim();
    if (!isWellFormed(token)) {
      return new Check(false, null, "The bearer token must be shaped 'AccountId:SecretKey'.", true);
    }
    String account = accountId(token);
    for (String candidate : accepted) {
      if (MessageDigest.isEqual(candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        return new Check(true, account, null, false);
      }
    }
    return new Check(false, account, "The token of account '" + account + "' is not accepted by this sandbox.", false);
  }
}
