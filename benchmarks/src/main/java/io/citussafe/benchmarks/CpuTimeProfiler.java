package io.citussafe.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time the benchmark's JVM spends per operation ({@code cpu.time.norm}, ns/op), beside
 * JMH's wall-clock score. On a machine that other work shares, a benchmark thread waits for a
 * core for part of each iteration and its wall-clock time grows with the neighbours' load; the
 * CPU time it consumed does not. It counts every thread of the fork, so work a wrapper hands to
 * other threads (a cache's maintenance on a pool thread) and garbage collection are included,
 * as they are costs of the operation; compilation is over by the measured iterations.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StatementExecuteBenchmark -prof io.citussafe.benchmarks.CpuTimeProfiler
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {

  static final String LABEL = "cpu.time.norm";

  private final com.sun.management.OperatingSystemMXBean os;
  private long before;

  public CpuTimeProfiler() {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    if (!(bean instanceof com.sun.management.OperatingSystemMXBean)) {
      throw new IllegalStateException("this JVM does not report its process CPU time");
    }
    this.os = (com.sun.management.OperatingSystemMXBean) bean;
  }

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = os.getProcessCpuTime() - before;
    long ops = result.getMetadata().getAllOps();
    double perOp = ops == 0 ? Double.NaN : cpu / (double) ops;
    return List.of(new ScalarResult(LABEL, perOp, "ns/op", AggregationPolicy.AVG));
  }
}
