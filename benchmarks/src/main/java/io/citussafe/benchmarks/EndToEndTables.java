package io.citussafe.benchmarks;

import static io.citussafe.benchmarks.Cells.format1;

import io.citussafe.benchmarks.StubTables.StubRow;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * End to end on the embedded PostgreSQL: each wrapper's time per statement as a ratio to plain
 * pgjdbc's, measured (wall-clock, client CPU) and implied by what the wrapper adds on the stub,
 * which is measured to a few nanoseconds where the round trip varies by tens of microseconds.
 */
final class EndToEndTables {

  /** The end-to-end rows: benchmark method, statement, threads. */
  static final String[][] END_TO_END = {{"selectOne", "`SELECT 1` (Statement)", "1"},
      {"selectOne_8threads", "`SELECT 1` (Statement)", "8"},
      {"selectById", "primary-key SELECT (prepared)", "1"}, {"selectById_8threads", "primary-key SELECT (prepared)", "8"},
      {"update", "UPDATE by key (prepared)", "1"}, {"update_8threads", "UPDATE by key (prepared)", "8"}};

  private final Measurements measured;
  private final StubTables stub;

  EndToEndTables(Measurements measured, StubTables stub) {
    this.measured = measured;
    this.stub = stub;
  }

  /** The samples of the end-to-end method through {@code wrapper}, or null if it did not run. */
  Samples get(String method, Wrapper wrapper) {
    return measured.get("EndToEndBenchmark." + method, Map.of("wrapper", wrapper.name()));
  }

  /**
   * The stub row that measures, without the round trip, what a wrapper adds to an end-to-end
   * statement: the same JDBC calls, the cache in its worse state.
   */
  private static StubRow stubRowFor(String endToEndMethod) {
    boolean many = endToEndMethod.endsWith("_8threads");
    String statement = "StatementExecuteBenchmark.execute" + (many ? "_4threads" : "");
    Map<String, String> sameText = Map.of("text", "SAME_INSTANCE", "cache", "MORE_THAN_HALF_FULL");
    if (endToEndMethod.startsWith("selectOne")) {
      return new StubRow("", statement, sameText);
    }
    if (endToEndMethod.startsWith("selectById")) {
      return new StubRow("", "PreparedExecuteBenchmark.executeQuery", Map.of());
    }
    return new StubRow("", "PreparedExecuteBenchmark.executeUpdate", Map.of());
  }

  /**
   * The end-to-end ratio that a wrapper's precisely measured cost implies: 1 + (what it adds on
   * the stub) / (pgjdbc's wall-clock time per statement). NaN when a figure is missing.
   */
  double stubRatio(String endToEndMethod, Wrapper wrapper, Samples base) {
    double added = stub.added(stubRowFor(endToEndMethod), wrapper);
    return base == null || Double.isNaN(added) ? Double.NaN : 1 + added / 1e3 / base.median();
  }

  /**
   * What the wrapper costs a statement, from the client's CPU time: 1 + (its added CPU time per
   * statement) / (pgjdbc's wall-clock time per statement). The wrapper adds nothing on the server
   * or the wire, so this is the ratio an idle machine would show.
   */
  static double cpuRatio(Samples base, Samples s) {
    return 1 + (s.cpu() - base.cpu()) / 1e3 / base.median();
  }

  void render(StringBuilder md) {
    md.append("\n## 2 and 3. End to end on the embedded PostgreSQL over loopback\n\n");
    md.append("Time per statement through plain pgjdbc, and each wrapper's time as a ratio to it (target for "
        + "citussafe: ≤ 1.01). Each thread has its own connection. First the wall-clock ratio, as measured: "
        + "on a shared machine its spread is wider than the differences it is meant to show.\n\n");
    measuredTable(md, base -> format1(base.median()) + " ± " + format1(base.spread()) + " µs", (base, s) -> {
      double ratio = s.median() / base.median();
      double spread = ratio * Math.hypot(s.spread() / s.median(), base.spread() / base.median());
      return String.format(Locale.ROOT, "%.3f ± %.3f", ratio, spread);
    });
    md.append("\nThe ratio each wrapper's cost measured on the stub implies: 1 + (CPU time it adds to the same "
        + "JDBC calls over the stub: `execute` of the same String with the cache more than half full for "
        + "`SELECT 1`, 4 threads for 8; the prepared `executeQuery` and `executeUpdate` for the others) / "
        + "(pgjdbc's time per statement above). This is the figure the target is judged by: it is measured "
        + "to a few nanoseconds, the round trip to tens of microseconds.\n\n");
    md.append("| statement | threads | citussafe | P6Spy | datasource-proxy | AWS wrapper |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (String[] row : END_TO_END) {
      Samples base = get(row[0], Wrapper.NONE);
      md.append("| ").append(row[1]).append(" | ").append(row[2]);
      for (Wrapper wrapper : StubTables.WRAPPERS) {
        double ratio = stubRatio(row[0], wrapper, base);
        md.append(" | ").append(Double.isNaN(ratio) ? "not measured" : String.format(Locale.ROOT, "%.4f", ratio));
      }
      md.append(" |\n");
    }
    md.append("\nThe client's CPU time per statement (the JVM's, all threads; the server runs in other "
        + "processes): pgjdbc's, and what each wrapper adds, with the ratio it makes of pgjdbc's wall-clock "
        + "time per statement: 1 + added CPU time / pgjdbc's time. A wrapper adds only client work, so this "
        + "is the ratio without the neighbours' noise.\n\n");
    measuredTable(md,
        base -> String.format(Locale.ROOT, "%.1f ± %.1f µs CPU", base.cpu() / 1e3, base.cpuSpread() / 1e3),
        (base, s) -> String.format(Locale.ROOT, "%+.2f ± %.2f µs → %.3f", (s.cpu() - base.cpu()) / 1e3,
            Math.hypot(s.cpuSpread(), base.cpuSpread()) / 1e3, cpuRatio(base, s)));
  }

  /** A table of the end-to-end rows: pgjdbc's figure, then each wrapper's against it. */
  private void measuredTable(StringBuilder md, Function<Samples, String> pgjdbc,
      BiFunction<Samples, Samples, String> wrapped) {
    md.append("| statement | threads | pgjdbc | citussafe | P6Spy | datasource-proxy | AWS wrapper |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (String[] row : END_TO_END) {
      Samples base = get(row[0], Wrapper.NONE);
      md.append("| ").append(row[1]).append(" | ").append(row[2]).append(" | ");
      md.append(base == null ? "not measured" : pgjdbc.apply(base));
      for (Wrapper wrapper : StubTables.WRAPPERS) {
        Samples s = get(row[0], wrapper);
        md.append(" | ").append(base == null || s == null ? "not measured" : wrapped.apply(base, s));
      }
      md.append(" |\n");
    }
  }
}
