package org.nlpearl4j.cli;

import org.jspecify.annotations.Nullable;

/**
 * Removes the secret part of the token from any text before it is printed or written, in case a
 * message from below (a server echoing a header, an HTTP library) ever carries it.
 */
final class Redactor {
  static final Redactor NONE = new Redactor(null);
  static final String MASK = "****";

  private final @Nullable String secret;

  Redactor(@Nullable String secret) {
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  String redact(@Nullable String text) {
    if (text == null) {
      return "";
    }
    return secret == null ? text : text.replace(secret, MASK);
  }
}
