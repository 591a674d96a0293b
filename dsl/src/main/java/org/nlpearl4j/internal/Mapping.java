package org.nlpearl4j.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.CollectedInfo;
import org.nlpearl4j.LastCall;
import org.nlpearl4j.Lead;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.TranscriptMessage;
import org.nlpearl4j.internal.generated.model.AgentChatMessageApiView;
import org.nlpearl4j.internal.generated.model.CallCollectedDataApiView;
import org.nlpearl4j.internal.generated.model.CollectedInfoView;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadLastCallApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;

/** Converts between the public value types and the generated wire models. */
public final class Mapping {
  private Mapping() {}

  /**
   * Returns the wire body for a new lead; empty call data is left out.
   *
   * @param lead the validated lead
   * @return the body
   */
  public static LeadToAddApi toWire(NewLead lead) {
    return new LeadToAddApi()
        .phoneNumber(lead.getPhoneNumber())
        .externalId(lead.getExternalId())
        .timeZoneId(lead.getTimeZoneId())
        .callData(lead.getCallData().isEmpty() ? null : new LinkedHashMap<>(lead.getCallData()));
  }

  /**
   * Returns the wire body for an update; fields not given (and empty call data) are left out.
   *
   * @param update the validated update
   * @return the body
   */
  public static LeadToUpdateApi toWire(LeadUpdate update) {
    SettableLeadStatus status = update.getStatus();
    return new LeadToUpdateApi()
        .phoneNumber(update.getPhoneNumber())
        .externalId(update.getExternalId())
        .timeZoneId(update.getTimeZoneId())
        .callData(update.getCallData().isEmpty() ? null
            : new LinkedHashMap<>(update.getCallData()))
        .status(status == null ? null : status.code());
  }

  /**
   * Returns the public lead for a wire lead.
   *
   * @param view the decoded response
   * @return the lead
   */
  public static Lead fromWire(LeadApiView view) {
    Integer status = view.getStatus();
    LeadLastCallApiView lastCall = view.getLastCall();
    return Lead.builder()
        .id(view.getId())
        .externalId(view.getExternalId())
        .phoneNumber(view.getPhoneNumber())
        .timeZone(view.getTimeZone())
        .statusCode(status == null ? 0 : status)
        .created(instant(view.getCreated()))
        .callIds(withoutNulls(view.getCallsId()))
        .lastCall(lastCall == null ? null : fromWire(lastCall))
        .callData(withoutNullValues(view.getCallData()))
        .collectedData(orEmpty(view.getCollectedData()))
        .build();
  }

  static LastCall fromWire(LeadLastCallApiView view) {
    Integer status = view.getStatus();
    Integer seconds = view.getDuration();
    LastCall.Builder call = LastCall.builder()
        .id(view.getId())
        .startTime(instant(view.getStartTime()))
        .pearlId(view.getPearlId())
        .statusCode(status == null ? 0 : status)
        .from(view.getFrom())
        .name(view.getName())
        .summary(view.getSummary())
        .duration(seconds == null ? null : Duration.ofSeconds(seconds))
        .recording(view.getRecording())
        .tags(withoutNulls(view.getTags()));
    CallCollectedDataApiView collected = view.getCollectedData();
    if (collected != null) {
      List<AgentChatMessageApiView> transcript = collected.getTranscript();
      if (transcript != null) {
        for (AgentChatMessageApiView message : transcript) {
          if (message != null) {
            call.addTranscriptMessage(fromWire(message));
          }
        }
      }
      List<CollectedInfoView> infos = collected.getCollectedInfos();
      if (infos != null) {
        for (CollectedInfoView info : infos) {
          if (info != null) {
            call.addCollectedInfo(CollectedInfo.builder()
                .id(info.getId()).name(info.getName()).value(info.getValue()).build());
          }
        }
      }
    }
    return call.build();
  }

  static TranscriptMessage fromWire(AgentChatMessageApiView view) {
    Integer role = view.getRole();
    return TranscriptMessage.builder()
        .roleCode(role == null ? 0 : role)
        .content(view.getContent())
        .startOffset(offset(view.getStartTime()))
        .endOffset(offset(view.getEndTime()))
        .build();
  }

  /** Seconds as a float, kept to the millisecond (a float carries about seven digits). */
  static @Nullable Duration offset(@Nullable Float seconds) {
    if (seconds == null || seconds.isNaN() || seconds.isInfinite()) {
      return null;
    }
    return Duration.ofMillis(Math.round(seconds.doubleValue() * 1000.0));
  }

  private static java.time.@Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static List<String> withoutNulls(@Nullable List<String> list) {
    if (list == null) {
      return Collections.emptyList();
    }
    List<String> copy = new ArrayList<>(list.size());
    for (String item : list) {
      if (item != null) {
        copy.add(item);
      }
    }
    return copy;
  }

  private static Map<String, String> withoutNullValues(@Nullable Map<String, String> map) {
    if (map == null) {
      return Collections.emptyMap();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        copy.put(entry.getKey(), entry.getValue());
      }
    }
    return copy;
  }

  private static Map<String, @Nullable Object> orEmpty(@Nullable Map<String, Object> map) {
    return map == null ? Collections.<String, @Nullable Object>emptyMap() : map;
  }
}
