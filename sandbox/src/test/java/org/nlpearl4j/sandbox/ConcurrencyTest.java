package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many clients at once: nothing lost, nothing duplicated, ids unique, every lead readable. */
class ConcurrencyTest {
  private static final int THREADS = 32;
  private static final int ADDS = 2_000;

  private NlPearlSandbox sandbox;
  private Http http;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    sandbox = NlPearlSandbox.builder().strictContract(true).recordLimit(100).start();
    http = new Http(sandbox.baseUrl());
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    http.close();
    sandbox.close();
  }

  @Test
  void parallelAddsLoseNothingAndIdsAreUnique() throws Exception {
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < ADDS; i++) {
      String campaign = "campaign-" + (i % 4);
      String body = "{\"phoneNumber\":\"+1415555" + String.format("%04d", i) + "\",\"externalId\":\"ext-" + i + "\"}";
      futures.add(pool.submit(() -> campaign + "/" + http.addLead(campaign, body)));
    }
    Set<String> ids = new HashSet<>();
    Set<String> leadIds = new HashSet<>();
    for (Future<String> future : futures) {
      String key = future.get();
      ids.add(key);
      leadIds.add(key.substring(key.indexOf('/') + 1));
    }

    assertThat(ids).hasSize(ADDS);
    assertThat(leadIds).hasSize(ADDS).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{24}"));
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(ADDS);
    assertThat(sandbox.counters().getLeadsAdded()).isEqualTo(ADDS);
    assertThat(sandbox.counters().getRequestsWithStatus(200)).isEqualTo(ADDS);
    Set<String> externalIds = new HashSet<>();
    for (int c = 0; c < 4; c++) {
      List<SandboxLead> leads = sandbox.leads("campaign-" + c);
      assertThat(leads).hasSize(ADDS / 4);
      for (SandboxLead lead : leads) {
        externalIds.add(lead.getExternalId());
      }
    }
    assertThat(externalIds).hasSize(ADDS);
    for (String key : ids) {
      String[] parts = key.split("/");
      assertThat(sandbox.lead(parts[0], parts[1])).isPresent();
    }
    assertThat(sandbox.recordedRequests()).hasSize(100);
    sandbox.assertNoContractViolations();
  }

  @Test
  void parallelUpdatesOfOneLeadAllApplyAtomically() throws Exception {
    String leadId = http.addLead("c", "{\"phoneNumber\":\"+1\"}");
    int updates = 400;
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < updates; i++) {
      String body = "{\"externalId\":\"v-" + i + "\",\"callData\":{\"writer\":\"" + i + "\",\"copy\":\"" + i + "\"}}";
      futures.add(pool.submit(() -> http.put("v2/Outbound/c/Lead/" + leadId, body).status()));
    }
    for (Future<Integer> future : futures) {
      assertThat(future.get()).isEqualTo(200);
    }
    SandboxLead lead = sandbox.lead("c", leadId).orElseThrow();
    // Whichever update came last, its fields were applied together.
    String writer = lead.getCallData().get("writer");
    assertThat(lead.getCallData().get("copy")).isEqualTo(writer);
    assertThat(lead.getExternalId()).isEqualTo("v-" + writer);
    assertThat(sandbox.counters().getLeadsUpdated()).isEqualTo(updates);
    assertThat(sandbox.counters().getLeadsStored()).isEqualTo(1);
  }
}
