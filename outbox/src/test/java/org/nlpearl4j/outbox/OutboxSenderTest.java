package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.AuthenticationException;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/** The sender against the sandbox (and MockWebServer for answers the sandbox does not give). */
class OutboxSenderTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";

  @TempDir Path dir;
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder().start();
  private final NlPearl client = client(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN);

  private static NlPearl client(String baseUrl, String token) {
    return NlPearl.builder().token(token).baseUrl(baseUrl).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  private LeadOutbox open(NlPearl with) {
    return LeadOutbox.open(dir.toFile(), with);
  }

  private static NewLead lead(int i) {
    return NewLead.of(l -> l.phoneNumber("+1415555" + String.format("%04d", i)).externalId("crm-" + i));
  }

  private static void drain(LeadOutbox outbox) {
    assertThat(outbox.drain().blockingAwait(30, TimeUnit.SECONDS)).as("drain finished").isTrue();
  }

  private List<SandboxLead> stored() {
    return sandbox.leads(CAMPAIGN);
  }

  @Test
  void drainAddsEachLeadOnceThenSendsTheUpdateQueuedBehindItWithItsLeadId() {
    try (LeadOutbox outbox = open(client)) {
      String first = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      String second = outbox.add(CAMPAIGN, lead(2)).blockingGet();
      String update = outbox.update(CAMPAIGN, first, u -> u.externalId("crm-1-renamed")
          .status(SettableLeadStatus.COMPLETED)).blockingGet();

      drain(outbox);

      OutboxEntry added = outbox.entry(first);
      assertThat(added.getState()).isEqualTo(EntryState.ADDED);
      assertThat(outbox.entry(second).getState()).isEqualTo(EntryState.ADDED);
      OutboxEntry updated = outbox.entry(update);
      assertThat(updated.getState()).isEqualTo(EntryState.UPDATED);
      assertThat(updated.getLeadId()).isEqualTo(added.getLeadId());
      assertThat(stored()).hasSize(2);
      SandboxLead lead = sandbox.lead(CAMPAIGN, added.getLeadId()).orElseThrow();
      assertThat(lead.getExternalId()).isEqualTo("crm-1-renamed");
      assertThat(lead.getStatus()).isEqualTo(SettableLeadStatus.COMPLETED.code());

      // Nothing waits: a second drain sends nothing.
      int requests = sandbox.recordedRequests().size();
      drain(outbox);
      assertThat(sandbox.recordedRequests()).hasSize(requests);
    }
  }

  @Test
  void everyStateIsPublishedInOrder() {
    try (LeadOutbox outbox = open(client)) {
      List<EntryState> states = new CopyOnWriteArrayList<>();
      Disposable watching = outbox.changes().subscribe(e -> states.add(e.getState()));
      String id = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      drain(outbox);
      outbox.forget(id).blockingAwait();
      watching.dispose();
      assertThat(states).containsExactly(EntryState.WAITING, EntryState.SENDING, EntryState.ADDED,
          EntryState.FORGOTTEN);
      assertThat(outbox.entries()).isEmpty();
    }
  }

  @Test
  void whenTheNetworkIsGoneEntriesStayWaitingAndTheDrainEndsCleanly() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String id;
    try (NlPearl offline = client("http://127.0.0.1:" + closedPort + "/", NlPearlSandbox.DEFAULT_TOKEN);
        LeadOutbox outbox = open(offline)) {
      id = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      outbox.add(CAMPAIGN, lead(2)).blockingGet();
      drain(outbox); // completes, no error
      assertThat(outbox.entries()).extracting(OutboxEntry::getState)
          .containsExactly(EntryState.WAITING, EntryState.WAITING);
      assertThat(outbox.entry(id).getMessage()).isNotBlank();
      assertThat(outbox.entry(id).getReason()).isEqualTo(FailureReason.NETWORK_BEFORE_SENDING);
    }
    // Back online (the app restarted in between): the same directory sends both, once.
    try (LeadOutbox outbox = open(client)) {
      drain(outbox);
      assertThat(outbox.entries()).extracting(OutboxEntry::getState)
          .containsExactly(EntryState.ADDED, EntryState.ADDED);
      assertThat(stored()).hasSize(2);
    }
  }

  @Test
  void a429WaitsForRetryAfterThenGoesOn() {
    sandbox.faults().next(1).rateLimited(Duration.ofSeconds(1));
    try (LeadOutbox outbox = open(client)) {
      List<EntryState> states = new CopyOnWriteArrayList<>();
      outbox.add(CAMPAIGN, lead(1)).blockingGet();
      outbox.add(CAMPAIGN, lead(2)).blockingGet();
      Disposable watching = outbox.changes().subscribe(e -> states.add(e.getState()));
      drain(outbox);
      watching.dispose();
      assertThat(states).startsWith(EntryState.SENDING, EntryState.WAITING, EntryState.SENDING,
          EntryState.ADDED);
      assertThat(outbox.entries()).extracting(OutboxEntry::getState)
          .containsExactly(EntryState.ADDED, EntryState.ADDED);
      // Sent again and added: the 429 of the first attempt is no longer its reason.
      assertThat(outbox.entries()).extracting(OutboxEntry::getReason).containsOnlyNulls();
      assertThat(stored()).hasSize(2);
      assertThat(sandbox.recordedRequests()).hasSize(3);
      List<java.time.Instant> times = sandbox.recordedRequests().stream()
          .map(r -> r.getReceivedAt()).toList();
      assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(
          Duration.ofMillis(900));
    }
  }

  @Test
  void aRejectedAddCarriesNlPearlsProblemsAndTakesItsUpdatesWithIt() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(400)
          .setHeader("Content-Type", "application/problem+json")
          .body("{\"title\":\"One or more validation errors occurred.\",\"status\":400,"
              + "\"errors\":{\"PhoneNumber\":[\"The number is not valid.\"]}}").build());
      server.start();
      try (NlPearl mock = client(server.url("/").toString(), NlPearlSandbox.DEFAULT_TOKEN);
          LeadOutbox outbox = open(mock)) {
        String add = outbox.add(CAMPAIGN, lead(1)).blockingGet();
        String update = outbox.update(CAMPAIGN, add, u -> u.externalId("x")).blockingGet();
        drain(outbox);
        OutboxEntry rejected = outbox.entry(add);
        assertThat(rejected.getState()).isEqualTo(EntryState.REJECTED);
        assertThat(rejected.getStatusCode()).isEqualTo(400);
        assertThat(rejected.getReason()).isEqualTo(FailureReason.REJECTED);
        assertThat(rejected.getProblems()).containsEntry("PhoneNumber",
            List.of("The number is not valid."));
        OutboxEntry withIt = outbox.entry(update);
        assertThat(withIt.getState()).isEqualTo(EntryState.REJECTED);
        assertThat(withIt.getMessage()).startsWith("rejected with the add");
        assertThat(withIt.getProblems()).isEqualTo(rejected.getProblems());
        assertThat(withIt.getReason()).isEqualTo(FailureReason.REJECTED);
        assertThat(server.getRequestCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void anUnknownAddIsNeverSentAgainOnItsOwnAndHoldsItsUpdatesUntilTheUserRetries() {
    sandbox.faults().next(1).status(502); // before handling: nothing stored, but the SDK cannot know
    try (LeadOutbox outbox = open(client)) {
      String unknown = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      String update = outbox.update(CAMPAIGN, unknown, u -> u.externalId("after")).blockingGet();
      String other = outbox.add(CAMPAIGN, lead(2)).blockingGet();
      drain(outbox);
      assertThat(outbox.entry(unknown).getState()).isEqualTo(EntryState.UNKNOWN);
      assertThat(outbox.entry(unknown).getStatusCode()).isEqualTo(502);
      assertThat(outbox.entry(unknown).getReason()).isEqualTo(FailureReason.SERVER_ERROR);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.WAITING);
      assertThat(outbox.entry(other).getState()).isEqualTo(EntryState.ADDED);

      int requests = sandbox.recordedRequests().size();
      drain(outbox);
      assertThat(sandbox.recordedRequests()).as("nothing resent on its own").hasSize(requests);

      outbox.retry(unknown).blockingAwait();
      drain(outbox);
      OutboxEntry added = outbox.entry(unknown);
      assertThat(added.getState()).isEqualTo(EntryState.ADDED);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.UPDATED);
      assertThat(sandbox.lead(CAMPAIGN, added.getLeadId()).orElseThrow().getExternalId())
          .isEqualTo("after");
      assertThat(stored()).hasSize(2);
    }
  }

  @Test
  void forgettingAnUnknownAddRejectsTheUpdatesWaitingForIt() {
    sandbox.faults().next(1).status(504);
    try (LeadOutbox outbox = open(client)) {
      String unknown = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      String update = outbox.update(CAMPAIGN, unknown, u -> u.externalId("after")).blockingGet();
      drain(outbox);
      outbox.forget(unknown).blockingAwait();
      assertThat(outbox.entry(unknown)).isNull();
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.REJECTED);
      assertThat(outbox.entry(update).getMessage()).contains("forgotten");
    }
  }

  @Test
  void anAcceptedAddWithAnUnreadableAnswerIsAddedWithoutALeadId() {
    sandbox.faults().next(1).malformedBody(); // the lead is stored, the answer is garbled
    try (LeadOutbox outbox = open(client)) {
      String add = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      String update = outbox.update(CAMPAIGN, add, u -> u.externalId("after")).blockingGet();
      drain(outbox);
      OutboxEntry accepted = outbox.entry(add);
      assertThat(accepted.getState()).isEqualTo(EntryState.ADDED);
      assertThat(accepted.getLeadId()).isNull();
      assertThat(accepted.getMessage()).contains("lead id is unknown");
      assertThat(accepted.getReason()).isEqualTo(FailureReason.BAD_RESPONSE);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.REJECTED);
      assertThat(stored()).hasSize(1);
    }
  }

  @Test
  void onlyOneSenderRunsWhenDrainIsSubscribedTwice() throws Exception {
    try (LeadOutbox outbox = open(client)) {
      for (int i = 0; i < 6; i++) {
        outbox.add(CAMPAIGN, lead(i)).blockingGet();
      }
      sandbox.faults().next(1).delay(Duration.ofMillis(300));
      TestObserver<Void> one = outbox.drain().test();
      TestObserver<Void> two = outbox.drain().test();
      assertThat(one.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(two.await(30, TimeUnit.SECONDS)).isTrue();
      one.assertComplete();
      two.assertComplete();
      assertThat(stored()).hasSize(6);
      assertThat(sandbox.recordedRequests()).hasSize(6);
      assertThat(outbox.isDraining()).isFalse();
    }
  }

  @Test
  void disposingTheDrainStopsAfterRecordingTheRequestInFlight() throws Exception {
    try (LeadOutbox outbox = open(client)) {
      for (int i = 0; i < 3; i++) {
        outbox.add(CAMPAIGN, lead(i)).blockingGet();
      }
      sandbox.faults().next(1).delay(Duration.ofMillis(500));
      CountDownLatch sending = new CountDownLatch(1);
      Disposable watching = outbox.changes().filter(e -> e.getState() == EntryState.SENDING)
          .subscribe(e -> sending.countDown());
      Disposable drain = outbox.drain().subscribe();
      assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
      drain.dispose();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (outbox.isDraining() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      watching.dispose();
      assertThat(outbox.isDraining()).isFalse();
      assertThat(outbox.entries()).extracting(OutboxEntry::getState)
          .containsExactly(EntryState.ADDED, EntryState.WAITING, EntryState.WAITING);
      assertThat(stored()).hasSize(1);
    }
  }

  @Test
  void closingWhileARequestIsInFlightLeavesTheEntryUnknown() throws Exception {
    String id;
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));
    LeadOutbox outbox = open(client);
    id = outbox.add(CAMPAIGN, lead(1)).blockingGet();
    CountDownLatch sending = new CountDownLatch(1);
    outbox.changes().filter(e -> e.getState() == EntryState.SENDING).subscribe(e -> sending.countDown());
    outbox.drain().subscribe();
    assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
    outbox.close();
    try (LeadOutbox reopened = open(client)) {
      assertThat(reopened.entry(id).getState()).isEqualTo(EntryState.UNKNOWN);
      int requests = sandbox.recordedRequests().size();
      drain(reopened);
      assertThat(sandbox.recordedRequests()).hasSize(requests);
    }
  }

  @Test
  void wrongCredentialsFailTheDrainAndRejectNothing() {
    try (NlPearl wrong = client(sandbox.baseUrl(), "0123456789abcdef01234567:notTheSandboxSecret0000000000");
        LeadOutbox outbox = open(wrong)) {
      String id = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      outbox.add(CAMPAIGN, lead(2)).blockingGet();
      TestObserver<Void> drain = outbox.drain().test();
      drain.awaitDone(30, TimeUnit.SECONDS);
      drain.assertError(AuthenticationException.class);
      assertThat(outbox.entries()).extracting(OutboxEntry::getState)
          .containsExactly(EntryState.WAITING, EntryState.WAITING);
      assertThat(outbox.entry(id).getStatusCode()).isEqualTo(401);
      assertThat(outbox.entry(id).getReason()).isEqualTo(FailureReason.AUTHENTICATION);
    }
  }

  @Test
  void onlyUnknownOrRejectedEntriesCanBeRetriedAndASendingOneCannotBeForgotten() {
    try (LeadOutbox outbox = open(client)) {
      String waiting = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.retry(waiting).blockingAwait())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("WAITING");
      drain(outbox);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.retry(waiting).blockingAwait())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("ADDED");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> outbox.forget("entry-none").blockingAwait())
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(stored()).hasSize(1);
    }
  }

  @Test
  void forgetDeliveredKeepsWhatStillNeedsTheUser() {
    sandbox.faults().next(1).status(503);
    String unknown;
    try (LeadOutbox outbox = open(client)) {
      unknown = outbox.add(CAMPAIGN, lead(1)).blockingGet();
      String added = outbox.add(CAMPAIGN, lead(2)).blockingGet();
      String update = outbox.update(CAMPAIGN, added, u -> u.externalId("crm-2b")).blockingGet();
      drain(outbox);
      assertThat(outbox.entry(update).getState()).isEqualTo(EntryState.UPDATED);

      assertThat(outbox.forgetDelivered().blockingGet()).isEqualTo(2);
      assertThat(outbox.entries()).extracting(OutboxEntry::getId).containsExactly(unknown);
    }
    try (LeadOutbox outbox = open(client)) {
      assertThat(outbox.entries()).extracting(OutboxEntry::getId).containsExactly(unknown);
    }
  }
}
