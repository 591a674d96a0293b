package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nlpearl4j.outbox.postgres.PgFixture.CAMPAIGN;
import static org.nlpearl4j.outbox.postgres.PgFixture.drain;
import static org.nlpearl4j.outbox.postgres.PgFixture.lead;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.InvalidRequestException;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.sandbox.SandboxLead;

/** Transactional enqueue: the lead is queued if and only if the caller's transaction commits. */
class PostgresTransactionTest {
  private final PgFixture pg = new PgFixture("tx");
  private final PostgresOutbox outbox = pg.instance();

  @AfterEach
  void close() throws Exception {
    pg.close();
  }

  /** The service's own table, written in the same transaction as the lead. */
  private void createCustomers() throws Exception {
    try (Connection c = pg.dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS customer (id text PRIMARY KEY)");
    }
  }

  private int customers() throws Exception {
    try (Connection c = pg.dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM customer")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void aRolledBackTransactionQueuesNothingAndNothingIsSent() throws Exception {
    createCustomers();
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO customer VALUES ('crm-1')");
      }
      String id = outbox.add(c, CAMPAIGN, lead("crm-1"));
      assertThat(id).startsWith("entry-");
      c.rollback();
    }
    assertThat(customers()).isZero();
    assertThat(outbox.outbox().entries()).isEmpty();
    drain(outbox.outbox());
    assertThat(pg.sandbox.leads(CAMPAIGN)).isEmpty();
    assertThat(pg.requests("addLead")).isZero();
  }

  @Test
  void aCommittedTransactionQueuesExactlyOneLeadWhichIsSentOnce() throws Exception {
    createCustomers();
    String id;
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO customer VALUES ('crm-1')");
      }
      id = outbox.add(c, CAMPAIGN, lead("crm-1"));
      // Written in the caller's transaction only: not committed, not visible to others yet.
      assertThat(c.isClosed()).isFalse();
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(outbox.outbox().entry(id)).isNull();
      c.commit();
    }
    assertThat(customers()).isEqualTo(1);
    assertThat(outbox.outbox().entries()).extracting(OutboxEntry::getId).containsExactly(id);
    assertThat(outbox.outbox().entry(id).getState()).isEqualTo(EntryState.WAITING);

    drain(outbox.outbox());
    drain(outbox.outbox()); // nothing more to send

    List<SandboxLead> leads = pg.stored("crm-1");
    assertThat(leads).hasSize(1);
    assertThat(pg.requests("addLead")).isEqualTo(1);
    OutboxEntry added = outbox.outbox().entry(id);
    assertThat(added.getState()).isEqualTo(EntryState.ADDED);
    assertThat(added.getLeadId()).isEqualTo(leads.get(0).getId());
  }

  @Test
  void anUpdateQueuedInTheSameTransactionIsSentAfterTheAddWithItsLeadId() throws Exception {
    String add;
    String update;
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      add = outbox.add(c, CAMPAIGN, l -> l.phoneNumber("+14155550123").externalId("crm-1"));
      update = outbox.update(c, CAMPAIGN, add, u -> u.status(SettableLeadStatus.COMPLETED));
      c.commit();
    }
    drain(outbox.outbox());
    OutboxEntry added = outbox.outbox().entry(add);
    OutboxEntry updated = outbox.outbox().entry(update);
    assertThat(added.getState()).isEqualTo(EntryState.ADDED);
    assertThat(updated.getState()).isEqualTo(EntryState.UPDATED);
    assertThat(updated.getLeadId()).isEqualTo(added.getLeadId());
    assertThat(pg.sandbox.lead(CAMPAIGN, added.getLeadId()).orElseThrow().getStatus())
        .isEqualTo(SettableLeadStatus.COMPLETED.code());
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> outbox.add(c, " ", lead("crm-1")))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("outboundId");
      assertThatThrownBy(() -> outbox.update(c, CAMPAIGN, "entry-not-there",
          u -> u.status(SettableLeadStatus.COMPLETED)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry-not-there");
      c.commit();
    }
    assertThat(outbox.outbox().entries()).isEmpty();
  }
}
