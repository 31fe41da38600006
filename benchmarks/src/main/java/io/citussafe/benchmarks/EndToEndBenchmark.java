package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same statements through plain pgjdbc ({@link Wrapper#NONE}) and through each wrapper
 * around it, against the embedded PostgreSQL on loopback: {@code SELECT 1} through a Statement,
 * a primary-key SELECT and an UPDATE through PreparedStatements prepared once. One and eight
 * threads, each with its own connection and its own rows (no lock waits). The ratio to pgjdbc
 * is what a wrapper costs an application; a round trip's own noise is tens of microseconds, so
 * nanosecond differences are measured by the stub benchmarks instead.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EndToEndBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EndToEndBenchmark {

  static final String SCHEMA = "citussafe_bench";
  /** Rows per thread's range; eight ranges. */
  static final int RANGE = 1_000;

  @State(Scope.Benchmark)
  public static class Database {
    @Param
    public Wrapper wrapper;

    DataSource dataSource;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      String url = Servers.postgresUrl();
      Servers.run(url,
          "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
          "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".orders (id int PRIMARY KEY, tenant_id int NOT NULL, "
              + "status text NOT NULL, total_amount bigint NOT NULL)",
          "INSERT INTO " + SCHEMA + ".orders SELECT g, g % 10, 'open', g FROM generate_series(1, " + 8 * RANGE
              + ") g ON CONFLICT (id) DO NOTHING",
          "VACUUM ANALYZE " + SCHEMA + ".orders");
      PGSimpleDataSource pgjdbc = new PGSimpleDataSource();
      pgjdbc.setUrl(url);
      dataSource = wrapper.wrap(pgjdbc, url);
    }
  }

  @State(Scope.Thread)
  public static class Session {
    Connection connection;
    Statement statement;
    PreparedStatement selectById;
    PreparedStatement update;
    int first;
    int offset;
    String status = "paid";

    @Setup(Level.Trial)
    public void open(Database database, ThreadParams thread) throws SQLException {
      connection = database.dataSource.getConnection();
      statement = connection.createStatement();
      selectById = connection.prepareStatement(
          "SELECT id, tenant_id, status, total_amount FROM " + SCHEMA + ".orders WHERE id = ?");
      update = connection.prepareStatement(
          "UPDATE " + SCHEMA + ".orders SET status = ?, total_amount = ? WHERE id = ?");
      first = 1 + (thread.getThreadIndex() % 8) * RANGE;
    }

    int nextId() {
      offset = offset == RANGE - 1 ? 0 : offset + 1;
      return first + offset;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Benchmark
  public int selectOne(Session session) throws SQLException {
    return selectOneOn(session);
  }

  @Benchmark
  @Threads(8)
  public int selectOne_8threads(Session session) throws SQLException {
    return selectOneOn(session);
  }

  @Benchmark
  public String selectById(Session session) throws SQLException {
    return selectByIdOn(session);
  }

  @Benchmark
  @Threads(8)
  public String selectById_8threads(Session session) throws SQLException {
    return selectByIdOn(session);
  }

  @Benchmark
  public int update(Session session) throws SQLException {
    return updateOn(session);
  }

  @Benchmark
  @Threads(8)
  public int update_8threads(Session session) throws SQLException {
    return updateOn(session);
  }

  private static int selectOneOn(Session session) throws SQLException {
    try (ResultSet rs = session.statement.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String selectByIdOn(Session session) throws SQLException {
    session.selectById.setInt(1, session.nextId());
    try (ResultSet rs = session.selectById.executeQuery()) {
      rs.next();
      return rs.getString(3);
    }
  }

  private static int updateOn(Session session) throws SQLException {
    session.update.setString(1, session.status);
    session.update.setLong(2, 1999L);
    session.update.setInt(3, session.nextId());
    return session.update.executeUpdate();
  }
}
