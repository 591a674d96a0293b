package org.nlpearl4j.outbox;

import java.io.File;

/**
 * The outbox's journal is damaged (a checksum does not match), so it cannot be trusted. The file
 * has been renamed aside, not emptied: {@link #getSetAsideFile()} names it, and opening the outbox
 * again starts with an empty journal. Leads in the damaged file are not sent.
 *
 * <p>A write cut short by a crash or power loss is not corruption: its record was never
 * acknowledged and is dropped silently.
 */
public final class OutboxCorruptException extends OutboxException {
  private static final long serialVersionUID = 1L;
  private final File setAsideFile;
  private final long offset;
  private final int goodRecords;

  /**
   * Creates the exception.
   *
   * @param directory the outbox's directory
   * @param setAsideFile where the damaged journal now is
   * @param offset the byte offset of the damage
   * @param goodRecords the whole records before the damage
   * @param detail what was found
   */
  public OutboxCorruptException(
      File directory, File setAsideFile, long offset, int goodRecords, String detail) {
    super("the outbox journal in " + directory + " is corrupt: " + detail + "; it was set aside as "
        + setAsideFile.getName(), directory, null);
    this.setAsideFile = setAsideFile;
    this.offset = offset;
    this.goodRecords = goodRecords;
  }

  /**
   * Returns where the damaged journal was moved.
   *
   * @return the file, next to the journal
   */
  public File getSetAsideFile() {
    return setAsideFile;
  }

  /**
   * Returns the byte offset of the first damaged record (or 0 for a damaged file header).
   *
   * @return the offset
   */
  public long getOffset() {
    return offset;
  }

  /**
   * Returns how many whole records precede the damage.
   *
   * @return the count
   */
  public int getGoodRecords() {
    return goodRecords;
  }
}
