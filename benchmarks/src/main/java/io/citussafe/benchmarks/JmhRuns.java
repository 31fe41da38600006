package io.citussafe.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH runs of the report: which benchmarks with which parameters, in rounds. Each parameter
 * combination gets one fork per round, and each round goes over all combinations, so that a
 * burst of another process's work lands in one fork of a combination rather than in all of it.
 * The servers, started once by the caller, are handed to the forks as system properties. JMH
 * writes each run's results as JSON, the only thing the report's figures are read from.
 */
final class JmhRuns {

  /**
   * One JMH run: the methods of one benchmark class with some parameter values (all values of a
   * parameter not named).
   */
  record Spec(Class<?> benchmark, String methods, Map<String, String[]> params, boolean citus) {

    String include() {
      return "^" + Pattern.quote(benchmark.getName()) + "\\.(" + methods + ")$";
    }
  }

  /** The runs of the full report, in order. */
  static List<Spec> specs() {
    String[] peersAndNone = {"NONE", "P6SPY", "DATASOURCE_PROXY", "AWS_WRAPPER"};
    List<Spec> specs = new ArrayList<>();
    // the peers and the stub alone have no cache: one cache state for them
    specs.add(new Spec(StatementExecuteBenchmark.class, "execute|execute_4threads",
        Map.of("wrapper", peersAndNone, "cache", new String[] {"NEARLY_EMPTY"}), false));
    specs.add(new Spec(StatementExecuteBenchmark.class, "execute|execute_4threads",
        Map.of("wrapper", new String[] {"CITUSSAFE"}, "text", new String[] {"NEW"},
            "cache", new String[] {"NEARLY_EMPTY"}), false));
    specs.add(new Spec(StatementExecuteBenchmark.class, "execute|execute_4threads",
        Map.of("wrapper", new String[] {"CITUSSAFE"}, "text", new String[] {"SAME_INSTANCE", "FRESH_STRING"}), false));
    specs.add(new Spec(PreparedExecuteBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(PrepareExecuteCloseBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(BatchBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(DdlBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(ClassifierBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(EndToEndBenchmark.class, ".*", Map.of(), false));
    specs.add(new Spec(DistributeBenchmark.class, ".*", Map.of(), true));
    specs.add(new Spec(BulkUpdateBenchmark.class, ".*", Map.of(), true));
    return specs;
  }

  private final RunSize size;
  private final String postgresUrl;
  private final String citusUrl;
  private final String noCitus;
  private final List<Double> loads = new ArrayList<>();

  /**
   * @param citusUrl the Citus cluster, or null when there is none; its runs are then skipped
   * @param noCitus why there is no Citus cluster, or null when there is one
   */
  JmhRuns(RunSize size, String postgresUrl, String citusUrl, String noCitus) {
    this.size = size;
    this.postgresUrl = postgresUrl;
    this.citusUrl = citusUrl;
    this.noCitus = noCitus;
  }

  /**
   * Runs every round, JMH writing each run's results into a file of {@code resultsDir}, and
   * reads them.
   *
   * @throws RunnerException if JMH cannot run a benchmark
   * @throws IOException if JMH's results cannot be read back
   */
  Measurements run(Path resultsDir) throws RunnerException, IOException {
    Measurements measurements = new Measurements();
    int run = 0;
    for (int round = 1; round <= size.rounds; round++) {
      for (Spec spec : specs()) {
        if (spec.citus() && citusUrl == null) {
          continue;
        }
        System.out.printf("%n=== round %d of %d: %s (%s) ===%n", round, size.rounds,
            spec.benchmark().getSimpleName(), spec.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue())).collect(Collectors.joining(" ")));
        loads.add(loadAverage());
        Path json = resultsDir.resolve(String.format("%02d-round%d-%s.json", ++run, round,
            spec.benchmark().getSimpleName()));
        new Runner(options(spec, json)).run();
        measurements.read(json);
      }
    }
    loads.add(loadAverage());
    return measurements;
  }

  /** The system load average when each run started, and once more at the end. */
  List<Double> loads() {
    return loads;
  }

  private Options options(Spec spec, Path json) {
    List<String> properties = new ArrayList<>();
    properties.add("-D" + Servers.POSTGRES_PROPERTY + "=" + postgresUrl);
    if (citusUrl != null) {
      properties.add("-D" + Servers.CITUS_PROPERTY + "=" + citusUrl);
    } else {
      properties.add("-D" + Servers.NO_CITUS_PROPERTY + "=" + noCitus);
    }
    ChainedOptionsBuilder builder = new OptionsBuilder()
        .include(spec.include())
        .forks(1)
        .jvmArgsAppend(properties.toArray(new String[0]))
        .verbosity(VerboseMode.NORMAL)
        .result(json.toString())
        .resultFormat(ResultFormatType.JSON);
    if (!spec.citus()) {
      builder.addProfiler(CpuTimeProfiler.class);
      if (spec.benchmark() != EndToEndBenchmark.class) {
        builder.addProfiler(GCProfiler.class);
      }
    }
    spec.params().forEach(builder::param);
    if (spec.benchmark() == DistributeBenchmark.class) {
      builder.param("rows", Integer.toString(size.distributeRows));
    } else if (spec.benchmark() == BulkUpdateBenchmark.class) {
      builder.param("rows", Integer.toString(size.bulkRows));
    }
    if (size.quick() && !spec.citus()) {
      builder.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
    } else if (size.quick()) {
      builder.warmupIterations(0).measurementIterations(1);
    }
    return builder.build();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
