package io.citussafe.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of every combination the report ran, read from the JSON files JMH wrote, one file
 * per run: the report's figures come from these files only, so the same files always give the
 * same RESULTS.md. The forks of one combination, from different rounds, are pooled.
 */
final class Measurements {

  private static final String ALLOCATION = "gc.alloc.rate.norm";

  private final Map<String, Samples> samples = new TreeMap<>();

  /**
   * Adds the results in {@code json}, a file JMH wrote with {@code -rf json}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not JMH's JSON
   */
  void read(Path json) throws IOException {
    for (Object run : (List<?>) JmhJson.parse(Files.readString(json, StandardCharsets.UTF_8))) {
      add((Map<?, ?>) run);
    }
  }

  private void add(Map<?, ?> run) {
    Map<String, String> params = new TreeMap<>();
    if (run.get("params") instanceof Map<?, ?> named) {
      named.forEach((name, value) -> params.put((String) name, (String) value));
    }
    Samples s = samples.computeIfAbsent(key((String) run.get("benchmark"), params), k -> new Samples());
    Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
    s.unit = (String) primary.get("scoreUnit");
    addRaw(primary, s.scores);
    Map<?, ?> secondary = (Map<?, ?>) run.get("secondaryMetrics");
    if (secondary != null && secondary.get(ALLOCATION) instanceof Map<?, ?> allocation) {
      addRaw(allocation, s.allocations);
    }
    if (secondary != null && secondary.get(CpuTimeProfiler.LABEL) instanceof Map<?, ?> cpu) {
      addRaw(cpu, s.cpu);
    }
  }

  /** A metric's {@code rawData}: one list per fork of one value per measured iteration. */
  private static void addRaw(Map<?, ?> metric, List<Double> into) {
    for (Object fork : (List<?>) metric.get("rawData")) {
      for (Object iteration : (List<?>) fork) {
        into.add(JmhJson.number(iteration));
      }
    }
  }

  /** {@code Class.method[k=v,…]} with the parameters sorted by name. */
  static String key(String benchmark, Map<String, String> params) {
    String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
    return simple + new TreeMap<>(params);
  }

  /** The samples of {@code Class.method} with exactly these parameters, or null if it did not run. */
  Samples get(String benchmark, Map<String, String> params) {
    return samples.get(key("x." + benchmark, params));
  }
}
