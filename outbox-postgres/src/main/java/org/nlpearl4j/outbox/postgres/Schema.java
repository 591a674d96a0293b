package org.nlpearl4j.outbox.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The outbox's tables, as numbered migrations applied in order. {@code {p}} stands for the table
 * prefix. A migration is never changed once released: a new version adds one.
 */
final class Schema {
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

  /** Migration n is MIGRATIONS.get(n - 1): its description and statements. */
  private static final List<List<String>> MIGRATIONS = Collections.singletonList(Arrays.asList(
      "entries, instance leases",
      "CREATE SEQUENCE {p}_rev",
      "CREATE TABLE {p} (\n"
          + "  seq            bigserial   NOT NULL,\n"
          + "  id             text        PRIMARY KEY,\n"
          + "  kind           text        NOT NULL,\n"
          + "  state          text        NOT NULL,\n"
          + "  campaign_id    text        NOT NULL,\n"
          + "  lead_id        text,\n"
          + "  after_entry_id text,\n"
          + "  next_check_at  timestamptz,\n"
          + "  claim_token    text,\n"
          + "  claim_owner    text,\n"
          + "  rev            bigint      NOT NULL DEFAULT nextval('{p}_rev'),\n"
          + "  created_at     timestamptz NOT NULL,\n"
          + "  changed_at     timestamptz NOT NULL,\n"
          + "  entry          bytea       NOT NULL\n"
          + ")",
      "CREATE UNIQUE INDEX {p}_seq ON {p} (seq)",
      "CREATE INDEX {p}_waiting ON {p} (seq) WHERE state = 'WAITING'",
      "CREATE INDEX {p}_sending ON {p} (claim_owner) WHERE state = 'SENDING'",
      "CREATE INDEX {p}_check ON {p} (next_check_at) WHERE next_check_at IS NOT NULL",
      "CREATE INDEX {p}_after ON {p} (after_entry_id) WHERE after_entry_id IS NOT NULL",
      "CREATE INDEX {p}_rev_idx ON {p} (rev)",
      "CREATE TABLE {p}_instance (\n"
          + "  id          text        PRIMARY KEY,\n"
          + "  lease_until timestamptz NOT NULL,\n"
          + "  started_at  timestamptz NOT NULL DEFAULT now()\n"
          + ")"));

  private Schema() {
  }

  /** The latest schema version this library writes. */
  static int latest() {
    return MIGRATIONS.size();
  }

  static String checkPrefix(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("tablePrefix must be a lower-case SQL name of at most 40"
          + " characters ([a-z_][a-z0-9_]*), was \"" + prefix + "\"");
    }
    return prefix;
  }

  private static String versionTable(String prefix) {
    return "CREATE TABLE IF NOT EXISTS " + prefix + "_schema (\n"
        + "  version     integer     PRIMARY KEY,\n"
        + "  description text        NOT NULL,\n"
        + "  applied_at  timestamptz NOT NULL DEFAULT now()\n"
        + ")";
  }

  /** Every statement, in order, for a team that applies migrations itself. */
  static String ddl(String prefix) {
    checkPrefix(prefix);
    StringBuilder sql = new StringBuilder();
    sql.append(versionTable(prefix)).append(";\n");
    for (int v = 1; v <= MIGRATIONS.size(); v++) {
      List<String> migration = MIGRATIONS.get(v - 1);
      sql.append("\n-- version ").append(v).append(": ").append(migration.get(0)).append('\n');
      for (String statement : migration.subList(1, migration.size())) {
        sql.append(statement.replace("{p}", prefix)).append(";\n");
      }
      sql.append("INSERT INTO ").append(prefix).append("_schema (version, description) VALUES (")
          .append(v).append(", '").append(migration.get(0)).append("');\n");
    }
    return sql.toString();
  }

  /**
   * Creates or migrates the tables, under a transaction-scoped advisory lock so that instances
   * opening at once apply each migration once; with {@code migrate} false, only checks the version.
   */
  static void apply(Connection c, String prefix, boolean migrate) throws SQLException {
    PostgresStore.transact(c, conn -> {
      try (Statement s = conn.createStatement();
          ResultSet r = s.executeQuery("SHOW server_version_num")) {
        r.next();
        int version = Integer.parseInt(r.getString(1).trim());
        if (version < 130000) {
          throw new IllegalStateException("the outbox needs PostgreSQL 13 or later; this server is "
              + version);
        }
      }
      try (PreparedStatement lock = conn.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "nlpearl4j-outbox:" + prefix);
        lock.execute();
      }
      int current = 0;
      boolean hasTable;
      try (PreparedStatement p = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
        p.setString(1, prefix + "_schema");
        try (ResultSet r = p.executeQuery()) {
          r.next();
          hasTable = r.getBoolean(1);
        }
      }
      if (hasTable) {
        try (Statement s = conn.createStatement();
            ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + prefix
                + "_schema")) {
          r.next();
          current = r.getInt(1);
        }
      }
      if (current > latest()) {
        throw new IllegalStateException("the table " + prefix + " is at schema version " + current
            + ", newer than this library (" + latest() + "): upgrade nlpearl4j-outbox-postgres");
      }
      if (current < latest() && !migrate) {
        throw new IllegalStateException("the table " + prefix + " is at schema version " + current
            + "; this library needs " + latest() + ". Apply the DDL (PostgresOutbox.ddl) or let"
            + " the outbox migrate it (createSchema(true))");
      }
      List<String> run = new ArrayList<>();
      if (!hasTable) {
        run.add(versionTable(prefix));
      }
      try (Statement s = conn.createStatement()) {
        for (String statement : run) {
          s.execute(statement);
        }
        for (int v = current + 1; v <= latest(); v++) {
          List<String> migration = MIGRATIONS.get(v - 1);
          for (String statement : migration.subList(1, migration.size())) {
            s.execute(statement.replace("{p}", prefix));
          }
          try (PreparedStatement p = conn.prepareStatement("INSERT INTO " + prefix
              + "_schema (version, description) VALUES (?, ?)")) {
            p.setInt(1, v);
            p.setString(2, migration.get(0));
            p.executeUpdate();
          }
        }
      }
      return null;
    });
  }
}
