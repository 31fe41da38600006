package io.citussafe.benchmarks;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
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
 * What citussafe adds to ordinary statements: the same pass-through statements through plain
 * pgjdbc and through citussafe, against the embedded PostgreSQL on loopback. The difference of
 * the two rows per benchmark is the driver's overhead (plan cache lookup, wrapper objects).
 *
 * <pre>
 * mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks.jar DriverOverheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DriverOverheadBenchmark {

  /** Which driver the connection comes from. */
  public enum Through {
    PGJDBC, CITUSSAFE
  }

  @Param
  public Through through;

  private Connection connection;
  private PreparedStatement selectById;
  private Statement statement;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("bench");
    try (Connection setup = schema.pgjdbcConnection(); Statement st = setup.createStatement()) {
      st.execute("CREATE TABLE orders (id int PRIMARY KEY, tenant_id int, note text)");
      st.execute("INSERT INTO orders SELECT g, g % 10, 'note ' || g FROM generate_series(1, 1000) g");
    }
    connection = DriverManager.getConnection(through == Through.PGJDBC ? schema.pgjdbcUrl() : schema.citusSafeUrl());
    selectById = connection.prepareStatement("SELECT note FROM orders WHERE id = ?");
    statement = connection.createStatement();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
  }

  @Benchmark
  public String preparedSelectById() throws SQLException {
    selectById.setInt(1, ThreadLocalRandom.current().nextInt(1, 1001));
    try (ResultSet rs = selectById.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Benchmark
  public String statementSelect() throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT note FROM orders WHERE id = 42")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Benchmark
  public int prepareExecuteClose() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("UPDATE orders SET tenant_id = ? WHERE id = ?")) {
      ps.setInt(1, 3);
      ps.setInt(2, ThreadLocalRandom.current().nextInt(1, 1001));
      return ps.executeUpdate();
    }
  }
}
