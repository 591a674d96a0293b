package org.nlpearl4j.outbox.spi;

import java.io.IOException;
import org.nlpearl4j.outbox.OutboxEntry;
import org.nlpearl4j.outbox.internal.EntryCodec;

/**
 * The outbox's binary form of an entry (the journal's record format), for stores that keep an
 * entry as one value: every field survives the round trip, and a version byte lets a later
 * release read what an earlier one wrote.
 *
 * <pre>{@code
 * byte[] bytes = EntryFormat.encode(entry);
 * OutboxEntry back = EntryFormat.decode(bytes); // back.equals(entry)
 * }</pre>
 */
public final class EntryFormat {
  private EntryFormat() {
  }

  /**
   * Encodes an entry.
   *
   * @param entry the entry
   * @return its bytes (holding the lead's personal data: store them as privately as the leads)
   */
  public static byte[] encode(OutboxEntry entry) {
    return EntryCodec.put(entry);
  }

  /**
   * Decodes an entry {@link #encode} wrote.
   *
   * @param bytes the bytes
   * @return the entry
   * @throws IOException when the bytes are not an encoded entry
   */
  public static OutboxEntry decode(byte[] bytes) throws IOException {
    EntryCodec.Record record = EntryCodec.decode(bytes);
    OutboxEntry entry = record.entry;
    if (entry == null) {
      throw new IOException("not an entry: a journal tombstone");
    }
    return entry;
  }
}
