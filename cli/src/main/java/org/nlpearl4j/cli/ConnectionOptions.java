package org.nlpearl4j.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where requests go and with which credentials: shared by every command that calls the API. */
final class ConnectionOptions {
  static final String BASE_URL_ENV = "NLPEARL_BASE_URL";

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "API server (default: https://api.nlpearl.ai, or $" + BASE_URL_ENV + "). "
          + "Needs credentials.")
  @Nullable String baseUrl;

  @Option(
      names = "--sandbox",
      description = "Start an embedded sandbox (an in-process fake NLPearl server on 127.0.0.1) and "
          + "send everything to it: nothing reaches NLPearl. For trying the tool with no account; "
          + "refused when credentials or a base URL are set, so a real import never goes to a "
          + "sandbox by mistake.")
  boolean sandbox;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the API token AccountId:SecretKey (default: $"
          + Credentials.TOKEN_ENV + "). There is no option for the token itself: it would show in "
          + "ps and in shell history.")
  @Nullable Path tokenFile;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "3",
      description = "Attempts per request, the first one included (default: ${DEFAULT-VALUE}; 1 turns "
          + "retries off). Only what is safe is retried: an add after 429 or when the request never "
          + "reached the server; an update also after 502/503/504 and timeouts.")
  int maxAttempts;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print one line per HTTP attempt on stderr: operation, CSV row, status, request "
          + "id, latency, and the reason and delay of a retry. Never the token, the phone number "
          + "or the call data.")
  boolean verbose;
}
