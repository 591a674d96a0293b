package org.nlpearl4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nlpearl4j.AttemptStarted;
import org.nlpearl4j.CallEnded;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.NlPearlListener;
import org.nlpearl4j.ResponseReceived;
import org.nlpearl4j.RetryScheduled;

/**
 * An {@link NlPearlListener} that records the client's calls in a Micrometer {@link MeterRegistry}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #CALLS}</td><td>timer</td><td>operation, outcome, reason, status, exception</td>
 *       <td>each call from subscription to its end, retry delays included</td></tr>
 *   <tr><td>{@value #RESPONSES}</td><td>timer</td><td>operation, status</td>
 *       <td>each attempt that got a response, from its start to the response headers</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>operation, reason</td>
 *       <td>each retry the SDK scheduled</td></tr>
 *   <tr><td>{@value #ACTIVE}</td><td>gauge</td><td>operation</td>
 *       <td>calls started and not yet ended</td></tr>
 * </table>
 *
 * <p>Tag values: {@code operation} = {@code addLead} or {@code updateLead}; {@code outcome} =
 * {@code success}, or the failure's {@link org.nlpearl4j.Delivery} in lower case ({@code
 * never_sent}, {@code rejected}, {@code unknown}, {@code accepted}), or {@code canceled}; {@code
 * status} = the status class of the final response ({@code 2xx}, {@code 4xx}, {@code 5xx}, ...) or
 * {@code none}; {@code exception} = the failure's simple class name or {@code none}; {@code reason}
 * = the SDK's {@link FailureReason#getCode() FailureReason code} ({@code rate_limited}, {@code
 * server_error}, {@code network_after_sending}, ...; on a call, {@code none} for a success and
 * {@code cancelled} for a canceled call). The listener does not sort failures itself: the reason
 * is {@link CallEnded#getReason()} and {@link RetryScheduled#getReason()}. No tag holds an id, a
 * phone number or any other unbounded or personal value.
 *
 * <pre>{@code
 * NlPearl client = NlPearl.builder()
 *     .token(System.getenv("NLPEARL_TOKEN"))
 *     .listener(NlPearlMetrics.create(meterRegistry))
 *     .build();
 * }</pre>
 */
public final class NlPearlMetrics implements NlPearlListener {
  /** The timer of whole calls. */
  public static final String CALLS = "nlpearl.calls";
  /** The timer of attempts that got a response. */
  public static final String RESPONSES = "nlpearl.responses";
  /** The counter of retries. */
  public static final String RETRIES = "nlpearl.retries";
  /** The gauge of calls in flight. */
  public static final String ACTIVE = "nlpearl.calls.active";

  private final MeterRegistry registry;
  private final Tags tags;
  private final ConcurrentMap<String, AtomicInteger> active = new ConcurrentHashMap<>();
  // The meters by their tag values: a lookup here is cheaper than a registry lookup per event.
  private final ConcurrentMap<String, Timer> calls = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> responses = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> retries = new ConcurrentHashMap<>();

  private NlPearlMetrics(Builder builder) {
    this.registry = builder.registry;
    this.tags = builder.tags;
  }

  /**
   * Returns a listener recording into the registry, without extra tags.
   *
   * @param registry the registry, e.g. Spring Boot's or a {@code PrometheusMeterRegistry}
   * @return the listener
   */
  public static NlPearlMetrics create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Returns a builder, e.g. to add a tag that tells two clients apart.
   *
   * <pre>{@code NlPearlMetrics.builder(registry).tag("account", "sales").build()}</pre>
   *
   * @param registry the registry
   * @return the builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public void onAttemptStart(AttemptStarted event) {
    if (event.getAttempt() == 1) {
      gauge(event.getOperation()).incrementAndGet();
    }
  }

  @Override
  public void onResponse(ResponseReceived event) {
    String status = statusClass(event.getStatusCode());
    String key = event.getOperation() + '\n' + status;
    Timer timer = responses.get(key);
    if (timer == null) {
      timer = responses.computeIfAbsent(key, k -> Timer.builder(RESPONSES)
          .description("NLPearl API attempts that got a response, from start to response headers")
          .tags(tags)
          .tag("operation", event.getOperation())
          .tag("status", status)
          .register(registry));
    }
    timer.record(event.getLatency().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void onRetry(RetryScheduled event) {
    String reason = event.getReason().getCode();
    String key = event.getOperation() + '\n' + reason;
    Counter counter = retries.get(key);
    if (counter == null) {
      counter = retries.computeIfAbsent(key, k -> registry.counter(RETRIES,
          tags.and("operation", event.getOperation(), "reason", reason)));
    }
    counter.increment();
  }

  @Override
  public void onCallEnd(CallEnded event) {
    if (event.getAttempts() > 0) {
      gauge(event.getOperation()).decrementAndGet();
    }
    Throwable failure = event.getFailure();
    String outcome = outcome(event);
    String status = statusClass(event.getStatusCode());
    String exception = failure == null ? "none" : failure.getClass().getSimpleName();
    FailureReason failed = event.getReason();
    String reason = failed == null ? "none" : failed.getCode();
    String key = event.getOperation() + '\n' + outcome + '\n' + reason + '\n' + status + '\n'
        + exception;
    Timer timer = calls.get(key);
    if (timer == null) {
      timer = calls.computeIfAbsent(key, k -> Timer.builder(CALLS)
          .description("NLPearl API calls, from subscription to outcome, retries included")
          .tags(tags)
          .tag("operation", event.getOperation())
          .tag("outcome", outcome)
          .tag("reason", reason)
          .tag("status", status)
          .tag("exception", exception)
          .register(registry));
    }
    timer.record(event.getDuration().toNanos(), TimeUnit.NANOSECONDS);
  }

  private AtomicInteger gauge(String operation) {
    AtomicInteger count = active.get(operation);
    if (count != null) {
      return count;
    }
    return active.computeIfAbsent(operation, op -> {
      AtomicInteger created = new AtomicInteger();
      // The map holds the number strongly: Micrometer keeps only a weak reference to it.
      registry.gauge(ACTIVE, tags.and("operation", op), created);
      return created;
    });
  }

  static String outcome(CallEnded event) {
    if (event.isSuccess()) {
      return "success";
    }
    if (event.isCanceled()) {
      return "canceled";
    }
    Delivery delivery = event.getDelivery();
    if (delivery == null) {
      return "unknown";
    }
    switch (delivery) {
      case NEVER_SENT:
        return "never_sent";
      case REJECTED:
        return "rejected";
      case ACCEPTED:
        return "accepted";
      default:
        return "unknown";
    }
  }

  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  static String statusClass(int status) {
    if (status < 100 || status > 599) {
      return "none";
    }
    return STATUS_CLASSES[status / 100 - 1];
  }

  @Override
  public String toString() {
    return "NlPearlMetrics{registry=" + registry.getClass().getSimpleName() + ", tags=" + tags + "}";
  }

  /** Builds an {@link NlPearlMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds a tag to every meter, e.g. to tell two clients apart.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags = tags.and(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds tags to every meter.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Builds the listener.
     *
     * @return the listener
     */
    public NlPearlMetrics build() {
      return new NlPearlMetrics(this);
    }
  }
}
