package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LeadStatus;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The presenter in plain Java, with the real SDK and the real lead outbox (in a temporary directory)
 * against the sandbox on loopback (or MockWebServer where the sandbox cannot produce an answer), a
 * fake view, a {@link TestScheduler} as the io scheduler and a hand-run queue as the main thread.
 * Every count of leads comes from the sandbox's store.
 */
class ProspectPresenterTest {
  private static final String CAMPAIGN = "pearl-field-sales";
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @TempDir
  Path dir;

  private final TestScheduler io = new TestScheduler();
  private final MainLoop main = new MainLoop();
  private final FakeView view = new FakeView();
  private NlPearlSandbox sandbox;
  private LeadConnection connection;
  private ProspectPresenter presenter;

  @BeforeEach
  void start() {
    sandbox = NlPearlSandbox.builder().start();
    connection = connection(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN);
    presenter = presenter(connection);
  }

  @AfterEach
  void stop() {
    presenter.dispose();
    connection.close();
    sandbox.close();
  }

  private LeadConnection connection(String baseUrl, String token) {
    return connection(baseUrl, token, CAMPAIGN);
  }

  private LeadConnection connection(String baseUrl, String token, String campaign) {
    return LeadConnection.open(outboxDir(), baseUrl, token, campaign, "");
  }

  private File outboxDir() {
    return dir.resolve("lead-outbox").toFile();
  }

  /** Another connection on the same directory: this one is closed first (one owner at a time). */
  private LeadConnection reconnect(String baseUrl) {
    presenter.dispose();
    connection.close();
    connection = connection(baseUrl, NlPearlSandbox.DEFAULT_TOKEN);
    presenter = presenter(connection);
    return connection;
  }

  private ProspectPresenter presenter(LeadConnection c) {
    ProspectPresenter p = new ProspectPresenter(c, io, main.scheduler());
    p.attach(view);
    return p;
  }

  private static Prospect joe() {
    return new Prospect("+1 (415) 555-0123", " Joe Doe ", "joe@example.com", "crm-42", PARIS);
  }

  /** Joe without a CRM id: NLPearl cannot be asked about him, so an uncertain add is the rep's. */
  private static Prospect joeWithoutCrmId() {
    return new Prospect("+1 (415) 555-0123", " Joe Doe ", "joe@example.com", "", PARIS);
  }

  @Test
  void savesTheProspectOnTheDeviceThenAddsItAndShowsTheLeadOnTheMainThread() throws Exception {
    presenter.add(joe());

    assertThat(view.working).isEqualTo(ProspectPresenter.Work.ADDING);
    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);

    assertThat(view.events)
        .containsSubsequence("fieldErrors []", "working ADDING", "queued", "working null", "added");
    assertThat(view.threads).containsOnly(Thread.currentThread());
    assertThat(presenter.getLeadId()).isEqualTo(view.addedLeadId);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    SandboxLead stored = sandbox.lead(CAMPAIGN, view.addedLeadId).orElseThrow(AssertionError::new);
    assertThat(stored.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(stored.getExternalId()).isEqualTo("crm-42");
    assertThat(stored.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(stored.getCallData())
        .containsOnly(entry("name", "Joe Doe"), entry("email", "joe@example.com"));
    LeadRow row = view.row(presenter.getEntryId());
    assertThat(row.getState()).isEqualTo(LeadRow.State.ADDED);
    assertThat(row.getLeadId()).isEqualTo(stored.getId());
    assertThat(row.getName()).isEqualTo("Joe Doe");
    assertThat(row.toString()).doesNotContain("+1415", "Joe");
    sandbox.assertNoContractViolations();
  }

  @Test
  void marksTheLeadAndShowsItsStatusAsNlPearlReportsIt() throws Exception {
    addJoe();

    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.lead != null && view.working == null);

    assertThat(view.lead.getStatus()).isEqualTo(LeadStatus.COMPLETED);
    assertThat(view.lead.getId()).isEqualTo(presenter.getLeadId());
    assertThat(view.lead.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(sandbox.lead(CAMPAIGN, presenter.getLeadId()).get().getStatus())
        .isEqualTo(LeadStatus.COMPLETED.code());

    view.lead = null;
    presenter.mark(SettableLeadStatus.SUCCESS);
    io.triggerActions();
    main.runUntil(() -> view.lead != null && view.working == null);
    assertThat(view.lead.getStatus()).isEqualTo(LeadStatus.SUCCESS);
    assertThat(view.failure).isNull();
  }

  @Test
  void brokenRulesAreShownOnTheirFieldsAndNothingIsSavedOrSent() {
    presenter.add(new Prospect("12", "Joe", "joe@", "  ", PARIS));

    assertThat(view.fieldErrors).containsOnlyKeys(ProspectField.PHONE, ProspectField.EMAIL);
    assertThat(view.fieldErrors.get(ProspectField.PHONE)).singleElement().asString().contains("E.164");
    assertThat(view.fieldErrors.get(ProspectField.EMAIL))
        .containsExactly(ProspectPresenter.EMAIL_RULE);
    assertThat(view.failure.getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.NEVER_SENT);
    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.ADDING);
    assertThat(view.failure.getDetail()).isEmpty();
    assertThat(view.working).isNull();
    io.triggerActions();
    assertThat(main.isIdle()).isTrue();
    assertThat(connection.outbox().entries()).isEmpty();
    assertThat(sandbox.recordedRequests()).isEmpty();
  }

