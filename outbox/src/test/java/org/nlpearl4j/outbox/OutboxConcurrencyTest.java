package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.disposables.Disposable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.RetryPolicy;
import org.nlpearl4j.sandbox.NlPearlSandbox;
import org.nlpearl4j.sandbox.SandboxLead;

/** add from several threads while drains run: nothing lost, nothing sent twice. */
class OutboxConcurrencyTest {
  private static final String CAMPAIGN = "65f1c0ffee0000000000beef";
  private static final int THREADS = 4;
  private static final int PER_THREAD = 50;

  @TempDir Path dir;

  /** One request at a time (the default), and several in flight. */
  @ParameterizedTest(name = "maxInFlight {0}")
  @ValueSource(ints = {1, 8})
  void addingFromSeveralThreadsWhileDrainsRunLosesNothingAndSendsNothingTwice(int maxInFlight)
      throws Exception {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false)
            .latency(Duration.ofMillis(2), Duration.ofMillis(8)).start();
        NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();
        LeadOutbox outbox = LeadOutbox.builder().directory(dir.toFile()).client(client)
            .maxInFlight(maxInFlight).open()) {
      Map<String, String> externalIdByEntry = new ConcurrentHashMap<>();
      AtomicBoolean adding = new AtomicBoolean(true);
      // A drain is started again and again (also while one runs) for as long as threads add.
      List<Disposable> drains = new ArrayList<>();
      Thread restarter = new Thread(() -> {
        while (adding.get()) {
          synchronized (drains) {
            drains.add(outbox.drain().subscribe());
          }
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      restarter.start();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < PER_THREAD; i++) {
            String externalId = "t" + thread + "-" + i;
            int index = thread * 10_000 + i;
            NewLead lead = NewLead.of(l -> l.phoneNumber(
                "+1415" + String.format("%07d", index)).externalId(externalId));
            externalIdByEntry.put(outbox.add(CAMPAIGN, lead).blockingGet(), externalId);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      adding.set(false);
      restarter.join();
      // What arrived after the last drain looked: one more drain sends it.
      assertThat(outbox.drain().blockingAwait(60, TimeUnit.SECONDS)).isTrue();

      int total = THREADS * PER_THREAD;
      assertThat(externalIdByEntry).hasSize(total);
      List<OutboxEntry> entries = outbox.entries();
      assertThat(entries).hasSize(total);
      assertThat(entries).extracting(OutboxEntry::getState).containsOnly(EntryState.ADDED);

      // The sandbox's store is the truth: every lead once, under the id the outbox recorded.
      List<SandboxLead> stored = sandbox.leads(CAMPAIGN);
      Set<String> storedExternalIds = new HashSet<>();
      for (SandboxLead lead : stored) {
        assertThat(storedExternalIds.add(lead.getExternalId()))
            .as("stored twice: %s", lead.getExternalId()).isTrue();
      }
      assertThat(storedExternalIds).containsExactlyInAnyOrderElementsOf(externalIdByEntry.values());
      for (OutboxEntry entry : entries) {
        assertThat(sandbox.lead(CAMPAIGN, entry.getLeadId()).orElseThrow().getExternalId())
            .isEqualTo(externalIdByEntry.get(entry.getId()));
      }
      assertThat(sandbox.recordedRequests()).hasSize(total);
      synchronized (drains) {
        drains.forEach(Disposable::dispose);
      }
    }
  }

  @Test
  void aRetryAfterPausesEveryRequestInFlightAndTheRefusedLeadIsSentOnceAfterIt() throws Exception {
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(false)
            .latency(Duration.ofMillis(5), Duration.ofMillis(5)).start();
        NlPearl client = NlPearl.builder().token(NlPearlSandbox.DEFAULT_TOKEN)
            .baseUrl(sandbox.baseUrl()).retryPolicy(RetryPolicy.none()).build();
        LeadOutbox outbox = LeadOutbox.builder().directory(dir.toFile()).client(client)
            .maxInFlight(4).open()) {
      int total = 40;
      for (int i = 0; i < total; i++) {
        int n = i;
        outbox.add(CAMPAIGN, l -> l.phoneNumber("+1415" + String.format("%07d", n))
            .externalId("r-" + n)).blockingGet();
      }
      sandbox.faults().next(1).rateLimited(Duration.ofMillis(500));
      long started = System.nanoTime();
      assertThat(outbox.drain().blockingAwait(60, TimeUnit.SECONDS)).isTrue();
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(outbox.entries()).extracting(OutboxEntry::getState).containsOnly(EntryState.ADDED);
      assertThat(sandbox.leads(CAMPAIGN)).hasSize(total);
      assertThat(sandbox.leads(CAMPAIGN).stream().map(SandboxLead::getExternalId).distinct())
          .hasSize(total);
      assertThat(sandbox.recordedRequests()).hasSize(total + 1); // the refused one, once more
      // The sender honoured the Retry-After: it could not have finished before it ended.
      assertThat(took).isGreaterThanOrEqualTo(500);
    }
  }
}
