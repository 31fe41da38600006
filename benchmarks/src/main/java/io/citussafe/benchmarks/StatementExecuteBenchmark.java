package io.citussafe.benchmarks;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What a wrapper adds to {@code Statement.execute(sql)} of a SELECT of about 200 characters,
 * over a stub connection that does nothing, so that nanoseconds show: {@link Wrapper#NONE} is
 * the stub alone. The text is new on every call, the same String instance every call, or an
 * equal String built afresh every call (whose hash code is not cached yet, as for SQL an
 * application concatenates); citussafe's analysis cache is nearly empty or more than half full
 * (Caffeine records reads in its read buffer only from half full on). One and four threads,
 * each with its own connection, sharing one cache.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StatementExecuteBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class StatementExecuteBenchmark {

  static final String PREFIX = "SELECT o.id, o.tenant_id, o.customer_id, o.status, o.total_amount, o.currency, "
      + "o.created_at, o.updated_at, o.version FROM orders o WHERE o.id = ";
  static final String SUFFIX = " AND o.status = 'open' ORDER BY o.created_at DESC LIMIT 50";

  /** Which text each call executes. */
  public enum Text {
    /** A text never executed before (a literal counts up): the classifier runs and the cache evicts. */
    NEW,
    /** The same String instance every call, as a constant in the application's code. */
    SAME_INSTANCE,
    /** An equal text concatenated afresh every call: the cache hashes and compares it in full. */
    FRESH_STRING
  }

  /** How full citussafe's analysis cache (10,000 entries) is before measuring. */
  public enum Cache {
    NEARLY_EMPTY,
    /** 6,000 other texts cached first. */
    MORE_THAN_HALF_FULL
  }

  @State(Scope.Benchmark)
  public static class Target {
    @Param
    public Wrapper wrapper;
    @Param
    public Text text;
    @Param
    public Cache cache;

    DataSource dataSource;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      dataSource = wrapper.overStub();
      if (cache == Cache.MORE_THAN_HALF_FULL) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
          for (int i = 0; i < 6_000; i++) {
            statement.execute("SELECT id, note FROM other_table WHERE id = " + i);
          }
        }
      }
    }
  }

  /** One thread's connection and statement, and the parts its texts are made of. */
  @State(Scope.Thread)
  public static class Caller {
    Connection connection;
    Statement statement;
    Text text;
    String same;
    // fields, not constants, so that the concatenation happens at run time
    String prefix = PREFIX;
    String suffix = SUFFIX;
    long id = 42;
    /** Counts up for NEW texts; each thread in a range of its own. */
    long next;

    @Setup(Level.Trial)
    public void open(Target target, ThreadParams thread) throws SQLException {
      connection = target.dataSource.getConnection();
      statement = connection.createStatement();
      text = target.text;
      same = prefix + id + suffix;
      next = 1_000_000_000L * (thread.getThreadIndex() + 1);
    }

    String text() {
      switch (text) {
        case SAME_INSTANCE:
          return same;
        case FRESH_STRING:
          return prefix + id + suffix;
        default:
          return prefix + next++ + suffix;
      }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      statement.close();
      connection.close();
    }
  }

  @Benchmark
  public boolean execute(Caller caller) throws SQLException {
    return caller.statement.execute(caller.text());
  }

  @Benchmark
  @Threads(4)
  public boolean execute_4threads(Caller caller) throws SQLException {
    return caller.statement.execute(caller.text());
  }
}
