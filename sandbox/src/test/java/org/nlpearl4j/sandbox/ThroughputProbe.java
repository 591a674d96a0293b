package org.nlpearl4j.sandbox;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Not a test: a rough throughput probe behind the README's figures. 64 OkHttp clients add leads
 * for a while after a warm-up and the probe prints requests per second and latency percentiles.
 *
 * <pre>
 * ./mvnw -q -pl sandbox test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.nlpearl4j.sandbox.ThroughputProbe -Dexec.args="true 10"
 * </pre>
 *
 * Arguments: contract check on or off, seconds to measure.
 */
public final class ThroughputProbe {
  private static final int CLIENTS = 64;

  private ThroughputProbe() {}

  public static void main(String[] args) throws Exception {
    boolean check = args.length > 0 && Boolean.parseBoolean(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (NlPearlSandbox sandbox = NlPearlSandbox.builder().contractCheck(check).recordLimit(0).start()) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(256);
      OkHttpClient client =
          new OkHttpClient.Builder()
              .dispatcher(dispatcher)
              .connectionPool(new ConnectionPool(128, 1, TimeUnit.MINUTES))
              .build();
      Request request =
          new Request.Builder()
              .url(sandbox.baseUrl() + "v1/Outbound/bench/Lead")
              .header("Authorization", "Bearer " + NlPearlSandbox.DEFAULT_TOKEN)
              .put(RequestBody.create("{\"phoneNumber\":\"+14155550123\",\"externalId\":\"x\",\"callData\":{\"a\":\"b\"}}", Http.JSON))
              .build();
      run(client, request, 3);
      long before = sandbox.counters().getRequests();
      long[] latencies = run(client, request, seconds);
      long count = sandbox.counters().getRequests() - before;
      Arrays.sort(latencies);
      System.out.printf(
          "contractCheck=%s clients=%d: %d requests in %d s = %.0f req/s, p50=%.2f ms, p99=%.2f ms, non-200=%d%n",
          check,
          CLIENTS,
          count,
          seconds,
          count / (double) seconds,
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          sandbox.counters().getRequests() - sandbox.counters().getRequestsWithStatus(200));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static long[] run(OkHttpClient client, Request request, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    for (int i = 0; i < CLIENTS; i++) {
      pool.execute(
          () -> {
            while (System.nanoTime() < end) {
              long start = System.nanoTime();
              try (Response response = client.newCall(request).execute()) {
                response.body().string();
                if (response.code() != 200) {
                  throw new IllegalStateException("HTTP " + response.code());
                }
              } catch (Exception e) {
                e.printStackTrace();
                return;
              }
              latencies.add(System.nanoTime() - start);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    return latencies.stream().mapToLong(Long::longValue).toArray();
  }
}
