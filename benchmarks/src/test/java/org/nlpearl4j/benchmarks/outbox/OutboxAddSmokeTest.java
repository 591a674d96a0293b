package org.nlpearl4j.benchmarks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;

/** The outbox benchmark's setup works and each operation does what it measures (no timing). */
class OutboxAddSmokeTest {

  @Test
  void addStoresTheLeadAndThePlainAppendWritesTheSameBytes() throws Exception {
    OutboxAddBenchmark benchmark = new OutboxAddBenchmark();
    benchmark.setUp();
    try {
      String id = benchmark.appendOutbox();
      OutboxEntry entry = benchmark.outbox().entry(id);
      assertThat(entry.getState()).isEqualTo(EntryState.WAITING);
      assertThat(entry.getLead()).isEqualTo(OutboxAddBenchmark.LEAD);
      assertThat(benchmark.appendOutboxIo()).startsWith("entry-");

      benchmark.appendRaw();
      benchmark.appendRaw();
      assertThat(benchmark.plainSize()).isEqualTo(2L * benchmark.recordBytes());
    } finally {
      benchmark.tearDown();
    }
  }
}
