package org.nlpearl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nlpearl4j.internal.Pacer;

/**
 * The counters of one import, updated as rows finish and read by the progress display from another
 * thread.
 */
final class ImportStats {
  private final long startNanos = System.nanoTime();
  private volatile long totalRows = -1;
  private volatile long alreadyAdded;
  private volatile long alreadyUnknown;
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong addedWithoutId = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();
  private final Map<String, Long> failedByReason = new TreeMap<>();
  private final Map<String, Long> unknownByReason = new TreeMap<>();
  private final List<ImportResult> unknownSample = new ArrayList<>();
  private volatile long endNanos;
  private volatile @org.jspecify.annotations.Nullable Pacer pacer;

  /** Sets the pacer whose limit the progress display and the summary show. */
  void pacer(Pacer pacer) {
    this.pacer = pacer;
  }

  /** Returns the pacer of the import, or null. */
  @org.jspecify.annotations.Nullable Pacer pacer() {
    return pacer;
  }

  /**
   * Sets the totals known before the first row is sent.
   *
   * @param totalRows the rows in the CSV
   * @param alreadyAdded rows an earlier run added (skipped by --resume)
   * @param alreadyUnknown rows of unknown outcome an earlier run recorded and --resume leaves alone
   */
  void start(long totalRows, long alreadyAdded, long alreadyUnknown) {
    this.totalRows = totalRows;
    this.alreadyAdded = alreadyAdded;
    this.alreadyUnknown = alreadyUnknown;
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
    switch (result.outcome()) {
      case ADDED:
        added.incrementAndGet();
        if (result.leadId() == null || result.leadId().isEmpty()) {
          addedWithoutId.incrementAndGet();
        }
        break;
      case FAILED:
        failed.incrementAndGet();
        count(failedByReason, result.reason());
        break;
      default:
        unknown.incrementAndGet();
        count(unknownByReason, result.reason());
        synchronized (unknownSample) {
          if (unknownSample.size() < ResultsFile.UNKNOWN_SAMPLE) {
            unknownSample.add(result);
          }
        }
        break;
    }
    inFlight.decrementAndGet();
  }

  private static void count(Map<String, Long> byReason, String reason) {
    synchronized (byReason) {
      byReason.merge(String.valueOf(reason), 1L, Long::sum);
    }
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

  /** Returns how many rows of unknown outcome an earlier run recorded (left alone by --resume). */
  long alreadyUnknown() {
    return alreadyUnknown;
  }

  /** Returns how many rows this run has to do: all rows less those an earlier run settled. */
  long toDo() {
    return totalRows < 0 ? -1 : totalRows - alreadyAdded - alreadyUnknown;
  }

  long read() {
    return read.get();
  }

  /** Returns how many rows this run added, those whose id could not be read included. */
  long added() {
    return added.get();
  }

  /** Returns how many rows this run added whose lead id could not be read. */
  long addedWithoutId() {
    return addedWithoutId.get();
  }

  long failed() {
    return failed.get();
  }

  long unknown() {
    return unknown.get();
  }

  long finished() {
    return added.get() + failed.get() + unknown.get();
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

  /** Returns this run's failed rows counted by reason, e.g. {@code invalid -> 5}. */
  Map<String, Long> failedByReason() {
    synchronized (failedByReason) {
      return new TreeMap<>(failedByReason);
    }
  }

  /** Returns this run's rows of unknown outcome counted by reason. */
  Map<String, Long> unknownByReason() {
    synchronized (unknownByReason) {
      return new TreeMap<>(unknownByReason);
    }
  }

  /** Returns the first rows of unknown outcome this run wrote, to list them in the summary. */
  List<ImportResult> unknownSample() {
    synchronized (unknownSample) {
      return new ArrayList<>(unknownSample);
    }
  }

  /** Returns the time since the import started, or its duration once finished. */
  long elapsedNanos() {
    long end = endNanos;
    return (end == 0 ? System.nanoTime() : end) - startNanos;
  }
}