  @Test
  void aMissingPhoneNumberIsReportedByTheSdksRule() {
    presenter.add(new Prospect("", "", "", "", null));

    assertThat(view.fieldErrors).containsOnlyKeys(ProspectField.PHONE);
    assertThat(view.fieldErrors.get(ProspectField.PHONE)).containsExactly("is required");
  }

  @Test
  void aBadRequestLeavesARejectedRowNamingWhatNlPearlRefused() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(400)
          .setHeader("Content-Type", "application/problem+json; charset=utf-8")
          .body("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
              + "\"title\":\"One or more validation errors occurred.\",\"status\":400,"
              + "\"errors\":{\"PhoneNumber\":[\"The number is not reachable from this campaign.\"],"
              + "\"CallData\":[\"At most 20 entries are allowed.\"]},"
              + "\"traceId\":\"00-1234-01\"}")
          .build());
      reconnect(server.url("/").toString());
      presenter.add(joe());
      io.triggerActions();
      main.runUntil(() -> rowIs(LeadRow.State.REJECTED));

      presenter.sendNow();
      Thread.sleep(200);
      assertThat(server.getRequestCount()).as("a rejected add is not sent again").isEqualTo(1);
    }

    LeadRow row = view.row(presenter.getEntryId());
    assertThat(row.getStatusCode()).isEqualTo(400);
    assertThat(row.getProblems()).containsExactly(
        "PHONE: The number is not reachable from this campaign.",
        "CallData At most 20 entries are allowed.");
    assertThat(row.canRetry()).isFalse();
    assertThat(row.canForget()).isTrue();
    assertThat(view.addedLeadId).isNull();
  }

  @Test
  void aRefusedTokenStopsTheSenderAndKeepsTheProspectQueued() throws Exception {
    presenter.dispose();
    connection.close();
    connection = LeadConnection.open(outboxDir(), sandbox.baseUrl(),
        "0123456789abcdef01234567:notTheSandboxSecret000000000000", CAMPAIGN, "");
    presenter = presenter(connection);

    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.failure != null);

    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.SENDING);
    assertThat(view.failure.getReason()).isEqualTo(FailureReason.AUTHENTICATION);
    assertThat(view.failure.getDelivery()).as("not added: safe to send again").isEqualTo(Delivery.REJECTED);
    assertThat(view.failure.getStatusCode()).isEqualTo(401);
    assertThat(view.failure.toString()).doesNotContain("notTheSandboxSecret");
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();
    main.runUntil(() -> rowIs(LeadRow.State.QUEUED));

    // The rep fixes the token: the same prospect is sent, once.
    String entryId = presenter.getEntryId();
    reconnect(sandbox.baseUrl());
    presenter.restoreEntry(entryId);
    presenter.sendNow();
    main.runUntil(() -> view.addedLeadId != null);
    assertThat(sandbox.leads(CAMPAIGN)).singleElement()
        .satisfies(lead -> assertThat(lead.getId()).isEqualTo(view.addedLeadId));
  }

  @Test
  void withoutANetworkTheProspectWaitsOnThePhoneAndIsAddedOnceWhenItIsBack() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String offline = "http://127.0.0.1:" + port + "/";
    reconnect(offline);

    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.queued == 1 && view.working == null);
    awaitSenderIdle();
    main.runPending();

    assertThat(view.row(presenter.getEntryId()).getState()).isEqualTo(LeadRow.State.QUEUED);
    assertThat(view.failure).as("no signal is not a failure: the lead waits").isNull();

    // Back online: the server answers on that address now, and the app sends what waits.
    try (NlPearlSandbox online = NlPearlSandbox.builder().port(port).start()) {
      presenter.sendNow();
      presenter.sendNow();
      main.runUntil(() -> view.addedLeadId != null);
      presenter.sendNow();
      awaitSenderIdle();
      assertThat(online.leads(CAMPAIGN)).singleElement()
          .satisfies(lead -> assertThat(lead.getId()).isEqualTo(view.addedLeadId));
    }
  }

  @Test
  void aGatewayErrorLeavesAnUnknownRowThatIsNeverSentAgainOnItsOwn() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());
      server.enqueue(new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "application/json")
          .body("{\"leadId\":\"lead-after-retry\"}").build());
      reconnect(server.url("/").toString());

      presenter.add(joeWithoutCrmId());
      io.triggerActions();
      main.runUntil(() -> rowIs(LeadRow.State.UNKNOWN));
      LeadRow row = view.row(presenter.getEntryId());
      assertThat(row.getStatusCode()).isEqualTo(502);
      assertThat(row.canRetry()).isTrue();

      presenter.sendNow();
      awaitSenderIdle();
      assertThat(server.getRequestCount()).as("an unknown add waits for the rep").isEqualTo(1);

      // The rep checked the campaign, did not find the prospect, and sends it again on purpose.
      presenter.retry(row.getEntryId());
      main.runUntil(() -> view.addedLeadId != null);
      assertThat(view.addedLeadId).isEqualTo("lead-after-retry");
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void anUnreadableAnswerAfterTheLeadWasStoredIsShownAsAddedWithoutId() throws Exception {
    sandbox.faults().next(1).malformedBody();

    presenter.add(joeWithoutCrmId());
    io.triggerActions();
    main.runUntil(() -> rowIs(LeadRow.State.ADDED));

    assertThat(sandbox.leads(CAMPAIGN)).as("the sandbox stored the lead, then garbled its answer")
        .hasSize(1);
    assertThat(view.row(presenter.getEntryId()).getLeadId()).isNull();
    assertThat(view.addedLeadId).isNull();
    presenter.sendNow();
    awaitSenderIdle();
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void anUnknownCampaignLeavesARejectedRow() throws Exception {
    try (NlPearlSandbox closedCampaigns =
            NlPearlSandbox.builder().autoCreateCampaigns(false).campaign("another").start()) {
      reconnect(closedCampaigns.baseUrl());
      presenter.add(joe());
      io.triggerActions();
      main.runUntil(() -> rowIs(LeadRow.State.REJECTED));
      assertThat(view.row(presenter.getEntryId()).getStatusCode()).isEqualTo(404);
      assertThat(closedCampaigns.leads("another")).isEmpty();
    }
  }

  @Test
  void aFailedMarkSaysWhetherTheStatusMayHaveBeenSaved() throws Exception {
    addJoe();
    // The SDK retries an update (it is idempotent) after a 503: fail every attempt.
    sandbox.faults().next(3).status(503);

    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.failure != null && view.working == null);

    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.UPDATING);
    assertThat(view.failure.getReason()).isEqualTo(FailureReason.SERVER_ERROR);
    assertThat(view.failure.getStatusCode()).isEqualTo(503);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(presenter.getLeadId()).as("the lead stays, so marking again is one tap").isNotNull();
  }

  @Test
  void aMarkRejectedByTheServerIsSafeToSendAgain() throws Exception {
    addJoe();
    sandbox.faults().next(1).status(404);

    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.failure != null && view.working == null);

    assertThat(view.failure.getReason()).isEqualTo(FailureReason.NOT_FOUND);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.REJECTED);
  }

  @Test
  void theAppDyingWhileALeadIsSentLeavesItUnknownUntilTheRepDecides() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofSeconds(1));
    presenter.add(joeWithoutCrmId());
    io.triggerActions();
    main.runUntil(() -> view.queued == 1);
    String entryId = presenter.getEntryId();
    waitUntil(() -> sandbox.faults().pending() == 0); // the request reached the server

    // The process dies (the outbox is closed mid-request) and starts again on the same directory.
    reconnect(sandbox.baseUrl());
    presenter.restoreEntry(entryId);

    assertThat(view.row(entryId).getState()).isEqualTo(LeadRow.State.UNKNOWN);
    waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty()); // the server did store it
    presenter.sendNow();
    awaitSenderIdle();
    assertThat(sandbox.leads(CAMPAIGN)).as("an unknown add is not sent again on its own").hasSize(1);

    // The rep finds the prospect in the campaign and forgets the row.
    presenter.forget(entryId);
    main.runUntil(() -> view.row(entryId) == null);
    assertThat(connection.outbox().entries()).isEmpty();
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void leavingTheScreenDoesNotCancelTheAdd() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofMillis(500));
    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.queued == 1);
    waitUntil(() -> sandbox.faults().pending() == 0);

    presenter.dispose();
    int events = view.events.size();

    waitUntil(() -> !sandbox.leads(CAMPAIGN).isEmpty());
    awaitSenderIdle();
    main.runPending();
    assertThat(view.events).hasSize(events);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    assertThat(connection.outbox().entries()).singleElement()
        .satisfies(e -> assertThat(e.getLeadId()).isEqualTo(sandbox.leads(CAMPAIGN).get(0).getId()));
    presenter.add(joe());
    presenter.mark(SettableLeadStatus.COMPLETED);
    assertThat(view.events).hasSize(events);
  }

  @Test
  void oneSaveAtATimeAndNoUpdateBeforeALeadExists() throws Exception {
    presenter.mark(SettableLeadStatus.SUCCESS);
    assertThat(view.events).isEmpty();

    presenter.add(joe());
    presenter.add(joe());
    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);
    awaitSenderIdle();

    assertThat(connection.outbox().entries()).hasSize(1);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void problemKeysAreMatchedTheWayServersSpellThem() {
    Map<String, ProspectField> keys = new LinkedHashMap<>();
    for (String key : Arrays.asList("phoneNumber", "PhoneNumber", "$.phoneNumber", "callData.email",
        "CallData.Email", "externalId", "TimeZoneId", "callData.name")) {
      keys.put(key, ProspectField.forProblemKey(key));
    }
    assertThat(keys).containsExactly(
        entry("phoneNumber", ProspectField.PHONE),
        entry("PhoneNumber", ProspectField.PHONE),
        entry("$.phoneNumber", ProspectField.PHONE),
        entry("callData.email", ProspectField.EMAIL),
        entry("CallData.Email", ProspectField.EMAIL),
        entry("externalId", ProspectField.EXTERNAL_ID),
        entry("TimeZoneId", ProspectField.TIME_ZONE),
        entry("callData.name", ProspectField.NAME));
    assertThat(ProspectField.forProblemKey("$")).isNull();
    assertThat(ProspectField.forProblemKey("callData")).isNull();
  }

  private boolean rowIs(LeadRow.State state) {
    LeadRow row = view.row(presenter.getEntryId());
    return row != null && row.getState() == state;
  }

  private void addJoe() throws InterruptedException {
    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);
  }

  /** Waits until no sender runs (it stops by itself when nothing more can be sent now). */
  private void awaitSenderIdle() throws InterruptedException {
    waitUntil(() -> !connection.outbox().isDraining());
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(MainLoop.PATIENCE_SECONDS).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
