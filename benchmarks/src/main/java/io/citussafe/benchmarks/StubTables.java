package io.citussafe.benchmarks;

import static io.citussafe.benchmarks.Cells.bytes;
import static io.citussafe.benchmarks.Cells.format1;
import static io.citussafe.benchmarks.Cells.signed;
import static io.citussafe.benchmarks.Cells.signedBytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The statement path over the stub connection: what each wrapper adds to the stub alone, in CPU
 * time, bytes and wall-clock time. The targets and the end-to-end ratios are judged by these
 * figures, so they ask this class for them.
 */
final class StubTables {

  /** The wrappers compared, in the order of the tables' columns. */
  static final List<Wrapper> WRAPPERS = List.of(Wrapper.CITUSSAFE, Wrapper.P6SPY, Wrapper.DATASOURCE_PROXY,
      Wrapper.AWS_WRAPPER);

  /** A row of the stub table: a benchmark method and its parameters besides the wrapper. */
  record StubRow(String label, String benchmark, Map<String, String> params) {
  }

  private final Measurements measured;

  StubTables(Measurements measured) {
    this.measured = measured;
  }

  static List<StubRow> stubRows() {
    List<StubRow> rows = new ArrayList<>();
    String[][] texts = {
        {"NEW", "NEARLY_EMPTY", "`execute(sql)`, a new text every call"},
        {"SAME_INSTANCE", "NEARLY_EMPTY", "`execute(sql)`, same String, cache nearly empty"},
        {"SAME_INSTANCE", "MORE_THAN_HALF_FULL", "`execute(sql)`, same String, cache > half full"},
        {"FRESH_STRING", "NEARLY_EMPTY", "`execute(sql)`, equal String built afresh, cache nearly empty"},
        {"FRESH_STRING", "MORE_THAN_HALF_FULL", "`execute(sql)`, equal String built afresh, cache > half full"}};
    for (String[] text : texts) {
      for (String method : new String[] {"execute", "execute_4threads"}) {
        rows.add(new StubRow(text[2] + (method.endsWith("4threads") ? ", 4 threads" : ""),
            "StatementExecuteBenchmark." + method, Map.of("text", text[0], "cache", text[1])));
      }
    }
    rows.add(new StubRow("prepared `executeUpdate()`, 3 parameters bound", "PreparedExecuteBenchmark.executeUpdate",
        Map.of()));
    rows.add(new StubRow("prepared `executeQuery()`, 1 parameter, result set read and closed",
        "PreparedExecuteBenchmark.executeQuery", Map.of()));
    rows.add(new StubRow("prepare + `executeUpdate()` + close", "PrepareExecuteCloseBenchmark.update", Map.of()));
    rows.add(new StubRow("prepare + `executeUpdate()` + close, 4 threads", "PrepareExecuteCloseBenchmark.update_4threads",
        Map.of()));
    rows.add(new StubRow("prepare + `executeQuery()` + close", "PrepareExecuteCloseBenchmark.selectById", Map.of()));
    rows.add(new StubRow("batch of 100 bound updates (per batch)", "BatchBenchmark.preparedBatch", Map.of()));
    rows.add(new StubRow("batch of 100 texts (per batch)", "BatchBenchmark.statementBatch", Map.of()));
    rows.add(new StubRow("DDL no rule reads (`ADD COLUMN`)", "DdlBenchmark.execute", Map.of("ddl", "ADD_COLUMN")));
    rows.add(new StubRow("DDL rule R2 reads (`SET NOT NULL`)", "DdlBenchmark.execute", Map.of("ddl", "SET_NOT_NULL")));
    return rows;
  }

  private Samples stub(StubRow row, Wrapper wrapper) {
    Map<String, String> params = new TreeMap<>(row.params());
    if (wrapper != Wrapper.CITUSSAFE && params.containsKey("cache")) {
      // the stub alone and the peers have no cache: their one run stands for both cache states
      params.put("cache", "NEARLY_EMPTY");
    }
    params.put("wrapper", wrapper.name());
    return measured.get(row.benchmark(), params);
  }

