package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * What a wrapper adds to a JDBC batch of {@value #SIZE}: {@code addBatch()} of the usual ORM
 * update with three bound parameters, and {@code addBatch(sql)} of {@value #SIZE} different
 * texts (each a cache hit for citussafe after the first round), each followed by
 * {@code executeBatch()}. Per batch, not per entry. Over a stub connection that does nothing
 * ({@link Wrapper#NONE}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BatchBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class BatchBenchmark {

  static final int SIZE = 100;

  @Param
  public Wrapper wrapper;

  private Connection connection;
  private PreparedStatement prepared;
  private Statement statement;
  private final String[] texts = new String[SIZE];
  private String status = "paid";
  private long id;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    connection = wrapper.overStub().getConnection();
    prepared = connection.prepareStatement(PreparedExecuteBenchmark.UPDATE);
    statement = connection.createStatement();
    for (int i = 0; i < SIZE; i++) {
      texts[i] = "UPDATE orders SET status = 'paid', total_amount = 1999 WHERE id = " + i;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    prepared.close();
    statement.close();
    connection.close();
  }

  @Benchmark
  public int[] preparedBatch() throws SQLException {
    for (int i = 0; i < SIZE; i++) {
      prepared.setString(1, status);
      prepared.setLong(2, 1999L);
      prepared.setLong(3, id++);
      prepared.addBatch();
    }
    return prepared.executeBatch();
  }

  @Benchmark
  public int[] statementBatch() throws SQLException {
    for (String text : texts) {
      statement.addBatch(text);
    }
    return statement.executeBatch();
  }
}
