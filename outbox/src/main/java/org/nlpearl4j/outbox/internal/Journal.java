package org.nlpearl4j.outbox.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * An append-only file of checksummed records, fsync'd on every append, compacted by writing a new
 * file and renaming it over the old one.
 *
 * <p>Layout: an 8-byte file header ({@code NLPOBX} and a two-byte format version), then records.
 * Each record is a 12-byte header — payload length, CRC-32 of the payload, CRC-32 of those 8 bytes
 * — followed by the payload. All integers are big-endian.
 *
 * <p>Reading back: a record that the file ends inside of (a write cut short by a crash or power
 * loss) is dropped and the file truncated before it, because it was never acknowledged; a tail of
 * zero bytes (a file extended but never written, which some file systems leave after power loss)
 * is dropped the same way. Any other mismatch — a header or payload checksum that does not match,
 * an impossible length, a wrong file header — is corruption: the file is renamed aside and a
 * {@link CorruptJournalException} names it. Nothing is ever half-read back.
 *
 * <p>Not thread-safe: the caller serialises access.
 */
public final class Journal implements Closeable {
  /** File header: magic and format version 1. */
  static final byte[] FILE_HEADER = {'N', 'L', 'P', 'O', 'B', 'X', 0, 1};
  /** Bytes in a record header. */
  public static final int RECORD_HEADER = 12;
  /** The largest payload accepted; an entry is a few hundred bytes. */
  public static final int MAX_PAYLOAD = 4 * 1024 * 1024;

  private final Path file;
  private FileChannel channel;
  private long size;
  private int records;
  private boolean broken;

  private Journal(Path file, FileChannel channel, long size, int records) {
    this.file = file;
    this.channel = channel;
    this.size = size;
    this.records = records;
  }

  /** A journal and the payloads read back from it, in file order. */
  public static final class Opened {
    /** The journal, positioned for appending. */
    public final Journal journal;
    /** Every whole record's payload. */
    public final List<byte[]> payloads;
    /** Bytes of a torn tail that were dropped (0 when the file ended cleanly). */
    public final long droppedTailBytes;

    Opened(Journal journal, List<byte[]> payloads, long droppedTailBytes) {
      this.journal = journal;
      this.payloads = payloads;
      this.droppedTailBytes = droppedTailBytes;
    }
  }

  /** Thrown when the file is corrupt; it has already been renamed to {@link #setAside}. */
  public static final class CorruptJournalException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Where the corrupt file now is. */
    public final transient Path setAside;
    /** The byte offset of the first bad record or header. */
    public final long offset;
    /** The whole records before the corruption. */
    public final int goodRecords;

