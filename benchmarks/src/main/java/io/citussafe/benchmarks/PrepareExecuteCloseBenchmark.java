package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/**
 * What a wrapper adds when every statement is prepared, executed and closed, as Hibernate does
 * for every query: the text is the same String instance each time (Hibernate keeps its SQL), so
 * citussafe pays its statement wrapper and one analysis-cache hit per prepare. The usual ORM
 * update on one and four threads (each its own connection, one shared cache), and a
 * primary-key SELECT whose result set is read and closed. Over a stub connection that does
 * nothing ({@link Wrapper#NONE}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PrepareExecuteCloseBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class PrepareExecuteCloseBenchmark {

  @State(Scope.Benchmark)
  public static class Target {
    @Param
    public Wrapper wrapper;

    DataSource dataSource;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      dataSource = wrapper.overStub();
    }
  }

  @State(Scope.Thread)
  public static class Caller {
    Connection connection;
    String status = "paid";
    long id;

    @Setup(Level.Trial)
    public void open(Target target) throws SQLException {
      connection = target.dataSource.getConnection();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Benchmark
  public int update(Caller caller) throws SQLException {
    return prepareUpdateClose(caller);
  }

  @Benchmark
  @Threads(4)
  public int update_4threads(Caller caller) throws SQLException {
    return prepareUpdateClose(caller);
  }

  @Benchmark
  public boolean selectById(Caller caller) throws SQLException {
    try (PreparedStatement select = caller.connection.prepareStatement(PreparedExecuteBenchmark.SELECT_BY_ID)) {
      select.setLong(1, caller.id++);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static int prepareUpdateClose(Caller caller) throws SQLException {
    try (PreparedStatement update = caller.connection.prepareStatement(PreparedExecuteBenchmark.UPDATE)) {
      update.setString(1, caller.status);
      update.setLong(2, 1999L);
      update.setLong(3, caller.id++);
      return update.executeUpdate();
    }
  }
}
