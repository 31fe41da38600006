package io.citussafe.benchmarks;

import io.citussafe.driver.CitusSafeDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * What rule R4's rewrites cost on Citus: an UPDATE of every row of a distributed table of
 * {@link #rows} rows. {@link Update#PLAIN} is the baseline Citus runs as it is (a non-volatile
 * value per row, through pgjdbc); {@link Update#ATOMIC} and {@link Update#PER_SHARD} write a
 * {@code gen_random_uuid()} per row, which Citus rejects, through citussafe's atomic rewrite
 * (values made on the coordinator, rows joined back by key) and its per-shard mode
 * ({@code run_command_on_shards}, each shard on its worker). One statement per iteration; the
 * table is vacuumed before each. Needs a Citus cluster (see {@link Servers}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BulkUpdateBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(2)
public class BulkUpdateBenchmark {

  static final String SCHEMA = "citussafe_bench";
  static final String TABLE = SCHEMA + ".bulk_update";

  /** The statement, and how it runs. */
  public enum Update {
    PLAIN(null, "UPDATE " + TABLE + " SET uid = md5(id::text)::uuid"),
    ATOMIC("atomic", "UPDATE " + TABLE + " SET uid = gen_random_uuid()"),
    PER_SHARD("per-shard", "UPDATE " + TABLE + " SET uid = gen_random_uuid()");

    /** citussafe.bulkUpdate; null: plain pgjdbc. */
    final String mode;
    final String sql;

    Update(String mode, String sql) {
      this.mode = mode;
      this.sql = sql;
    }
  }

  @Param
  public Update update;
  @Param("1000000")
  public int rows;

  private String url;
  private Connection connection;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    url = Servers.citusUrl();
    Servers.run(url,
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, tenant_id int NOT NULL, uid uuid, note text)",
        "SELECT create_distributed_table('" + TABLE + "', 'id')",
        "INSERT INTO " + TABLE + " SELECT g, g % 100, NULL, 'note ' || g FROM generate_series(1, " + rows + ") g");
    PGSimpleDataSource pgjdbc = new PGSimpleDataSource();
    pgjdbc.setUrl(url);
    DataSource dataSource = pgjdbc;
    if (update.mode != null) {
      CitusSafeDataSource citusSafe = new CitusSafeDataSource(pgjdbc);
      citusSafe.setBulkUpdate(update.mode);
      dataSource = citusSafe;
    }
    connection = dataSource.getConnection();
  }

  @Setup(Level.Iteration)
  public void vacuum() throws SQLException {
    Servers.run(url, "VACUUM ANALYZE " + TABLE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    Servers.run(url, "DROP TABLE IF EXISTS " + TABLE);
  }

  @Benchmark
  public int updateEveryRow() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeUpdate(update.sql);
    }
  }
}
