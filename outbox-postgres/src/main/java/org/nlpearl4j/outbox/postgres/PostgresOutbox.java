package org.nlpearl4j.outbox.postgres;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.OutboxStorageException;
import org.nlpearl4j.outbox.spi.EntryRules;

/**
 * The lead outbox on a PostgreSQL table (13 or later) that every instance of a service shares:
 * a lead is queued in the caller's own transaction ({@link #add(Connection, String, NewLead)}), any
 * instance sends it, and none sends it twice. An instance that dies leaves its entries {@code
 * SENDING} until its lease runs out; then they become unknown and the resolution rule settles them
 * (looked up by external id, given the campaign's Pearl id), never sent again blindly.
 *
 * <pre>{@code
 * PostgresOutbox outbox = PostgresOutbox.builder()
 *     .dataSource(dataSource)                  // your pool; the tables are created on open
 *     .client(client)
 *     .pearlId("outbound-1", "pearl-1")        // so uncertain adds settle themselves
 *     .open();
 * Disposable sender = outbox.sendContinuously(Duration.ofSeconds(1), error -> log.warn("outbox", error));
 *
 * try (Connection c = dataSource.getConnection()) {   // in a webhook handler
 *   c.setAutoCommit(false);
 *   saveCustomer(c, customer);
 *   outbox.add(c, "outbound-1", NewLead.of(l -> l.phoneNumber(customer.phone()).externalId(customer.id())));
 *   c.commit();                                       // the lead is queued if and only if this commits
 * }
 * }</pre>
 *
 * <p>Reading entries back, retrying and forgetting go through {@link #outbox()}, the same {@link
 * LeadOutbox} as on a phone (Kotlin flows included).
 */
public final class PostgresOutbox implements AutoCloseable {
  /** The default table name (the other tables are named after it). */
  public static final String DEFAULT_TABLE_PREFIX = "nlpearl_outbox";

  private final PostgresStore store;
  private final LeadOutbox outbox;
  private final Scheduler scheduler;
  private volatile boolean closed;

