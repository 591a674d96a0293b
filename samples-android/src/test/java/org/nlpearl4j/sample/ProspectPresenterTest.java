package org.nlpearl4j.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.Delivery;
import org.nlpearl4j.LeadStatus;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/**
 * The presenter in plain Java, with the real SDK against the sandbox on loopback (or MockWebServer
 * where the sandbox cannot produce an answer), a fake view, a {@link TestScheduler} as the io
 * scheduler and a hand-run queue as the main thread.
 */
class ProspectPresenterTest {
  private static final String CAMPAIGN = "pearl-field-sales";
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private final TestScheduler io = new TestScheduler();
  private final MainLoop main = new MainLoop();
  private final FakeView view = new FakeView();
  private NlPearlSandbox sandbox;
  private NlPearl client;
  private ProspectPresenter presenter;

  @BeforeEach
  void start() {
    sandbox = NlPearlSandbox.builder().start();
    client = client(sandbox.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN);
    presenter = presenter(client);
  }

  @AfterEach
  void stop() {
    presenter.dispose();
    client.close();
    sandbox.close();
  }

  private static NlPearl client(String baseUrl, String token) {
    return NlPearl.builder().baseUrl(baseUrl).token(token).retryPolicy(RetryPolicy.none()).build();
  }

  private ProspectPresenter presenter(NlPearl nlPearl) {
    ProspectPresenter p = new ProspectPresenter(nlPearl, CAMPAIGN, io, main.scheduler());
    p.attach(view);
    return p;
  }

  private static Prospect joe() {
    return new Prospect("+1 (415) 555-0123", " Joe Doe ", "joe@example.com", "crm-42", PARIS);
  }

  @Test
  void addsTheProspectOnIoAndShowsTheLeadOnTheMainThread() throws Exception {
    presenter.add(joe());

    assertThat(view.working).isEqualTo(ProspectPresenter.Work.ADDING);
    assertThat(sandbox.recordedRequests()).as("nothing is sent before the io scheduler runs").isEmpty();

    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);

