package org.nlpearl4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds the API token: {@code --token-file FILE}, else the {@code NLPEARL_API_TOKEN} environment
 * variable, else none (a usage error, unless {@code --sandbox} asks for an embedded sandbox).
 *
 * <p>There is deliberately no option taking the token itself: command lines show in {@code ps} and
 * shell history. No message here ever contains the token or any part of it.
 */
final class Credentials {
  static final String TOKEN_ENV = "NLPEARL_API_TOKEN";

  private final String token;
  private final String source;

  private Credentials(String token, String source) {
    this.token = token;
    this.source = source;
  }

  /** Returns the token, {@code AccountId:SecretKey}. Never print it. */
  String token() {
    return token;
  }

  /** Returns where the token came from, e.g. {@code NLPEARL_API_TOKEN} or {@code --token-file x}. */
  String source() {
    return source;
  }

  /** Returns the secret part of the token (after the first colon), for redaction. */
  String secret() {
    return token.substring(token.indexOf(':') + 1);
  }

  /** Returns the account id (before the first colon); not a secret. */
  String accountId() {
    return token.substring(0, token.indexOf(':'));
  }

  /**
   * Finds the credentials.
   *
   * @return the credentials, or null when none are configured
   * @throws UsageException when the token file cannot be read or the token is malformed
   */
  static @Nullable Credentials find(@Nullable Path tokenFile, Map<String, String> env) {
    if (tokenFile != null) {
      String content;
      try {
        content = Files.readString(tokenFile, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new UsageException("--token-file " + tokenFile + ": no such file");
      } catch (IOException e) {
        throw new UsageException("--token-file " + tokenFile + ": cannot read it ("
            + e.getClass().getSimpleName() + ")");
      }
      String token = content.replace("\uFEFF", "").strip();
      String source = "--token-file " + tokenFile;
      if (token.isEmpty()) {
        throw new UsageException(source + " is empty; it must hold the token AccountId:SecretKey");
      }
      if (token.contains("\n") || token.contains("\r")) {
        throw new UsageException(source + " holds more than one line; it must hold only the token "
            + "AccountId:SecretKey");
      }
      return checked(token, source);
    }
    String fromEnv = env.get(TOKEN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return checked(fromEnv.strip(), TOKEN_ENV);
    }
    return null;
  }

  private static Credentials checked(String token, String source) {
    int colon = token.indexOf(':');
    if (colon <= 0 || colon == token.length() - 1) {
      throw new UsageException("the token in " + source + " is not of the form AccountId:SecretKey "
          + "(NLPearl's Authorization is 'Bearer AccountId:SecretKey')");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new UsageException("the token in " + source + " contains white space or control "
            + "characters; it must be AccountId:SecretKey on its own");
      }
    }
    return new Credentials(token, source);
  }

  @Override
  public String toString() {
    return "Credentials{source=" + source + ", token=" + accountId() + ":****}";
  }
}
