package io.citussafe.benchmarks;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Rewriter;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What deciding a statement's plan costs: a cache hit (every repeated statement of an
 * application), classifying without the cache (the first time a text is seen), and, for
 * comparison, one direct JSqlParser parse, which the hot path avoids.
 *
 * <pre>
 * mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar ClassifierBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifierBenchmark {

  /** Statements an application and a migration send. */
  public enum Sql {
    SELECT_BY_ID("SELECT id, tenant_id, note FROM orders WHERE id = ?"),
    INSERT("INSERT INTO orders (id, tenant_id, note) VALUES (?, ?, ?)"),
    UPDATE_WITH_NOW("UPDATE orders SET updated_at = now(), note = ? WHERE id = ?"),
    ALTER_SET_NOT_NULL("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL"),
    DISTRIBUTE("SELECT create_distributed_table('orders', 'id')"),
    FLYWAY_HISTORY("SELECT \"installed_rank\",\"version\",\"description\",\"type\",\"script\",\"checksum\","
        + "\"installed_on\",\"installed_by\",\"execution_time\",\"success\" FROM \"public\".\"flyway_schema_history\""
        + " WHERE \"installed_rank\" > ? ORDER BY \"installed_rank\"");

    final String text;

    Sql(String text) {
      this.text = text;
    }
  }

  @Param
  public Sql sql;

  private Rewriter rewriter;
  private Rewriter uncached;
  private String text;

  @Setup
  public void setUp() {
    rewriter = Rewriter.create(10_000, Options.DEFAULTS);
    uncached = Rewriter.create(0, Options.DEFAULTS);
    text = sql.text;
    rewriter.analyze(text);
  }

  @Benchmark
  public Analysis cachedPlan() {
    return rewriter.analyze(text);
  }

  @Benchmark
  public Analysis classifyUncached() {
    return uncached.analyze(text);
  }

  @Benchmark
  public Object jsqlParserDirect() throws Exception {
    return CCJSqlParserUtil.newParser(text).Statement();
  }
}
