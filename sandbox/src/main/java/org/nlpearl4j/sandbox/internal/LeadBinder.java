package org.nlpearl4j.sandbox.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Binds and validates request bodies the way NLPearl's ASP.NET service does: property names match
 * case-insensitively, a property the schema does not allow is rejected, and every problem ends up
 * in a ValidationProblemDetails {@code errors} map keyed like ASP.NET keys them ({@code PhoneNumber}
 * for a rule on a member, {@code $.path} for a JSON problem).
 */
public final class LeadBinder {

  static final String BODY_REQUIRED = "A non-empty request body is required.";

  private LeadBinder() {}

  /** The outcome of binding one body: a value, or the errors that prevented it. */
  public static final class Result<T> {
    private final @Nullable T value;
    private final Map<String, List<String>> errors;

    Result(@Nullable T value, Map<String, List<String>> errors) {
      this.value = value;
      this.errors = Collections.unmodifiableMap(errors);
    }

    /** The bound value, or null when {@link #errors()} is not empty. */
    public @Nullable T value() {
      return value;
    }

    /** Field key to messages, in the order they were found; empty when the body is valid. */
    public Map<String, List<String>> errors() {
      return errors;
    }
  }

  /** Binds a LeadToAddApi body. */
  public static Result<AddLeadInput> bindAdd(byte[] body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    JsonNode root = parseObject(body, "LeadToAddApi", errors);
    if (root == null) {
      return new Result<>(null, errors);
    }
    Fields fields = new Fields(root, "LeadToAddApi", errors, "phoneNumber", "externalId", "timeZoneId", "callData");
    String phone = fields.string("phoneNumber");
    String externalId = fields.string("externalId");
    String timeZoneId = fields.string("timeZoneId");
    Map<String, String> callData = fields.stringMap("callData");
    if (!fields.failed("phoneNumber") && (phone == null || phone.trim().isEmpty())) {
      add(errors, "PhoneNumber", "The PhoneNumber field is required.");
    }
    if (!errors.isEmpty() || phone == null) {
      return new Result<>(null, errors);
    }
    return new Result<>(new AddLeadInput(phone, externalId, timeZoneId, callData), errors);
  }

  /** Binds a LeadToUpdateApi body. */
  public static Result<UpdateLeadInput> bindUpdate(byte[] body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    JsonNode root = parseObject(body, "LeadToUpdateApi", errors);
    if (root == null) {
      return new Result<>(null, errors);
    }
    Fields fields =
        new Fields(root, "LeadToUpdateApi", errors, "phoneNumber", "externalId", "timeZoneId", "callData", "status");
    String phone = fields.string("phoneNumber");
    String externalId = fields.string("externalId");
    String timeZoneId = fields.string("timeZoneId");
    Map<String, String> callData = fields.stringMap("callData");
    Integer status = fields.status("status");
    if (phone != null && phone.trim().isEmpty()) {
      add(errors, "PhoneNumber", "The PhoneNumber field must not be empty when it is given.");
    }
    if (status != null && !LeadStatuses.SETTABLE.contains(status)) {
      add(
          errors,
          "Status",
          "The value '" + status + "' is not valid for Status. Allowed values: 1 (New), 10 (NeedRetry),"
              + " 100 (Success), 110 (NotSuccessful), 130 (Completed).");
    }
    if (!errors.isEmpty()) {
      return new Result<>(null, errors);
    }
    return new Result<>(new UpdateLeadInput(phone, externalId, timeZoneId, callData, status), errors);
  }

  private static @Nullable JsonNode parseObject(byte[] body, String type, Map<String, List<String>> errors) {
    if (body.length == 0) {
      add(errors, "", BODY_REQUIRED);
      return null;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null
              ? ""
              : " | LineNumber: " + Math.max(0, at.getLineNr() - 1) + " | BytePositionInLine: "
                  + Math.max(0, at.getColumnNr() - 1);
      add(errors, "$", "The request body is not valid JSON: " + firstLine(e.getOriginalMessage()) + ". Path: $" + where + ".");
      return null;
    } catch (IOException e) {
      add(errors, "$", "The request body could not be read.");
      return null;
    }
    if (root == null || root.isMissingNode()) {
      add(errors, "", BODY_REQUIRED);
      return null;
    }
    if (!root.isObject()) {
      add(errors, "$", "The JSON value could not be converted to " + type + ". Path: $.");
      return null;
    }
    return root;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unexpected content";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  static void add(Map<String, List<String>> errors, String key, String message) {
    List<String> list = errors.get(key);
    if (list == null) {
      list = new ArrayList<>();
      errors.put(key, list);
    }
    list.add(message);
  }

  /** The members of one JSON object, matched to the schema's names without regard to case. */
  private static final class Fields {
    private final Map<String, Map.Entry<String, JsonNode>> byCanonicalName = new LinkedHashMap<>();
    private final Map<String, List<String>> errors;
    private final List<String> failed = new ArrayList<>();

    Fields(JsonNode object, String type, Map<String, List<String>> errors, String... allowed) {
      this.errors = errors;
      Map<String, String> canonical = new LinkedHashMap<>();
      for (String name : allowed) {
        canonical.put(name.toLowerCase(Locale.ROOT), name);
      }
      Iterator<Map.Entry<String, JsonNode>> members = object.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        String known = canonical.get(member.getKey().toLowerCase(Locale.ROOT));
        if (known == null) {
          add(
              errors,
              "$." + member.getKey(),
              "The JSON property '" + member.getKey() + "' could not be mapped to any .NET member contained in type '"
                  + type + "'.");
        } else {
          byCanonicalName.put(known, member);
        }
      }
    }

    boolean failed(String name) {
      return failed.contains(name);
    }

    private void fail(String name, String path, String clrType) {
      failed.add(name);
      add(errors, path, "The JSON value could not be converted to " + clrType + ". Path: " + path + ".");
    }

    @Nullable String string(String name) {
      Map.Entry<String, JsonNode> member = byCanonicalName.get(name);
      if (member == null || member.getValue().isNull()) {
        return null;
      }
      if (!member.getValue().isTextual()) {
        fail(name, "$." + member.getKey(), "System.String");
        return null;
      }
      return member.getValue().textValue();
    }

    @Nullable Map<String, String> stringMap(String name) {
      Map.Entry<String, JsonNode> member = byCanonicalName.get(name);
      if (member == null || member.getValue().isNull()) {
        return null;
      }
      JsonNode node = member.getValue();
      if (!node.isObject()) {
        fail(name, "$." + member.getKey(), "System.Collections.Generic.Dictionary`2[System.String,System.String]");
        return null;
      }
      Map<String, String> values = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        if (!entry.getValue().isTextual()) {
          fail(name, "$." + member.getKey() + "." + entry.getKey(), "System.String");
        } else {
          values.put(entry.getKey(), entry.getValue().textValue());
        }
      }
      return values;
    }

    @Nullable Integer status(String name) {
      Map.Entry<String, JsonNode> member = byCanonicalName.get(name);
      if (member == null || member.getValue().isNull()) {
        return null;
      }
      JsonNode node = member.getValue();
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        fail(name, "$." + member.getKey(), "System.Nullable`1[eLeadStatusInputApi]");
        return null;
      }
      return node.intValue();
    }
  }
}
