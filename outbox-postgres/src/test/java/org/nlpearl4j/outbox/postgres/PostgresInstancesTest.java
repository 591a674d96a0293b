package org.nlpearl4j.outbox.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nlpearl4j.outbox.postgres.PgFixture.CAMPAIGN;
import static org.nlpearl4j.outbox.postgres.PgFixture.await;
import static org.nlpearl4j.outbox.postgres.PgFixture.drain;
import static org.nlpearl4j.outbox.postgres.PgFixture.lead;

import io.reactivex.rxjava3.disposables.Disposable;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.spi.Claim;
import org.nlpearl4j.sandbox.SandboxLead;

/** Several instances on one table, counted from the sandbox's store. */
class PostgresInstancesTest {
  private final PgFixture pg = new PgFixture("instances",
      b -> b.latency(Duration.ofMillis(5), Duration.ofMillis(10)).contractCheck(false)
          .recordLimit(100_000));

  @AfterEach
  void close() throws Exception {
    pg.close();
  }

  @Test
  void fourInstancesDrainingOneTableAtOnceSendEveryLeadExactlyOnce() throws Exception {
    int total = 400;
    List<PostgresOutbox> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(pg.instance(b -> b.maxInFlight(4)));
    }
    List<String> ids = new ArrayList<>();
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < total; i++) {
        ids.add(instances.get(i % 4).add(c, CAMPAIGN, lead("crm-" + i)));
      }
      c.commit();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (PostgresOutbox instance : instances) {
        runs.add(pool.submit(() -> drain(instance.outbox())));
      }
      for (Future<?> run : runs) {
        run.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // The sandbox's store is the truth: every lead once, under the id the table recorded.
    Map<String, List<SandboxLead>> byExternalId = pg.sandbox.leadsByExternalId(CAMPAIGN);
    assertThat(byExternalId).hasSize(total);
    assertThat(byExternalId.values()).allSatisfy(leads -> assertThat(leads).hasSize(1));
    assertThat(pg.requests("addLead")).isEqualTo(total);
    List<OutboxEntry> entries = instances.get(0).outbox().entries();
    assertThat(entries).extracting(OutboxEntry::getId).containsExactlyElementsOf(ids);
    Set<String> leadIds = new HashSet<>();
    for (OutboxEntry entry : entries) {
      assertThat(entry.getState()).isEqualTo(EntryState.ADDED);
      String externalId = entry.getLead().getExternalId();
      assertThat(entry.getLeadId()).isEqualTo(byExternalId.get(externalId).get(0).getId());
      leadIds.add(entry.getLeadId());
    }
    assertThat(leadIds).hasSize(total);
  }

  @Test
  void anUpdateQueuedBehindAnAddIsSentWithItsLeadIdByAnotherInstance() throws Exception {
    PostgresOutbox first = pg.instance();
    PostgresOutbox second = pg.instance();
    List<OutboxEntry> seenBySecond = new CopyOnWriteArrayList<>();
    Disposable watching = second.outbox().changes().subscribe(seenBySecond::add);
    String add;
    String update;
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      add = first.add(c, CAMPAIGN, lead("crm-1"));
      update = first.update(c, CAMPAIGN, add, u -> u.status(SettableLeadStatus.COMPLETED));
      c.commit();
    }
    // The first instance claims what it may send: the add only (the update has no lead id yet).
    List<Claim> claims = first.store().claimSends(10, Instant.now());
    assertThat(claims).extracting(claim -> claim.getEntry().getId()).containsExactly(add);
    // It sends the add, and records NLPearl's answer under its claim.
    NlPearl client = pg.client();
    String leadId = client.outbound(CAMPAIGN).addLead(claims.get(0).getEntry().getLead())
        .blockingGet();
    List<OutboxEntry> written = first.store().complete(claims.get(0), claims.get(0).getEntry()
        .toBuilder().state(EntryState.ADDED).leadId(leadId).build());
    // The store gave the queued update the lead id in the same transaction.
    assertThat(written).extracting(OutboxEntry::getId).containsExactly(add, update);

    drain(second.outbox());

    OutboxEntry updated = second.outbox().entry(update);
    assertThat(updated.getState()).isEqualTo(EntryState.UPDATED);
    assertThat(updated.getLeadId()).isEqualTo(leadId);
    assertThat(pg.sandbox.lead(CAMPAIGN, leadId).orElseThrow().getStatus())
        .isEqualTo(SettableLeadStatus.COMPLETED.code());
    assertThat(pg.requests("addLead")).isEqualTo(1);
    assertThat(pg.requests("updateLead")).isEqualTo(1);
    // The second instance saw the first one's writes by polling the table, and its own.
    await(second.outbox(), update, e -> true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (seenBySecond.stream().noneMatch(e -> e.getId().equals(add)
        && e.getState() == EntryState.ADDED) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    watching.dispose();
    assertThat(seenBySecond).anyMatch(e -> e.getId().equals(add)
        && e.getState() == EntryState.ADDED && leadId.equals(e.getLeadId()));
    assertThat(seenBySecond).anyMatch(e -> e.getId().equals(update)
        && e.getState() == EntryState.UPDATED);
  }

  @Test
  void whenAnInstanceStopsRenewingItsLeaseItsSendingEntriesBecomeUnknownAndTheLookupSettlesThem()
      throws Exception {
    PostgresOutbox frozen = pg.instance(b -> b.leaseTime(Duration.ofSeconds(1)));
    String sent;
    String notSent;
    try (Connection c = pg.dataSource.getConnection()) {
      c.setAutoCommit(false);
      sent = frozen.add(c, CAMPAIGN, lead("crm-sent"));
      notSent = frozen.add(c, CAMPAIGN, lead("crm-not-sent"));
      c.commit();
    }
    // The instance claims both (SENDING is committed), sends one, and freezes before recording
    // anything: it never answers and never renews its lease again.
    List<Claim> claims = frozen.store().claimSends(10, Instant.now());
    assertThat(claims).hasSize(2);
    pg.client().outbound(CAMPAIGN).addLead(claims.get(0).getEntry().getLead()).blockingGet();
    frozen.store().stopRenewing();
    assertThat(frozen.outbox().entry(sent).getState()).isEqualTo(EntryState.SENDING);

    PostgresOutbox survivor = pg.instance(b -> b.leaseTime(Duration.ofSeconds(1)));
    // Within the lease, the frozen instance's claims are its own: nobody touches them.
    drain(survivor.outbox());
    assertThat(survivor.outbox().entry(sent).getState()).isEqualTo(EntryState.SENDING);

    Thread.sleep(1_500); // the lease runs out (on the database's clock)
    Disposable sender = survivor.sendContinuously(Duration.ofMillis(100), e -> { });
    try {
      OutboxEntry found = await(survivor.outbox(), sent, e -> e.getState() == EntryState.ADDED);
      OutboxEntry resent = await(survivor.outbox(), notSent,
          e -> e.getState() == EntryState.ADDED);
      assertThat(found.getMessage()).isEqualTo("found in NLPearl by its external id");
      assertThat(found.getLeadId()).isEqualTo(pg.stored("crm-sent").get(0).getId());
      assertThat(resent.getLeadId()).isEqualTo(pg.stored("crm-not-sent").get(0).getId());
    } finally {
      sender.dispose();
    }
    // Each lead stored once: the one that reached NLPearl was found, not sent again.
    assertThat(pg.stored("crm-sent")).hasSize(1);
    assertThat(pg.stored("crm-not-sent")).hasSize(1);
    assertThat(pg.requests("addLead")).isEqualTo(2);

    // The frozen instance's late answer does not undo the settlement.
    assertThat(frozen.store().complete(claims.get(1), claims.get(1).getEntry().toBuilder()
        .state(EntryState.REJECTED).build())).isEmpty();
    assertThat(survivor.outbox().entry(notSent).getState()).isEqualTo(EntryState.ADDED);
  }

  @Test
  void aLateAnswerOfAnExpiredClaimIsRecordedWhenNoOneSettledItMeanwhile() throws Exception {
    PostgresOutbox slow = pg.instance(b -> b.leaseTime(Duration.ofSeconds(1)));
    String id = slow.outbox().add(CAMPAIGN, lead("crm-late")).blockingGet();
    List<Claim> claims = slow.store().claimSends(1, Instant.now());
    slow.store().stopRenewing();
    String leadId = pg.client().outbound(CAMPAIGN).addLead(claims.get(0).getEntry().getLead())
        .blockingGet();
    Thread.sleep(1_500);
    // Another instance (without the campaign's Pearl id: no lookup) turns it unknown.
    PostgresOutbox other = PostgresOutbox.builder().dataSource(pg.dataSource).client(pg.client())
        .open();
    try {
      assertThat(other.outbox().entry(id).getState()).isEqualTo(EntryState.UNKNOWN);
      assertThat(other.outbox().entry(id).getNextCheckAt()).isNull();
      // The paused instance wakes up and records the answer it got: it replaces the unknown.
      assertThat(slow.store().complete(claims.get(0), claims.get(0).getEntry().toBuilder()
          .state(EntryState.ADDED).leadId(leadId).build())).hasSize(1);
      assertThat(other.outbox().entry(id).getState()).isEqualTo(EntryState.ADDED);
      assertThat(other.outbox().entry(id).getLeadId()).isEqualTo(leadId);
    } finally {
      other.close();
    }
  }

  @Test
  void aUserRetryWinsOverALateAnswer() throws Exception {
    PostgresOutbox slow = pg.instance(b -> b.leaseTime(Duration.ofSeconds(1)));
    String id = slow.outbox().add(CAMPAIGN, lead("crm-retry")).blockingGet();
    List<Claim> claims = slow.store().claimSends(1, Instant.now());
    slow.store().stopRenewing();
    Thread.sleep(1_500);
    PostgresOutbox other = PostgresOutbox.builder().dataSource(pg.dataSource).client(pg.client())
        .open();
    try {
      LeadOutbox outbox = other.outbox();
      assertThat(outbox.entry(id).getState()).isEqualTo(EntryState.UNKNOWN);
      outbox.retry(id).blockingAwait();
      assertThat(slow.store().complete(claims.get(0), claims.get(0).getEntry().toBuilder()
          .state(EntryState.REJECTED).build())).isEmpty();
      assertThat(outbox.entry(id).getState()).isEqualTo(EntryState.WAITING);
    } finally {
      other.close();
    }
  }
}
