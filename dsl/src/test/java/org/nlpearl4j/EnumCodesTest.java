package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Code look-ups: known codes map to their constant, unknown ones to UNKNOWN and never throw. */
class EnumCodesTest {
  @Test
  void knownCodesMapToTheirConstants() {
    assertThat(LeadStatus.fromCode(1)).isEqualTo(LeadStatus.NEW);
    assertThat(LeadStatus.fromCode(300)).isEqualTo(LeadStatus.QUEUE_ABANDON);
    assertThat(CallStatus.fromCode(7)).isEqualTo(CallStatus.NO_ANSWER);
    assertThat(TranscriptRole.fromCode(3)).isEqualTo(TranscriptRole.CLIENT);
    assertThat(SettableLeadStatus.fromCode(130)).isEqualTo(SettableLeadStatus.COMPLETED);
  }

  @Test
  void unknownCodesMapToUnknownWithoutThrowing() {
    assertThat(LeadStatus.fromCode(999)).isEqualTo(LeadStatus.UNKNOWN);
    assertThat(LeadStatus.fromCode(-1)).isEqualTo(LeadStatus.UNKNOWN);
    assertThat(CallStatus.fromCode(0)).isEqualTo(CallStatus.UNKNOWN);
    assertThat(TranscriptRole.fromCode(1)).isEqualTo(TranscriptRole.UNKNOWN);
  }

  @Test
  void statusesAClientMayNotSetAreRefused() {
    assertThatThrownBy(() -> SettableLeadStatus.fromCode(40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40")
        .hasMessageContaining("1, 10, 100, 110, 130");
  }

  @Test
  void settableStatusesAreFoundByName() {
    assertThat(SettableLeadStatus.fromName("Completed")).isEqualTo(SettableLeadStatus.COMPLETED);
    assertThat(SettableLeadStatus.fromName("not successful"))
        .isEqualTo(SettableLeadStatus.NOT_SUCCESSFUL);
    assertThat(SettableLeadStatus.fromName("NEED_RETRY")).isEqualTo(SettableLeadStatus.NEED_RETRY);
    assertThatThrownBy(() -> SettableLeadStatus.fromName("OnCall"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'OnCall'");
  }
}
