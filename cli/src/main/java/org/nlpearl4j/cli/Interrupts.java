package org.nlpearl4j.cli;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How Ctrl-C reaches a long-running command.
 *
 * <p>A command {@linkplain #register registers} what to do when the user interrupts (stop sending)
 * and closes the registration when it has finished its work (results flushed, summary printed).
 * With {@link #shutdownHook()} the JVM waits for that before it exits.
 */
public interface Interrupts {
  /**
   * Registers a handler for Ctrl-C.
   *
   * @param onInterrupt asks the command to stop; must not block
   * @return a registration to close once the command has finished
   */
  Registration register(Runnable onInterrupt);

  /** An active Ctrl-C handler; closing it says the command has finished. */
  interface Registration extends AutoCloseable {
    /** Says the command has finished; the process may now exit. */
    @Override
    void close();
  }

  /**
   * Returns interrupts that never happen.
   *
   * @return the no-op implementation
   */
  static Interrupts none() {
    return onInterrupt -> () -> { };
  }

  /**
   * Returns interrupts delivered by a JVM shutdown hook (SIGINT, SIGTERM): the hook asks the
   * command to stop, then keeps the JVM alive until the command has finished, at most ten minutes.
   *
   * @return the shutdown-hook implementation
   */
  static Interrupts shutdownHook() {
    return onInterrupt -> {
      Objects.requireNonNull(onInterrupt, "onInterrupt");
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        onInterrupt.run();
        try {
          finished.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "nlpearl-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running: it returns now that finished is counted down.
        }
      };
    };
  }
}
