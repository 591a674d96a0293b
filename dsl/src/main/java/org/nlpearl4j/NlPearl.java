package org.nlpearl4j;

import io.reactivex.rxjava3.core.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Credentials;
import org.nlpearl4j.internal.Engine;
import org.nlpearl4j.internal.SdkVersion;
import org.nlpearl4j.internal.SendMarker;
import org.nlpearl4j.internal.UserAgentInterceptor;
import org.nlpearl4j.internal.generated.support.BearerTokenInterceptor;

/**
 * The entry point of nlpearl4j: a thread-safe client for the NLPearl API; create one per account
 * and share it.
 *
 * <p>Operations hang off typed handles so that the two kinds of id cannot be mixed up: an
 * {@linkplain #outbound(String) outbound campaign} adds leads, a {@linkplain #pearl(String) Pearl}
 * updates them. Every operation returns a cold RxJava {@code Single}: nothing is sent before it is
 * subscribed, disposing it cancels the HTTP call, and no thread is ever blocked.
 *
 * <pre>{@code
 * NlPearl client = NlPearl.builder()
 *     .token(System.getenv("NLPEARL_TOKEN"))          // AccountId:SecretKey
 *     .build();
 *
 * client.outbound(outboundId)
 *     .addLead(lead -> lead.phoneNumber("+14155550123").callData("email", "joe@example.com"))
 *     .subscribe(leadId -> System.out.println("added " + leadId), Throwable::printStackTrace);
 *
 * client.pearl(pearlId)
 *     .updateLead(leadId, update -> update.status(SettableLeadStatus.COMPLETED))
 *     .subscribe(lead -> System.out.println(lead.getStatus()), Throwable::printStackTrace);
 * }</pre>
 */
public final class NlPearl implements AutoCloseable {
  /** The production API. */
  public static final String DEFAULT_BASE_URL = "https://api.nlpearl.ai";

  private final Builder settings;
  private final Credentials credentials;
  private final HttpUrl baseUrl;
  private final String userAgent;
  private final RetryPolicy retryPolicy;
  /** How many calls an HTTP client the SDK makes itself runs at once, all to the API's host. */
  private static final int MAX_REQUESTS = 64;

  private final OkHttpClient httpClient;
  private final boolean ownsHttpClient;
  private final Engine engine;

