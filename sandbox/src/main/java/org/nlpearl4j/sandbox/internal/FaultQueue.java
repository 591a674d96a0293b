package org.nlpearl4j.sandbox.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Faults waiting for the next requests, first in first out (each entry covers a number of
 * requests), and an optional random source of faults (a mix) for requests with nothing queued.
 */
public final class FaultQueue {
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long pending;
  private volatile @Nullable Mixer mixer;

  /** Draws the fault of the {@code index}-th request since the mix was set (from 0), or null. */
  public interface Draw {
    @Nullable Fault draw(long index);
  }

  private static final class Entry {
    final Fault fault;
    int remaining;

    Entry(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private static final class Mixer {
    final Draw draw;
    final AtomicLong next = new AtomicLong();

    Mixer(Draw draw) {
      this.draw = draw;
    }
  }

  /** Queues {@code fault} for the next {@code count} requests after those already queued. */
  public synchronized void add(Fault fault, int count) {
    entries.addLast(new Entry(fault, count));
    pending += count;
  }

  /**
   * Uses {@code draw} for requests with no queued fault, counting requests from 0 now; null stops
   * the mix.
   */
  public void mix(@Nullable Draw draw) {
    mixer = draw == null ? null : new Mixer(draw);
  }

  /**
   * The fault for the request arriving now, or null. A queued fault wins; the request still takes
   * its number in the mix, so the mix's choice for every later request does not depend on how
   * many faults were queued.
   */
  public @Nullable Fault poll() {
    Mixer current = mixer;
    long index = current == null ? -1 : current.next.getAndIncrement();
    synchronized (this) {
      Entry head = entries.peekFirst();
      if (head != null) {
        if (--head.remaining == 0) {
          entries.removeFirst();
        }
        pending--;
        return head.fault;
      }
    }
    return current == null ? null : current.draw.draw(index);
  }

  /** How many requests still have a queued fault waiting for them. */
  public synchronized long pending() {
    return pending;
  }

  /** Drops every queued fault (the mix stays). */
  public synchronized void clear() {
    entries.clear();
    pending = 0;
  }
}
