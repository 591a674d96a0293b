package org.nlpearl4j.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Collections;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the whole benchmark JVM spent per operation
 * ({@code cpu.time.norm}, ns/op): every thread, including OkHttp's dispatcher and connection
 * threads, the GC and the JIT. Run the server in another process (see {@link SandboxProcess}) and
 * this is the client's CPU cost per call. Use it with {@code -prof org.nlpearl4j.benchmarks.support.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuBefore;

  @Override
  public String getDescription() {
    return "process CPU time per operation (all threads of the benchmark JVM)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuBefore = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuBefore;
    // All operations of the iteration, the ones in JMH's synchronisation phases too (like JMH's gc
    // profiler): the CPU window spans them. JMH has already scaled them by @OperationsPerInvocation.
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0 || cpu < 0) {
      return Collections.emptyList();
    }
    double perOp = (double) cpu / ops;
    return Collections.singletonList(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
  }
}
