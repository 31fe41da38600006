package io.citussafe.benchmarks;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Rewriter;
import java.util.concurrent.TimeUnit;
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
 * What classifying a text the cache has not seen costs: {@link Rewriter#analyze} with no cache,
 * so every call classifies, on texts of about 200 characters. The DML rows are the target
 * (≤ 100 ns); {@link Sql#UPDATE_CALLING_NOW} is DML that calls a function, which the rewriter
 * parses once per text, shown for scale. {@link #readEachCharacter} is the floor of any one-pass
 * classifier on the machine that runs it: each character read once and looked up in a table, with
 * no decision taken.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ClassifierBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class ClassifierBenchmark {

  /** Statements an application and a migration send, about 200 characters each. */
  public enum Sql {
    SELECT(StatementExecuteBenchmark.PREFIX + 42 + StatementExecuteBenchmark.SUFFIX),
    INSERT("INSERT INTO orders (id, tenant_id, customer_id, status, total_amount, currency, created_at, updated_at, "
        + "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id, version"),
    UPDATE("UPDATE orders SET status = ?, total_amount = ?, currency = ?, updated_at = ?, updated_by = ? "
        + "WHERE id = ? AND tenant_id = ? AND version = ? AND status <> 'cancelled' AND deleted_at IS NULL"),
    DELETE("DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE tenant_id = ? AND status = "
        + "'cancelled' AND created_at < ?) AND tenant_id = ? AND shipped_at IS NULL AND returned_at IS NULL"),
    UPDATE_CALLING_NOW("UPDATE orders SET status = ?, total_amount = ?, currency = ?, updated_at = now(), "
        + "updated_by = ? WHERE id = ? AND tenant_id = ? AND version = ? AND status <> 'cancelled'"),
    ALTER_TABLE("ALTER TABLE orders ADD COLUMN shipping_address_line_2 varchar(255) DEFAULT '' NOT NULL, "
        + "ADD COLUMN shipping_country char(2), ADD CONSTRAINT orders_country_check CHECK (shipping_country <> '')");

    final String text;

    Sql(String text) {
      this.text = text;
    }
  }

  /** Any contents: the floor reads it and decides nothing. */
  private static final int[] TABLE = new int[256];

  static {
    for (int c = 0; c < TABLE.length; c++) {
      TABLE[c] = 1 << (c & 31);
    }
  }

  @Param
  public Sql sql;

  private Rewriter uncached;
  private String text;

  @Setup
  public void setUp() {
    uncached = Rewriter.create(0, Options.DEFAULTS);
    text = sql.text;
  }

  @Benchmark
  public Analysis classify() {
    return uncached.analyze(text);
  }

  /** Reads each character once through a 256-entry table, as a one-pass classifier must, and decides nothing. */
  @Benchmark
  public int readEachCharacter() {
    String read = text;
    int seen = 0;
    for (int i = 0; i < read.length(); i++) {
      char c = read.charAt(i);
      seen |= TABLE[c < 256 ? c : 255];
    }
    return seen;
  }
}