  private NlPearl(Builder builder, Credentials credentials) {
    this.settings = builder.copy();
    this.credentials = credentials;
    this.baseUrl = builder.baseUrl;
    this.retryPolicy = builder.retryPolicy;
    this.userAgent = builder.userAgentSuffix == null ? SdkVersion.userAgent()
        : SdkVersion.userAgent() + " " + builder.userAgentSuffix;
    this.ownsHttpClient = builder.okHttpClient == null;
    OkHttpClient.Builder http = builder.okHttpClient != null ? builder.okHttpClient.newBuilder()
        : new OkHttpClient.Builder()
            // Every call goes to one host: OkHttp's default of 5 calls per host would queue the
            // sixth request of a sender with more in flight (an outbox, an import) unseen.
            .dispatcher(dispatcher())
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .writeTimeout(30, TimeUnit.SECONDS);
    if (builder.connectTimeout != null) {
      http.connectTimeout(builder.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.readTimeout != null) {
      http.readTimeout(builder.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.writeTimeout != null) {
      http.writeTimeout(builder.writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.callTimeout != null) {
      http.callTimeout(builder.callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    this.httpClient = http
        // The API answers without redirects. Following one would turn a PUT into a GET of
        // another URL whose 200 would pass for the add's answer; a 3xx is reported instead.
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new BearerTokenInterceptor(credentials.token()))
        .addInterceptor(new UserAgentInterceptor(userAgent))
        .addNetworkInterceptor(SendMarker.INTERCEPTOR)
        .build();
    this.engine = new Engine(baseUrl, httpClient, retryPolicy, builder.retryScheduler,
        builder.listeners.isEmpty() ? null : new ListenerDispatch(builder.listeners));
  }

  /** The dispatcher of an HTTP client the SDK makes itself: {@value #MAX_REQUESTS} calls at once. */
  private static okhttp3.Dispatcher dispatcher() {
    okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    return dispatcher;
  }

  /**
   * Returns a new builder; a token (or credentials) is required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a client for the production API with default settings.
   *
   * <pre>{@code NlPearl client = NlPearl.create(System.getenv("NLPEARL_TOKEN"));}</pre>
   *
   * @param token {@code AccountId:SecretKey}
   * @return the client
   * @throws IllegalArgumentException if the token is malformed (the message never echoes it)
   */
  public static NlPearl create(String token) {
    return builder().token(token).build();
  }

  /**
   * Returns a builder holding this client's settings, e.g. to derive a client with another retry
   * policy; the derived client shares the HTTP client passed to {@link Builder#okHttpClient}, if
   * any.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return settings.copy();
  }

  /**
   * Returns the handle for one outbound campaign, which adds leads to it.
   *
   * <p>An outbound id names a campaign (NLPearl's "outbound"); it is not a Pearl id. An
   * implausible id (blank, over 256 characters, whitespace or control characters) is reported by
   * the operation, as the {@code outboundId} problem of an {@link InvalidRequestException}.
   *
   * @param outboundId the campaign's id, from the NLPearl platform
   * @return the handle (cheap; nothing is sent)
   */
  public OutboundCampaign outbound(String outboundId) {
    return new OutboundCampaign(this, Objects.requireNonNull(outboundId, "outboundId"));
  }

  /**
   * Returns the handle for one Pearl (an AI agent), which updates the leads of its campaign.
   *
   * <p>A Pearl id names the agent; it is not an outbound id. An implausible id is reported by the
   * operation, as the {@code pearlId} problem of an {@link InvalidRequestException}.
   *
   * @param pearlId the Pearl's id, from the NLPearl platform
   * @return the handle (cheap; nothing is sent)
   */
  public Pearl pearl(String pearlId) {
    return new Pearl(this, Objects.requireNonNull(pearlId, "pearlId"));
  }

  /**
   * Returns the base URL requests are sent to.
   *
   * @return e.g. {@code https://api.nlpearl.ai/}
   */
  public String getBaseUrl() {
    return baseUrl.toString();
  }

  /**
   * Returns the account id of the credentials (the secret key is never returned).
   *
   * @return the account id
   */
  public String getAccountId() {
    return credentials.accountId();
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy getRetryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the {@code User-Agent} sent with every request.
   *
   * @return e.g. {@code nlpearl4j/0.1.0}
   */
  public String getUserAgent() {
    return userAgent;
  }

  Engine engine() {
    return engine;
  }

  /**
   * Releases the threads and pooled connections of the HTTP client this {@code NlPearl} created
   * itself; an HTTP client passed to {@link Builder#okHttpClient} is left alone. Calls in flight
   * complete; do not start new ones afterwards.
   *
   * <p>Useful in command-line tools, where OkHttp's idle threads would otherwise delay the exit.
   */
  @Override
  public void close() {
    if (ownsHttpClient) {
      httpClient.dispatcher().executorService().shutdown();
      httpClient.connectionPool().evictAll();
    }
  }

  /** Describes the client; the secret key is redacted. */
  @Override
  public String toString() {
    return "NlPearl{baseUrl=" + baseUrl.redact() + ", credentials=" + credentials
        + ", retryPolicy=" + retryPolicy + ", userAgent=" + userAgent + "}";
  }

  /**
   * Builds an {@link NlPearl}.
   *
   * <pre>{@code
   * NlPearl client = NlPearl.builder()
   *     .credentials(accountId, secretKey)
   *     .okHttpClient(sharedClient)              // derived with newBuilder(), never modified
   *     .readTimeout(Duration.ofSeconds(20))
   *     .retryPolicy(retry -> retry.maxAttempts(5))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable Credentials credentials;
    private HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL + "/");
    private final Set<String> cleartextHosts = new TreeSet<>();
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration writeTimeout;
    private @Nullable Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    // Null: Schedulers.computation(), taken only when a retry waits (RxJava's schedulers start
    // thread pools when first touched; a client whose calls never retry never touches them).
    private @Nullable Scheduler retryScheduler;
    private @Nullable String userAgentSuffix;
    private final List<NlPearlListener> listeners = new ArrayList<>();

    private Builder() {}

    Builder copy() {
      Builder copy = new Builder();
      copy.credentials = credentials;
      copy.baseUrl = baseUrl;
      copy.cleartextHosts.addAll(cleartextHosts);
      copy.okHttpClient = okHttpClient;
      copy.connectTimeout = connectTimeout;
      copy.readTimeout = readTimeout;
      copy.writeTimeout = writeTimeout;
      copy.callTimeout = callTimeout;
      copy.retryPolicy = retryPolicy;
      copy.retryScheduler = retryScheduler;
      copy.userAgentSuffix = userAgentSuffix;
      copy.listeners.addAll(listeners);
      return copy;
    }

    /**
     * Sets the credentials from an NLPearl token.
     *
     * @param token {@code AccountId:SecretKey}, from https://platform.nlpearl.ai/app/settings/api
     * @return this builder
     * @throws IllegalArgumentException if the token is malformed (the message never echoes it)
     */
    public Builder token(String token) {
      this.credentials = Credentials.parse(token);
      return this;
    }

    /**
     * Sets the credentials from their two parts.
     *
     * @param accountId the account id
     * @param secretKey the API secret key
     * @return this builder
     * @throws IllegalArgumentException if a part is malformed (the message never echoes the secret)
     */
    public Builder credentials(String accountId, String secretKey) {
      this.credentials = Credentials.of(accountId, secretKey);
      return this;
    }

    /**
     * Sets the API's base URL; {@code https} is required except for loopback hosts and hosts
     * allowed with {@link #allowCleartextHost(String)}.
     *
     * @param baseUrl e.g. {@code https://api.nlpearl.ai} (the default) or a sandbox's URL
     * @return this builder
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl parsed = HttpUrl.parse(baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL");
      }
      if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
        throw new IllegalArgumentException(
            "baseUrl must not carry user info; use token(...) for the credentials");
      }
      this.baseUrl = parsed;
      return this;
    }

    /**
     * Allows plain {@code http} to one more host, e.g. the Android emulator's view of the
     * development machine ({@code 10.0.2.2}). Loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
     * {@code ::1}) are always allowed.
     *
     * <p>Over plain http the token travels in clear: only allow hosts on a network you trust.
     *
     * @param host a host name or IP literal, e.g. {@code 10.0.2.2}
     * @return this builder
     */
    public Builder allowCleartextHost(String host) {
      Objects.requireNonNull(host, "host");
      String normalized = host.trim().toLowerCase(Locale.ROOT);
      if (normalized.startsWith("[") && normalized.endsWith("]")) {
        normalized = normalized.substring(1, normalized.length() - 1);
      }
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      HttpUrl probe = HttpUrl.parse("http://" + (normalized.indexOf(':') >= 0
          ? "[" + normalized + "]" : normalized) + "/");
      if (probe == null) {
        throw new IllegalArgumentException("not a host name or IP literal: " + host);
      }
      cleartextHosts.add(probe.host());
      return this;
    }

    /**
     * Sets the OkHttp client to share (its connection pool, dispatcher, interceptors and event
     * listener are reused); the SDK derives its own client with {@code newBuilder()} and never
     * modifies this one. Its dispatcher decides how many calls run at once (OkHttp's default is 5
     * per host, and every call of this SDK goes to one host); without a shared client the SDK's
     * own runs 64 at once.
     *
     * @param okHttpClient the client to share
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Sets the connect timeout (default 10 s, or the shared client's).
     *
     * @param timeout zero for none
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the read timeout: the longest silence while waiting for the response (default 30 s, or
     * the shared client's).
     *
     * @param timeout zero for none
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets the write timeout (default 30 s, or the shared client's).
     *
     * @param timeout zero for none
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = timeout(timeout, "writeTimeout");
      return this;
    }

    /**
     * Sets the timeout of one whole attempt, from connecting to reading the last byte (default
     * none, or the shared client's). Retries get a fresh timeout each.
     *
     * @param timeout zero for none
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets the retry policy (default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()}
     * disables retries).
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the retry policy, built by a lambda starting from the defaults.
     *
     * <pre>{@code builder.retryPolicy(retry -> retry.maxAttempts(5).maxBackoff(Duration.ofSeconds(30)))}</pre>
     *
     * @param spec fills in the policy's builder
     * @return this builder
     */
    public Builder retryPolicy(Consumer<RetryPolicy.Builder> spec) {
      this.retryPolicy = RetryPolicy.of(spec);
      return this;
    }

    /**
     * Sets the scheduler the retry delays run on (default {@code Schedulers.computation()}; tests
     * pass a {@code TestScheduler}).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder retryScheduler(Scheduler scheduler) {
      this.retryScheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Adds a listener that sees every attempt, response, retry and outcome of this client's calls,
     * e.g. to log the request ids NLPearl support asks for, or to export metrics; listeners are
     * called in the order they were added.
     *
     * <p>Events carry no token and no personal data unless the listener asks for the request value.
     * A listener that throws is contained (logged once) and the call goes on. Without a listener
     * the SDK creates no events at all.
     *
     * <pre>{@code
     * NlPearl client = NlPearl.builder()
     *     .token(token)
     *     .listener(new NlPearlListener() {
     *       @Override
     *       public void onCallEnd(CallEnded call) {
     *         log.info("{} {}: status {}, request id {}, {} attempt(s) in {}", call.getOperation(),
     *             call.isSuccess() ? "ok" : "failed", call.getStatusCode(), call.getRequestId(),
     *             call.getAttempts(), call.getDuration());
     *       }
     *     })
     *     .build();
     * }</pre>
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(NlPearlListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Appends a product token to the {@code User-Agent}, e.g. your application's name and version.
     *
     * @param product e.g. {@code my-crm-sync/2.1}, or null for none
     * @return this builder
     */
    public Builder userAgentSuffix(@Nullable String product) {
      if (product != null) {
        for (int i = 0; i < product.length(); i++) {
          char c = product.charAt(i);
          if (c < 0x20 || c > 0x7e) {
            throw new IllegalArgumentException(
                "userAgentSuffix must hold printable ASCII characters only");
          }
        }
      }
      this.userAgentSuffix = product == null || product.trim().isEmpty() ? null : product.trim();
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no token or credentials were given
     * @throws IllegalArgumentException if the base URL is plain http to a host not allowed
     */
    public NlPearl build() {
      Credentials credentials = this.credentials;
      if (credentials == null) {
        throw new IllegalStateException(
            "credentials are required: call token(\"AccountId:SecretKey\") or credentials(...)");
      }
      if (!baseUrl.isHttps() && !isLoopback(baseUrl.host())
          && !cleartextHosts.contains(baseUrl.host())) {
        throw new IllegalArgumentException("baseUrl " + baseUrl.redact() + " uses plain http,"
            + " which would send the token in clear; use https, a loopback host, or"
            + " allowCleartextHost(\"" + baseUrl.host() + "\") for a host on a trusted network");
      }
      return new NlPearl(this, credentials);
    }

    /**
     * Returns the settings; the secret key is redacted.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "NlPearl.Builder{baseUrl=" + baseUrl.redact() + ", credentials=" + credentials
          + ", cleartextHosts=" + cleartextHosts + ", retryPolicy=" + retryPolicy + "}";
    }

    private static Duration timeout(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + timeout);
      }
      return timeout;
    }

    static boolean isLoopback(String host) {
      if (host.equals("localhost") || host.equals("::1")) {
        return true;
      }
      String[] octets = host.split("\\.", -1);
      if (octets.length != 4 || !octets[0].equals("127")) {
        return false;
      }
      for (String octet : octets) {
        if (octet.isEmpty() || octet.length() > 3) {
          return false;
        }
        for (int i = 0; i < octet.length(); i++) {
          if (octet.charAt(i) < '0' || octet.charAt(i) > '9') {
            return false;
          }
        }
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return true;
    }
  }
}
