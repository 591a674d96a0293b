package org.nlpearl4j.sandbox.internal;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes 24-hex-digit ids shaped like MongoDB ObjectIds, as NLPearl's are: 4 bytes of seconds since
 * the epoch, 5 bytes fixed per sandbox, 3 bytes of a counter. Unique within a sandbox as long as
 * fewer than 16.7 million ids are made in one second.
 */
public final class ObjectIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Clock clock;
  private final byte[] machine = new byte[5];
  private final AtomicInteger counter;

  /** Ids from this generator are the same for the same seed, clock and call order. */
  public ObjectIds(Clock clock, Random random) {
    this.clock = clock;
    random.nextBytes(machine);
    this.counter = new AtomicInteger(random.nextInt(0x1000000));
  }

  /** The next id. */
  public String next() {
    long seconds = clock.instant().getEpochSecond();
    int count = counter.getAndIncrement() & 0xFFFFFF;
    char[] out = new char[24];
    int pos = 0;
    pos = hex(out, pos, seconds, 4);
    for (byte b : machine) {
      pos = hex(out, pos, b & 0xFF, 1);
    }
    hex(out, pos, count, 3);
    return new String(out);
  }

  private static int hex(char[] out, int pos, long value, int bytes) {
    for (int i = bytes * 2 - 1; i >= 0; i--) {
      out[pos++] = HEX[(int) (value >>> (i * 4)) & 0xF];
    }
    return pos;
  }
}
