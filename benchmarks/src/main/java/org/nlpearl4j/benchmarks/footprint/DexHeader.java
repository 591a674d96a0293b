package org.nlpearl4j.benchmarks.footprint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The counts in a dex file's header: how many strings, types, fields and methods it references.
 *
 * <p>The method count is {@code method_ids_size} (offset 88), the number the 64K-method limit is about:
 * every method the dex defines or calls, once each.
 */
public final class DexHeader {

  private static final int HEADER_SIZE = 0x70;

  private final long fileSize;
  private final int stringIds;
  private final int typeIds;
  private final int fieldIds;
  private final int methodIds;
  private final int classDefs;

  private DexHeader(long fileSize, int stringIds, int typeIds, int fieldIds, int methodIds, int classDefs) {
    this.fileSize = fileSize;
    this.stringIds = stringIds;
    this.typeIds = typeIds;
    this.fieldIds = fieldIds;
    this.methodIds = methodIds;
    this.classDefs = classDefs;
  }

  /** Reads the header of one dex file. */
  public static DexHeader read(Path dex) throws IOException {
    return parse(Files.readAllBytes(dex));
  }

  /** Parses the header at the start of {@code bytes}, checking the magic and endianness tag. */
  public static DexHeader parse(byte[] bytes) {
    if (bytes.length < HEADER_SIZE || bytes[0] != 'd' || bytes[1] != 'e' || bytes[2] != 'x' || bytes[3] != '\n') {
      throw new IllegalArgumentException("not a dex file: bad magic");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    if (header.getInt(40) != 0x12345678) {
      throw new IllegalArgumentException("not a little-endian dex file: endian_tag " + Integer.toHexString(header.getInt(40)));
    }
    long fileSize = Integer.toUnsignedLong(header.getInt(32));
    if (fileSize != bytes.length) {
      throw new IllegalArgumentException("dex header says " + fileSize + " bytes, file has " + bytes.length);
    }
    return new DexHeader(fileSize, header.getInt(56), header.getInt(64), header.getInt(80), header.getInt(88),
        header.getInt(96));
  }

  /** Returns the file size recorded in the header (checked against the real size). */
  public long getFileSize() {
    return fileSize;
  }

  /** Returns {@code string_ids_size}. */
  public int getStringIds() {
    return stringIds;
  }

  /** Returns {@code type_ids_size}. */
  public int getTypeIds() {
    return typeIds;
  }

  /** Returns {@code field_ids_size}: the field references. */
  public int getFieldIds() {
    return fieldIds;
  }

  /** Returns {@code method_ids_size}: the method references. */
  public int getMethodIds() {
    return methodIds;
  }

  /** Returns {@code class_defs_size}: the classes the dex defines. */
  public int getClassDefs() {
    return classDefs;
  }
}
