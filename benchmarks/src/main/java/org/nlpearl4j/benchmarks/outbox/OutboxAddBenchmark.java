package org.nlpearl4j.benchmarks.outbox;

import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.LeadOutbox;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.internal.EntryCodec;
import org.nlpearl4j.outbox.internal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time for {@code LeadOutbox.add} to return (the lead is then fsync'd), against the limit: a
 * plain append of the same number of bytes to a file, then {@code FileChannel.force(false)}. The
 * ratio is the outbox's cost over the durability every design pays. Nothing is sent: the client
 * points at a closed port and no drain runs. {@code add} runs on the caller's thread
 * ({@code Schedulers.trampoline()}), so no thread hop is measured; {@code appendOutboxIo} shows the
 * default scheduler's hop on top.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class OutboxAddBenchmark {
  /** The lead every add stores (a realistic size: phone, external id, time zone, two call data). */
  static final NewLead LEAD = NewLead.of(l -> l.phoneNumber("+14155550123").externalId("crm-42")
      .timeZoneId("Pacific Standard Time").callData("email", "joe@example.com")
      .callData("name", "Joe"));

  private Path root;
  private NlPearl client;
  private LeadOutbox outbox;
  private LeadOutbox outboxIo;
  private FileChannel plain;
  private ByteBuffer record;
  private long plainPosition;

  /** A fresh directory per iteration, so the journal does not grow without bound. */
  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "outbox-bench");
    client = NlPearl.builder().token("0123456789abcdef01234567:benchmarkSecret0000000000000000")
        .baseUrl("http://127.0.0.1:9/").build();
    outbox = LeadOutbox.builder().directory(root.resolve("outbox").toFile()).client(client)
        .scheduler(Schedulers.trampoline()).open();
    outboxIo = LeadOutbox.builder().directory(root.resolve("outbox-io").toFile()).client(client)
        .open();
    plain = FileChannel.open(root.resolve("plain.bin"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    plainPosition = 0;
    // The same bytes an add appends: one record header and one encoded entry.
    OutboxEntry sample = OutboxEntry.builder().id("entry-" + java.util.UUID.randomUUID())
        .kind(EntryKind.ADD).state(EntryState.WAITING).campaignId("65f1c0ffee0000000000abcd")
        .lead(LEAD).created(Instant.now()).build();
    record = ByteBuffer.allocate(Journal.RECORD_HEADER + EntryCodec.put(sample).length);
  }

  /** Closes everything and deletes the directory. */
  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    outbox.close();
    outboxIo.close();
    plain.close();
    client.close();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /** {@code add} on the caller's thread: encode, append, fsync, publish. */
  @Benchmark
  public String appendOutbox() {
    return outbox.add("65f1c0ffee0000000000abcd", LEAD).blockingGet();
  }

  /** {@code add} on the default {@code Schedulers.io()}, awaited with {@code blockingGet}. */
  @Benchmark
  public String appendOutboxIo() {
    return outboxIo.add("65f1c0ffee0000000000abcd", LEAD).blockingGet();
  }

  /** The limit: append the same number of bytes and force them to the device. */
  @Benchmark
  public long appendRaw() throws IOException {
    record.clear();
    while (record.hasRemaining()) {
      plainPosition += plain.write(record, plainPosition);
    }
    plain.force(false);
    return plainPosition;
  }

  /** Accessors for the smoke test. */
  LeadOutbox outbox() {
    return outbox;
  }

  long plainSize() throws IOException {
    return plain.size();
  }

  int recordBytes() {
    return record.capacity();
  }
}
