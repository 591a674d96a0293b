package org.nlpearl4j.sandbox.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes stored leads as NLPearl's LeadApiView. Like ASP.NET's default serializer, null members
 * are written as {@code null} rather than left out, and dates carry seven fractional digits.
 */
public final class LeadViews {
  private LeadViews() {}

  /** The Add Lead response body: {@code {"leadId":"..."}}. */
  public static ObjectNode added(LeadState lead) {
    ObjectNode body = Json.object();
    body.put("leadId", lead.id());
    return body;
  }

  /** The full LeadApiView of a lead. */
  public static ObjectNode lead(LeadState lead) {
    ObjectNode body = Json.object();
    body.put("id", lead.id());
    body.put("externalId", lead.externalId());
    body.put("phoneNumber", lead.phoneNumber());
    body.put("timeZone", lead.timeZoneId());
    body.put("status", lead.status());
    body.put("created", Json.aspNetDate(lead.created()));
    ArrayNode calls = body.putArray("callsId");
    for (String id : lead.callsId()) {
      calls.add(id);
    }
    CallState call = lead.lastCall();
    if (call == null) {
      body.putNull("lastCall");
    } else {
      body.set("lastCall", call(call));
    }
    ObjectNode callData = body.putObject("callData");
    for (Map.Entry<String, String> entry : lead.callData().entrySet()) {
      callData.put(entry.getKey(), entry.getValue());
    }
    Map<String, Object> collected = lead.collectedData();
    if (collected == null) {
      body.putNull("collectedData");
    } else {
      ObjectNode data = body.putObject("collectedData");
      for (Map.Entry<String, Object> entry : collected.entrySet()) {
        putValue(data, entry.getKey(), entry.getValue());
      }
    }
    return body;
  }

  static ObjectNode call(CallState call) {
    ObjectNode body = Json.object();
    body.put("id", call.id());
    body.put("startTime", Json.aspNetDate(call.startTime()));
    body.put("pearlId", call.pearlId());
    body.put("status", call.status());
    body.put("from", call.from());
    body.put("name", call.name());
    List<CallState.MessageState> transcript = call.transcript();
    List<CallState.InfoState> infos = call.collectedInfos();
    if (transcript == null && infos == null) {
      body.putNull("collectedData");
    } else {
      ObjectNode collected = body.putObject("collectedData");
      ArrayNode lines = collected.putArray("transcript");
      if (transcript != null) {
        for (CallState.MessageState message : transcript) {
          ObjectNode line = lines.addObject();
          line.put("role", message.role());
          line.put("content", message.content());
          line.put("startTime", new BigDecimal(Float.toString(message.startTime())));
          line.put("endTime", new BigDecimal(Float.toString(message.endTime())));
        }
      }
      ArrayNode values = collected.putArray("collectedInfos");
      if (infos != null) {
        for (CallState.InfoState info : infos) {
          ObjectNode item = values.addObject();
          item.put("id", info.id());
          item.put("name", info.name());
          putValue(item, "value", info.value());
        }
      }
    }
    body.put("summary", call.summary());
    body.put("duration", call.duration());
    body.put("recording", call.recording());
    ArrayNode tags = body.putArray("tags");
    for (String tag : call.tags()) {
      tags.add(tag);
    }
    return body;
  }

  private static void putValue(ObjectNode target, String name, Object value) {
    if (value instanceof Boolean) {
      target.put(name, (Boolean) value);
    } else if (value instanceof Integer) {
      target.put(name, (Integer) value);
    } else if (value instanceof Long) {
      target.put(name, (Long) value);
    } else if (value instanceof Double) {
      target.put(name, (Double) value);
    } else if (value instanceof BigDecimal) {
      target.put(name, (BigDecimal) value);
    } else {
      target.put(name, String.valueOf(value));
    }
  }
}