    CorruptJournalException(String message, Path setAside, long offset, int goodRecords) {
      super(message);
      this.setAside = setAside;
      this.offset = offset;
      this.goodRecords = goodRecords;
    }
  }

  /**
   * Opens the journal at {@code file}, creating it (durably) when it does not exist, and reads
   * every record back.
   *
   * @param file the journal file
   * @return the journal and its payloads
   * @throws CorruptJournalException when the file is corrupt (it has been set aside)
   * @throws IOException when the file cannot be read or written
   */
  public static Opened open(Path file) throws IOException {
    Path temp = tempOf(file);
    Files.deleteIfExists(temp); // a compaction that never reached its rename; the journal is intact
    if (!Files.exists(file)) {
      writeAtomically(file, Collections.<byte[]>emptyList());
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long length = channel.size();
      ByteBuffer whole = ByteBuffer.allocate(checkedLength(length, file, channel));
      while (whole.hasRemaining()) {
        if (channel.read(whole, whole.position()) < 0) {
          break;
        }
      }
      byte[] bytes = whole.array();
      List<byte[]> payloads = new ArrayList<>();
      long end = scan(bytes, payloads, file, channel);
      if (end < length) {
        channel.truncate(end);
        channel.force(true);
      }
      channel.position(end);
      return new Opened(new Journal(file, channel, end, payloads.size()), payloads, length - end);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static int checkedLength(long length, Path file, FileChannel channel) throws IOException {
    if (length > Integer.MAX_VALUE - 64) {
      closeQuietly(channel);
      throw corrupt(file, 0, 0, "the file is " + length + " bytes long, more than a journal can be");
    }
    return (int) length;
  }

  /** Checks every record; returns where the last whole record ends. */
  private static long scan(byte[] bytes, List<byte[]> payloads, Path file, FileChannel channel)
      throws IOException {
    if (bytes.length < FILE_HEADER.length) {
      closeQuietly(channel);
      throw corrupt(file, 0, 0, "the file header is incomplete (" + bytes.length + " bytes)");
    }
    for (int i = 0; i < FILE_HEADER.length; i++) {
      if (bytes[i] != FILE_HEADER[i]) {
        closeQuietly(channel);
        throw corrupt(file, 0, 0, "the file does not start with an outbox journal header");
      }
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int position = FILE_HEADER.length;
    while (position < bytes.length) {
      int remaining = bytes.length - position;
      if (remaining < RECORD_HEADER) {
        return position; // the file ends inside a record header: a torn append
      }
      int length = buffer.getInt(position);
      int payloadCrc = buffer.getInt(position + 4);
      int headerCrc = buffer.getInt(position + 8);
      if (crc(bytes, position, 8) != headerCrc) {
        if (allZero(bytes, position)) {
          return position; // space allocated, never written: a torn append
        }
        closeQuietly(channel);
        throw corrupt(file, position, payloads.size(), "record " + (payloads.size() + 1)
            + " at byte " + position + " has a damaged header (checksum mismatch)");
      }
      if (length < 0 || length > MAX_PAYLOAD) {
        closeQuietly(channel);
        throw corrupt(file, position, payloads.size(), "record " + (payloads.size() + 1)
            + " at byte " + position + " claims an impossible length " + length);
      }
      if (remaining - RECORD_HEADER < length) {
        return position; // the file ends inside the payload: a torn append
      }
      int start = position + RECORD_HEADER;
      if (crc(bytes, start, length) != payloadCrc) {
        closeQuietly(channel);
        throw corrupt(file, position, payloads.size(), "record " + (payloads.size() + 1)
            + " at byte " + position + " is damaged (payload checksum mismatch)");
      }
      byte[] payload = new byte[length];
      System.arraycopy(bytes, start, payload, 0, length);
      payloads.add(payload);
      position = start + length;
    }
    return position;
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static CorruptJournalException corrupt(Path file, long offset, int good, String what)
      throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file.getParent());
    return new CorruptJournalException(what, aside, offset, good);
  }

  /**
   * Appends records and forces them to the storage device before returning. On failure the file
   * is cut back to its previous length, so a later append never follows a partial record.
   *
   * @param payloads the records to append, in order
   * @throws IOException when writing or syncing fails
   */
  public void append(List<byte[]> payloads) throws IOException {
    if (broken) {
      throw new IOException("the journal could not be repaired after an earlier write failure");
    }
    if (payloads.isEmpty()) {
      return;
    }
    ByteBuffer buffer = encode(payloads);
    long before = size;
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer, size + buffer.position());
      }
      channel.force(false);
      size = before + buffer.limit();
      records += payloads.size();
    } catch (IOException e) {
      try {
        channel.truncate(before);
        channel.force(true);
      } catch (IOException again) {
        broken = true;
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /**
   * Replaces the journal with one holding exactly {@code payloads}: written to a temporary file,
   * forced, then renamed over the journal (atomic), then the directory is forced.
   *
   * @param payloads the live records, in order
   * @throws IOException when writing fails (the old journal is then still in place and used)
   */
  public void rewrite(List<byte[]> payloads) throws IOException {
    long newSize = writeAtomically(file, payloads);
    FileChannel reopened;
    try {
      reopened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      broken = true; // the old channel now points at a file that is no longer the journal
      throw e;
    }
    closeQuietly(channel);
    channel = reopened;
    size = newSize;
    records = payloads.size();
    broken = false;
  }

  private static long writeAtomically(Path file, List<byte[]> payloads) throws IOException {
    Path temp = tempOf(file);
    ByteBuffer buffer = encode(payloads);
    ByteBuffer header = ByteBuffer.wrap(FILE_HEADER);
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (header.hasRemaining()) {
        out.write(header);
      }
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(file.getParent());
    return FILE_HEADER.length + (long) buffer.limit();
  }

  /** Forces a directory's entries (a rename or a new file) to storage where the platform can. */
  static void syncDirectory(@Nullable Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException e) {
      // Some platforms cannot open a directory as a channel; the rename itself is still atomic.
    }
  }

  private static ByteBuffer encode(List<byte[]> payloads) {
    int total = 0;
    for (byte[] payload : payloads) {
      if (payload.length > MAX_PAYLOAD) {
        throw new IllegalArgumentException("record of " + payload.length + " bytes is too large");
      }
      total += RECORD_HEADER + payload.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
    for (byte[] payload : payloads) {
      int start = buffer.position();
      buffer.putInt(payload.length);
      buffer.putInt(crc(payload, 0, payload.length));
      buffer.putInt(crc(buffer.array(), start, 8));
      buffer.put(payload);
    }
    buffer.flip();
    return buffer;
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private static Path tempOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /**
   * Closes the journal and renames it aside, for a record whose checksum matched but whose
   * content this version cannot read.
   *
   * @param what what was wrong
   * @param goodRecords the records read before it
   * @return the exception to throw
   * @throws IOException when the rename fails
   */
  public CorruptJournalException setAside(String what, int goodRecords) throws IOException {
    closeQuietly(channel);
    return corrupt(file, 0, goodRecords, what);
  }

  /** Returns how many records the file holds (live or superseded). */
  public int records() {
    return records;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  static void closeQuietly(@Nullable Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
