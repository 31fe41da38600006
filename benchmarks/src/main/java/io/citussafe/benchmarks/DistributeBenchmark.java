package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
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
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What rule R1 costs on Citus: {@code SELECT create_distributed_table('t', 'id')} of a table of
 * {@link #rows} rows through pgjdbc (the bare call, which leaves the rows in the coordinator's
 * heap) and through citussafe (the call and {@code truncate_local_data_after_distributing_table}
 * in one transaction, after reading the table's facts). One call per iteration, on a table made
 * and filled anew before it. Needs a Citus cluster (see {@link Servers}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DistributeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(2)
public class DistributeBenchmark {

  static final String SCHEMA = "citussafe_bench";
  static final String TABLE = SCHEMA + ".distribute_me";

  @Param({"NONE", "CITUSSAFE"})
  public Wrapper wrapper;
  @Param("100000")
  public int rows;

  private String url;
  private Connection connection;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    url = Servers.citusUrl();
    Servers.run(url, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    PGSimpleDataSource pgjdbc = new PGSimpleDataSource();
    pgjdbc.setUrl(url);
    connection = wrapper.wrap(pgjdbc, url).getConnection();
  }

  @Setup(Level.Iteration)
  public void freshTable() throws SQLException {
    Servers.run(url,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, tenant_id int NOT NULL, note text)",
        "INSERT INTO " + TABLE + " SELECT g, g % 100, 'note ' || g FROM generate_series(1, " + rows + ") g",
        "VACUUM ANALYZE " + TABLE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    Servers.run(url, "DROP TABLE IF EXISTS " + TABLE);
  }

  @Benchmark
  public boolean distribute() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT create_distributed_table('" + TABLE + "', 'id')")) {
      return rs.next();
    }
  }
}
