package org.nlpearl4j.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;

/** The journal keeps the SDK's reason of an entry's last failure across restarts. */
class EntryCodecTest {
  /** When the outcome became uncertain, the failed lookups, the next lookup: 8 + 4 + 8 bytes. */
  private static final int RESOLUTION_BYTES = 20;

  private static OutboxEntry.Builder entry() {
    Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
    return OutboxEntry.builder().id("entry-1").kind(EntryKind.ADD).state(EntryState.UNKNOWN)
        .campaignId("out-1").lead(NewLead.builder().phoneNumber("+14155550123").build())
        .statusCode(502).created(at).changed(at);
  }

  @ParameterizedTest
  @EnumSource(FailureReason.class)
  void everyReasonComesBack(FailureReason reason) throws IOException {
    OutboxEntry written = entry().reason(reason).build();

    OutboxEntry read = EntryCodec.decode(EntryCodec.put(written)).entry;

    assertThat(read).isEqualTo(written);
    assertThat(read.getReason()).isSameAs(reason);
  }

  @Test
  void noReasonComesBackAsNone() throws IOException {
    OutboxEntry written = entry().state(EntryState.WAITING).statusCode(0).build();

    assertThat(EntryCodec.decode(EntryCodec.put(written)).entry.getReason()).isNull();
  }

  @Test
  void aRecordWrittenBeforeReasonsWereKeptReadsWithoutOne() throws IOException {
    byte[] withNone = EntryCodec.put(entry().build());
    // The reason comes before the resolution state (20 bytes); a null one is the length -1 (four
    // bytes). A record from before reasons were kept has neither.
    byte[] before = Arrays.copyOf(withNone, withNone.length - RESOLUTION_BYTES - 4);

    OutboxEntry read = EntryCodec.decode(before).entry;

    assertThat(read.getReason()).isNull();
    assertThat(read.getStatusCode()).isEqualTo(502);
  }

  @Test
  void anUnknownReasonCodeIsNotAValidEntry() {
    byte[] good = EntryCodec.put(entry().reason(FailureReason.TIMEOUT).build());
    byte[] bad = good.clone();
    // "timeout" comes just before the resolution state: make it "timeoux", a code no reason has.
    bad[bad.length - RESOLUTION_BYTES - 1] = 'x';

    assertThatThrownBy(() -> EntryCodec.decode(bad)).isInstanceOf(IOException.class)
        .hasMessageContaining("timeoux");
  }

  @Test
  void theResolutionStateComesBack() throws IOException {
    OutboxEntry written = entry().uncertainSince(Instant.ofEpochMilli(1_000))
        .failedChecks(3).nextCheckAt(Instant.ofEpochMilli(99_000)).build();

    OutboxEntry read = EntryCodec.decode(EntryCodec.put(written)).entry;

    assertThat(read).isEqualTo(written);
    assertThat(read.getFailedChecks()).isEqualTo(3);
    assertThat(read.getNextCheckAt()).isEqualTo(Instant.ofEpochMilli(99_000));
  }

  @Test
  void aRecordWrittenBeforeResolutionWasKeptReadsWithoutAPlan() throws IOException {
    byte[] now = EntryCodec.put(entry().reason(FailureReason.SERVER_ERROR)
        .uncertainSince(Instant.ofEpochMilli(1_000)).nextCheckAt(Instant.ofEpochMilli(2_000)).build());
    byte[] before = Arrays.copyOf(now, now.length - RESOLUTION_BYTES);

    OutboxEntry read = EntryCodec.decode(before).entry;

    assertThat(read.getReason()).isEqualTo(FailureReason.SERVER_ERROR);
    assertThat(read.getUncertainSince()).isNull();
    assertThat(read.getFailedChecks()).isZero();
    assertThat(read.getNextCheckAt()).isNull();
  }

  @Test
  void aNegativeFailedCheckCountIsNotAValidEntry() {
    byte[] bad = EntryCodec.put(entry().build());
    // the count sits between the two instants (8 bytes each): make it -1
    for (int i = bad.length - 12; i < bad.length - 8; i++) {
      bad[i] = (byte) 0xff;
    }

    assertThatThrownBy(() -> EntryCodec.decode(bad)).isInstanceOf(IOException.class)
        .hasMessageContaining("impossible count");
  }
}
