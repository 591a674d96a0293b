package org.nlpearl4j.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.sandbox.internal.CallSimulator;
import org.nlpearl4j.sandbox.internal.Capacity;
import org.nlpearl4j.sandbox.internal.ContractChecker;
import org.nlpearl4j.sandbox.internal.Exchange;
import org.nlpearl4j.sandbox.internal.FaultQueue;
import org.nlpearl4j.sandbox.internal.LeadState;
import org.nlpearl4j.sandbox.internal.LeadStore;
import org.nlpearl4j.sandbox.internal.ObjectIds;
import org.nlpearl4j.sandbox.internal.Recorder;
import org.nlpearl4j.sandbox.internal.SandboxHandler;
import org.nlpearl4j.sandbox.internal.Server;
import org.nlpearl4j.sandbox.internal.SimulationTimer;
import org.nlpearl4j.sandbox.internal.SpecLoader;
import org.nlpearl4j.sandbox.internal.Tokens;
import org.nlpearl4j.sandbox.internal.Violation;

/**
 * An NLPearl server on loopback that behaves like NLPearl for the vendored operations (v1 Add
 * Lead, v2 Update Lead), checks every request and response against the vendored spec, and can
 * simulate calls, inject faults and record what it received.
 *
 * <pre>{@code
 * try (NlPearlSandbox sandbox = NlPearlSandbox.builder()
 *     .token("my-account:my-secret")      // or use NlPearlSandbox.DEFAULT_TOKEN
 *     .strictContract(true)
 *     .build()
 *     .start()) {
 *   String baseUrl = sandbox.baseUrl();   // "http://127.0.0.1:54321/"
 *   // ... run the client against baseUrl ...
 *   sandbox.assertNoContractViolations();
 * }
 * }</pre>
 *
 * <p>Campaigns: the outbound id of v1 Add Lead and the pearl id of v2 Update Lead name the same
 * campaign (NLPearl's v2 renamed the parameter), and a campaign is created by the first lead added
 * to it unless {@link Builder#autoCreateCampaigns(boolean)} is turned off.
 *
 * <p>Thread-safe. Close it to free the port and its threads.
 */
public final class NlPearlSandbox implements AutoCloseable {
  /** The account id of {@link #DEFAULT_TOKEN}. */
  public static final String DEFAULT_ACCOUNT_ID = "0123456789abcdef01234567";

  /**
   * The documented sandbox token, accepted when no token is configured:
   * {@code 0123456789abcdef01234567:sandboxSecretKey0000000000000000}. It is shaped like a real
   * NLPearl token (a 24-hex-digit account id, a 32-character secret) and is not a secret.
   */
  public static final String DEFAULT_TOKEN = DEFAULT_ACCOUNT_ID + ":sandboxSecretKey0000000000000000";

  private static final Logger LOG = Logger.getLogger("org.nlpearl4j.sandbox");

  private final String host;
  private final int requestedPort;
  private final List<String> tokens;
  private final boolean strict;
  private final boolean contractCheck;
  private final @Nullable Long simulationSeed;
  private final Duration simulationStep;
  private final Clock clock;
  private final Duration lookupLag;
  private final LeadStore store;
  private final FaultQueue faultQueue = new FaultQueue();
  private final SandboxFaults faults;
  private final Recorder recorder;
  private final Random idRandom;
  private final double ratePerSecond;
  private final int burst;
  private final Duration latencyBase;
  private final Duration latencySpread;
  private final int workers;

  private final Object lock = new Object();
  private @Nullable Server server;
  private @Nullable SimulationTimer timer;
  private @Nullable Runnable clockListener;
  private boolean closed;

  private NlPearlSandbox(Builder builder) {
    this.host = builder.host;
    this.requestedPort = builder.port;
    this.tokens =
        builder.tokens.isEmpty()
            ? Collections.singletonList(DEFAULT_TOKEN)
            : Collections.unmodifiableList(new ArrayList<>(builder.tokens));
    this.strict = builder.strict;
    this.contractCheck = builder.contractCheck;
    this.simulationSeed = builder.simulationSeed;
    this.simulationStep = builder.simulationStep;
    this.clock = builder.clock;
    this.lookupLag = builder.lookupLag;
    this.recorder = new Recorder(builder.recordLimit);
    this.faults = new SandboxFaults(faultQueue, recorder);
    Long seed = builder.simulationSeed;
    this.idRandom = seed != null ? new Random(seed) : new SecureRandom();
    this.ratePerSecond = builder.ratePerSecond;
    this.burst = builder.burst;
    this.latencyBase = builder.latencyBase;
    this.latencySpread = builder.latencySpread;
    this.workers = builder.workers;
    this.store = new LeadStore(builder.autoCreate, builder.campaigns, new ObjectIds(clock, idRandom), clock);
  }

