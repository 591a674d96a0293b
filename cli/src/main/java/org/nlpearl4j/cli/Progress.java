package org.nlpearl4j.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nlpearl4j.internal.Pacer;

/**
 * Shows an import's progress on stderr: a redrawn bar with rate and ETA on a terminal, a plain line
 * every so often otherwise (logs, CI), or nothing.
 */
final class Progress implements AutoCloseable {
  /** How progress is shown. */
  enum Mode {
    /** A bar on a terminal, plain lines otherwise. */
    AUTO,
    /** A bar redrawn in place with carriage returns. */
    BAR,
    /** A plain line every interval. */
    LINES,
    /** Nothing. */
    NONE
  }

  private static final int BAR_WIDTH = 28;
  private static final long BAR_REFRESH_MILLIS = 200;

  private final Mode mode;
  private final ImportStats stats;
  private final PrintWriter err;
  private final ScheduledExecutorService timer;
  private int lastWidth;

  private Progress(Mode mode, ImportStats stats, PrintWriter err, Duration interval) {
    this.mode = mode;
    this.stats = stats;
    this.err = err;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "nlpearl-progress");
      thread.setDaemon(true);
      return thread;
    });
    long period = mode == Mode.BAR ? BAR_REFRESH_MILLIS : Math.max(1, interval.toMillis());
    if (mode != Mode.NONE) {
      timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts showing progress.
   *
   * @param mode the mode; {@link Mode#AUTO} picks the bar when {@code terminal}
   * @param terminal whether stderr is a terminal
   * @param interval how often a plain line is printed
   */
  static Progress start(Mode mode, boolean terminal, ImportStats stats, PrintWriter err,
      Duration interval) {
    Mode chosen = mode == Mode.AUTO ? (terminal ? Mode.BAR : Mode.LINES) : mode;
    return new Progress(chosen, stats, err, interval);
  }

  private synchronized void tick() {
    if (mode == Mode.BAR) {
      String bar = bar();
      StringBuilder line = new StringBuilder(bar.length() + 8).append('\r').append(bar);
      for (int i = bar.length(); i < lastWidth; i++) {
        line.append(' ');
      }
      lastWidth = bar.length();
      err.print(line);
      err.flush();
    } else if (mode == Mode.LINES) {
      err.println("nlpearl: " + status());
    }
  }

  /** Returns the bar line, e.g. {@code [#######.....]  40% 400/1000  52.1 rows/s  ETA 11s}. */
  String bar() {
    long toDo = stats.toDo();
    long finished = stats.finished();
    double fraction = toDo > 0 ? Math.min(1.0, (double) finished / toDo) : 0;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    StringBuilder line = new StringBuilder(96).append('[');
    for (int i = 0; i < BAR_WIDTH; i++) {
      line.append(i < filled ? '#' : '.');
    }
    line.append("] ").append(String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)))
        .append(' ').append(finished).append('/').append(toDo < 0 ? "?" : Long.toString(toDo))
        .append("  ").append(rate()).append(" rows/s");
    Pacer pacer = stats.pacer();
    if (pacer != null && pacer.adaptive()) {
      line.append("  limit ").append(pacer.limit());
    }
    String eta = eta();
    if (eta != null) {
      line.append("  ETA ").append(eta);
    }
    return line.toString();
  }

  /** Returns a plain status, e.g. {@code 400/1000 rows (40%), 390 added, 8 failed, 2 unknown, ...}. */
  String status() {
    long toDo = stats.toDo();
    long finished = stats.finished();
    StringBuilder line = new StringBuilder(96).append(finished).append('/')
        .append(toDo < 0 ? "?" : Long.toString(toDo)).append(" rows");
    if (toDo > 0) {
      line.append(" (").append(Math.round(100.0 * finished / toDo)).append("%)");
    }
    line.append(", ").append(stats.added()).append(" added, ").append(stats.failed())
        .append(" failed, ").append(stats.unknown()).append(" unknown, ").append(rate())
        .append(" rows/s");
    Pacer pacer = stats.pacer();
    if (pacer != null && pacer.adaptive()) {
      line.append(", limit ").append(pacer.limit()).append(" in flight");
    }
    String eta = eta();
    if (eta != null) {
      line.append(", ETA ").append(eta);
    }
    return line.toString();
  }

  private String rate() {
    return String.format(Locale.ROOT, "%.1f", perSecond(stats.finished(), stats.elapsedNanos()));
  }

  private @Nullable String eta() {
    long toDo = stats.toDo();
    long finished = stats.finished();
    double rate = perSecond(finished, stats.elapsedNanos());
    if (toDo < 0 || finished == 0 || rate <= 0) {
      return null;
    }
    long remaining = toDo - finished;
    if (remaining <= 0) {
      return null;
    }
    return Durations.human(Duration.ofMillis((long) (remaining / rate * 1000)));
  }

  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }

  /** Stops the display; the bar is drawn once more, complete, and its line ended. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (mode == Mode.BAR) {
        tick();
        err.println();
      }
    }
  }
}