  private PostgresOutbox(PostgresStore store, LeadOutbox outbox, Scheduler scheduler) {
    this.store = store;
    this.outbox = outbox;
    this.scheduler = scheduler;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the DDL of the outbox's tables, for teams that apply migrations themselves (then open
   * with {@link Builder#createSchema(boolean) createSchema(false)}, which only checks the version).
   *
   * <pre>{@code Files.write(Paths.get("V42__nlpearl_outbox.sql"), PostgresOutbox.ddl("nlpearl_outbox").getBytes(UTF_8));}</pre>
   *
   * @param tablePrefix the table prefix, as given to {@link Builder#tablePrefix}
   * @return the statements, separated by semicolons
   * @throws IllegalArgumentException for a prefix that is not a plain lower-case SQL name
   */
  public static String ddl(String tablePrefix) {
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    return Schema.ddl(tablePrefix);
  }

  /**
   * Returns the outbox: entries, changes, drain, retry, forget.
   *
   * @return the outbox on the table
   */
  public LeadOutbox outbox() {
    return outbox;
  }

  /** The store, for the tests in this package. */
  PostgresStore store() {
    return store;
  }

  /**
   * Returns this instance's id, as the table's {@code claim_owner} column shows it.
   *
   * @return the id
   */
  public String getInstanceId() {
    return store.owner();
  }

  /**
   * Queues a lead to add in the caller's transaction: it is in the outbox if and only if the
   * caller commits. Runs on the caller's thread and connection, which it never commits, rolls back
   * or closes.
   *
   * <pre>{@code String entryId = outbox.add(connection, "outbound-1", lead); connection.commit();}</pre>
   *
   * @param connection the caller's connection, in the transaction that should queue the lead
   * @param outboundId the campaign
   * @param lead the lead
   * @return the entry id
   * @throws InvalidRequestException for a blank or implausible outbound id (nothing written)
   * @throws SQLException when the insert fails (the caller's transaction decides what follows)
   */
  public String add(Connection connection, String outboundId, NewLead lead) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(outboundId, "outboundId");
    Objects.requireNonNull(lead, "lead");
    return store.insert(connection, EntryRules.newAdd(outboundId, lead, EntryRules.now())).getId();
  }

  /**
   * Queues a lead built by a lambda in the caller's transaction; see {@link #add(Connection,
   * String, NewLead)}.
   *
   * @param connection the caller's connection
   * @param outboundId the campaign
   * @param spec fills in the lead
   * @return the entry id
   * @throws SQLException when the insert fails
   */
  public String add(Connection connection, String outboundId, Consumer<NewLead.Builder> spec)
      throws SQLException {
    Objects.requireNonNull(spec, "spec");
    return add(connection, outboundId, NewLead.of(spec));
  }

  /**
   * Queues a lead update in the caller's transaction. Given an add's entry id, the update is sent
   * after that add, with the lead id it returns, whichever instance sends them; given a lead id, it
   * is sent as is.
   *
   * @param connection the caller's connection
   * @param pearlId the campaign
   * @param entryIdOrLeadId an add's entry id in this table, or a lead id
   * @param update the update
   * @return the update's entry id
   * @throws IllegalArgumentException for an entry id the table does not hold as an add
   * @throws SQLException when the insert fails
   */
  public String update(Connection connection, String pearlId, String entryIdOrLeadId,
      LeadUpdate update) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(pearlId, "pearlId");
    Objects.requireNonNull(entryIdOrLeadId, "entryIdOrLeadId");
    Objects.requireNonNull(update, "update");
    OutboxEntry entry = EntryRules.newUpdate(pearlId, entryIdOrLeadId, update, EntryRules.now());
    return store.insert(connection, entry).getId();
  }

  /**
   * Queues a lead update built by a lambda in the caller's transaction; see {@link
   * #update(Connection, String, String, LeadUpdate)}.
   *
   * @param connection the caller's connection
   * @param pearlId the campaign
   * @param entryIdOrLeadId an add's entry id, or a lead id
   * @param spec fills in the update
   * @return the update's entry id
   * @throws SQLException when the insert fails
   */
  public String update(Connection connection, String pearlId, String entryIdOrLeadId,
      Consumer<LeadUpdate.Builder> spec) throws SQLException {
    Objects.requireNonNull(spec, "spec");
    return update(connection, pearlId, entryIdOrLeadId, LeadUpdate.of(spec));
  }

  /**
   * Runs the sender on this instance until disposed: {@link LeadOutbox#drain()}, then again
   * {@code every} after each drain ends, so entries any instance queued are sent, expired claims
   * are settled and lookups are made. Run it on every instance.
   *
   * <pre>{@code Disposable sender = outbox.sendContinuously(Duration.ofSeconds(1), e -> log.warn("outbox", e));}</pre>
   *
   * @param every the pause between drains
   * @param onError told of a drain that failed (wrong credentials, the database unreachable); the
   *     sender goes on after the pause
   * @return the subscription; dispose it to stop after the requests in flight (closing the outbox
   *     stops it too)
   */
  public Disposable sendContinuously(Duration every, Consumer<Throwable> onError) {
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(onError, "onError");
    return Completable.defer(outbox::drain)
        .doOnError(error -> {
          if (!closed) {
            onError.accept(error);
          }
        })
        .onErrorComplete()
        .andThen(Completable.timer(every.toMillis(), TimeUnit.MILLISECONDS, scheduler))
        .repeatUntil(() -> closed)
        .subscribe();
  }

  /**
   * Closes the outbox and gives this instance's lease up: what it still had in flight becomes an
   * expired claim at once, which any instance settles. The data source stays open. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    outbox.close();
  }

  @Override
  public String toString() {
    return "PostgresOutbox{" + store + "}";
  }

  /** Options for {@link PostgresOutbox}. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable NlPearl client;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private @Nullable String instanceId;
    private Duration leaseTime = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int maxInFlight = 8;
    private boolean createSchema = true;
    private Scheduler scheduler = Schedulers.io();
    private final Map<String, String> pearlIds = new LinkedHashMap<>();
    private @Nullable LeadResolver resolver;

    private Builder() {
    }

    /**
     * Sets the data source (required): a pool of connections to the database that holds the
     * table. The outbox borrows a connection for each step and gives it back at once.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Sets the client that sends the leads (required).
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(NlPearl client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the table's name (default {@value PostgresOutbox#DEFAULT_TABLE_PREFIX}); the lease and schema-version
     * tables are named after it ({@code _instance}, {@code _schema}). Every instance of one
     * service uses the same name.
     *
     * @param tablePrefix a lower-case SQL name of at most 40 characters
     * @return this builder
     * @throws IllegalArgumentException for another name
     */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Schema.checkPrefix(Objects.requireNonNull(tablePrefix, "tablePrefix"));
      return this;
    }

