package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.SqlState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Shared part of the statement wrappers: the execution skeleton and the {@link StatementPort}
 * the executor uses. Calls delegate to pgjdbc's statement; the only state of our own is where
 * results come from and the driver's warnings.
 *
 * <p>Results normally come from the delegate. When the driver answers a statement itself (a
 * Citus call skipped on plain PostgreSQL, an idempotent re-distribution), it runs the answer on a
 * side statement and reads results from there until the next execution.
 *
 * <p>The methods that take SQL text are abstract here: a statement runs them through the
 * rewriter, a prepared statement refuses them as pgjdbc does; neither may inherit a path that
 * bypasses the rewriter.
 */
abstract sealed class BaseStatement<S extends Statement> implements Statement, StatementPort
    permits CitusSafeStatement, BasePreparedStatement {

  // Set once, by the constructor. Not final: a final field makes the JIT end this constructor with a
  // memory barrier, after which it writes the subclass's fields with GC barriers, and prepareStatement
  // grew too large to inline into a caller once compiled (see CitusSafeConnection.wrapped).
  CitusSafeConnection connection;
  Session session;
  /** Replaced only when a prepared statement is prepared again with a new plan's text. */
  S delegate;
  private Statement results;
  private SQLWarning driverWarnings;
  /** An update count the driver computed itself (sum over shards or batches); -1 when none. */
  private long substitutedCount = -1;
  /** The user's call has its result of this execution: pgjdbc's, a substitute, or a computed count. */
  private boolean answered;
  /** The current call is a JDBC batch. */
  boolean batchCall;
  /** The last result set getResultSet() handed out: one field, so a statement grows by no more than it. */
  private CitusSafeResultSet lastWrapper;

  BaseStatement(CitusSafeConnection connection, S delegate) {
    this.connection = connection;
    this.session = connection.session;
    this.delegate = delegate;
    this.results = delegate;
  }

  /**
   * Starts an execution of a text: clears the last one's results and warnings, and lets the
   * session note what the text does. Returns the analysis when the text must go through the
   * executor, null when pgjdbc runs it as it is (almost always).
   */
  final Analysis begin(Analysis analysis) throws SQLException {
    beginExecution();
    if (analysis.isPassThrough() && session.idle()) {
      session.passedThrough();
      return null;
    }
    session.beforeStatement(analysis.flags(), this);
    if (analysis.needsPlan() || (analysis.flags() & Analysis.SCHEMA_CHANGE) != 0) {
      return analysis;
    }
    session.passedThrough();
    return null;
  }

  /** Runs a text that needs the executor, under this statement's query timeout and cancel. */
  final void runPlanned(Analysis analysis, String sql, boolean batch) throws SQLException {
    batchCall = batch;
    session.side.begin(this, delegate.getQueryTimeout());
    try {
      connection.executor.run(analysis, sql, this);
    } finally {
      session.side.end();
      batchCall = false;
    }
    if (!answered) {
      // every step was the driver's own (an ALTER TABLE split into several): the user's statement
      // is a command without rows, which pgjdbc reports as an update count of 0
      substitutedCount = 0;
    }
  }

  /** Called before each execution: JDBC clears warnings and earlier results on re-execution. */
  final void beginExecution() throws SQLException {
    driverWarnings = null;
    substitutedCount = -1;
    answered = false;
    if (results != delegate) {
      Statement substitute = results;
      results = delegate;
      substitute.close();
    }
  }

  @Override
  public final void substituteResults(Statement substitute) throws SQLException {
    SQLWarning kept = driverWarnings;
    beginExecution();
    driverWarnings = kept;
    results = substitute;
    answered = true;
  }

  @Override
  public final void substituteCount(long count) {
    substitutedCount = count;
    answered = true;
  }

  @Override
  public final void runUser(String sql, int[] parameterMap) throws SQLException {
    callUser(sql, parameterMap);
    answered = true;
  }

  /** Makes the JDBC call the user made, with {@code sql} (see {@link StatementPort#runUser}). */
  abstract void callUser(String sql, int[] parameterMap) throws SQLException;

  @Override
  public final boolean isBatch() {
    return batchCall;
  }

  @Override
  public final void addWarning(String message) {
    SQLWarning warning = new SQLWarning(message, SqlState.WARNING.code());
    if (driverWarnings == null) {
      driverWarnings = warning;
    } else {
      driverWarnings.setNextWarning(warning);
    }
  }

  final SQLException explain(SQLException error, String sql) {
    return CitusErrors.explain(error, session, sql);
  }

  final ResultSet wrap(ResultSet resultSet) {
    return resultSet == null ? null : new CitusSafeResultSet(this, resultSet);
  }

  /** Whether the execution's result is a result set, as execute() reports it, without wrapping one. */
  final boolean hasResultSet() throws SQLException {
    return substitutedCount < 0 && results.getResultSet() != null;
  }

  /** The result set after a plan ran, as executeQuery reports it: pgjdbc refuses a command without rows. */
  final ResultSet resultSetAfterPlan() throws SQLException {
    ResultSet resultSet = getResultSet();
    if (resultSet == null) {
      throw new CitusSafeException("No results were returned by the query.", SqlState.NO_DATA);
    }
    return resultSet;
  }

  /** The update count after a plan ran, as executeUpdate reports it (a result set counts 0). */
  final int updateCountAfterPlan() throws SQLException {
    return Math.max(0, getUpdateCount());
  }

  final long largeUpdateCountAfterPlan() throws SQLException {
    return Math.max(0L, getLargeUpdateCount());
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    if (substitutedCount >= 0) {
      return null;
    }
    // called twice it gives the same object, as pgjdbc's does; kept here, off the executeQuery path
    ResultSet resultSet = results.getResultSet();
    if (resultSet == null) {
      return null;
    }
    if (lastWrapper == null || !lastWrapper.wraps(resultSet)) {
      lastWrapper = new CitusSafeResultSet(this, resultSet);
    }
    return lastWrapper;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return substitutedCount >= 0 ? (int) Math.min(Integer.MAX_VALUE, substitutedCount) : results.getUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return substitutedCount >= 0 ? substitutedCount : results.getLargeUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    if (substitutedCount >= 0) {
      substitutedCount = -1;
      // the one result was the computed count; what follows is "no more results"
      results.getMoreResults(current);
      return false;
    }
    return results.getMoreResults(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return wrap(results.getGeneratedKeys());
  }

  /** The driver's warnings (what it did and why) first, then the server's. */
  @Override
  public SQLWarning getWarnings() throws SQLException {
    SQLWarning server = delegate.getWarnings();
    if (driverWarnings == null) {
      return server;
    }
    if (server != null) {
      SQLWarning last = driverWarnings;
      while (last.getNextWarning() != null && last.getNextWarning() != server) {
        last = last.getNextWarning();
      }
      if (last.getNextWarning() == null) {
        last.setNextWarning(server);
      }
    }
    return driverWarnings;
  }

  @Override
  public void clearWarnings() throws SQLException {
    driverWarnings = null;
    delegate.clearWarnings();
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    try {
      beginExecution();
    } finally {
      delegate.close();
    }
  }

  /** Cancels the statement, and the statement the driver runs for it at the moment, if any. */
  @Override
  public void cancel() throws SQLException {
    try {
      session.side.cancel(this);
    } finally {
      delegate.cancel();
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  // ---- text-taking methods: each subclass decides, none inherits a path around the rewriter ----

  @Override
  public abstract boolean execute(String sql) throws SQLException;

  @Override
  public abstract boolean execute(String sql, int autoGeneratedKeys) throws SQLException;

  @Override
  public abstract boolean execute(String sql, int[] columnIndexes) throws SQLException;

  @Override
  public abstract boolean execute(String sql, String[] columnNames) throws SQLException;

  @Override
  public abstract ResultSet executeQuery(String sql) throws SQLException;

  @Override
  public abstract int executeUpdate(String sql) throws SQLException;

  @Override
  public abstract int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException;

  @Override
  public abstract int executeUpdate(String sql, int[] columnIndexes) throws SQLException;

  @Override
  public abstract int executeUpdate(String sql, String[] columnNames) throws SQLException;

  @Override
  public abstract long executeLargeUpdate(String sql) throws SQLException;

  @Override
  public abstract long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException;

  @Override
  public abstract long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException;

  @Override
  public abstract long executeLargeUpdate(String sql, String[] columnNames) throws SQLException;

  @Override
  public abstract void addBatch(String sql) throws SQLException;

  // ---- plain delegation ----

  @Override
  public int getMaxFieldSize() throws SQLException {
    return delegate.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    delegate.setMaxFieldSize(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return delegate.getMaxRows();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    delegate.setMaxRows(max);
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    delegate.setEscapeProcessing(enable);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return delegate.getQueryTimeout();
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    delegate.setQueryTimeout(seconds);
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    delegate.setCursorName(name);
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    delegate.setFetchDirection(direction);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    delegate.setFetchSize(rows);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return delegate.getResultSetConcurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return delegate.getResultSetType();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return delegate.getResultSetHoldability();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    delegate.setPoolable(poolable);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return delegate.isPoolable();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    delegate.closeOnCompletion();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return delegate.isCloseOnCompletion();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    delegate.setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return delegate.getLargeMaxRows();
  }

  @Override
  public String enquoteLiteral(String val) throws SQLException {
    return delegate.enquoteLiteral(val);
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    return delegate.enquoteIdentifier(identifier, alwaysQuote);
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    return delegate.isSimpleIdentifier(identifier);
  }

  @Override
  public String enquoteNCharLiteral(String val) throws SQLException {
    return delegate.enquoteNCharLiteral(val);
  }
}
