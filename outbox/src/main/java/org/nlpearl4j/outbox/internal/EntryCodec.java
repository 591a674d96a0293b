package org.nlpearl4j.outbox.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.FailureReason;
import org.nlpearl4j.LeadUpdate;
import org.nlpearl4j.NewLead;
import org.nlpearl4j.SettableLeadStatus;
import org.nlpearl4j.outbox.EntryKind;
import org.nlpearl4j.outbox.EntryState;
import org.nlpearl4j.outbox.OutboxEntry;

/**
 * Turns journal records into entries and back. A record is either the whole current snapshot of
 * an entry (the last one for an id wins) or a tombstone that forgets an id.
 *
 * <p>Format (big-endian, strings as a length and UTF-8 bytes, -1 for null): type byte; for a
 * snapshot: version byte, id, kind, state, campaign, lead id, after-entry id, message, status,
 * created and changed (epoch milliseconds), problems, then the lead's or the update's fields, then
 * the {@link FailureReason}'s code, then the resolution state: when the outcome became uncertain,
 * the failed lookups and the next lookup's time (milliseconds, -1 for none). A record written
 * before reasons were kept reads as no reason; one written before resolution was kept reads with
 * none of it (the outbox plans the lookup of such an uncertain add when it opens).
 */
public final class EntryCodec {
  static final byte PUT = 1;
  static final byte FORGET = 2;
  private static final byte VERSION = 1;

  private EntryCodec() {
  }

  /** A decoded record: a snapshot, or the id of an entry to forget. */
  public static final class Record {
    /** The snapshot, or null for a tombstone. */
    public final @Nullable OutboxEntry entry;
    /** The entry id. */
    public final String id;

    Record(@Nullable OutboxEntry entry, String id) {
      this.entry = entry;
      this.id = id;
    }
  }

  /** Encodes a snapshot. */
  public static byte[] put(OutboxEntry entry) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(PUT);
      out.writeByte(VERSION);
      writeString(out, entry.getId());
      out.writeByte(entry.getKind().ordinal());
      out.writeByte(entry.getState().ordinal());
      writeString(out, entry.getCampaignId());
      writeString(out, entry.getLeadId());
      writeString(out, entry.getAfterEntryId());
      writeString(out, entry.getMessage());
      out.writeInt(entry.getStatusCode());
      out.writeLong(entry.getCreated().toEpochMilli());
      out.writeLong(entry.getChanged().toEpochMilli());
      out.writeInt(entry.getProblems().size());
      for (Map.Entry<String, List<String>> problem : entry.getProblems().entrySet()) {
        writeString(out, problem.getKey());
        out.writeInt(problem.getValue().size());
        for (String message : problem.getValue()) {
          writeString(out, message);
        }
      }
      NewLead lead = entry.getLead();
      LeadUpdate update = entry.getUpdate();
      if (lead != null) {
        writeString(out, lead.getPhoneNumber());
        writeString(out, lead.getExternalId());
        writeString(out, lead.getTimeZoneId());
        writeMap(out, lead.getCallData());
      } else if (update != null) {
        writeString(out, update.getPhoneNumber());
        writeString(out, update.getExternalId());
        writeString(out, update.getTimeZoneId());
        writeMap(out, update.getCallData());
        SettableLeadStatus status = update.getStatus();
        out.writeInt(status == null ? -1 : status.code());
      }
      FailureReason reason = entry.getReason();
      writeString(out, reason == null ? null : reason.getCode());
      writeInstant(out, entry.getUncertainSince());
      out.writeInt(entry.getFailedChecks());
      writeInstant(out, entry.getNextCheckAt());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
    }
  }

  /** Encodes a tombstone. */
  public static byte[] forget(String id) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORGET);
      writeString(out, id);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes a record whose checksum matched.
   *
   * @throws IOException when the record is not one this version wrote
   */
  public static Record decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      byte type = in.readByte();
      if (type == FORGET) {
        return new Record(null, requireString(in));
      }
      if (type != PUT) {
        throw new IOException("unknown record type " + type);
      }
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IOException("unknown entry format version " + version);
      }
      String id = requireString(in);
      EntryKind kind = EntryKind.values()[index(in.readByte(), EntryKind.values().length)];
      EntryState state = EntryState.values()[index(in.readByte(), EntryState.values().length)];
      OutboxEntry.Builder b = OutboxEntry.builder().id(id).kind(kind).state(state)
          .campaignId(requireString(in)).leadId(readString(in)).afterEntryId(readString(in))
          .message(readString(in)).statusCode(in.readInt())
          .created(Instant.ofEpochMilli(in.readLong())).changed(Instant.ofEpochMilli(in.readLong()));
      int problemCount = count(in.readInt());
      Map<String, List<String>> problems = new LinkedHashMap<>();
      for (int i = 0; i < problemCount; i++) {
        String key = requireString(in);
        int messages = count(in.readInt());
        List<String> list = new ArrayList<>(messages);
        for (int j = 0; j < messages; j++) {
          list.add(requireString(in));
        }
        problems.put(key, list);
      }
      b.problems(problems);
      if (kind == EntryKind.ADD) {
        NewLead.Builder lead = NewLead.builder().phoneNumber(requireString(in))
            .externalId(readString(in)).timeZoneId(readString(in));
        lead.callData(readMap(in));
        b.lead(lead.build());
      } else {
        LeadUpdate.Builder update = LeadUpdate.builder();
        String phone = readString(in);
        if (phone != null) {
          update.phoneNumber(phone);
        }
        update.externalId(readString(in)).timeZoneId(readString(in)).callData(readMap(in));
        int status = in.readInt();
        if (status >= 0) {
          update.status(SettableLeadStatus.fromCode(status));
        }
        b.update(update.build());
      }
      if (in.available() != 0) {
        String reason = readString(in);
        b.reason(reason == null ? null : FailureReason.fromCode(reason));
      }
      if (in.available() != 0) {
        b.uncertainSince(readInstant(in)).failedChecks(count(in.readInt()))
            .nextCheckAt(readInstant(in));
      }
      if (in.available() != 0) {
        throw new IOException("unexpected bytes after the entry");
      }
      return new Record(b.build(), id);
    } catch (EOFException e) {
      throw new IOException("the record ends early", e);
    } catch (RuntimeException e) {
      // A record this version cannot turn back into a valid lead (e.g. a rule that changed).
      throw new IOException("the record does not hold a valid entry: " + e.getMessage(), e);
    }
  }

  private static int index(byte value, int size) throws IOException {
    if (value < 0 || value >= size) {
      throw new IOException("unknown enum index " + value);
    }
    return value;
  }

  private static int count(int value) throws IOException {
    if (value < 0 || value > Journal.MAX_PAYLOAD) {
      throw new IOException("impossible count " + value);
    }
    return value;
  }

  private static void writeInstant(DataOutputStream out, @Nullable Instant value)
      throws IOException {
    out.writeLong(value == null ? -1 : value.toEpochMilli());
  }

  private static @Nullable Instant readInstant(DataInputStream in) throws IOException {
    long millis = in.readLong();
    if (millis < -1) {
      throw new IOException("impossible time " + millis);
    }
    return millis == -1 ? null : Instant.ofEpochMilli(millis);
  }

  private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    int size = count(in.readInt());
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(requireString(in), requireString(in));
    }
    return map;
  }

  private static void writeString(DataOutputStream out, @Nullable String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static @Nullable String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("impossible string length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String requireString(DataInputStream in) throws IOException {
    String value = readString(in);
    if (value == null) {
      throw new IOException("a required string is missing");
    }
    return value;
  }
}
