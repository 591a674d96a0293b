package org.nlpearl4j.outbox.postgres;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.OutboxStats;
import org.nlpearl4j.outbox.OutboxStorageException;
import org.nlpearl4j.outbox.spi.Claim;
import org.nlpearl4j.outbox.spi.EntryFormat;
import org.nlpearl4j.outbox.spi.EntryRules;
import org.nlpearl4j.outbox.spi.OutboxStore;

/**
 * The outbox on a PostgreSQL table every instance shares. Each entry is one row: the entry itself
 * ({@link EntryFormat}, in {@code entry}) and the columns the queries need. Claims take rows with
 * {@code FOR UPDATE SKIP LOCKED} and commit them {@code SENDING} with a token and this instance as
 * owner before returning; this instance's lease (a row in {@code <prefix>_instance}, its expiry
 * on the database's clock) is renewed in the background, and a {@code SENDING} row whose owner's
 * lease has run out is an expired claim.
 */
final class PostgresStore implements OutboxStore {
  /** Rows a poll looks back behind the newest revision it saw (revisions commit out of order). */
  private static final long LOOKBACK = 256;
  private static final int POLL_LIMIT = 1000;
  private static final String ENTRY_COLUMNS = "id, entry, claim_token";

  private final DataSource dataSource;
  private final String table;
  private final String instances;
  private final String owner;
  private final Duration lease;
  private final Duration pollInterval;
  private final ScheduledExecutorService renewer;
  private final Object pollLock = new Object();
  private long cursor;
  private volatile boolean closed;

