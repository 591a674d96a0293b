package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The call simulation, driven by a {@link ManualClock}: no sleeping, deterministic for a seed. */
class CallSimulationTest {
  private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(2);

  private final List<NlPearlSandbox> sandboxes = new ArrayList<>();
  private final List<Http> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(Http::close);
    sandboxes.forEach(NlPearlSandbox::close);
  }

  private NlPearlSandbox sandbox(ManualClock clock, long seed) {
    NlPearlSandbox sandbox = NlPearlSandbox.builder().clock(clock).simulateCalls(seed).simulationStep(STEP).start();
    sandboxes.add(sandbox);
    return sandbox;
  }

  private Http http(NlPearlSandbox sandbox) {
    Http http = new Http(sandbox.baseUrl());
    clients.add(http);
    return http;
  }

  @Test
  void aLeadWalksFromNewThroughTheQueueOntoACallToAnOutcome() throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    NlPearlSandbox sandbox = sandbox(clock, 7);
    Http http = http(sandbox);
    String leadId = http.addLead("pearl-1", "{\"phoneNumber\":\"+14155550123\",\"callData\":{\"name\":\"Ada\"}}");

    assertThat(sandbox.lead("pearl-1", leadId).orElseThrow().getStatus()).isEqualTo(1);
    clock.advance(STEP);
    assertThat(sandbox.lead("pearl-1", leadId).orElseThrow().getStatus()).isEqualTo(20);
    clock.advance(STEP);
    SandboxLead onCall = sandbox.lead("pearl-1", leadId).orElseThrow();
    assertThat(onCall.getStatus()).isEqualTo(40);
    SandboxCall inProgress = onCall.getLastCall();
    assertThat(inProgress).isNotNull();
    assertThat(inProgress.getStatus()).isEqualTo(3);
    assertThat(inProgress.getStartTime()).isEqualTo(START.plus(STEP.multipliedBy(2)));
    assertThat(inProgress.getPearlId()).isEqualTo("pearl-1");
    assertThat(inProgress.getName()).isEqualTo("Ada");
    assertThat(inProgress.getFrom()).matches("\\+141555501\\d\\d");
    assertThat(inProgress.getId()).matches("[0-9a-f]{24}");
    assertThat(inProgress.hasCollectedData()).isFalse();
    assertThat(onCall.getCallsId()).containsExactly(inProgress.getId());

    clock.advance(STEP.multipliedBy(3));
    SandboxLead done = sandbox.lead("pearl-1", leadId).orElseThrow();
    assertThat(done.getStatus()).isIn(100, 110, 70, 150, 10);
    assertThat(done.getLastCall().getId()).isEqualTo(inProgress.getId());
    assertThat(done.getLastCall().getStatus()).isIn(4, 5, 7);
    assertThat(done.getLastCall().getSummary()).isNotBlank();

    // The same state over the wire, checked against the spec (strict by default).
    JsonNode view = http.put("v2/Outbound/pearl-1/Lead/" + leadId, "{}").json();
    assertThat(view.get("status").asInt()).isEqualTo(done.getStatus());
    assertThat(view.get("lastCall").get("id").asText()).isEqualTo(inProgress.getId());
    assertThat(view.get("lastCall").get("startTime").asText()).isEqualTo("2026-11-23T09:00:04.0000000Z");
    sandbox.assertNoContractViolations();
  }

  @Test
  void answeredCallsCarryATranscriptSummaryTagsAndTypedCollectedInfos() throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    NlPearlSandbox sandbox = sandbox(clock, 2026);
    Http http = http(sandbox);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(http.addLead("p", "{\"phoneNumber\":\"+1415555" + (1000 + i) + "\"}"));
    }
    clock.advance(Duration.ofMinutes(2));

    Set<Integer> statuses = new HashSet<>();
    Set<Class<?>> valueTypes = new HashSet<>();
    for (String id : ids) {
      SandboxLead lead = sandbox.lead("p", id).orElseThrow();
      statuses.add(lead.getStatus());
      SandboxCall call = lead.getLastCall();
      assertThat(call).as("lead %s has been called", id).isNotNull();
      if (lead.getStatus() == 100 || lead.getStatus() == 110) {
        assertThat(call.getStatus()).isEqualTo(4);
        assertThat(call.getDuration()).isPositive();
        assertThat(call.getTags()).isNotEmpty();
        assertThat(call.getRecording()).startsWith("https://");
        assertThat(call.getTranscript()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(call.getTranscript()).extracting(SandboxTranscriptMessage::getRole).contains(2, 3).containsOnly(2, 3);
        for (SandboxTranscriptMessage line : call.getTranscript()) {
          assertThat(line.getEndTime()).isGreaterThan(line.getStartTime());
        }
        assertThat(call.getCollectedInfos()).isNotEmpty();
        for (SandboxCollectedInfo info : call.getCollectedInfos()) {
          valueTypes.add(info.getValue().getClass());
          assertThat(lead.getCollectedData()).containsEntry(info.getId(), info.getValue());
        }
      }
      if (lead.getStatus() == 70) {
        assertThat(call.getTranscript()).extracting(SandboxTranscriptMessage::getRole).containsOnly(2);
        assertThat(call.getTags()).containsExactly("voicemail");
      }
      if (lead.getStatus() == 150) {
        assertThat(call.getStatus()).isEqualTo(7);
        assertThat(call.getTranscript()).isEmpty();
      }
    }
    // 40 leads with these weights reach every outcome; a busy line is retried, so NeedRetry can resolve.
    assertThat(statuses).contains(100, 110, 70, 150);
    assertThat(valueTypes).contains(Boolean.class, String.class, Integer.class);

    for (String id : ids) {
      assertThat(http.put("v2/Outbound/p/Lead/" + id, "{}").status()).isEqualTo(200);
    }
    sandbox.assertNoContractViolations();
  }

  @Test
  void theSameSeedGivesTheSameCalls() throws IOException {
    List<String> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ManualClock clock = ManualClock.startingAt(START);
      NlPearlSandbox sandbox = sandbox(clock, 99);
      Http http = http(sandbox);
      StringBuilder views = new StringBuilder();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(http.addLead("p", "{\"phoneNumber\":\"+1\"}"));
      }
      clock.advance(Duration.ofMinutes(1));
      for (String id : ids) {
        JsonNode view = http.put("v2/Outbound/p/Lead/" + id, "{}").json();
        views.append(view).append('\n');
      }
      runs.add(views.toString());
    }
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
  }

  @Test
  void differentSeedsGiveDifferentCalls() throws IOException {
    Set<String> transcripts = new HashSet<>();
    for (long seed = 1; seed <= 3; seed++) {
      ManualClock clock = ManualClock.startingAt(START);
      NlPearlSandbox sandbox = sandbox(clock, seed);
      Http http = http(sandbox);
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        String id = http.addLead("p", "{\"phoneNumber\":\"+1\"}");
        clock.advance(Duration.ofMinutes(1));
        all.append(sandbox.lead("p", id).orElseThrow().getLastCall());
      }
      transcripts.add(all.toString());
    }
    assertThat(transcripts).hasSize(3);
  }

  @Test
  void aStatusSetByTheClientStopsTheWalkAndNeedRetryStartsANewCall() throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    NlPearlSandbox sandbox = sandbox(clock, 5);
    Http http = http(sandbox);
    String leadId = http.addLead("p", "{\"phoneNumber\":\"+1\"}");
    clock.advance(STEP);
    assertThat(http.put("v2/Outbound/p/Lead/" + leadId, "{\"status\":130}").status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(5));
    SandboxLead completed = sandbox.lead("p", leadId).orElseThrow();
    assertThat(completed.getStatus()).isEqualTo(130);
    assertThat(completed.getLastCall()).isNull();

    assertThat(http.put("v2/Outbound/p/Lead/" + leadId, "{\"status\":10}").status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(5));
    SandboxLead retried = sandbox.lead("p", leadId).orElseThrow();
    assertThat(retried.getLastCall()).isNotNull();
    assertThat(retried.getStatus()).isNotEqualTo(10).isNotEqualTo(130);
  }

  @Test
  void withoutSimulationLeadsStayNew() throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    NlPearlSandbox sandbox = NlPearlSandbox.builder().clock(clock).start();
    sandboxes.add(sandbox);
    String leadId = http(sandbox).addLead("p", "{\"phoneNumber\":\"+1\"}");
    clock.advance(Duration.ofHours(1));
    assertThat(sandbox.lead("p", leadId).orElseThrow().getStatus()).isEqualTo(1);
  }

  @Test
  void withTheSystemClockStepsRunOnABackgroundThread() throws Exception {
    NlPearlSandbox sandbox = NlPearlSandbox.builder().simulateCalls(3).simulationStep(Duration.ofMillis(10)).start();
    sandboxes.add(sandbox);
    String leadId = http(sandbox).addLead("p", "{\"phoneNumber\":\"+1\"}");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Set<Integer> outcomes = Set.of(100, 110, 70, 150);
    while (System.nanoTime() < deadline && !outcomes.contains(sandbox.lead("p", leadId).orElseThrow().getStatus())) {
      Thread.sleep(10);
    }
    assertThat(sandbox.lead("p", leadId).orElseThrow().getStatus()).isIn(outcomes);
  }

  @Test
  void closingTheSandboxDetachesItFromTheClock() throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    NlPearlSandbox sandbox = sandbox(clock, 1);
    String leadId = http(sandbox).addLead("p", "{\"phoneNumber\":\"+1\"}");
    sandbox.close();
    clock.advance(Duration.ofMinutes(5));
    assertThat(sandbox.lead("p", leadId).orElseThrow().getStatus()).isEqualTo(1);
    assertThat(EnumSet.allOf(ContractViolation.Direction.class)).hasSize(2);
  }
}
