package org.nlpearl4j.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs simulation steps when their time comes: on a background thread, or when a manual clock is advanced. */
public interface SimulationTimer extends AutoCloseable {

  /** Runs {@code task} at {@code due} (or as soon as possible after). */
  void schedule(Instant due, Runnable task);

  /** Stops running tasks; pending ones are dropped. */
  @Override
  void close();

  /** A timer on a daemon thread that waits in real time, measured against {@code clock}. */
  static SimulationTimer realTime(Clock clock) {
    return new RealTime(clock);
  }

  /** A timer that runs due tasks only when {@link Manual#runDue(Instant)} is called. */
  static Manual manual() {
    return new Manual();
  }

  /** See {@link #realTime(Clock)}. */
  final class RealTime implements SimulationTimer {
    private final Clock clock;
    private final ScheduledExecutorService executor;

    RealTime(Clock clock) {
      this.clock = clock;
      this.executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "nlpearl-sandbox-simulation");
                thread.setDaemon(true);
                return thread;
              });
    }

    @Override
    public void schedule(Instant due, Runnable task) {
      long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
      if (!executor.isShutdown()) {
        try {
          executor.schedule(task, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          // The sandbox is closing; the step is dropped.
        }
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** See {@link #manual()}. Tasks due at the same instant run in the order they were scheduled. */
  final class Manual implements SimulationTimer {
    private final PriorityQueue<Item> queue = new PriorityQueue<>();
    private long order;
    private boolean closed;

    private static final class Item implements Comparable<Item> {
      final Instant due;
      final long order;
      final Runnable task;

      Item(Instant due, long order, Runnable task) {
        this.due = due;
        this.order = order;
        this.task = task;
      }

      @Override
      public int compareTo(Item other) {
        int byTime = due.compareTo(other.due);
        return byTime != 0 ? byTime : Long.compare(order, other.order);
      }
    }

    @Override
    public synchronized void schedule(Instant due, Runnable task) {
      if (!closed) {
        queue.add(new Item(due, order++, task));
      }
    }

    /** Runs, in time order, every task due at or before {@code now}, including tasks they schedule. */
    public void runDue(Instant now) {
      while (true) {
        Item next = take(now);
        if (next == null) {
          return;
        }
        next.task.run();
      }
    }

    private synchronized @Nullable Item take(Instant now) {
      Item head = queue.peek();
      if (head == null || head.due.isAfter(now) || closed) {
        return null;
      }
      return queue.poll();
    }

    /** How many tasks are waiting. */
    public synchronized int pending() {
      return queue.size();
    }

    @Override
    public synchronized void close() {
      closed = true;
      queue.clear();
    }
  }
}
