package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * What a wrapper adds to executing a statement prepared once (the analysis was looked up at
 * prepare time): binding three parameters and {@code executeUpdate()} of the usual ORM update,
 * and binding one and {@code executeQuery()} of a primary-key SELECT with its result set read
 * and closed. Over a stub connection that does nothing ({@link Wrapper#NONE}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PreparedExecuteBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class PreparedExecuteBenchmark {

  static final String UPDATE = "UPDATE orders SET status = ?, total_amount = ? WHERE id = ?";
  static final String SELECT_BY_ID = "SELECT id, tenant_id, status, total_amount FROM orders WHERE id = ?";

  @Param
  public Wrapper wrapper;

  private Connection connection;
  private PreparedStatement update;
  private PreparedStatement select;
  private String status = "paid";
  private long id;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    connection = wrapper.overStub().getConnection();
    update = connection.prepareStatement(UPDATE);
    select = connection.prepareStatement(SELECT_BY_ID);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    update.close();
    select.close();
    connection.close();
  }

  @Benchmark
  public int executeUpdate() throws SQLException {
    update.setString(1, status);
    update.setLong(2, 1999L);
    update.setLong(3, id++);
    return update.executeUpdate();
  }

  @Benchmark
  public boolean executeQuery() throws SQLException {
    select.setLong(1, id++);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next();
    }
  }
}
