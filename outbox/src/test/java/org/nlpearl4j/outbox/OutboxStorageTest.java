package org.nlpearl4j.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.NlPearl;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.outbox.internal.EntryCodec;
import org.nlpearl4j.outbox.internal.Journal;

/** What survives on disk: reopening, torn and corrupt journals, the directory lock. */
class OutboxStorageTest {
  @TempDir Path dir;
  // Never called in these tests: nothing is drained.
  private final NlPearl client = NlPearl.builder().token("0123456789abcdef01234567:secret")
      .baseUrl("http://127.0.0.1:9/").build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private LeadOutbox open() {
    return LeadOutbox.builder().directory(dir.toFile()).client(client)
        .scheduler(Schedulers.trampoline()).open();
  }

  private static NewLead lead(int i) {
    return NewLead.of(l -> l.phoneNumber("+1415555" + String.format("%04d", i))
        .externalId("crm-" + i).callData("email", "lead" + i + "@example.com"));
  }

  private Path journal() {
    return dir.resolve(LeadOutbox.JOURNAL_FILE);
  }

  @Test
  void entriesAddedAreThereAfterReopening() {
    List<String> ids = new ArrayList<>();
    List<OutboxEntry> before;
    try (LeadOutbox outbox = open()) {
      for (int i = 0; i < 5; i++) {
        ids.add(outbox.add("outbound-1", lead(i)).blockingGet());
      }
      ids.add(outbox.update("outbound-1", ids.get(0), u -> u.status(SettableLeadStatus.COMPLETED))
          .blockingGet());
      before = outbox.entries();
    }
    try (LeadOutbox outbox = open()) {
      List<OutboxEntry> entries = outbox.entries();
      assertThat(entries).as("every snapshot reads back equal").isEqualTo(before);
      assertThat(entries).extracting(OutboxEntry::getId).containsExactlyElementsOf(ids);
      assertThat(entries).extracting(OutboxEntry::getState).containsOnly(EntryState.WAITING);
      assertThat(entries.get(2).getLead()).isEqualTo(lead(2));
      OutboxEntry update = entries.get(5);
      assertThat(update.getKind()).isEqualTo(EntryKind.UPDATE);
      assertThat(update.getAfterEntryId()).isEqualTo(ids.get(0));
      assertThat(update.getLeadId()).isNull();
      assertThat(update.getUpdate().getStatus()).isEqualTo(SettableLeadStatus.COMPLETED);
    }
  }

  @Test
  void aJournalCutAtEveryOffsetOfItsLastRecordOpensWithThatEntryWholeOrAbsent() throws IOException {
    try (LeadOutbox outbox = open()) {
      for (int i = 0; i < 3; i++) {
        outbox.add("outbound-1", lead(i)).blockingGet();
      }
    }
    byte[] whole = Files.readAllBytes(journal());
    List<OutboxEntry> complete;
    try (LeadOutbox outbox = open()) {
      complete = outbox.entries();
    }
    int lastLength = EntryCodec.put(complete.get(2)).length + Journal.RECORD_HEADER;
    int lastStart = whole.length - lastLength;
    for (int cut = lastStart; cut <= whole.length; cut++) {
      Files.write(journal(), Arrays.copyOf(whole, cut));
      try (LeadOutbox outbox = open()) {
        if (cut == whole.length) {
          assertThat(outbox.entries()).as("cut at %d", cut).isEqualTo(complete);
        } else {
          assertThat(outbox.entries()).as("cut at %d", cut).isEqualTo(complete.subList(0, 2));
        }
      }
    }
  }