    /**
     * Names this instance in the table (default: a random id per open). Two live instances must
     * never share a name.
     *
     * @param instanceId the name
     * @return this builder
     */
    public Builder instanceId(String instanceId) {
      Objects.requireNonNull(instanceId, "instanceId");
      if (instanceId.trim().isEmpty()) {
        throw new IllegalArgumentException("instanceId must not be blank");
      }
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Sets how long this instance's claims stay its own without renewal (default 30 s; renewed
     * every third of it, on the database's clock). After an instance dies, its entries in flight
     * become unknown once its lease runs out, so a shorter lease settles them sooner, and a lease
     * shorter than a long pause of the process (GC, a frozen container) makes them unknown while it
     * still waits for the answer (its late answer is still recorded).
     *
     * @param leaseTime at least one second
     * @return this builder
     */
    public Builder leaseTime(Duration leaseTime) {
      Objects.requireNonNull(leaseTime, "leaseTime");
      if (leaseTime.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseTime must be at least 1 s, was " + leaseTime);
      }
      this.leaseTime = leaseTime;
      return this;
    }

    /**
     * Sets how often {@link LeadOutbox#changes()} polls the table for what other instances wrote
     * (default 1 s).
     *
     * @param pollInterval a positive duration
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (pollInterval.isZero() || pollInterval.isNegative()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Sets how many requests this instance keeps in flight (default 8); never two for one entry.
     *
     * @param maxInFlight at least 1
     * @return this builder
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * Tells whether opening creates or migrates the tables (default true, under an advisory lock,
     * so instances opening at once are safe). False: the tables must already be at this
     * library's version ({@link PostgresOutbox#ddl}), which opening checks.
     *
     * @param createSchema whether to create or migrate
     * @return this builder
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /**
     * Tells the outbox the Pearl id of a campaign, so that its uncertain adds settle themselves;
     * see {@link LeadOutbox.Builder#pearlId}. Give every instance the same ids.
     *
     * @param outboundId the campaign's outbound id
     * @param pearlId its Pearl id
     * @return this builder
     */
    public Builder pearlId(String outboundId, String pearlId) {
      EntryRules.checkId("leadByExternalId", "outboundId", Objects.requireNonNull(outboundId));
      EntryRules.checkId("leadByExternalId", "pearlId", Objects.requireNonNull(pearlId));
      pearlIds.put(outboundId, pearlId);
      return this;
    }

    /**
     * Sets the resolver whose settle time and recheck backoff the outbox follows; see {@link
     * LeadOutbox.Builder#resolver}.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder resolver(LeadResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets where the sender and the table's reads and writes run (default {@code
     * Schedulers.io()}).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Opens the outbox: creates or migrates the tables, takes this instance's lease, and turns
     * what instances whose lease ran out left sending into unknown.
     *
     * @return the open outbox
     * @throws IllegalStateException when the data source or the client is missing, the server is
     *     older than PostgreSQL 13, or the tables are at another version than this library's
     * @throws OutboxStorageException when the database cannot be reached
     */
    public PostgresOutbox open() {
      DataSource ds = dataSource;
      NlPearl c = client;
      if (ds == null || c == null) {
        throw new IllegalStateException("dataSource and client are required");
      }
      String id = instanceId != null ? instanceId : "instance-" + UUID.randomUUID();
      PostgresStore store = new PostgresStore(ds, tablePrefix, id, leaseTime, pollInterval,
          createSchema);
      LeadOutbox.Builder b = LeadOutbox.builder().store(store).client(c).scheduler(scheduler)
          .maxInFlight(maxInFlight).pearlIds(pearlIds);
      LeadResolver r = resolver;
      if (r != null) {
        b.resolver(r);
      }
      return new PostgresOutbox(store, b.open(), scheduler);
    }
  }
}
