package org.nlpearl4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The seeded fault mix: deterministic, true to its kinds and rate, second to queued faults. */
class FaultMixTest {
  private static final String CAMPAIGN = "soak";
  private static final String ADD = "v1/Outbound/" + CAMPAIGN + "/Lead";

  @Test
  void theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
    FaultMix first = FaultMix.of(0.3, 7);
    FaultMix again = FaultMix.builder().rate(0.3).seed(7).build();
    FaultMix other = FaultMix.of(0.3, 8);

    List<FaultKind> a = draws(first, 5_000);
    assertThat(draws(again, 5_000)).isEqualTo(a);
    assertThat(draws(other, 5_000)).isNotEqualTo(a);
    // Asking in another order gives the same answer: a pure function of the index.
    assertThat(first.faultFor(4_321)).isEqualTo(a.get(4_321));
  }

  @Test
  void drawsAtTheRateAndEvenlyOverEveryKindByDefault() {
    // A fixed seed makes the figures exact, so these bounds cannot flake; they are as tight as
    // the binomial spread of 20,000 draws allows (about 3 standard deviations).
    int requests = 20_000;
    FaultMix mix = FaultMix.of(0.3, 7);
    assertThat(mix.getKinds()).containsExactlyInAnyOrder(FaultKind.values());

    Map<FaultKind, Integer> byKind = new EnumMap<>(FaultKind.class);
    int faults = 0;
    for (FaultKind kind : draws(mix, requests)) {
      if (kind != null) {
        faults++;
        byKind.merge(kind, 1, Integer::sum);
      }
    }
    assertThat(faults).isBetween(5_805, 6_195);
    double perKind = faults / (double) FaultKind.values().length;
    assertThat(byKind).hasSize(FaultKind.values().length);
    for (Map.Entry<FaultKind, Integer> entry : byKind.entrySet()) {
      assertThat(entry.getValue().doubleValue()).as("%s", entry.getKey()).isBetween(perKind * 0.8, perKind * 1.2);
    }
  }

  @Test
  void drawsOnlyTheChosenKindsAndRateZeroOrOneMeanNoneOrAll() {
    FaultMix two = FaultMix.builder().rate(1).seed(3).kinds(FaultKind.HTTP_502_AFTER, FaultKind.DROP_BEFORE).build();
    List<FaultKind> draws = draws(two, 1_000);
    assertThat(draws).doesNotContainNull().containsOnly(FaultKind.HTTP_502_AFTER, FaultKind.DROP_BEFORE);

    assertThat(draws(FaultMix.of(0, 3), 1_000)).containsOnlyNulls();
  }

  @Test
  void settingsAreCheckedAndKeptByToBuilder() {
    assertThatThrownBy(() -> FaultMix.builder().rate(1.01)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultMix.builder().rate(-0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultMix.builder().rate(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultMix.builder().kinds()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kinds");
    assertThatThrownBy(() -> FaultMix.builder().retryAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultMix.builder().slowDelay(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultMix.of(0.1, 1).faultFor(-1)).isInstanceOf(IllegalArgumentException.class);

    FaultMix mix = FaultMix.builder().rate(0.25).seed(9).kinds(EnumSet.of(FaultKind.EMPTY_200))
        .retryAfter(Duration.ZERO).slowDelay(Duration.ofMillis(5)).build();
    assertThat(mix.toBuilder().build()).isEqualTo(mix).hasSameHashCodeAs(mix);
    assertThat(mix.toBuilder().seed(10).build()).isNotEqualTo(mix);
    assertThat(mix.toString()).contains("rate=0.25", "seed=9", "empty-200");
  }

  @Test
  void labelsNameEveryKindAndUnknownOnesAreRejected() {
    for (FaultKind kind : FaultKind.values()) {
      assertThat(FaultKind.fromLabel(kind.getLabel())).isEqualTo(kind);
    }
    assertThat(FaultKind.fromLabel("429")).isEqualTo(FaultKind.HTTP_429);
    assertThat(FaultKind.fromLabel(" 502-AFTER ")).isEqualTo(FaultKind.HTTP_502_AFTER);
    assertThatThrownBy(() -> FaultKind.fromLabel("502-later"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("502-later")
        .hasMessageContaining("drop-before");
  }

  @Test
  void overHttpEachRequestGetsTheMixesFaultAndTheStoreShowsWhichWereHandled() {
    FaultMix mix = FaultMix.builder().rate(0.5).seed(11).retryAfter(Duration.ZERO).slowDelay(Duration.ofMillis(1)).build();
    int requests = 150;
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().start()) {
      Http http = new Http(sandbox.baseUrl());
      try {
        sandbox.faults().mix(mix);
        assertThat(sandbox.faults().getMix()).contains(mix);
        for (int i = 0; i < requests; i++) {
          add(http, "row-" + i);
        }

        Map<FaultKind, Long> expected = new EnumMap<>(FaultKind.class);
        long expectedStored = 0;
        for (int i = 0; i < requests; i++) {
          FaultKind kind = mix.faultFor(i);
          boolean handled = kind == null || kind.isAfterHandling();
          assertThat(sandbox.leadsWithExternalId(CAMPAIGN, "row-" + i)).as("row %d, fault %s", i, kind).hasSize(handled ? 1 : 0);
          expectedStored += handled ? 1 : 0;
          if (kind != null) {
            expected.merge(kind, 1L, Long::sum);
          }
        }
        assertThat(sandbox.leadCount(CAMPAIGN)).isEqualTo(expectedStored);
        SandboxFaultCounts counts = sandbox.faults().injected();
        for (FaultKind kind : FaultKind.values()) {
          assertThat(counts.get(kind)).as("%s", kind).isEqualTo(expected.getOrDefault(kind, 0L));
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(counts.getTotal()).isEqualTo(total).isEqualTo(counts.getFromMix());
        assertThat(counts.getBeforeHandling() + counts.getAfterHandling()).isEqualTo(total);
        sandbox.assertNoContractViolations();

        // Cleared at runtime: the next request is served normally.
        sandbox.faults().clearMix();
        assertThat(sandbox.faults().getMix()).isEmpty();
        assertThat(add(http, "clean")).isEqualTo(200);
        assertThat(sandbox.faults().injected().getTotal()).isEqualTo(total);
      } finally {
        http.close();
      }
    }
  }

  @Test
  void aQueuedFaultWinsOverTheMixAndTheMixKeepsItsCount() {
    FaultMix mix = FaultMix.builder().rate(1).seed(1).kinds(FaultKind.HTTP_502_AFTER).build();
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().start()) {
      Http http = new Http(sandbox.baseUrl());
      try {
        sandbox.faults().mix(mix).next(1).status(503);

        assertThat(add(http, "first")).isEqualTo(503);
        assertThat(add(http, "second")).isEqualTo(502);

        assertThat(sandbox.leadsWithExternalId(CAMPAIGN, "first")).isEmpty();
        assertThat(sandbox.leadsWithExternalId(CAMPAIGN, "second")).hasSize(1);
        assertThat(sandbox.recordedRequests()).extracting(SandboxRequest::getFault)
            .containsExactly("status 503", "status 502 after handling");
        SandboxFaultCounts counts = sandbox.faults().injected();
        assertThat(counts.getFromMix()).isEqualTo(1);
        assertThat(counts.getByKind()).containsExactly(Map.entry("502-after", 1L), Map.entry("503-before", 1L));

        // reset() forgets the mix and the counts.
        sandbox.reset();
        assertThat(sandbox.faults().getMix()).isEmpty();
        assertThat(sandbox.faults().injected().getTotal()).isZero();
        assertThat(add(http, "third")).isEqualTo(200);
      } finally {
        http.close();
      }
    }
  }

  @Test
  void settingAMixAgainStartsItsCountAgain() {
    FaultMix mix = FaultMix.builder().rate(0.5).seed(5).kinds(FaultKind.HTTP_500_BEFORE).build();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(mix.faultFor(i) == null ? 200 : 500);
    }
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().start()) {
      Http http = new Http(sandbox.baseUrl());
      try {
        for (int round = 0; round < 2; round++) {
          sandbox.faults().mix(mix);
          List<Integer> seen = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            seen.add(add(http, "r" + round + "-" + i));
          }
          assertThat(seen).as("round %d", round).isEqualTo(expected);
        }
      } finally {
        http.close();
      }
    }
  }

  @Test
  void withConcurrentClientsTheFiguresAreStillExactAndTheStoreHoldsEveryHandledRequest() throws Exception {
    // Whatever order 8 clients' requests arrive in, requests 0..N-1 of the mix are each drawn once,
    // so the counts by kind are those of faultFor(0..N-1), and every request not failed before
    // handling stored exactly one lead.
    FaultMix mix = FaultMix.builder().rate(0.3).seed(7).retryAfter(Duration.ZERO).slowDelay(Duration.ofMillis(1)).build();
    int clients = 8;
    int perClient = 60;
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false).start()) {
      Http http = new Http(sandbox.baseUrl());
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        sandbox.faults().mix(mix);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          done.add(pool.submit(() -> {
            for (int i = 0; i < perClient; i++) {
              add(http, "c" + client + "-" + i);
            }
          }));
        }
        for (Future<?> future : done) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
        http.close();
      }

      int requests = clients * perClient;
      Map<FaultKind, Long> expected = new EnumMap<>(FaultKind.class);
      long before = 0;
      for (int i = 0; i < requests; i++) {
        FaultKind kind = mix.faultFor(i);
        if (kind != null) {
          expected.merge(kind, 1L, Long::sum);
          before += kind.isAfterHandling() ? 0 : 1;
        }
      }
      SandboxFaultCounts counts = sandbox.faults().injected();
      for (FaultKind kind : FaultKind.values()) {
        assertThat(counts.get(kind)).as("%s", kind).isEqualTo(expected.getOrDefault(kind, 0L));
      }
      assertThat(counts.getBeforeHandling()).isEqualTo(before);
      assertThat(sandbox.counters().getRequests()).isEqualTo(requests);
      assertThat(sandbox.leadCount(CAMPAIGN)).isEqualTo(requests - before);
      assertThat(sandbox.leadsByExternalId(CAMPAIGN).values()).allSatisfy(leads -> assertThat(leads).hasSize(1));
    }
  }

  private static List<FaultKind> draws(FaultMix mix, int count) {
    List<FaultKind> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(mix.faultFor(i));
    }
    return out;
  }

  /** Adds a lead on a fresh connection; the status, or 0 when the exchange failed. */
  private static int add(Http http, String externalId) {
    String json = "{\"phoneNumber\":\"+14155550123\",\"externalId\":\"" + externalId + "\"}";
    Request request = http.authorized(ADD).header("Connection", "close").put(RequestBody.create(json, Http.JSON)).build();
    try (Response response = http.client.newCall(request).execute()) {
      response.body().string();
      return response.code();
    } catch (IOException e) {
      return 0;
    }
  }
}
