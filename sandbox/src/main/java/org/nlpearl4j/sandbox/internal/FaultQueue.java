package org.nlpearl4j.sandbox.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/** Faults waiting for the next requests, first in first out; each entry covers a number of requests. */
public final class FaultQueue {
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long pending;

  private static final class Entry {
    final Fault fault;
    int remaining;

    Entry(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  /** Queues {@code fault} for the next {@code count} requests after those already queued. */
  public synchronized void add(Fault fault, int count) {
    entries.addLast(new Entry(fault, count));
    pending += count;
  }

  /** The fault for the request arriving now, or null. */
  public synchronized @Nullable Fault poll() {
    Entry head = entries.peekFirst();
    if (head == null) {
      return null;
    }
    if (--head.remaining == 0) {
      entries.removeFirst();
    }
    pending--;
    return head.fault;
  }

  /** How many requests still have a fault waiting for them. */
  public synchronized long pending() {
    return pending;
  }

  /** Drops every waiting fault. */
  public synchronized void clear() {
    entries.clear();
    pending = 0;
  }
}
