package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.disposables.Disposable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.LeadResolver;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The outbox settles uncertain adds itself, by the SDK's one rule ({@link LeadResolver}), against
 * a sandbox that shows a stored lead to lookups only after a lag. Counted from the sandbox's store.
 */
class OutboxResolutionTest {
  /** The sandbox names a campaign by one id for both APIs: the outbound id is the Pearl id. */
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";
  private static final Duration LAG = Duration.ofMillis(300);
  private static final Duration SETTLE = Duration.ofMillis(600);

  @TempDir Path dir;
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder().lookupLag(LAG).start();
  private final NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  private LeadOutbox open(File directory, Duration firstRecheck) {
    return LeadOutbox.builder().directory(directory).client(client)
        .pearlId(CAMPAIGN, CAMPAIGN)
        .resolver(LeadResolver.builder(client).settleTime(SETTLE)
            .recheckDelays(firstRecheck, firstRecheck.multipliedBy(4)).build())
        .open();
  }

  private LeadOutbox open() {
    return open(dir.toFile(), Duration.ofMillis(200));
  }

  private static NewLead lead(String externalId) {
    return NewLead.of(l -> l.phoneNumber("+14155550123").externalId(externalId));
  }

  private static void drain(LeadOutbox outbox) {
    assertThat(outbox.drain().blockingAwait(30, TimeUnit.SECONDS)).as("drain finished").isTrue();
  }

  private long requests(String operation) {
    return sandbox.recordedRequests().stream()
        .filter(r -> operation.equals(r.getOperation())).count();
  }

  private List<SandboxLead> stored(String externalId) {
    return sandbox.leadsByExternalId(CAMPAIGN).getOrDefault(externalId, List.of());
  }