  /** CPU time a wrapper adds to the stub alone, or NaN when either was not measured. */
  double added(StubRow row, Wrapper wrapper) {
    return difference(row, wrapper, Samples::cpu);
  }

  /** Bytes a wrapper allocates beyond the stub alone, or NaN when either was not measured. */
  double addedBytes(StubRow row, Wrapper wrapper) {
    return difference(row, wrapper, Samples::allocation);
  }

  private double difference(StubRow row, Wrapper wrapper, ToDoubleFunction<Samples> figure) {
    Samples alone = stub(row, Wrapper.NONE);
    Samples wrapped = stub(row, wrapper);
    return alone == null || wrapped == null ? Double.NaN : figure.applyAsDouble(wrapped) - figure.applyAsDouble(alone);
  }

  private String addedCell(StubRow row, Wrapper wrapper, boolean wall) {
    Samples alone = stub(row, Wrapper.NONE);
    Samples wrapped = stub(row, wrapper);
    if (alone == null || wrapped == null) {
      return "not measured";
    }
    if (wall) {
      return signed(wrapped.median() - alone.median()) + " ± " + format1(Math.hypot(alone.spread(), wrapped.spread()));
    }
    return signed(wrapped.cpu() - alone.cpu()) + " ± " + format1(Math.hypot(alone.cpuSpread(), wrapped.cpuSpread()))
        + " ns, " + signedBytes(wrapped.allocation() - alone.allocation());
  }

  /** The label of the wrapper that adds the least CPU time to {@code row}, or "—" when none was measured. */
  String lowest(StubRow row) {
    Wrapper best = null;
    double bestAdded = Double.POSITIVE_INFINITY;
    for (Wrapper wrapper : WRAPPERS) {
      double added = added(row, wrapper);
      if (!Double.isNaN(added) && added < bestAdded) {
        best = wrapper;
        bestAdded = added;
      }
    }
    return best == null ? "—" : best.label();
  }

  void render(StringBuilder md) {
    md.append("\n## 1 and 3. Statement path over a stub connection\n\n");
    md.append("The stub connection does nothing (`benchmarks/…/stub`), so what each wrapper adds is all there is "
        + "to see. \"alone\" is the stub without a wrapper; the other columns are what each wrapper adds to it: "
        + "CPU time per operation (the fork's process CPU time over its operations, so a core taken by another "
        + "process does not count, while work a wrapper hands to another thread does) and bytes allocated per "
        + "operation. The peers and the stub have no cache, so their figures for both cache states come from "
        + "one run. \"lowest\" names the wrapper that adds the least CPU time.\n\n");
    table(md, false);
    md.append("\nThe same runs in wall-clock time (ns per operation; JMH's own score), which on a shared machine "
        + "also counts the time a thread waited for a core:\n\n");
    table(md, true);
  }

  /** The stub rows in CPU time and bytes with the lowest wrapper named, or in wall-clock time. */
  private void table(StringBuilder md, boolean wall) {
    md.append("| operation | alone | citussafe | P6Spy | datasource-proxy | AWS wrapper").append(wall ? "" : " | lowest")
        .append(" |\n");
    md.append(wall ? "|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|\n");
    for (StubRow row : stubRows()) {
      Samples alone = stub(row, Wrapper.NONE);
      md.append("| ").append(row.label()).append(" | ");
      if (alone == null) {
        md.append("not measured");
      } else if (wall) {
        md.append(format1(alone.median())).append(" ± ").append(format1(alone.spread()));
      } else {
        md.append(format1(alone.cpu())).append(" ± ").append(format1(alone.cpuSpread())).append(" ns, ")
            .append(bytes(alone.allocation()));
      }
      for (Wrapper wrapper : WRAPPERS) {
        md.append(" | ").append(addedCell(row, wrapper, wall));
      }
      md.append(wall ? "" : " | " + lowest(row)).append(" |\n");
    }
  }
}
