package io.citussafe.benchmarks;

import static io.citussafe.benchmarks.Cells.format1;
import static io.citussafe.benchmarks.Cells.signed;
import static io.citussafe.benchmarks.Cells.signedBytes;
import static io.citussafe.benchmarks.Cells.verdict;

import io.citussafe.benchmarks.StubTables.StubRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Each of citussafe's performance targets, the figure it is judged by, and whether it is met. */
final class TargetsTable {

  private final Measurements measured;
  private final StubTables stub;
  private final EndToEndTables endToEnd;
  private final RunSize size;
  private final boolean citusSkipped;

  TargetsTable(Measurements measured, StubTables stub, EndToEndTables endToEnd, RunSize size, boolean citusSkipped) {
    this.measured = measured;
    this.stub = stub;
    this.endToEnd = endToEnd;
    this.size = size;
    this.citusSkipped = citusSkipped;
  }

  void render(StringBuilder md) {
    md.append("\n## Targets\n\n| target | measured | |\n|---|---|---|\n");
    List<StubRow> rows = StubTables.stubRows();
    for (StubRow row : rows) {
      boolean preparedExecute = row.benchmark().startsWith("PreparedExecuteBenchmark.");
      boolean prepareClose = row.benchmark().startsWith("PrepareExecuteCloseBenchmark.");
      if (preparedExecute || prepareClose) {
        double added = stub.added(row, Wrapper.CITUSSAFE);
        md.append("| ≤ 25 ns added: ").append(row.label()).append(" | ")
            .append(Double.isNaN(added) ? "not measured" : signed(added) + " ns").append(" | ")
            .append(Double.isNaN(added) ? "" : verdict(added <= 25, added / 25)).append(" |\n");
      }
    }
    for (StubRow row : rows) {
      boolean execute = row.benchmark().startsWith("PreparedExecuteBenchmark.")
          || (row.benchmark().startsWith("StatementExecuteBenchmark.") && !"NEW".equals(row.params().get("text")));
      if (execute) {
        double bytes = stub.addedBytes(row, Wrapper.CITUSSAFE);
        md.append("| 0 B allocated beyond the delegate's: ").append(row.label()).append(" | ")
            .append(Double.isNaN(bytes) ? "not measured" : signedBytes(bytes)).append(" | ")
            .append(Double.isNaN(bytes) ? "" : bytes < 1 ? "met" : "missed").append(" |\n");
      }
    }
    for (ClassifierBenchmark.Sql sql : List.of(ClassifierBenchmark.Sql.SELECT, ClassifierBenchmark.Sql.INSERT,
        ClassifierBenchmark.Sql.UPDATE, ClassifierBenchmark.Sql.DELETE)) {
      Samples s = measured.get("ClassifierBenchmark.classify", Map.of("sql", sql.name()));
      md.append("| ≤ 100 ns to classify an unseen ~200-character ").append(sql.name()).append(" | ")
          .append(s == null ? "not measured" : format1(s.cpu()) + " ns").append(" | ")
          .append(s == null ? "" : verdict(s.cpu() <= 100, s.cpu() / 100)).append(" |\n");
    }
    for (String[] row : EndToEndTables.END_TO_END) {
      Samples base = endToEnd.get(row[0], Wrapper.NONE);
      Samples s = endToEnd.get(row[0], Wrapper.CITUSSAFE);
      md.append("| end to end ≤ 1.01 × pgjdbc: ").append(row[1]).append(", ").append(row[2])
          .append(row[2].equals("1") ? " thread" : " threads").append(" | ");
      double ratio = endToEnd.stubRatio(row[0], Wrapper.CITUSSAFE, base);
      if (base == null || s == null || Double.isNaN(ratio)) {
        md.append("not measured | |\n");
      } else {
        md.append(String.format(Locale.ROOT, "%.4f from the stub's figure (measured: wall-clock %.3f, client CPU %.3f)",
            ratio, s.median() / base.median(), EndToEndTables.cpuRatio(base, s))).append(" | ")
            .append(ratio <= 1.01 ? "met" : "missed").append(" |\n");
      }
    }
    renderLowest(md, rows);
    Samples plain = measured.get("BulkUpdateBenchmark.updateEveryRow",
        Map.of("update", "PLAIN", "rows", Integer.toString(size.bulkRows)));
    Samples perShard = measured.get("BulkUpdateBenchmark.updateEveryRow",
        Map.of("update", "PER_SHARD", "rows", Integer.toString(size.bulkRows)));
    md.append("| per-shard UPDATE within 1.5 × the plain UPDATE | ");
    if (plain == null || perShard == null) {
      md.append(citusSkipped ? "skipped: no Citus | |\n" : "not measured | |\n");
    } else {
      double ratio = perShard.median() / plain.median();
      md.append(String.format(Locale.ROOT, "%.2f×", ratio)).append(" | ").append(verdict(ratio <= 1.5, ratio / 1.5))
          .append(" |\n");
    }
  }

  /** Whether citussafe adds the least of the wrappers in every stub row, and the rows where not. */
  private void renderLowest(StringBuilder md, List<StubRow> rows) {
    int lowest = 0;
    int measuredRows = 0;
    List<String> notLowest = new ArrayList<>();
    for (StubRow row : rows) {
      String best = stub.lowest(row);
      if (!"—".equals(best)) {
        measuredRows++;
        if (best.equals(Wrapper.CITUSSAFE.label())) {
          lowest++;
        } else {
          notLowest.add(row.label() + " (" + best + ")");
        }
      }
    }
    md.append("| citussafe the lowest overhead of the wrappers (stub rows) | lowest in ").append(lowest).append(" of ")
        .append(measuredRows).append(notLowest.isEmpty() ? "" : "; not in: " + String.join("; ", notLowest))
        .append(" | ").append(lowest == measuredRows && measuredRows > 0 ? "met" : "missed").append(" |\n");
  }
}