  @Test
  void aFlippedByteIsReportedAndTheJournalSetAsideNotEmptied() throws IOException {
    try (LeadOutbox outbox = open()) {
      for (int i = 0; i < 3; i++) {
        outbox.add("outbound-1", lead(i)).blockingGet();
      }
    }
    byte[] whole = Files.readAllBytes(journal());
    for (int i = 0; i < whole.length; i++) {
      byte[] damaged = whole.clone();
      damaged[i] ^= (byte) 0x5A;
      Files.write(journal(), damaged);
      int at = i;
      assertThatThrownBy(this::open).as("flip at %d", at)
          .isInstanceOfSatisfying(OutboxCorruptException.class, e -> {
            File aside = e.getSetAsideFile();
            assertThat(aside).exists().hasParent(dir.toFile());
            assertThat(e.getMessage()).contains("corrupt").contains(aside.getName());
            assertThat(e.getGoodRecords()).isBetween(0, 2);
            try {
              assertThat(Files.readAllBytes(aside.toPath())).isEqualTo(damaged);
              Files.delete(aside.toPath());
            } catch (IOException io) {
              throw new AssertionError(io);
            }
          });
    }
    // After the report, the directory opens again with a fresh journal (the lock was released).
    try (LeadOutbox outbox = open()) {
      assertThat(outbox.entries()).isEmpty();
    }
  }

  @Test
  void anEntryFoundSendingBecomesUnknownOnOpen() throws IOException {
    String id;
    try (LeadOutbox outbox = open()) {
      id = outbox.add("outbound-1", lead(1)).blockingGet();
    }
    // What a process killed mid-request leaves: the last record says "sending".
    Journal.Opened opened = Journal.open(journal());
    OutboxEntry waiting = (OutboxEntry) EntryCodec.decode(opened.payloads.get(0)).entry;
    opened.journal.append(List.of(EntryCodec.put(
        waiting.toBuilder().state(EntryState.SENDING).build())));
    opened.journal.close();

    try (LeadOutbox outbox = open()) {
      OutboxEntry entry = outbox.entry(id);
      assertThat(entry.getState()).isEqualTo(EntryState.UNKNOWN);
      assertThat(entry.getMessage()).contains("may have received it");
      assertThat(entry.getLead()).isEqualTo(lead(1));
    }
    try (LeadOutbox outbox = open()) {
      assertThat(outbox.entry(id).getState()).as("persisted").isEqualTo(EntryState.UNKNOWN);
    }
  }

  @Test
  void oneOutboxPerDirectory() {
    try (LeadOutbox outbox = open()) {
      assertThatThrownBy(this::open).isInstanceOf(OutboxLockedException.class)
          .hasMessageContaining(dir.toString());
    }
    open().close(); // released on close
  }

  @Test
  void forgottenEntriesAreGoneFromTheJournalAfterCompaction() throws IOException {
    try (LeadOutbox outbox = open()) {
      for (int i = 0; i < 100; i++) {
        String id = outbox.add("outbound-1", lead(i)).blockingGet();
        outbox.forget(id).blockingAwait();
      }
      outbox.add("outbound-1", lead(1000)).blockingGet();
    }
    byte[] bytes = Files.readAllBytes(journal());
    // Personal data of forgotten leads does not linger: at most the last compaction's leftovers.
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("lead1@example.com").contains("lead1000@example.com");
    try (LeadOutbox outbox = open()) {
      assertThat(outbox.entries()).hasSize(1);
    }
  }

  @Test
  void badIdsAreRefusedBeforeAnythingIsWritten() {
    try (LeadOutbox outbox = open()) {
      assertThatThrownBy(() -> outbox.add(" ", lead(1)).blockingGet())
          .isInstanceOf(org.nlpearl4j.InvalidRequestException.class).hasMessageContaining("outboundId");
      assertThatThrownBy(() -> outbox.update("p", "lead\nid", u -> u.externalId("x")).blockingGet())
          .isInstanceOf(org.nlpearl4j.InvalidRequestException.class).hasMessageContaining("leadId");
      // The client's own id rule: ids it would refuse at send time are refused here already.
      assertThatThrownBy(() -> outbox.add("..", lead(1)).blockingGet())
          .isInstanceOf(org.nlpearl4j.InvalidRequestException.class).hasMessageContaining("outboundId");
      assertThatThrownBy(() -> outbox.update("p", "lead\u200Bid", u -> u.externalId("x")).blockingGet())
          .isInstanceOf(org.nlpearl4j.InvalidRequestException.class).hasMessageContaining("leadId");
      assertThatThrownBy(() -> outbox.update("p", "entry-nope", u -> u.externalId("x")).blockingGet())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry-nope");
      assertThat(outbox.entries()).isEmpty();
    }
  }
}