    assertThat(view.events)
        .containsExactly("fieldErrors []", "working ADDING", "added", "working null");
    assertThat(view.threads).containsOnly(Thread.currentThread());
    assertThat(presenter.getLeadId()).isEqualTo(view.addedLeadId);
    SandboxLead stored = sandbox.lead(CAMPAIGN, view.addedLeadId).orElseThrow(AssertionError::new);
    assertThat(stored.getPhoneNumber()).isEqualTo("+14155550123");
    assertThat(stored.getExternalId()).isEqualTo("crm-42");
    assertThat(stored.getTimeZoneId()).isEqualTo("Romance Standard Time");
    assertThat(stored.getCallData())
        .containsOnly(entry("name", "Joe Doe"), entry("email", "joe@example.com"));
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
  void brokenRulesAreShownOnTheirFieldsAndNothingIsSent() {
    presenter.add(new Prospect("12", "Joe", "joe@", "  ", PARIS));

    assertThat(view.fieldErrors).containsOnlyKeys(ProspectField.PHONE, ProspectField.EMAIL);
    assertThat(view.fieldErrors.get(ProspectField.PHONE)).singleElement().asString().contains("E.164");
    assertThat(view.fieldErrors.get(ProspectField.EMAIL))
        .containsExactly(ProspectPresenter.EMAIL_RULE);
    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.INVALID);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.NEVER_SENT);
    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.ADDING);
    assertThat(view.failure.getDetail()).isEmpty();
    assertThat(view.working).isNull();
    io.triggerActions();
    assertThat(main.isIdle()).isTrue();
    assertThat(sandbox.recordedRequests()).isEmpty();
  }

  @Test
  void aMissingPhoneNumberIsReportedByTheSdksRule() {
    presenter.add(new Prospect("", "", "", "", null));

    assertThat(view.fieldErrors).containsOnlyKeys(ProspectField.PHONE);
    assertThat(view.fieldErrors.get(ProspectField.PHONE)).containsExactly("is required");
  }

  @Test
  void aBadRequestPutsTheServersMessagesOnTheFieldsTheyName() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(400)
          .setHeader("Content-Type", "application/problem+json; charset=utf-8")
          .body("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
              + "\"title\":\"One or more validation errors occurred.\",\"status\":400,"
              + "\"errors\":{\"PhoneNumber\":[\"The number is not reachable from this campaign.\"],"
              + "\"$.callData.email\":[\"The email domain is blocked.\"],"
              + "\"CallData\":[\"At most 20 entries are allowed.\"]},"
              + "\"traceId\":\"00-1234-01\"}")
          .build());
      try (NlPearl mocked = client(server.url("/").toString(), NlPearlSandbox.DEFAULT_TOKEN)) {
        ProspectPresenter p = presenter(mocked);
        p.add(joe());
        io.triggerActions();
        main.runUntil(() -> view.failure != null && view.working == null);
        p.dispose();
      }
    }

    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.REJECTED);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.REJECTED);
    assertThat(view.failure.getStatusCode()).isEqualTo(400);
    assertThat(view.fieldErrors)
        .containsOnly(
            entry(ProspectField.PHONE,
                Collections.singletonList("The number is not reachable from this campaign.")),
            entry(ProspectField.EMAIL, Collections.singletonList("The email domain is blocked.")));
    assertThat(view.failure.getDetail()).isEqualTo("CallData At most 20 entries are allowed.");
  }

  @Test
  void aWrongTokenIsReportedAsAnAuthenticationFailure() throws Exception {
    try (NlPearl wrong = client(sandbox.baseUrl(), "0123456789abcdef01234567:notTheSandboxSecret000000000000")) {
      ProspectPresenter p = presenter(wrong);
      p.add(joe());
      io.triggerActions();
      main.runUntil(() -> view.failure != null && view.working == null);
      p.dispose();
    }

    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.AUTHENTICATION);
    assertThat(view.failure.getDelivery()).as("not added: safe to try again").isEqualTo(Delivery.REJECTED);
    assertThat(view.failure.getStatusCode()).isEqualTo(401);
    assertThat(view.failure.toString()).doesNotContain("notTheSandboxSecret");
    assertThat(view.addedLeadId).isNull();
    assertThat(sandbox.leads(CAMPAIGN)).isEmpty();
  }

  @Test
  void anUnreachableServerIsReportedAsANetworkFailure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (NlPearl offline = client("http://127.0.0.1:" + closedPort + "/", NlPearlSandbox.DEFAULT_TOKEN)) {
      ProspectPresenter p = presenter(offline);
      p.add(joe());
      io.triggerActions();
      main.runUntil(() -> view.failure != null && view.working == null);
      p.dispose();
    }

    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.NETWORK);
    assertThat(view.failure.getDelivery()).as("nothing left the phone").isEqualTo(Delivery.NEVER_SENT);
    assertThat(view.failure.getDetail()).contains("addLead failed");
  }

  @Test
  void serverFaultsAndUnknownCampaignsAreToldApart() throws Exception {
    sandbox.faults().next(1).status(503);
    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.failure != null && view.working == null);
    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.SERVER);
    assertThat(view.failure.getStatusCode()).isEqualTo(503);
    assertThat(view.failure.getDelivery()).as("a 5xx may come after the lead was stored")
        .isEqualTo(Delivery.UNKNOWN);

    try (NlPearlSandbox closedCampaigns =
            NlPearlSandbox.builder().autoCreateCampaigns(false).campaign("another").start();
        NlPearl other = client(closedCampaigns.baseUrl(), NlPearlSandbox.DEFAULT_TOKEN)) {
      view.failure = null;
      ProspectPresenter p = presenter(other);
      p.add(joe());
      io.triggerActions();
      main.runUntil(() -> view.failure != null && view.working == null);
      p.dispose();
    }
    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.NOT_FOUND);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.REJECTED);
  }

  @Test
  void aGatewayErrorMeansTheProspectMayAlreadyBeAdded() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());
      try (NlPearl mocked = client(server.url("/").toString(), NlPearlSandbox.DEFAULT_TOKEN)) {
        ProspectPresenter p = presenter(mocked);
        p.add(joe());
        io.triggerActions();
        main.runUntil(() -> view.failure != null && view.working == null);
        p.dispose();
      }
      assertThat(server.getRequestCount()).as("an add is not sent again after a 502").isEqualTo(1);
    }

    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.SERVER);
    assertThat(view.failure.getStatusCode()).isEqualTo(502);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.ADDING);
    assertThat(view.addedLeadId).isNull();
  }

  @Test
  void anUnreadableAnswerAfterTheLeadWasStoredIsNotReportedAsNotAdded() throws Exception {
    sandbox.faults().next(1).malformedBody();

    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.failure != null && view.working == null);

    assertThat(sandbox.leads(CAMPAIGN)).as("the sandbox stored the lead, then garbled its answer")
        .hasSize(1);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.ACCEPTED);
    assertThat(view.failure.getDelivery().mayHaveActed()).isTrue();
    assertThat(view.addedLeadId).isNull();
    assertThat(presenter.getLeadId()).isNull();
  }

  @Test
  void aFailedMarkSaysWhetherTheStatusMayHaveBeenSaved() throws Exception {
    addJoe();
    sandbox.faults().next(1).status(503);

    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.failure != null && view.working == null);

    assertThat(view.failure.getAction()).isEqualTo(ProspectPresenter.Work.UPDATING);
    assertThat(view.failure.getKind()).isEqualTo(Failure.Kind.SERVER);
    assertThat(view.failure.getDelivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(presenter.getLeadId()).as("the lead stays, so marking again is one tap").isNotNull();
  }

  @Test
  void oneRequestAtATimeAndNoUpdateBeforeALeadExists() throws Exception {
    presenter.mark(SettableLeadStatus.SUCCESS);
    assertThat(view.events).isEmpty();

    presenter.add(joe());
    presenter.add(joe());
    presenter.mark(SettableLeadStatus.COMPLETED);
    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);

    assertThat(sandbox.recordedRequests()).hasSize(1);
    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
  }

  @Test
  void disposingCancelsTheCallAndNothingReachesTheViewAfterwards() throws Exception {
    sandbox.faults().next(1).delay(Duration.ofSeconds(2));
    presenter.add(joe());
    io.triggerActions();
    waitForTheRequestToArrive();

    presenter.dispose();

    assertThat(presenter.isDisposed()).isTrue();
    main.runPending();
    assertThat(view.events).containsExactly("fieldErrors []", "working ADDING");
    presenter.add(joe());
    presenter.mark(SettableLeadStatus.COMPLETED);
    assertThat(view.events).hasSize(2);
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

  private void addJoe() throws InterruptedException {
    presenter.add(joe());
    io.triggerActions();
    main.runUntil(() -> view.addedLeadId != null && view.working == null);
  }

  private void waitForTheRequestToArrive() throws InterruptedException {
    // The sandbox takes the delay fault off its plan when the request arrives, then sleeps.
    long deadline = System.nanoTime() + Duration.ofSeconds(MainLoop.PATIENCE_SECONDS).toNanos();
    while (sandbox.faults().pending() > 0) {
      assertThat(System.nanoTime()).as("the request never reached the sandbox").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

}