  private static OutboxEntry await(LeadOutbox outbox, String id, Predicate<OutboxEntry> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      OutboxEntry entry = outbox.entry(id);
      if (entry != null && until.test(entry)) {
        return entry;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("entry never reached the state: " + outbox.entry(id));
  }

  @Test
  void anAddStoredThenAnswered502IsFoundAfterTheSettleTimeAndNeverSentAgain() throws Exception {
    sandbox.faults().next(1).afterHandling().status(502);
    try (LeadOutbox outbox = open()) {
      String id = outbox.add(CAMPAIGN, lead("crm-1")).blockingGet();

      drain(outbox);

      OutboxEntry entry = outbox.entry(id);
      List<SandboxLead> leads = stored("crm-1");
      assertThat(leads).hasSize(1);
      assertThat(entry.getState()).isEqualTo(EntryState.ADDED);
      assertThat(entry.getLeadId()).isEqualTo(leads.get(0).getId());
      assertThat(entry.getMessage()).isEqualTo("found in NLPearl by its external id");
      assertThat(entry.getNextCheckAt()).isNull();
      assertThat(requests("addLead")).isEqualTo(1);
      // One lookup, after the settle time (a lookup inside the lag would have found nothing).
      assertThat(requests("getLeadViaExternalID")).isEqualTo(1);
    }
  }

  @Test
  void anAddNeverStoredIsAbsentAndSentOnceMore() {
    sandbox.faults().next(1).status(502);
    try (LeadOutbox outbox = open()) {
      String id = outbox.add(CAMPAIGN, lead("crm-2")).blockingGet();

      drain(outbox);

      OutboxEntry entry = outbox.entry(id);
      assertThat(entry.getState()).isEqualTo(EntryState.ADDED);
      assertThat(stored("crm-2")).hasSize(1);
      assertThat(entry.getLeadId()).isEqualTo(stored("crm-2").get(0).getId());
      assertThat(requests("addLead")).as("sent once more").isEqualTo(2);
      assertThat(requests("getLeadViaExternalID")).isEqualTo(1);
    }
  }

  @Test
  void aFailedLookupKeepsTheEntryUnknownWithAPersistedNextCheckThatResolvesItLater()
      throws Exception {
    sandbox.faults().next(1).afterHandling().status(502); // the add: stored, answered 502
    sandbox.faults().next(1).status(503);                 // the first lookup fails
    File directory = dir.toFile();
    String id;
    OutboxEntry unknown;
    try (LeadOutbox outbox = open(directory, Duration.ofSeconds(2))) {
      id = outbox.add(CAMPAIGN, lead("crm-3")).blockingGet();
      // The recheck (2 s) is further off than the settle time: this drain does not wait for it.
      drain(outbox);
      unknown = outbox.entry(id);
    }
    assertThat(unknown.getState()).isEqualTo(EntryState.UNKNOWN);
    assertThat(unknown.getFailedChecks()).isEqualTo(1);
    assertThat(unknown.getNextCheckAt()).isAfter(unknown.getChanged().plusMillis(1_900));
    assertThat(unknown.getMessage()).contains("looking it up by its external id failed")
        .contains("HTTP 503");
    assertThat(requests("getLeadViaExternalID")).isEqualTo(1);

    try (LeadOutbox reopened = open(directory, Duration.ofSeconds(2))) {
      OutboxEntry read = reopened.entry(id);
      assertThat(read).as("the plan survives reopening").isEqualTo(unknown);

      drain(reopened); // not due yet: nothing is looked up
      assertThat(requests("getLeadViaExternalID")).isEqualTo(1);

      Thread.sleep(Math.max(0, Duration.between(Instant.now(), unknown.getNextCheckAt()).toMillis()));
      drain(reopened);

      OutboxEntry resolved = reopened.entry(id);
      assertThat(resolved.getState()).isEqualTo(EntryState.ADDED);
      assertThat(resolved.getLeadId()).isEqualTo(stored("crm-3").get(0).getId());
      assertThat(stored("crm-3")).hasSize(1);
      assertThat(requests("addLead")).isEqualTo(1);
      assertThat(requests("getLeadViaExternalID")).isEqualTo(2);
    }
  }

  @Test
  void updatesWaitingBehindAFoundAddAreSentWithItsLeadId() {
    sandbox.faults().next(1).afterHandling().status(504);
    try (LeadOutbox outbox = open()) {
      String add = outbox.add(CAMPAIGN, lead("crm-4")).blockingGet();
      String update = outbox.update(CAMPAIGN, add, u -> u.status(SettableLeadStatus.COMPLETED))
          .blockingGet();

      drain(outbox);

      SandboxLead lead = stored("crm-4").get(0);
      assertThat(stored("crm-4")).hasSize(1);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.UPDATED);
      assertThat(outbox.entry(update).getLeadId()).isEqualTo(lead.getId());
      assertThat(sandbox.lead(CAMPAIGN, lead.getId()).orElseThrow().getStatus())
          .isEqualTo(SettableLeadStatus.COMPLETED.code());
    }
  }

