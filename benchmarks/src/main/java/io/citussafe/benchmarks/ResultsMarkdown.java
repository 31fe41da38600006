package io.citussafe.benchmarks;

import static io.citussafe.benchmarks.Cells.bytes;
import static io.citussafe.benchmarks.Cells.format1;
import static io.citussafe.benchmarks.Cells.verdict;

import java.util.Locale;
import java.util.Map;

/**
 * The generated part of RESULTS.md, from measurements alone: the run, the targets, the stub and
 * end-to-end tables, the classifier, the rewrites on Citus and the analysis cache at scale. It
 * runs nothing and reads no clock, so the same measurements always give the same text.
 */
final class ResultsMarkdown {

  private final Measurements measured;
  private final RunDescription run;
  private final RunSize size;
  private final ClassifierCacheScale.Result scale;

  ResultsMarkdown(Measurements measured, RunDescription run, RunSize size, ClassifierCacheScale.Result scale) {
    this.measured = measured;
    this.run = run;
    this.size = size;
    this.scale = scale;
  }

  String render() {
    StubTables stub = new StubTables(measured);
    EndToEndTables endToEnd = new EndToEndTables(measured, stub);
    StringBuilder md = new StringBuilder();
    run.render(md, size);
    new TargetsTable(measured, stub, endToEnd, size, run.citusSkipped()).render(md);
    stub.render(md);
    renderClassifier(md);
    endToEnd.render(md);
    renderCitus(md);
    renderScale(md);
    return md.toString();
  }

  // ---- classifier

  private static boolean plainDml(ClassifierBenchmark.Sql sql) {
    return sql != ClassifierBenchmark.Sql.UPDATE_CALLING_NOW && sql != ClassifierBenchmark.Sql.ALTER_TABLE;
  }

  private void renderClassifier(StringBuilder md) {
    md.append("\n## Classifying a text the cache has not seen\n\n");
    md.append("`Rewriter.analyze` with no cache, about 200 characters per text (`ClassifierBenchmark`); CPU time "
        + "and wall-clock time per text. The last column is the floor of any one-pass classifier on this "
        + "machine: each character of the same text read once through a table, no decision taken "
        + "(`readEachCharacter`).\n\n");
    md.append("| text | CPU | wall-clock | allocated | target ≤ 100 ns | reading each character, deciding nothing |\n"
        + "|---|---|---|---|---|---|\n");
    for (ClassifierBenchmark.Sql sql : ClassifierBenchmark.Sql.values()) {
      Samples s = measured.get("ClassifierBenchmark.classify", Map.of("sql", sql.name()));
      Samples floor = measured.get("ClassifierBenchmark.readEachCharacter", Map.of("sql", sql.name()));
      md.append("| ").append(sql.name()).append(" (").append(sql.text.length()).append(" chars) | ");
      if (s == null) {
        md.append("not measured | | | | |\n");
        continue;
      }
      md.append(format1(s.cpu())).append(" ± ").append(format1(s.cpuSpread())).append(" ns | ")
          .append(format1(s.median())).append(" ± ").append(format1(s.spread())).append(" ns | ")
          .append(bytes(s.allocation())).append(" | ")
          .append(plainDml(sql) ? verdict(s.cpu() <= 100, s.cpu() / 100) : "(not DML without calls)").append(" | ")
          .append(floor == null ? "not measured" : format1(floor.cpu()) + " ± " + format1(floor.cpuSpread()) + " ns")
          .append(" |\n");
    }
  }

  // ---- Citus

