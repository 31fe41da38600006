package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements the driver runs for a user's statement (catalog reads, cleanups, generated DDL,
 * per-shard commands) on the same physical connection, so they share the user's transaction.
 * They carry the user's statement's query timeout, measured from the start of its execution, and
 * its {@code cancel()} reaches the one running. A connection runs one statement at a time, as
 * JDBC requires, so one instance per connection suffices.
 */
final class SideStatements {

  private final Connection physical;
  /** The user's statement being executed, or null between executions. */
  private volatile Object owner;
  private volatile Statement running;
  /** {@code System.nanoTime()} by which the execution must finish; 0 for no limit. */
  private long deadline;
  private int timeoutSeconds;

  SideStatements(Connection physical) {
    this.physical = physical;
  }

  /** An execution of {@code statement} starts, with its query timeout (0: none). */
  void begin(Object statement, int queryTimeoutSeconds) {
    owner = statement;
    timeoutSeconds = queryTimeoutSeconds;
    deadline = queryTimeoutSeconds > 0 ? System.nanoTime() + queryTimeoutSeconds * 1_000_000_000L : 0;
  }

  void end() {
    owner = null;
    running = null;
    deadline = 0;
  }

  Statement create() throws SQLException {
    return track(physical.createStatement());
  }

  /** Runs one generated statement whose results nobody sees. */
  void execute(String sql) throws SQLException {
    try (Statement statement = create()) {
      statement.execute(sql);
    }
  }

  PreparedStatement prepare(String sql) throws SQLException {
    return track(physical.prepareStatement(sql));
  }

  private <S extends Statement> S track(S statement) throws SQLException {
    if (deadline != 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        statement.close();
        throw new CitusSafeException("citussafe: the statement's query timeout of " + timeoutSeconds
            + " s passed while citussafe ran the steps it needs; nothing more was run", SqlState.QUERY_CANCELED);
      }
      statement.setQueryTimeout((int) Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
    }
    running = statement;
    return statement;
  }

  /** Cancels the side statement running for {@code statement}, if any. */
  void cancel(Object statement) throws SQLException {
    Statement current = running;
    if (current != null && owner == statement) {
      current.cancel();
    }
  }
}
