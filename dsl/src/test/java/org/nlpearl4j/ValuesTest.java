package org.nlpearl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Immutable values: builders, toBuilder, equality, defensive copies. */
class ValuesTest {
  @Test
  void newLeadRoundTripsThroughToBuilder() {
    NewLead lead = NewLead.of(l -> l.phoneNumber("+14155550123").externalId("crm-1")
        .timeZoneId("Pacific Standard Time").callData("a", "1").callData("b", "2"));

    NewLead copy = lead.toBuilder().build();

    assertThat(copy).isEqualTo(lead).hasSameHashCodeAs(lead);
    assertThat(copy.getCallData()).containsExactly(
        org.assertj.core.api.Assertions.entry("a", "1"),
        org.assertj.core.api.Assertions.entry("b", "2"));
    assertThat(lead.toBuilder().externalId("crm-2").build()).isNotEqualTo(lead);
    assertThat(lead.toString()).isEqualTo("NewLead{phoneNumber=+14155550123, externalId=crm-1,"
        + " timeZoneId=Pacific Standard Time, callData={a=1, b=2}}");
  }

  @Test
  void leadUpdateRoundTripsThroughToBuilder() {
    LeadUpdate update = LeadUpdate.of(u -> u.phoneNumber("+33 1 23 45 67 89")
        .status(SettableLeadStatus.NOT_SUCCESSFUL).callData("why", "busy"));

    assertThat(update.toBuilder().build()).isEqualTo(update).hasSameHashCodeAs(update);
    assertThat(update.getPhoneNumber()).isEqualTo("+33123456789");
    assertThat(update.getStatus()).isEqualTo(SettableLeadStatus.NOT_SUCCESSFUL);
    assertThat(update.getExternalId()).isNull();
    assertThat(update.toBuilder().status(null).build().getStatus()).isNull();
  }

  @Test
  void valuesDoNotChangeWhenTheirInputsDo() {
    Map<String, String> data = new HashMap<>();
    data.put("k", "v");
    List<String> tags = new ArrayList<>(Collections.singletonList("t"));
    NewLead lead = NewLead.of(l -> l.phoneNumber("+14155550123").callData(data));
    LastCall call = LastCall.of(c -> c.tags(tags));

    data.put("k2", "v2");
    tags.add("t2");

    assertThat(lead.getCallData()).containsOnlyKeys("k");
    assertThat(call.getTags()).containsExactly("t");
    assertThatThrownBy(() -> lead.getCallData().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> call.getTags().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void collectedJsonIsDeeplyUnmodifiable() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("list", new ArrayList<>(Arrays.asList("a", "b")));
    Lead lead = Lead.of(l -> l.collectedData(Collections.singletonMap("nested", nested)));
    CollectedInfo info = CollectedInfo.of(i -> i.value(new ArrayList<>(Arrays.asList(1, 2))));

    @SuppressWarnings("unchecked")
    Map<String, Object> frozen = (Map<String, Object>) lead.getCollectedData().get("nested");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) frozen.get("list");
    assertThatThrownBy(() -> list.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) info.getValue()).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(list).containsExactly("a", "b");
  }

  @Test
  void leadEqualityCoversEveryField() {
    Lead lead = Lead.of(l -> l.id("lead-1").status(LeadStatus.ON_CALL)
        .created(Instant.parse("2025-01-01T00:00:00Z"))
        .lastCall(c -> c.id("call-1").duration(Duration.ofSeconds(3))));

    assertThat(lead.toBuilder().build()).isEqualTo(lead).hasSameHashCodeAs(lead);
    assertThat(lead.toBuilder().statusCode(41).build()).isNotEqualTo(lead);
    assertThat(lead.toBuilder().lastCall((LastCall) null).build()).isNotEqualTo(lead);
    assertThat(lead.getStatus()).isEqualTo(LeadStatus.ON_CALL);
    assertThat(lead.getStatusCode()).isEqualTo(40);
    assertThat(lead.toString()).contains("status=ON_CALL(40)");
  }

  @Test
  void validationProblemRoundTripsAndGroupsErrorsByField() {
    ValidationProblem problem = ValidationProblem.of(p -> p.title("Invalid").status(400)
        .traceId("t-1").error("phoneNumber", "is required").error("phoneNumber", "too short")
        .error("externalId", "must not be blank"));

    assertThat(problem.getErrors().get("phoneNumber")).containsExactly("is required", "too short");
    assertThat(problem.getErrors().keySet()).containsExactly("phoneNumber", "externalId");
    assertThat(problem.toBuilder().build()).isEqualTo(problem).hasSameHashCodeAs(problem);
    assertThatThrownBy(() -> problem.getErrors().get("phoneNumber").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void transcriptMessagesAndCollectedInfosCompareByValue() {
    TranscriptMessage message = TranscriptMessage.of(m -> m.role(TranscriptRole.CLIENT)
        .content("Yes").startOffset(Duration.ofMillis(1500)));
    CollectedInfo info = CollectedInfo.of(i -> i.id("x").name("X").value(true));

    assertThat(message.toBuilder().build()).isEqualTo(message).hasSameHashCodeAs(message);
    assertThat(message.getRoleCode()).isEqualTo(3);
    assertThat(info.toBuilder().build()).isEqualTo(info).hasSameHashCodeAs(info);
    assertThat(info.toBuilder().value(false).build()).isNotEqualTo(info);
  }
}
