package io.citussafe.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the benchmarks compiling and runnable: every run of the {@link Report}
 * ({@link JmhRuns#specs}), each parameter combination for one short iteration in this JVM, Citus
 * tables of a thousand rows. No timing is checked, and none could be: benchmarks are not tests.
 * The Citus benchmarks are skipped, with one line saying why, where there is no Citus cluster.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmark_runsOneShortIteration() throws RunnerException {
    String noCitus = Servers.citusUnavailableReason();
    if (noCitus != null) {
      System.out.println("*** CITUS BENCHMARKS SKIPPED: " + noCitus + " ***");
    }
    for (JmhRuns.Spec spec : JmhRuns.specs()) {
      if (spec.citus() && noCitus != null) {
        continue;
      }
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include(spec.include())
          .forks(0)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(20))
          .addProfiler(CpuTimeProfiler.class)
          .verbosity(VerboseMode.SILENT)
          .shouldFailOnError(true);
      spec.params().forEach(options::param);
      if (spec.citus()) {
        options.param("rows", "1000");
      }
      Collection<RunResult> results = new Runner(options.build()).run();
      assertFalse(results.isEmpty(), "no result from " + spec.include());
    }
  }

  @Test
  void lockLightLatency_quickRunMeasuresEveryStatementBothWays() throws Exception {
    String noCitus = Servers.citusUnavailableReason();
    if (noCitus != null) {
      System.out.println("*** CITUS BENCHMARKS SKIPPED: " + noCitus + " ***");
      return;
    }
    List<LockLightLatency.Run> runs = new LockLightLatency(Servers.citusUrl(), true).measure();
    assertEquals(8, runs.size(), runs.toString());
  }

  @Test
  void classifierCacheScale_measures() {
    ClassifierCacheScale.Result result = ClassifierCacheScale.measure(2_000);
    assertEquals(2_000, result.distinct());
  }
}
