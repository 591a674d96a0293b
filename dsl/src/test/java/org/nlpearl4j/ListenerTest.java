package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nlpearl4j.sandbox.NlPearlSandbox;

/** The client listener: which events a call produces, what they carry and what they must not. */
class ListenerTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000abcd";
  private static final String PHONE = "+33123456789";
  private static final String EMAIL = "joe@example.com";

  @StartStop
  final MockWebServer server = new MockWebServer();

  private final TestSupport.VirtualTime time = new TestSupport.VirtualTime();
  private final NlPearlSandbox sandbox = NlPearlSandbox.builder()
      .strictContract(true)
      .campaign(CAMPAIGN)
      .autoCreateCampaigns(false)
      .build()
      .start();
  private final Recorder events = new Recorder();
  private final NlPearl client = NlPearl.builder()
      .token(NlPearlSandbox.DEFAULT_TOKEN)
      .baseUrl(sandbox.baseUrl())
      .retryScheduler(time)
      .listener(events)
      .build();

  @AfterEach
  void close() {
    client.close();
    sandbox.close();
  }

  @Test
  void aRateLimitedAddReportsEachAttemptItsResponseTheRetryAndTheEnd() throws Exception {
    sandbox.faults().next(1).rateLimited(Duration.ofSeconds(2));

    TestObserver<String> observer = client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber(PHONE).callData("email", EMAIL)).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(2));
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    String leadId = observer.values().get(0);

    assertThat(sandbox.leads(CAMPAIGN)).hasSize(1);
    assertThat(events.kinds()).containsExactly(
        "start 1", "response 429", "retry 1", "start 2", "response 200", "end success");
    ResponseReceived limited = (ResponseReceived) events.all.get(1);
    assertThat(limited.getRequestId()).as("the problem's traceId").isNotBlank();
    assertThat(limited.getLatency()).isPositive();
    RetryScheduled retry = (RetryScheduled) events.all.get(2);
    assertThat(retry.getDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(retry.getFailure()).isInstanceOf(RateLimitedException.class);
    assertThat(retry.getReason()).isEqualTo(FailureReason.RATE_LIMITED);
    CallEnded end = (CallEnded) events.all.get(5);
    assertThat(end.isSuccess()).isTrue();
    assertThat(end.getFailure()).isNull();
    assertThat(end.getDelivery()).isNull();
    assertThat(end.getAttempts()).isEqualTo(2);
    assertThat(end.getStatusCode()).isEqualTo(200);
    assertThat(end.getLeadId()).isEqualTo(leadId);
    assertThat(end.getDuration()).isPositive();
    assertThat(events.all).allSatisfy(event -> assertThat(callIdOf(event)).isEqualTo(1L));
  }

  @Test
  void eventsCarryNoPersonalDataOrTokenUnlessTheRequestIsAskedFor() throws Exception {
    sandbox.faults().next(1).rateLimited(Duration.ofSeconds(1));
    TestObserver<String> observer = client.outbound(CAMPAIGN)
        .addLead(lead -> lead.phoneNumber(PHONE).callData("email", EMAIL)).test();
    time.awaitScheduled();
    time.advance(Duration.ofSeconds(1));
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    client.pearl(CAMPAIGN).updateLead(observer.values().get(0), u -> u.callData("email", EMAIL))
        .blockingGet();

    assertThat(events.all).hasSize(9);
    for (Object event : events.all) {
      assertThat(event.toString()).doesNotContain(PHONE, "33123456789", EMAIL,
          NlPearlSandbox.DEFAULT_TOKEN, NlPearlSandbox.DEFAULT_TOKEN.split(":")[1]);
    }
    CallEnded add = (CallEnded) events.all.get(5);
    assertThat(add.getRequest()).isInstanceOfSatisfying(NewLead.class,
        lead -> assertThat(lead.getPhoneNumber()).isEqualTo(PHONE));
    CallEnded update = (CallEnded) events.all.get(8);
    assertThat(update.getOperation()).isEqualTo("updateLead");
    assertThat(update.getLeadId()).isEqualTo(observer.values().get(0));
    assertThat(update.getRequest()).isInstanceOf(LeadUpdate.class);
    assertThat(update.getCallId()).isEqualTo(add.getCallId() + 1);
  }

  @Test
  void anIdempotentUpdateRetriedAfter503ReportsTheServerError() throws Exception {
    String leadId = client.outbound(CAMPAIGN).addLead(l -> l.phoneNumber(PHONE)).blockingGet();
    events.all.clear();
    sandbox.faults().next(1).status(503);

    TestObserver<Lead> observer = client.pearl(CAMPAIGN)
        .updateLead(leadId, u -> u.status(SettableLeadStatus.COMPLETED)).test();
    time.awaitScheduled();
    time.advance(RetryPolicy.defaults().getMaxBackoff());
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(events.kinds()).containsExactly(
        "start 1", "response 503", "retry 1", "start 2", "response 200", "end success");
    RetryScheduled retry = (RetryScheduled) events.all.get(2);
    assertThat(retry.getFailure())
        .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
    assertThat(retry.getReason()).isEqualTo(FailureReason.SERVER_ERROR);
    assertThat(sandbox.lead(CAMPAIGN, leadId).get().getStatus()).isEqualTo(130);
  }

  @Test
  void aFailedCallReportsTheExceptionItsStatusAndRequestId() throws Exception {
    TestObserver<String> observer = client.outbound("65f1c0ffee00000000000000")
        .addLead(l -> l.phoneNumber(PHONE)).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();
    Throwable error = TestSupport.errorOf(observer);

    assertThat(events.kinds()).containsExactly("start 1", "response 404", "end failure");
    CallEnded end = (CallEnded) events.all.get(2);
    assertThat(end.getFailure()).isSameAs(error).isInstanceOf(NotFoundException.class);
    assertThat(end.getDelivery()).isEqualTo(Delivery.REJECTED);
    assertThat(end.getStatusCode()).isEqualTo(404);
    assertThat(end.getRequestId()).isEqualTo(((NlPearlException) error).getRequestId()).isNotNull();
    assertThat(end.getAttempts()).isEqualTo(1);
    assertThat(end.getLeadId()).isNull();
  }

  @Test
  void aRequestThatFailsValidationEndsWithZeroAttemptsAndNothingSent() throws Exception {
    TestObserver<String> observer = client.outbound(CAMPAIGN)
        .addLead(l -> l.phoneNumber("not a number")).test();
    assertThat(observer.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(events.kinds()).containsExactly("end failure");
    CallEnded end = (CallEnded) events.all.get(0);
    assertThat(end.getFailure()).isInstanceOf(InvalidRequestException.class);
    assertThat(end.getDelivery()).isEqualTo(Delivery.NEVER_SENT);
    assertThat(end.getAttempts()).isZero();
    assertThat(end.getStatusCode()).isZero();
    assertThat(sandbox.recordedRequests()).isEmpty();
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheCallAndIsReportedOnce() throws Exception {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(NlPearlListener.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try (NlPearl throwing = client.toBuilder().listener(new NlPearlListener() {
      @Override
      public void onAttemptStart(AttemptStarted event) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onResponse(ResponseReceived event) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onCallEnd(CallEnded event) {
        throw new IllegalStateException("listener bug");
      }
    }).build()) {
      String first = throwing.outbound(CAMPAIGN).addLead(l -> l.phoneNumber(PHONE)).blockingGet();
      String second = throwing.outbound(CAMPAIGN).addLead(l -> l.phoneNumber("+33123456780"))
          .blockingGet();

      assertThat(sandbox.leads(CAMPAIGN)).extracting(lead -> lead.getId())
          .containsExactlyInAnyOrder(first, second);
      // The listener added before the throwing one still saw everything.
      assertThat(events.kinds()).containsExactly("start 1", "response 200", "end success",
          "start 1", "response 200", "end success");
      List<LogRecord> warnings = logged.stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .collect(Collectors.toList());
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getThrown()).hasMessage("listener bug");
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aSuccessfulCallHandsOverTheRequestIdOfItsResponse() {
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req-7f3a")
        .body("{\"leadId\":\"lead-1\"}").build());
    Recorder recorder = new Recorder();
    try (NlPearl mock = TestSupport.client(server, time).listener(recorder).build()) {
      assertThat(mock.outbound("out-1").addLead(l -> l.phoneNumber(PHONE)).blockingGet())
          .isEqualTo("lead-1");
    }

    CallEnded end = (CallEnded) recorder.all.get(2);
    assertThat(end.isSuccess()).isTrue();
    assertThat(end.getRequestId()).isEqualTo("req-7f3a");
    assertThat(end.getStatusCode()).isEqualTo(200);
    assertThat(end.getAttempts()).isEqualTo(1);
    assertThat(end.getLeadId()).isEqualTo("lead-1");
    assertThat(((ResponseReceived) recorder.all.get(1)).getRequestId()).isEqualTo("req-7f3a");
  }

  @Test
  void aDisposedCallEndsOnceAsCanceled() throws Exception {
    // No response is enqueued: the request waits until it is canceled.
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(30, TimeUnit.SECONDS)
        .body("{\"leadId\":\"lead-1\"}").build());
    Recorder recorder = new Recorder();
    try (NlPearl mock = TestSupport.client(server, time).listener(recorder).build()) {
      TestObserver<String> observer = mock.outbound("out-1").addLead(l -> l.phoneNumber(PHONE))
          .test();
      TestSupport.take(server);
      observer.dispose();
      Thread.sleep(200); // let a late OkHttp callback (the canceled call) arrive, if any
    }

    assertThat(recorder.kinds()).containsExactly("start 1", "end canceled");
    CallEnded end = (CallEnded) recorder.all.get(1);
    assertThat(end.isCanceled()).isTrue();
    assertThat(end.isSuccess()).isFalse();
    assertThat(end.getDelivery()).as("the request was sent").isEqualTo(Delivery.UNKNOWN);
  }

  private static long callIdOf(Object event) {
    if (event instanceof AttemptStarted) {
      return ((AttemptStarted) event).getCallId();
    }
    if (event instanceof ResponseReceived) {
      return ((ResponseReceived) event).getCallId();
    }
    if (event instanceof RetryScheduled) {
      return ((RetryScheduled) event).getCallId();
    }
    return ((CallEnded) event).getCallId();
  }

  /** Records every event in order. */
  static final class Recorder implements NlPearlListener {
    final List<Object> all = new CopyOnWriteArrayList<>();

    @Override
    public void onAttemptStart(AttemptStarted event) {
      all.add(event);
    }

    @Override
    public void onResponse(ResponseReceived event) {
      all.add(event);
    }

    @Override
    public void onRetry(RetryScheduled event) {
      all.add(event);
    }

    @Override
    public void onCallEnd(CallEnded event) {
      all.add(event);
    }

    List<String> kinds() {
      List<String> kinds = new ArrayList<>();
      for (Object event : all) {
        if (event instanceof AttemptStarted) {
          kinds.add("start " + ((AttemptStarted) event).getAttempt());
        } else if (event instanceof ResponseReceived) {
          kinds.add("response " + ((ResponseReceived) event).getStatusCode());
        } else if (event instanceof RetryScheduled) {
          kinds.add("retry " + ((RetryScheduled) event).getAttempt());
        } else {
          CallEnded end = (CallEnded) event;
          kinds.add("end " + (end.isSuccess() ? "success" : end.isCanceled() ? "canceled" : "failure"));
        }
      }
      return kinds;
    }
  }
}