  private void renderCitus(StringBuilder md) {
    md.append("\n## 4. Rewrite costs on Citus\n\n");
    if (run.citusSkipped()) {
      md.append("Skipped: no Citus cluster (").append(run.noCitus()).append(").\n");
      return;
    }
    md.append("One statement per iteration, seconds (median of ").append(size.rounds * 3)
        .append(": 3 per fork).\n\n");
    md.append("| operation | rows | through | seconds | rows/s | vs the bare statement |\n|---|---|---|---|---|---|\n");
    String distributeRows = Integer.toString(size.distributeRows);
    Samples bare = measured.get("DistributeBenchmark.distribute", Map.of("wrapper", "NONE", "rows", distributeRows));
    Samples safe = measured.get("DistributeBenchmark.distribute", Map.of("wrapper", "CITUSSAFE", "rows", distributeRows));
    citusRow(md, "`create_distributed_table` (bare: leaves the rows on the coordinator)", size.distributeRows, "pgjdbc",
        bare, bare);
    citusRow(md, "`create_distributed_table` + cleanup (rule R1)", size.distributeRows, "citussafe", safe, bare);
    String bulkRows = Integer.toString(size.bulkRows);
    Samples plain = measured.get("BulkUpdateBenchmark.updateEveryRow", Map.of("update", "PLAIN", "rows", bulkRows));
    Samples atomic = measured.get("BulkUpdateBenchmark.updateEveryRow", Map.of("update", "ATOMIC", "rows", bulkRows));
    Samples perShard = measured.get("BulkUpdateBenchmark.updateEveryRow",
        Map.of("update", "PER_SHARD", "rows", bulkRows));
    citusRow(md, "plain multi-shard `UPDATE … SET uid = md5(id::text)::uuid`", size.bulkRows, "pgjdbc", plain, plain);
    citusRow(md, "`UPDATE … SET uid = gen_random_uuid()`, atomic rewrite", size.bulkRows, "citussafe", atomic, plain);
    citusRow(md, "`UPDATE … SET uid = gen_random_uuid()`, per-shard", size.bulkRows, "citussafe", perShard, plain);
  }

  private static void citusRow(StringBuilder md, String label, int rows, String through, Samples s, Samples base) {
    md.append("| ").append(label).append(" | ").append(String.format(Locale.ROOT, "%,d", rows)).append(" | ")
        .append(through).append(" | ");
    if (s == null) {
      md.append("not measured | | |\n");
      return;
    }
    double seconds = seconds(s);
    md.append(String.format(Locale.ROOT, "%.2f ± %.2f", seconds, seconds * s.spread() / s.median())).append(" | ")
        .append(String.format(Locale.ROOT, "%,.0f", rows / seconds)).append(" | ");
    md.append(base == null || base == s ? "—" : String.format(Locale.ROOT, "%.2f×", s.median() / base.median()))
        .append(" |\n");
  }

  private static double seconds(Samples s) {
    double median = s.median();
    switch (s.unit) {
      case "ms/op":
        return median / 1e3;
      case "us/op":
        return median / 1e6;
      case "s/op":
        return median;
      default:
        throw new IllegalStateException("unexpected unit " + s.unit);
    }
  }

  // ---- scale

  private void renderScale(StringBuilder md) {
    md.append(String.format(Locale.ROOT, "%n## 5. The analysis cache with %,d distinct texts%n%n", scale.distinct()));
    md.append("`ClassifierCacheScale`, the driver's default cache of ").append(ClassifierCacheScale.CACHE_SIZE)
        .append(" analyses per cluster.\n\n");
    md.append("| measure | value |\n|---|---|\n");
    md.append(String.format(Locale.ROOT, "| heap held after %,d distinct DDL texts of about 200 characters | %.1f MB |%n",
        scale.distinct(), scale.retainedAfterFirst() / 1e6));
    md.append(String.format(Locale.ROOT, "| heap held after %,d more | %.1f MB |%n", scale.distinct(),
        scale.retainedAfterSecond() / 1e6));
    md.append(String.format(Locale.ROOT, "| the same %,d texts in a map without a bound | %.1f MB |%n",
        scale.distinct(), scale.retainedUnbounded() / 1e6));
    md.append(String.format(Locale.ROOT, "| hit rate, second pass over the %,d texts in order | %.1f %% |%n",
        scale.distinct(), 100 * scale.cyclicHitRate()));
    md.append(String.format(Locale.ROOT, "| hit rate, Zipf-distributed lookups over %,d texts | %.1f %% (a perfect "
        + "cache of this size: %.1f %%) |%n", scale.distinct(), 100 * scale.zipfHitRate(),
        100 * scale.zipfBestHitRate()));
    md.append(String.format(Locale.ROOT, "| hit rate of 1,000 repeated texts that are 10 %% of the lookups, among "
        + "one-off texts | %.1f %% |%n", 100 * scale.hotHitRate()));
  }
}
