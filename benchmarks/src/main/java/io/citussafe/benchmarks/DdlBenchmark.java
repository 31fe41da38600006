package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a wrapper adds to {@code Statement.execute} of a DDL text it has seen before: for
 * citussafe a cache hit, the executor's path for schema changes (the table's cached facts are
 * dropped after it) and, for a DDL that rule R2 reads, its plan, which on this stub finds plain
 * PostgreSQL (the stub's catalog queries return no rows; on Citus the rule reads the table
 * afresh, a round trip, so it is measured end to end, not here). Over a stub connection that
 * does nothing ({@link Wrapper#NONE}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DdlBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class DdlBenchmark {

  /** Migration DDL, as Flyway or Hibernate sends it. */
  public enum Ddl {
    /** Read by no rule: only the schema-change bookkeeping. */
    ADD_COLUMN("ALTER TABLE orders ADD COLUMN region varchar(255)"),
    /** Read by rule R2 (stale coordinator rows). */
    SET_NOT_NULL("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");

    final String text;

    Ddl(String text) {
      this.text = text;
    }
  }

  @Param
  public Wrapper wrapper;
  @Param
  public Ddl ddl;

  private Connection connection;
  private Statement statement;
  private String text;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    connection = wrapper.overStub().getConnection();
    statement = connection.createStatement();
    text = ddl.text;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    statement.close();
    connection.close();
  }

  @Benchmark
  public boolean execute() throws SQLException {
    return statement.execute(text);
  }
}