  /** A builder with the defaults: random port on 127.0.0.1, the default token, strict contract, no simulation. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds and starts a sandbox with the defaults of {@link #builder()}.
   *
   * <pre>{@code
   * try (NlPearlSandbox sandbox = NlPearlSandbox.startDefault()) { ... }
   * }</pre>
   */
  public static NlPearlSandbox startDefault() {
    return builder().build().start();
  }

  /**
   * Binds the port and starts serving; returns this sandbox.
   *
   * @throws IllegalStateException if it was already started or closed
   * @throws UncheckedIOException if the port cannot be bound
   */
  public NlPearlSandbox start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("This sandbox was closed; build a new one");
      }
      if (server != null) {
        throw new IllegalStateException("This sandbox is already started at " + baseUrl());
      }
      ContractChecker checker = contractCheck ? Checkers.shared() : null;
      CallSimulator simulator = null;
      Long seed = simulationSeed;
      if (seed != null) {
        SimulationTimer newTimer;
        if (clock instanceof ManualClock) {
          SimulationTimer.Manual manual = SimulationTimer.manual();
          Runnable listener = () -> manual.runDue(clock.instant());
          ((ManualClock) clock).onAdvance(listener);
          clockListener = listener;
          newTimer = manual;
        } else {
          newTimer = SimulationTimer.realTime(clock);
        }
        timer = newTimer;
        simulator = new CallSimulator(store, newTimer, seed, simulationStep, new ObjectIds(clock, new Random(seed * 31 + 7)));
      }
      SandboxHandler handler =
          new SandboxHandler(store, new Tokens(tokens), checker, strict, faultQueue, recorder, simulator, clock,
              lookupLag,
              new Capacity(ratePerSecond, burst, latencyBase.toNanos(), latencySpread.toNanos(),
                  workers, ticker()));
      try {
        Server newServer = new Server(host, requestedPort, handler);
        newServer.start();
        server = newServer;
      } catch (IOException e) {
        releaseTimer();
        throw new UncheckedIOException("The sandbox could not listen on " + host + ":" + requestedPort, e);
      }
      LOG.fine("NLPearl sandbox listening on " + baseUrl());
      return this;
    }
  }

  /** Nanoseconds for the rate limit: the manual clock's when there is one, else System.nanoTime. */
  private java.util.function.LongSupplier ticker() {
    if (clock instanceof ManualClock) {
      return () -> {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      };
    }
    return System::nanoTime;
  }

  /**
   * The base URL to give a client, with a trailing slash, e.g. {@code http://127.0.0.1:54321/}.
   *
   * @throws IllegalStateException if the sandbox is not started
   */
  public String baseUrl() {
    String urlHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "http://" + urlHost + ":" + port() + "/";
  }

  /**
   * The port the sandbox listens on.
   *
   * @throws IllegalStateException if the sandbox is not started
   */
  public int port() {
    synchronized (lock) {
      Server current = server;
      if (current == null) {
        throw new IllegalStateException(closed ? "The sandbox is closed" : "The sandbox is not started; call start()");
      }
      return current.port();
    }
  }

  /** The tokens this sandbox accepts, redacted to {@code AccountId:***}. */
  public List<String> acceptedTokens() {
    List<String> redacted = new ArrayList<>();
    for (String token : tokens) {
      redacted.add(Tokens.redact(token));
    }
    return Collections.unmodifiableList(redacted);
  }

  /**
   * How long a stored lead stays invisible to lookups by external id (see {@link
   * Builder#lookupLag(Duration)}).
   */
  public Duration lookupLag() {
    return lookupLag;
  }

  /** True when contract violations turn into 500 answers (see {@link Builder#strictContract(boolean)}). */
  public boolean isStrictContract() {
    return strict;
  }

  /**
   * The fault plan: faults queued for the next requests, e.g.
   * {@code sandbox.faults().next(1).afterHandling().status(502)}, a random {@link FaultMix}, and
   * the counts of faults injected.
   */
  public SandboxFaults faults() {
    return faults;
  }

  /**
   * The requests received, in arrival order (the most recent ones, up to
   * {@link Builder#recordLimit(int)}). A request is recorded before its answer is sent.
   */
  public List<SandboxRequest> recordedRequests() {
    List<SandboxRequest> out = new ArrayList<>();
    List<Exchange> exchanges = recorder.exchanges();
    exchanges.sort(Comparator.comparingLong(Exchange::sequence));
    for (Exchange exchange : exchanges) {
      out.add(new SandboxRequest(exchange));
    }
    return Collections.unmodifiableList(out);
  }

  /** Forgets the recorded requests (counters are kept). */
  public void clearRecordedRequests() {
    recorder.clearExchanges();
  }

  /**
   * Describes what the sandbox can take, e.g. {@code 300 requests/s (burst 100), latency 150 ms
   * + up to 20 ms, 64 workers}, or {@code unlimited, instant}.
   */
  public String capacity() {
    List<String> parts = new ArrayList<>();
    parts.add(ratePerSecond > 0
        ? Capacity.describeRate(ratePerSecond, burst)
        : "no rate limit");
    parts.add(latencyBase.isZero() && latencySpread.isZero() ? "no latency"
        : "latency " + latencyBase.toMillis() + " ms"
            + (latencySpread.isZero() ? "" : " + up to " + latencySpread.toMillis() + " ms"));
    parts.add(workers > 0 ? workers + " workers" : "no worker limit");
    return String.join(", ", parts);
  }

  /** A snapshot of the counters. */
  public SandboxCounters counters() {
    return new SandboxCounters(
        recorder.requests(),
        store.size(),
        recorder.leadsAdded(),
        recorder.leadsUpdated(),
        recorder.byStatus(),
        recorder.dropped(),
        recorder.faults(),
        recorder.violationCount(),
        recorder.lookups(),
        recorder.lookupsFound(),
        recorder.rateLimited());
  }

  /** The contract violations found so far, oldest first. */
  public List<ContractViolation> contractViolations() {
    List<ContractViolation> out = new ArrayList<>();
    for (Violation violation : recorder.violations()) {
      out.add(new ContractViolation(violation));
    }
    return Collections.unmodifiableList(out);
  }

  /** Forgets the contract violations found so far. */
  public void clearContractViolations() {
    recorder.clearViolations();
  }

  /**
   * Fails when any request or response broke the contract, listing every violation.
   *
   * <pre>{@code
   * @AfterEach void contract() { sandbox.assertNoContractViolations(); }
   * }</pre>
   *
   * @throws AssertionError with the validator's report when there is a violation
   */
  public void assertNoContractViolations() {
    List<ContractViolation> violations = contractViolations();
    if (!violations.isEmpty()) {
      StringBuilder report = new StringBuilder().append(violations.size()).append(" NLPearl contract violation(s):");
      for (ContractViolation violation : violations) {
        report.append("\n- ").append(violation);
      }
      throw new AssertionError(report.toString());
    }
  }

  /** A stored lead, looked up by campaign (outbound or pearl id, the same thing) and lead id. */
  public Optional<SandboxLead> lead(String campaignId, String leadId) {
    LeadState state = store.get(Objects.requireNonNull(campaignId, "campaignId"), Objects.requireNonNull(leadId, "leadId"));
    return state == null ? Optional.<SandboxLead>empty() : Optional.of(new SandboxLead(state));
  }

  /** The leads of one campaign in the order they were added (empty for an unknown campaign). */
  public List<SandboxLead> leads(String campaignId) {
    List<SandboxLead> out = new ArrayList<>();
    for (LeadState state : store.leads(Objects.requireNonNull(campaignId, "campaignId"))) {
      out.add(new SandboxLead(state));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * A stored lead looked up by its id alone, in every campaign (lead ids are unique per sandbox).
   *
   * <pre>{@code
   * assertThat(sandbox.lead(leadId)).isPresent();
   * }</pre>
   */
  public Optional<SandboxLead> lead(String leadId) {
    LeadState state = store.find(Objects.requireNonNull(leadId, "leadId"));
    return state == null ? Optional.<SandboxLead>empty() : Optional.of(new SandboxLead(state));
  }

  /** How many leads the store holds now, in every campaign. */
  public long leadCount() {
    return store.size();
  }

  /** How many leads one campaign (outbound id) holds now; 0 for an unknown campaign. */
  public long leadCount(String campaignId) {
    return store.count(Objects.requireNonNull(campaignId, "campaignId"));
  }

  /**
   * The leads of one campaign whose phone number is exactly {@code phoneNumber} (as sent; no
   * normalisation), in the order they were added. More than one means the lead was stored twice.
   */
  public List<SandboxLead> leadsWithPhoneNumber(String campaignId, String phoneNumber) {
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    List<SandboxLead> out = new ArrayList<>();
    for (LeadState state : store.leads(Objects.requireNonNull(campaignId, "campaignId"))) {
      if (phoneNumber.equals(state.phoneNumber())) {
        out.add(new SandboxLead(state));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The leads of one campaign whose external id is exactly {@code externalId}, in the order they
   * were added. More than one means the lead was stored twice.
   */
  public List<SandboxLead> leadsWithExternalId(String campaignId, String externalId) {
    Objects.requireNonNull(externalId, "externalId");
    List<SandboxLead> out = new ArrayList<>();
    for (LeadState state : store.leads(Objects.requireNonNull(campaignId, "campaignId"))) {
      if (externalId.equals(state.externalId())) {
        out.add(new SandboxLead(state));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The leads of one campaign grouped by phone number, each group in the order they were added:
   * one pass over the store for a test that checks thousands of rows.
   *
   * <pre>{@code
   * Map<String, List<SandboxLead>> byPhone = sandbox.leadsByPhoneNumber("demo");
   * long duplicated = byPhone.values().stream().filter(leads -> leads.size() > 1).count();
   * }</pre>
   */
  public Map<String, List<SandboxLead>> leadsByPhoneNumber(String campaignId) {
    return group(Objects.requireNonNull(campaignId, "campaignId"), false);
  }

  /**
   * The leads of one campaign grouped by external id, each group in the order they were added;
   * leads without an external id are left out.
   *
   * <pre>{@code
   * Map<String, List<SandboxLead>> byRow = sandbox.leadsByExternalId("demo");
   * assertThat(byRow.getOrDefault("row-17", List.of())).hasSize(1);
   * }</pre>
   */
  public Map<String, List<SandboxLead>> leadsByExternalId(String campaignId) {
    return group(Objects.requireNonNull(campaignId, "campaignId"), true);
  }

  private Map<String, List<SandboxLead>> group(String campaignId, boolean byExternalId) {
    Map<String, List<SandboxLead>> groups = new LinkedHashMap<>();
    for (LeadState state : store.leads(campaignId)) {
      String key = byExternalId ? state.externalId() : state.phoneNumber();
      if (key == null) {
        continue;
      }
      List<SandboxLead> group = groups.get(key);
      if (group == null) {
        group = new ArrayList<>(1);
        groups.put(key, group);
      }
      group.add(new SandboxLead(state));
    }
    Map<String, List<SandboxLead>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<SandboxLead>> entry : groups.entrySet()) {
      out.put(entry.getKey(), Collections.unmodifiableList(entry.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The campaign ids known now, sorted. */
  public Set<String> campaigns() {
    return store.campaigns();
  }

  /**
   * Forgets leads, campaigns created on demand, queued faults, the fault mix, recorded requests,
   * violations and counters.
   */
  public void reset() {
    store.clear();
    faults.clearMix();
    faultQueue.clear();
    recorder.clearExchanges();
    recorder.clearViolations();
    recorder.resetCounters();
  }

  /** Stops the server and the simulation; open connections are closed. Calling it again does nothing. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      Server current = server;
      server = null;
      if (current != null) {
        current.stop();
      }
      releaseTimer();
    }
  }

  private void releaseTimer() {
    SimulationTimer current = timer;
    timer = null;
    if (current != null) {
      current.close();
    }
    Runnable listener = clockListener;
    clockListener = null;
    if (listener != null && clock instanceof ManualClock) {
      ((ManualClock) clock).removeListener(listener);
    }
  }

  /** Shows the base URL when started, and the modes; never a secret. */
  @Override
  public String toString() {
    String where;
    synchronized (lock) {
      where = server != null ? baseUrl() : closed ? "closed" : "not started";
    }
    return "NlPearlSandbox{" + where + ", strictContract=" + strict + ", contractCheck=" + contractCheck
        + ", simulateCalls=" + (simulationSeed != null)
        + (ratePerSecond > 0 ? ", rateLimit=" + ratePerSecond + "/s burst " + burst : "")
        + (latencyBase.isZero() && latencySpread.isZero() ? ""
            : ", latency=" + latencyBase.toMillis() + "+" + latencySpread.toMillis() + " ms")
        + (workers > 0 ? ", workers=" + workers : "")
        + ", tokens=" + acceptedTokens() + "}";
  }

  /** Loads the validator once per class loader: it takes about a second and is thread-safe. */
  private static final class Checkers {
    private static volatile @Nullable ContractChecker shared;

    static ContractChecker shared() {
      ContractChecker checker = shared;
      if (checker == null) {
        synchronized (Checkers.class) {
          checker = shared;
          if (checker == null) {
            checker = new ContractChecker(SpecLoader.load());
            shared = checker;
          }
        }
      }
      return checker;
    }
  }

  /**
   * Settings of a sandbox.
   *
   * <pre>{@code
   * NlPearlSandbox sandbox = NlPearlSandbox.builder()
   *     .port(8080)
   *     .token("my-account:my-secret")
   *     .simulateCalls(42)
   *     .build()
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private final Set<String> tokens = new LinkedHashSet<>();
    private boolean strict = true;
    private boolean contractCheck = true;
    private @Nullable Long simulationSeed;
    private Duration simulationStep = Duration.ofSeconds(2);
    private Clock clock = Clock.systemUTC();
    private boolean autoCreate = true;
    private final Set<String> campaigns = new LinkedHashSet<>();
    private int recordLimit = 10_000;
    private Duration lookupLag = Duration.ZERO;
    private double ratePerSecond;
    private int burst;
    private Duration latencyBase = Duration.ZERO;
    private Duration latencySpread = Duration.ZERO;
    private int workers;

    private Builder() {}

    /**
     * How long after it is stored a lead stays invisible to {@code GET
     * /v2/Outbound/{pearlId}/Lead/External/{externalId}} (answered 404 meanwhile), measured on
     * the sandbox's {@linkplain #clock(Clock) clock}; zero by default. It plays an eventually
     * consistent server, so that a resolution's settle time is tested against it: a lookup made
     * too early finds nothing. Adds and updates are not delayed.
     *
     * <pre>{@code NlPearlSandbox.builder().lookupLag(Duration.ofSeconds(2)).start()}</pre>
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder lookupLag(Duration lag) {
      Objects.requireNonNull(lag, "lag");
      if (lag.isNegative()) {
        throw new IllegalArgumentException("lookupLag must not be negative: " + lag);
      }
      this.lookupLag = lag;
      return this;
    }

    /**
     * Limits the rate like a real service's gateway: a bucket of {@code burst} requests refilled
     * at {@code perSecond}; a request that finds it empty is answered at once with 429 Too Many
     * Requests and a {@code Retry-After} (whole seconds until the bucket holds a request again,
     * rounded up), and nothing is stored. {@link SandboxCounters#getRateLimited()} counts them.
     * Off by default.
     *
     * <pre>{@code
     * NlPearlSandbox.builder().rateLimit(300, 100).latency(Duration.ofMillis(150), Duration.ZERO)
     *     .workers(64).start();
     * }</pre>
     *
     * @throws IllegalArgumentException unless {@code perSecond > 0} and {@code burst >= 1}
     */
    public Builder rateLimit(double perSecond, int burst) {
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("rateLimit must be a positive number of requests per second: " + perSecond);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1: " + burst);
      }
      this.ratePerSecond = perSecond;
      this.burst = burst;
      return this;
    }

    /**
     * Makes every request within the rate limit take {@code base} plus up to {@code spread} more
     * (uniformly at random) before it is handled, as a real service's round trip does; zero by
     * default.
     *
     * @throws IllegalArgumentException if either is negative
     */
    public Builder latency(Duration base, Duration spread) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(spread, "spread");
      if (base.isNegative() || spread.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative: " + base + " + " + spread);
      }
      this.latencyBase = base;
      this.latencySpread = spread;
      return this;
    }

    /**
     * Serves at most {@code count} requests at once (each for its {@link #latency latency}); the
     * others wait in line for a free worker, so their latency grows as a loaded service's does.
     * Unlimited by default.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public Builder workers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + count);
      }
      this.workers = count;
      return this;
    }

    /**
     * The address to listen on; {@code 127.0.0.1} by default. Use {@code 0.0.0.0} only to reach
     * the sandbox from another machine or a physical phone (an Android emulator reaches the host's
     * loopback as {@code 10.0.2.2}).
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.trim().isEmpty()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host.trim();
      return this;
    }

    /**
     * The port; 0 (the default) picks a free one, see {@link NlPearlSandbox#port()}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= port <= 65535}
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Accepts a bearer token {@code AccountId:SecretKey}; call it once per token. With no token
     * configured, {@link NlPearlSandbox#DEFAULT_TOKEN} is accepted.
     *
     * @throws IllegalArgumentException if the token is not shaped {@code AccountId:SecretKey}
     *     (the message never repeats the token)
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (!Tokens.isWellFormed(token)) {
        throw new IllegalArgumentException(
            "token must be shaped AccountId:SecretKey (two non-empty parts, one colon, no blanks)");
      }
      tokens.add(token);
      return this;
    }

    /**
     * Whether a contract violation becomes a failure; on by default. In strict mode a request
     * that breaks the spec is answered 500 with the validator's report (problem type
     * {@code urn:nlpearl4j:sandbox:contract-violation}, header {@code X-NlPearl-Sandbox-Contract}),
     * and so is a response of the sandbox that would break it. Missing or malformed tokens are
     * answered 401 in both modes. Violations are recorded either way, see
     * {@link NlPearlSandbox#assertNoContractViolations()}.
     */
    public Builder strictContract(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * Whether requests and responses are checked against the spec at all; on by default. Turn it
     * off only to measure raw throughput: nothing is then recorded as a violation.
     */
    public Builder contractCheck(boolean check) {
      this.contractCheck = check;
      return this;
    }

    /**
     * Simulates a call for every added lead, deterministically for a given {@code seed} (the same
     * seed, clock and request order give the same ids, outcomes, transcripts and times).
     */
    public Builder simulateCalls(long seed) {
      this.simulationSeed = seed;
      return this;
    }

    /**
     * The time between simulation steps (queued after one step, on call after two, done one to
     * three steps later); 2 seconds by default.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder simulationStep(Duration step) {
      Objects.requireNonNull(step, "step");
      if (step.isZero() || step.isNegative()) {
        throw new IllegalArgumentException("simulationStep must be positive: " + step);
      }
      this.simulationStep = step;
      return this;
    }

    /**
     * The clock for created and call times; the system UTC clock by default. With a
     * {@link ManualClock}, simulation steps run when the clock is advanced instead of on a
     * background thread.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether the first lead added to an unknown campaign creates it; on by default (friendlier
     * for demos). When off, only campaigns declared with {@link #campaign(String)} exist and
     * adding to another one answers 404.
     */
    public Builder autoCreateCampaigns(boolean autoCreate) {
      this.autoCreate = autoCreate;
      return this;
    }

    /** Declares a campaign (an outbound id, which is also its pearl id); call it once per campaign. */
    public Builder campaign(String campaignId) {
      Objects.requireNonNull(campaignId, "campaignId");
      if (campaignId.isEmpty()) {
        throw new IllegalArgumentException("campaignId must not be empty");
      }
      campaigns.add(campaignId);
      return this;
    }

    /**
     * How many of the most recent requests {@link NlPearlSandbox#recordedRequests()} keeps; 10,000
     * by default, 0 keeps none (counters still count).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder recordLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("recordLimit must not be negative: " + limit);
      }
      this.recordLimit = limit;
      return this;
    }

    /** A sandbox with these settings, not started yet: call {@link NlPearlSandbox#start()}. */
    public NlPearlSandbox build() {
      return new NlPearlSandbox(this);
    }

    /** Shorthand for {@code build().start()}. */
    public NlPearlSandbox start() {
      return build().start();
    }
  }
}
