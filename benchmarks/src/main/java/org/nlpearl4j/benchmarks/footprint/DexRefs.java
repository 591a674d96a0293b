package org.nlpearl4j.benchmarks.footprint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attributes a shrunk dex's method references and class definitions to the original packages,
 * by reading the dex's type and method tables and undoing R8's renaming with its mapping file.
 */
public final class DexRefs {

  private static final Pattern CLASS_LINE = Pattern.compile("^(\\S+) -> (\\S+):$");

  private DexRefs() {
  }

  /** Method references and class definitions per library, in that order. */
  public static Map<String, int[]> byLibrary(Path dex, Path mapping) throws IOException {
    Map<String, String> original = new HashMap<>();
    if (Files.isRegularFile(mapping)) {
      for (String line : Files.readAllLines(mapping, StandardCharsets.UTF_8)) {
        Matcher m = CLASS_LINE.matcher(line);
        if (m.matches()) {
          original.put(m.group(2), m.group(1));
        }
      }
    }
    byte[] bytes = Files.readAllBytes(dex);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int stringIdsOff = b.getInt(60);
    int typeIdsSize = b.getInt(64);
    int typeIdsOff = b.getInt(68);
    int methodIdsSize = b.getInt(88);
    int methodIdsOff = b.getInt(92);
    int classDefsSize = b.getInt(96);
    int classDefsOff = b.getInt(100);
    String[] typeLibrary = new String[typeIdsSize];
    for (int t = 0; t < typeIdsSize; t++) {
      int descriptorIdx = b.getInt(typeIdsOff + 4 * t);
      String descriptor = string(bytes, b.getInt(stringIdsOff + 4 * descriptorIdx));
      typeLibrary[t] = library(descriptor, original);
    }
    Map<String, int[]> counts = new TreeMap<>();
    for (int i = 0; i < methodIdsSize; i++) {
      int classIdx = b.getShort(methodIdsOff + 8 * i) & 0xffff;
      counts.computeIfAbsent(typeLibrary[classIdx], k -> new int[2])[0]++;
    }
    for (int i = 0; i < classDefsSize; i++) {
      int classIdx = b.getInt(classDefsOff + 32 * i);
      counts.computeIfAbsent(typeLibrary[classIdx], k -> new int[2])[1]++;
    }
    return counts;
  }

  /** The library a type belongs to, named by its original package's first segments. */
  static String library(String descriptor, Map<String, String> original) {
    if (!descriptor.startsWith("L")) {
      return "(arrays and primitives)";
    }
    String name = descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
    name = original.getOrDefault(name, name);
    String[] groups = {"org.nlpearl4j.benchmarks.stock", "org.nlpearl4j.benchmarks.footprint", "org.nlpearl4j",
        "io.reactivex.rxjava3", "org.reactivestreams", "retrofit2", "com.squareup.moshi", "okhttp3", "okio",
        "kotlin", "com.google.gson", "io.gsonfire", "java", "javax", "android", "dalvik", "sun"};
    for (String group : groups) {
      if (name.startsWith(group + ".")) {
        return group;
      }
    }
    int second = name.indexOf('.', name.indexOf('.') + 1);
    return second > 0 ? name.substring(0, second) + " (other)" : "(default package: R8-repackaged)";
  }

  private static String string(byte[] bytes, int offset) {
    int pos = offset;
    // uleb128 length in UTF-16 units, then MUTF-8 bytes ending in 0
    while ((bytes[pos] & 0x80) != 0) {
      pos++;
    }
    pos++;
    int end = pos;
    while (bytes[end] != 0) {
      end++;
    }
    return new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
  }
}
