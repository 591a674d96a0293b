package org.nlpearl4j.sandbox.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's built-in HTTP server ({@code com.sun.net.httpserver}) with a thread pool: one selector
 * thread accepts and parses connections, each exchange runs on a pool thread. The pool grows on
 * demand (a delay fault holds its thread) and idle threads end after a minute.
 */
public final class Server {
  private static final int BACKLOG = 512;
  private static final int MAX_THREADS = 512;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  /** Binds to {@code host:port} (0 picks a free port); the server is not started yet. */
  public Server(String host, int port, SandboxHandler handler) throws IOException {
    // The JDK server leaves Nagle's algorithm on unless told otherwise; small JSON answers would
    // then wait for the client's delayed ACK. The property is read once, when the server class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
    this.executor =
        new ThreadPoolExecutor(
            0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<Runnable>(), new Threads());
    server.setExecutor(executor);
    server.createContext("/", handler);
  }

  /** Starts serving. */
  public void start() {
    server.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting, closes open connections and ends the pool threads. */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static final class Threads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, "nlpearl-sandbox-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
