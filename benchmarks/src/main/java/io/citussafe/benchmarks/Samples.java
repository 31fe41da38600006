package io.citussafe.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The samples of one combination, one per measured iteration over all forks: the score
 * (wall-clock), the process CPU time per operation and the bytes allocated per operation.
 */
final class Samples {

  final List<Double> scores = new ArrayList<>();
  final List<Double> cpu = new ArrayList<>();
  final List<Double> allocations = new ArrayList<>();
  String unit;

  double median() {
    return percentile(scores, 50);
  }

  /** Half the interquartile range: the spread shown as ±. */
  double spread() {
    return spread(scores);
  }

  double cpu() {
    return percentile(cpu, 50);
  }

  double cpuSpread() {
    return spread(cpu);
  }

  double allocation() {
    return percentile(allocations, 50);
  }

  private static double spread(List<Double> values) {
    return (percentile(values, 75) - percentile(values, 25)) / 2;
  }

  /** The {@code percent} percentile, interpolated between neighbours; NaN when there are no values. */
  static double percentile(List<Double> values, double percent) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double position = percent / 100 * (sorted.size() - 1);
    int low = (int) Math.floor(position);
    int high = (int) Math.ceil(position);
    return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (position - low);
  }
}