  @Test
  void anAcceptedAddWithoutALeadIdHoldsItsUpdatesUntilTheLookupGivesTheId() {
    sandbox.faults().next(1).emptyBody();
    try (LeadOutbox outbox = open()) {
      String add = outbox.add(CAMPAIGN, lead("crm-5")).blockingGet();
      String update = outbox.update(CAMPAIGN, add, u -> u.status(SettableLeadStatus.COMPLETED))
          .blockingGet();

      drain(outbox);

      String leadId = stored("crm-5").get(0).getId();
      assertThat(outbox.entry(add).getLeadId()).isEqualTo(leadId);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.UPDATED);
      assertThat(outbox.entry(update).getLeadId()).isEqualTo(leadId);
      assertThat(requests("addLead")).isEqualTo(1);
    }
  }

  @Test
  void reopenedWhileUnresolvedTheLookupIsStillMadeAndAPearlIdGivenLaterResolvesOldEntries()
      throws Exception {
    File directory = dir.toFile();
    sandbox.faults().next(1).afterHandling().status(502);
    String id;
    // Without the Pearl id the outbox cannot look up: the entry is unknown, for the user.
    try (LeadOutbox outbox = LeadOutbox.open(directory, client)) {
      id = outbox.add(CAMPAIGN, lead("crm-6")).blockingGet();
      drain(outbox);
      OutboxEntry unknown = outbox.entry(id);
      assertThat(unknown.getState()).isEqualTo(EntryState.UNKNOWN);
      assertThat(unknown.getNextCheckAt()).isNull();
      assertThat(unknown.getMessage()).endsWith("Check before sending it again (retry) or forget it");
    }
    // Opened with it, the lookup is planned; closed (as by a kill) before the lookup is due.
    OutboxEntry planned;
    try (LeadOutbox outbox = LeadOutbox.builder().directory(directory).client(client)
        .pearlId(CAMPAIGN, CAMPAIGN)
        .resolver(LeadResolver.builder(client).settleTime(Duration.ofMinutes(5)).build())
        .open()) {
      planned = outbox.entry(id);
      assertThat(planned.getState()).isEqualTo(EntryState.UNKNOWN);
      assertThat(planned.getNextCheckAt()).isEqualTo(planned.getUncertainSince().plusSeconds(300));
      Disposable draining = outbox.drain().subscribe();
      Thread.sleep(200);
      draining.dispose();
      assertThat(requests("getLeadViaExternalID")).as("not due yet").isZero();
    }
    try (LeadOutbox outbox = open()) {
      assertThat(outbox.entry(id).getNextCheckAt()).as("the plan is kept")
          .isEqualTo(planned.getNextCheckAt());
      // A Pearl id and plan kept, the check comes due; here it is brought forward by the user.
      outbox.retry(id).blockingAwait();
      assertThat(outbox.entry(id).getNextCheckAt()).as("retry drops the plan").isNull();
      outbox.forget(id).blockingAwait();
    }
    assertThat(stored("crm-6")).as("retry and forget stay the user's choices; nothing was sent")
        .hasSize(1);
    assertThat(requests("addLead")).isEqualTo(1);
  }

  @Test
  void reopenedWhileUnresolvedTheDueLookupIsMade() throws Exception {
    File directory = dir.toFile();
    sandbox.faults().next(1).afterHandling().status(502);
    String id;
    try (LeadOutbox outbox = open()) {
      id = outbox.add(CAMPAIGN, lead("crm-8")).blockingGet();
      Disposable draining = outbox.drain().subscribe();
      await(outbox, id, e -> e.getState() == EntryState.UNKNOWN);
      draining.dispose(); // stopped while it waits out the settle time
    }
    try (LeadOutbox reopened = open(directory, Duration.ofMillis(200))) {
      assertThat(reopened.entry(id).getNextCheckAt()).isNotNull();
      drain(reopened);
      assertThat(reopened.entry(id).getState()).isEqualTo(EntryState.ADDED);
      assertThat(reopened.entry(id).getLeadId()).isEqualTo(stored("crm-8").get(0).getId());
    }
    assertThat(stored("crm-8")).hasSize(1);
    assertThat(requests("addLead")).isEqualTo(1);
  }

  @Test
  void aKillWhileWaitingOutA429LeavesTheEntryWaitingNotUnknown() throws Exception {
    sandbox.faults().next(1).rateLimited(Duration.ofSeconds(30));
    Path copy = Files.createDirectory(dir.resolve("copy"));
    File directory = Files.createDirectory(dir.resolve("outbox")).toFile();
    String id;
    try (LeadOutbox outbox = open(directory, Duration.ofMillis(200))) {
      id = outbox.add(CAMPAIGN, lead("crm-7")).blockingGet();
      Disposable draining = outbox.drain().subscribe();
      await(outbox, id, e -> e.getStatusCode() == 429);
      // What a SIGKILL now would leave: the files as they are on disk while the outbox waits.
      copyFiles(directory.toPath(), copy);
      draining.dispose();
    }

    try (LeadOutbox reopened = open(copy.toFile(), Duration.ofMillis(200))) {
      OutboxEntry entry = reopened.entry(id);
      assertThat(entry.getState()).as("every attempt was refused").isEqualTo(EntryState.WAITING);
      assertThat(entry.getReason()).isNotNull();
      drain(reopened);
      assertThat(reopened.entry(id).getState()).isEqualTo(EntryState.ADDED);
    }
    assertThat(stored("crm-7")).hasSize(1);
    assertThat(requests("addLead")).isEqualTo(2);
    assertThat(requests("getLeadViaExternalID")).as("nothing was uncertain").isZero();
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    try (var files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
