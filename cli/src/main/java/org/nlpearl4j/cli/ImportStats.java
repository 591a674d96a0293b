package org.nlpearl4j.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one import, updated as rows finish and read by the progress display from another
 * thread.
 */
final class ImportStats {
  private final long startNanos = System.nanoTime();
  private volatile long totalRows = -1;
  private volatile long alreadyAdded;
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();
  private final Map<String, Long> failedByType = new TreeMap<>();
  private volatile long endNanos;

  void start(long totalRows, long alreadyAdded) {
    this.totalRows = totalRows;
    this.alreadyAdded = alreadyAdded;
  }

  /** A row was read and is now buffered or in flight until its result is written. */
  void rowRead() {
    read.incrementAndGet();
    long now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
  }

  /** A valid row was handed to the API. */
  void rowSent() {
    sent.incrementAndGet();
  }

  /** A row's result was written. */
  void rowFinished(ImportResult result) {
    if (result.added()) {
      added.incrementAndGet();
    } else {
      failed.incrementAndGet();
      synchronized (failedByType) {
        failedByType.merge(String.valueOf(result.errorType()), 1L, Long::sum);
      }
    }
    inFlight.decrementAndGet();
  }

  void finish() {
    endNanos = System.nanoTime();
  }

  /** Returns the number of lead rows in the CSV, or -1 before they are counted. */
  long totalRows() {
    return totalRows;
  }

  /** Returns how many rows an earlier run had added (skipped by --resume). */
  long alreadyAdded() {
    return alreadyAdded;
  }

  /** Returns how many rows this run has to do: all rows less those already added. */
  long toDo() {
    return totalRows < 0 ? -1 : totalRows - alreadyAdded;
  }

  long read() {
    return read.get();
  }

  long added() {
    return added.get();
  }

  long failed() {
    return failed.get();
  }

  long finished() {
    return added.get() + failed.get();
  }

  long sent() {
    return sent.get();
  }

  /** Returns how many rows are read but not yet in the results file. */
  long inFlight() {
    return inFlight.get();
  }

  /** Returns the most rows ever read but not yet in the results file at the same time. */
  long maxInFlight() {
    return maxInFlight.get();
  }

  Map<String, Long> failedByType() {
    synchronized (failedByType) {
      return new TreeMap<>(failedByType);
    }
  }

  /** Returns the time since the import started, or its duration once finished. */
  long elapsedNanos() {
    long end = endNanos;
    return (end == 0 ? System.nanoTime() : end) - startNanos;
  }
}
