package org.nlpearl4j.cli;

import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/**
 * A configured client: the facade, the credentials it uses (or an embedded sandbox with {@code
 * --sandbox}), and the SDK listeners that count latencies
 * and retries ({@link AttemptStats}) and, with {@code --verbose}, print every attempt ({@link
 * AttemptLog}).
 */
final class Connection implements AutoCloseable {
  private final NlPearl client;
  private final OkHttpClient http;
  private final @Nullable NlPearlSandbox sandbox;
  private final Redactor redactor;
  private final String target;
  private final AttemptStats attemptStats;
  private final @Nullable AttemptLog attemptLog;

  private Connection(NlPearl client, OkHttpClient http, @Nullable NlPearlSandbox sandbox,
      Redactor redactor, String target, AttemptStats attemptStats,
      @Nullable AttemptLog attemptLog) {
    this.client = client;
    this.http = http;
    this.sandbox = sandbox;
    this.redactor = redactor;
    this.target = target;
    this.attemptStats = attemptStats;
    this.attemptLog = attemptLog;
  }

  /**
   * Connects as the options and environment say: to NLPearl (or {@code --base-url}) with the
   * credentials found, or, with {@code --sandbox}, to an embedded sandbox, which it says on stderr
   * in one line.
   *
   * @param concurrency how many requests may be in flight at once
   * @throws UsageException when there are no credentials and no {@code --sandbox}, when {@code
   *     --sandbox} meets credentials or a base URL, or when the credentials or base URL are
   *     unusable
   */
  static Connection open(ConnectionOptions options, CliContext context, int concurrency) {
    return open(options, context, concurrency, null);
  }

  /**
   * Connects as {@link #open(ConnectionOptions, CliContext, int)} does, with one more listener of
   * the SDK's events, e.g. the import's {@link org.nlpearl4j.internal.Pacer}.
   */
  static Connection open(ConnectionOptions options, CliContext context, int concurrency,
      org.nlpearl4j.@Nullable NlPearlListener listener) {
    Credentials credentials = Credentials.find(options.tokenFile, context.env());
    String baseUrl = options.baseUrl;
    String baseUrlSource = "--base-url " + baseUrl;
    if (baseUrl == null) {
      String fromEnv = context.env().get(ConnectionOptions.BASE_URL_ENV);
      baseUrl = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
      baseUrlSource = ConnectionOptions.BASE_URL_ENV + "=" + baseUrl;
    }
    if (options.sandbox) {
      if (credentials != null) {
        throw new UsageException("--sandbox sends nothing to NLPearl, but credentials are set ("
            + credentials.source() + "): drop --sandbox to use them, or, to try the sandbox, "
            + (credentials.source().equals(Credentials.TOKEN_ENV)
                ? "run without " + Credentials.TOKEN_ENV + " (e.g. env -u " + Credentials.TOKEN_ENV
                    + " ./nlpearl ...)"
                : "drop --token-file"));
      }
      if (baseUrl != null) {
        throw new UsageException("--sandbox starts its own server, but " + baseUrlSource + " is "
            + "set: drop one of them");
      }
    } else if (credentials == null) {
      if (baseUrl != null) {
        throw new UsageException(baseUrlSource + " needs credentials: set "
            + Credentials.TOKEN_ENV + "=AccountId:SecretKey or pass --token-file FILE");
      }
      throw new UsageException(noCredentials());
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Math.max(64, concurrency));
    dispatcher.setMaxRequestsPerHost(Math.max(64, concurrency));
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.max(5, concurrency), 1, TimeUnit.MINUTES))
        .build();

    NlPearlSandbox sandbox = null;
    String token;
    String target;
    if (credentials == null) {
      // Nobody inspects the embedded sandbox's request log: keep none, so that a big import
      // holds only the leads themselves.
      sandbox = NlPearlSandbox.builder().recordLimit(0).start();
      baseUrl = sandbox.baseUrl();
      token = NlPearlSandbox.DEFAULT_TOKEN;
      target = "embedded sandbox at " + baseUrl;
      context.err().println("nlpearl: --sandbox: using an embedded sandbox at " + baseUrl
          + " - nothing is sent to NLPearl");
    } else {
      token = credentials.token();
      target = baseUrl == null ? "NLPearl" : baseUrl;
    }
    Redactor redactor = new Redactor(credentials == null ? null : credentials.secret());
    try {
      NlPearl.Builder builder = NlPearl.builder()
          .token(token)
          .okHttpClient(http)
          .retryPolicy(policy -> policy.maxAttempts(options.maxAttempts))
          .userAgentSuffix("nlpearl-cli");
      if (baseUrl != null) {
        builder.baseUrl(baseUrl);
      }
      AttemptStats attemptStats = new AttemptStats();
      builder.listener(attemptStats);
      AttemptLog attemptLog = options.verbose ? new AttemptLog(context.err()) : null;
      if (attemptLog != null) {
        builder.listener(attemptLog);
      }
      if (listener != null) {
        builder.listener(listener);
      }
      return new Connection(builder.build(), http, sandbox, redactor, target,
          attemptStats, attemptLog);
    } catch (IllegalArgumentException e) {
      if (sandbox != null) {
        sandbox.close();
      }
      throw new UsageException(redactor.redact(e.getMessage()), e);
    }
  }

  /** Returns the usage error for a command run with no credentials and no {@code --sandbox}. */
  static String noCredentials() {
    return "no credentials, so nothing was sent. To reach NLPearl, set " + Credentials.TOKEN_ENV
        + "=AccountId:SecretKey (your NLPearl account id and API secret key; see "
        + "https://developers.nlpearl.ai) or pass --token-file FILE holding it. To try the "
        + "command without an account, add --sandbox: an embedded sandbox stands in for NLPearl.";
  }

  /** Returns the facade. */
  NlPearl client() {
    return client;
  }

  /** Returns the latencies and retries the SDK's listener reported. */
  AttemptStats attemptStats() {
    return attemptStats;
  }

  /**
   * Returns {@code call}, whose attempts {@code --verbose} logs under {@code row}; unchanged
   * without {@code --verbose}.
   */
  <T> Single<T> tagged(Object request, long row, Single<T> call) {
    AttemptLog log = attemptLog;
    return log == null ? call : log.tagged(request, row, call);
  }

  /** Returns the redactor for the token in use. */
  Redactor redactor() {
    return redactor;
  }

  /** Returns where requests go, for messages: {@code NLPearl}, a URL, or the embedded sandbox. */
  String target() {
    return target;
  }

  /** Tells whether requests go to an embedded sandbox. */
  boolean embedded() {
    return sandbox != null;
  }

  @Override
  public void close() {
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