  PostgresStore(DataSource dataSource, String prefix, String owner, Duration lease,
      Duration pollInterval, boolean migrate) {
    this.dataSource = dataSource;
    this.table = Schema.checkPrefix(prefix);
    this.instances = prefix + "_instance";
    this.owner = owner;
    this.lease = lease;
    this.pollInterval = pollInterval;
    try (Connection c = dataSource.getConnection()) {
      Schema.apply(c, prefix, migrate);
    } catch (SQLException e) {
      throw new OutboxStorageException("cannot create or migrate the outbox tables " + prefix, e);
    }
    this.cursor = inTransaction("read the newest revision", c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT coalesce(max(rev), 0) FROM " + table)) {
        r.next();
        return r.getLong(1);
      }
    });
    renew();
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nlpearl4j-outbox-lease-" + owner);
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, lease.toMillis() / 3);
    renewer.scheduleWithFixedDelay(() -> {
      try {
        renew();
      } catch (RuntimeException e) {
        // The next renewal tries again; if the lease runs out meanwhile, this instance's
        // claims expire and are settled by the resolution rule: safe, only slower.
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  String owner() {
    return owner;
  }

  /** For tests: this instance stops renewing its lease, as if it froze. */
  void stopRenewing() {
    renewer.shutdownNow();
  }

  private void renew() {
    inTransaction("renew this instance's lease", c -> {
      renew(c);
      return null;
    });
  }

  private void renew(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + instances
        + " (id, lease_until) VALUES (?, now() + ? * interval '1 millisecond')"
        + " ON CONFLICT (id) DO UPDATE SET lease_until = EXCLUDED.lease_until")) {
      p.setString(1, owner);
      p.setLong(2, lease.toMillis());
      p.executeUpdate();
    }
  }

  // ---- writes in the caller's transaction ----

  /** Inserts a new entry on the caller's connection; never commits, rolls back or closes it. */
  OutboxEntry insert(Connection c, OutboxEntry entry) throws SQLException {
    OutboxEntry stored = entry;
    String after = entry.getAfterEntryId();
    if (after != null && entry.getLeadId() == null) {
      OutboxEntry add = null;
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " WHERE id = ? FOR SHARE")) {
        p.setString(1, after);
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) {
            add = decode(r);
          }
        }
      }
      if (add == null || add.getKind() != EntryKind.ADD) {
        throw new IllegalArgumentException("this outbox holds no add entry " + after);
      }
      OutboxEntry settled = EntryRules.dependent(add, false, entry, entry.getChanged());
      if (settled != null) {
        stored = settled;
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " (id, kind, state,"
        + " campaign_id, lead_id, after_entry_id, next_check_at, created_at, changed_at, entry)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, stored.getId());
      p.setString(2, stored.getKind().name());
      p.setString(3, stored.getState().name());
      p.setString(4, stored.getCampaignId());
      p.setString(5, stored.getLeadId());
      p.setString(6, stored.getAfterEntryId());
      setTime(p, 7, stored.getNextCheckAt());
      setTime(p, 8, stored.getCreated());
      setTime(p, 9, stored.getChanged());
      p.setBytes(10, EntryFormat.encode(stored));
      p.executeUpdate();
    }
    return stored;
  }

  // ---- the SPI ----

  @Override
  public OutboxEntry insert(OutboxEntry entry) {
    return inTransaction("insert an entry", c -> insert(c, entry));
  }

  @Override
  public List<OutboxEntry> entries() {
    return inTransaction("read the entries", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " ORDER BY seq")) {
        return Collections.unmodifiableList(entriesOf(p));
      }
    });
  }

  /** One grouped query: the counts and the oldest waiting entry, without reading the entries. */
  @Override
  public OutboxStats stats() {
    return inTransaction("count the entries", c -> {
      OutboxStats.Builder b = OutboxStats.builder();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT state, count(*), min(created_at) FROM " + table
              + " GROUP BY state")) {
        while (r.next()) {
          EntryState state = EntryState.valueOf(r.getString(1));
          b.count(state, r.getLong(2));
          if (state == EntryState.WAITING) {
            Timestamp oldest = r.getTimestamp(3);
            b.oldestWaiting(oldest != null ? oldest.toInstant() : null);
          }
        }
      }
      return b.build();
    });
  }

  @Override
  public @Nullable OutboxEntry entry(String entryId) {
    return inTransaction("read an entry", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " WHERE id = ?")) {
        p.setString(1, entryId);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? decode(r) : null;
        }
      }
    });
  }

  @Override
  public List<Claim> claimSends(int max, Instant now) {
    return inTransaction("claim entries to send", c -> {
      List<OutboxEntry> waiting = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " WHERE state = 'WAITING' AND (kind = 'ADD' OR lead_id IS NOT NULL)"
          + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED")) {
        p.setInt(1, max);
        waiting.addAll(entriesOf(p));
      }
      if (waiting.isEmpty()) {
        return Collections.<Claim>emptyList();
      }
      renew(c); // the claim is made under a live lease
      List<Claim> claims = new ArrayList<>(waiting.size());
      for (OutboxEntry entry : waiting) {
        OutboxEntry sending = EntryRules.sending(entry, now);
        String token = UUID.randomUUID().toString();
        write(c, sending, token, owner);
        claims.add(Claim.of(sending, token));
      }
      return claims; // committed before any request leaves
    });
  }

  @Override
  public List<Claim> claimLookups(int max, Instant now) {
    return inTransaction("claim lookups", c -> {
      List<OutboxEntry> due = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " t WHERE next_check_at <= ? AND kind = 'ADD'"
          + " AND (state = 'UNKNOWN' OR (state = 'ADDED' AND lead_id IS NULL))"
          + " AND (claim_owner IS NULL OR NOT EXISTS (SELECT 1 FROM " + instances
          + " i WHERE i.id = t.claim_owner AND i.lease_until > now()))"
          + " ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
        setTime(p, 1, now);
        p.setInt(2, max);
        due.addAll(entriesOf(p));
      }
      if (due.isEmpty()) {
        return Collections.<Claim>emptyList();
      }
      renew(c);
      List<Claim> claims = new ArrayList<>(due.size());
      try (PreparedStatement p = c.prepareStatement("UPDATE " + table
          + " SET claim_token = ?, claim_owner = ? WHERE id = ?")) {
        for (OutboxEntry entry : due) {
          String token = UUID.randomUUID().toString();
          p.setString(1, token);
          p.setString(2, owner);
          p.setString(3, entry.getId());
          p.addBatch();
          claims.add(Claim.of(entry, token));
        }
        p.executeBatch();
      }
      return claims;
    });
  }

  @Override
  public @Nullable Instant nextLookupAt() {
    return inTransaction("read the next lookup", c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT min(next_check_at) FROM " + table
              + " WHERE next_check_at IS NOT NULL AND kind = 'ADD'"
              + " AND (state = 'UNKNOWN' OR (state = 'ADDED' AND lead_id IS NULL))")) {
        r.next();
        Timestamp at = r.getTimestamp(1);
        return at == null ? null : at.toInstant();
      }
    });
  }

  @Override
  public List<OutboxEntry> complete(Claim claim, OutboxEntry outcome) {
    return inTransaction("record an outcome", c -> {
      if (lockClaimed(c, claim, "") == null) {
        return Collections.<OutboxEntry>emptyList();
      }
      List<OutboxEntry> written = new ArrayList<>();
      write(c, outcome, null, null);
      written.add(outcome);
      if (outcome.getKind() == EntryKind.ADD) {
        written.addAll(settleDependents(c, outcome, false, Collections.<String>emptySet()));
      }
      return written;
    });
  }

  /** Locks the row if it still carries the claim's token (plus {@code condition}). */
  private @Nullable OutboxEntry lockClaimed(Connection c, Claim claim, String condition)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
        + " t WHERE id = ? AND claim_token = ?" + condition + " FOR UPDATE")) {
      p.setString(1, claim.getEntry().getId());
      p.setString(2, claim.getToken());
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? decode(r) : null;
      }
    }
  }

  private List<OutboxEntry> settleDependents(Connection c, OutboxEntry add, boolean forgotten,
      Set<String> skip) throws SQLException {
    List<OutboxEntry> dependents = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
        + " WHERE after_entry_id = ? AND lead_id IS NULL ORDER BY seq FOR UPDATE")) {
      p.setString(1, add.getId());
      dependents.addAll(entriesOf(p));
    }
    List<OutboxEntry> settled = new ArrayList<>();
    Instant now = EntryRules.now();
    for (OutboxEntry dependent : dependents) {
      if (skip.contains(dependent.getId())) {
        continue;
      }
      OutboxEntry changed = EntryRules.dependent(add, forgotten, dependent, now);
      if (changed != null) {
        write(c, changed, null, null);
        settled.add(changed);
      }
    }
    return settled;
  }

  @Override
  public void release(Claim claim) {
    inTransaction("release a claim", c -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE " + table
          + " SET claim_token = NULL, claim_owner = NULL WHERE id = ? AND claim_token = ?")) {
        p.setString(1, claim.getEntry().getId());
        p.setString(2, claim.getToken());
        p.executeUpdate();
      }
      return null;
    });
  }

  private String ownerGone() {
    return " AND t.state = 'SENDING' AND (t.claim_owner IS NULL OR NOT EXISTS (SELECT 1 FROM "
        + instances + " i WHERE i.id = t.claim_owner AND i.lease_until > now()))";
  }

  @Override
  public List<Claim> expiredClaims(Instant now) {
    return inTransaction("find expired claims", c -> {
      List<Claim> claims = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT " + ENTRY_COLUMNS + " FROM " + table
              + " t WHERE true" + ownerGone() + " ORDER BY seq LIMIT 500")) {
        while (r.next()) {
          String token = r.getString("claim_token");
          if (token != null) {
            claims.add(Claim.of(decode(r), token));
          }
        }
      }
      return claims;
    });
  }

  @Override
  public List<OutboxEntry> expire(Claim claim, OutboxEntry unknown) {
    return inTransaction("expire a claim", c -> {
      if (lockClaimed(c, claim, ownerGone()) == null) {
        return Collections.<OutboxEntry>emptyList();
      }
      write(c, unknown, claim.getToken(), null); // the token stays: its late outcome may land
      return Collections.singletonList(unknown);
    });
  }

  @Override
  public boolean replace(OutboxEntry expected, OutboxEntry replacement) {
    return inTransaction("replace an entry", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " WHERE id = ? FOR UPDATE")) {
        p.setString(1, expected.getId());
        try (ResultSet r = p.executeQuery()) {
          if (!r.next() || !decode(r).equals(expected)) {
            return false;
          }
        }
      }
      write(c, replacement, null, null);
      return true;
    });
  }

  @Override
  public List<OutboxEntry> forget(Collection<String> entryIds) {
    if (entryIds.isEmpty()) {
      return Collections.emptyList();
    }
    Set<String> ids = new LinkedHashSet<>(entryIds);
    return inTransaction("forget entries", c -> {
      List<OutboxEntry> gone = new ArrayList<>();
      Array array = c.createArrayOf("text", ids.toArray());
      try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM " + table
          + " WHERE id = ANY (?) ORDER BY seq FOR UPDATE")) {
        p.setArray(1, array);
        gone.addAll(entriesOf(p));
      }
      for (OutboxEntry entry : gone) {
        if (entry.getState() == EntryState.SENDING) {
          throw new IllegalStateException("entry " + entry.getId() + " is being sent; forget it"
              + " once its outcome is known");
        }
      }
      List<OutboxEntry> changed = new ArrayList<>();
      for (OutboxEntry entry : gone) {
        if (entry.getKind() == EntryKind.ADD) {
          changed.addAll(settleDependents(c, entry, true, ids));
        }
      }
      try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table
          + " WHERE id = ANY (?)")) {
        p.setArray(1, array);
        p.executeUpdate();
      }
      Instant now = EntryRules.now();
      for (OutboxEntry entry : gone) {
        changed.add(entry.toBuilder().state(EntryState.FORGOTTEN).changed(now).build());
      }
      return changed;
    });
  }

  @Override
  public List<OutboxEntry> pollChanges() {
    synchronized (pollLock) {
      long from = cursor;
      return inTransaction("poll for changes", c -> {
        List<OutboxEntry> found = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + ", rev FROM "
            + table + " WHERE rev > ? ORDER BY rev LIMIT " + POLL_LIMIT)) {
          p.setLong(1, Math.max(0, from - LOOKBACK));
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              found.add(decode(r));
              cursor = Math.max(cursor, r.getLong("rev"));
            }
          }
        }
        return found;
      });
    }
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public Duration expiryCheckInterval() {
    return Duration.ofMillis(Math.max(1, lease.toMillis() / 3));
  }

  /**
   * Stops renewing and gives the lease up: what this instance still had sending is an expired
   * claim at once, for any instance to settle.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.shutdownNow();
    try {
      inTransaction("give the lease up", c -> {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + instances
            + " WHERE id = ?")) {
          p.setString(1, owner);
          p.executeUpdate();
        }
        return null;
      });
    } catch (OutboxStorageException e) {
      // the lease runs out on its own
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL table " + table + ", instance " + owner;
  }

  // ---- internals ----

  /** Writes every column of an entry's row from its snapshot, with a new revision. */
  private void write(Connection c, OutboxEntry entry, @Nullable String token,
      @Nullable String claimOwner) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET state = ?,"
        + " lead_id = ?, after_entry_id = ?, next_check_at = ?, claim_token = ?,"
        + " claim_owner = ?, changed_at = ?, entry = ?, rev = nextval('" + table + "_rev')"
        + " WHERE id = ?")) {
      p.setString(1, entry.getState().name());
      p.setString(2, entry.getLeadId());
      p.setString(3, entry.getAfterEntryId());
      setTime(p, 4, entry.getNextCheckAt());
      p.setString(5, token);
      p.setString(6, claimOwner);
      setTime(p, 7, entry.getChanged());
      p.setBytes(8, EntryFormat.encode(entry));
      p.setString(9, entry.getId());
      p.executeUpdate();
    }
  }

  private static void setTime(PreparedStatement p, int index, @Nullable Instant at)
      throws SQLException {
    if (at == null) {
      p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      p.setTimestamp(index, Timestamp.from(at));
    }
  }

  private static OutboxEntry decode(ResultSet r) throws SQLException {
    try {
      return EntryFormat.decode(r.getBytes("entry"));
    } catch (IOException e) {
      throw new SQLException("entry " + r.getString("id") + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  /** A unit of work on one connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs work in a transaction of its own, committed on success, rolled back otherwise. */
  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return transact(c, work);
    } catch (SQLException e) {
      throw new OutboxStorageException("cannot " + what + " in " + table, e);
    }
  }

  /**
   * Runs work on a connection in one transaction: committed on success, rolled back otherwise;
   * the connection's auto-commit mode is restored.
   */
  static <T> T transact(Connection c, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(autoCommit);
      } catch (SQLException e) {
        // the connection is closed next
      }
    }
  }

  /** Runs a query whose rows are entries ({@link #ENTRY_COLUMNS}). */
  private static List<OutboxEntry> entriesOf(PreparedStatement p) throws SQLException {
    List<OutboxEntry> found = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        found.add(decode(r));
      }
    }
    return found;
  }
}
