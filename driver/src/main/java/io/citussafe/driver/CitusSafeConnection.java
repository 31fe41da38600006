package io.citussafe.driver;

import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Step;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps pgjdbc's connection. Statements it creates are our wrappers; everything else delegates.
 * {@link #unwrap} reaches pgjdbc's {@code PGConnection}/{@code BaseConnection}, so COPY and other
 * pgjdbc extensions work as before.
 */
final class CitusSafeConnection implements Connection {

  private static final Logger LOG = LoggerFactory.getLogger("citussafe.rewrite");

  final Connection delegate;
  final Cluster cluster;
  final Settings settings;
  final PlanExecutor executor;
  /** This session's search_path as last read; null when unknown or possibly changed. */
  private String searchPath;

  // Transaction state for sequential mode (see beforeStatement). Connections are used by one
  // thread at a time, as JDBC requires, so plain fields suffice.
  /** A migration tool works on this connection, or sequentialTransactions=always. */
  private boolean migration;
  private boolean autoCommit;
  /** A BEGIN statement opened a transaction block while in autocommit mode. */
  private boolean explicitTransaction;
  /** SET LOCAL citus.multi_shard_modify_mode was sent in the current transaction. */
  private boolean sequentialSent;
  /** Derived: the SET LOCAL must precede the next statement. Read on every statement. */
  private boolean sequentialPending;

  CitusSafeConnection(Connection delegate, Cluster cluster, Settings settings) throws SQLException {
    this.delegate = delegate;
    this.cluster = cluster;
    this.settings = settings;
    this.executor = new PlanExecutor(this);
    this.autoCommit = delegate.getAutoCommit();
    this.migration = settings.sequentialTransactions() == Settings.Sequential.ALWAYS;
    updateSequentialPending();
  }

  /**
   * Called before every statement. Almost always a no-op: the plan has no flags and no SET LOCAL
   * is due. Otherwise it notes what the statement does to the session and, on a migration
   * connection, starts the transaction in sequential mode before its first statement, because
   * Citus refuses DDL, foreign keys and reference-table writes after a parallel multi-shard
   * statement in the same transaction, and setting the mode later is too late.
   */
  void beforeStatement(Plan plan, BaseStatement<?> owner) throws SQLException {
    if (plan.flags() == 0 && !sequentialPending) {
      return;
    }
    if (sequentialPending) {
      startSequential(owner);
    }
    int flags = plan.flags();
    if ((flags & Plan.MIGRATION_TOOL) != 0 && !migration
        && settings.sequentialTransactions() == Settings.Sequential.AUTO) {
      migration = true;
      LOG.info("a migration tool works on this connection: its transactions will start with {}",
          SET_SEQUENTIAL);
    }
    if ((flags & (Plan.TRANSACTION_START | Plan.TRANSACTION_END)) != 0) {
      explicitTransaction = (flags & Plan.TRANSACTION_START) != 0 && (flags & Plan.TRANSACTION_END) == 0;
      sequentialSent = false;
    }
    if ((flags & Plan.SESSION_CHANGE) != 0) {
      searchPath = null;
    }
    updateSequentialPending();
  }

  static final String SET_SEQUENTIAL = "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'";

  private void startSequential(BaseStatement<?> owner) throws SQLException {
    sequentialSent = true;
    sequentialPending = false;
    if (!cluster.isCitus(delegate)) {
      return;
    }
    try (Statement statement = delegate.createStatement()) {
      statement.execute(SET_SEQUENTIAL);
    }
    LOG.debug("transaction started with {}", SET_SEQUENTIAL);
    owner.addWarning("citussafe: started this transaction with " + SET_SEQUENTIAL
        + " (migration connection), so later DDL and reference-table writes do not fail after a "
        + "parallel multi-shard statement");
  }

  private void updateSequentialPending() {
    sequentialPending = migration && !sequentialSent && (explicitTransaction || !autoCommit)
        && settings.mode() == Settings.Mode.REWRITE
        && settings.sequentialTransactions() != Settings.Sequential.NEVER;
  }

  /**
   * Adds what to do to Citus's "parallel operation" errors; returns any other error unchanged.
   * Citus raises them inside a transaction after a parallel multi-shard statement.
   */
  SQLException explain(SQLException error) {
    String message = error.getMessage();
    if (message == null || !message.contains("because there was a parallel")) {
      return error;
    }
    String fix;
    if (settings.sequentialTransactions() == Settings.Sequential.NEVER) {
      fix = "this connection has citussafe.sequentialTransactions=never, so put " + SET_SEQUENTIAL
          + " as the first statement of that migration's transaction (or drop the setting)";
    } else if (!migration) {
      fix = "citussafe did not see a migration tool on this connection, so its transactions run in "
          + "parallel mode; if it runs migrations, add citussafe.sequentialTransactions=always to the "
          + "migration URL (application connections should keep parallel mode, it is faster)";
    } else {
      fix = "the migration tool was recognised only after this transaction had started; put "
          + SET_SEQUENTIAL + " as the first statement of that migration";
    }
    return new CitusSafeException(message + "\n  citussafe hint: Citus refuses this after a parallel "
        + "multi-shard statement in the same transaction unless the transaction starts in "
        + "sequential mode; " + fix + ".", error);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    delegate.setAutoCommit(autoCommit);
    this.autoCommit = autoCommit;
    explicitTransaction = false;
    sequentialSent = false;
    updateSequentialPending();
  }

  @Override
  public void commit() throws SQLException {
    delegate.commit();
    sequentialSent = false;
    updateSequentialPending();
  }

  @Override
  public void rollback() throws SQLException {
    delegate.rollback();
    sequentialSent = false;
    updateSequentialPending();
  }

  /** The plan for a statement text; everything passes through when the driver is off. */
  Plan plan(String sql) {
    return settings.mode() == Settings.Mode.OFF ? Plan.PASS_THROUGH : cluster.rewriter.plan(sql);
  }

  /**
   * A prepared statement runs pgjdbc's prepared statement for the user's step, so a plan with
   * more than one statement of the user's in it cannot be honoured: bind parameters belong to
   * the whole text. Such (rare) texts pass through.
   */
  private Plan preparedPlan(String sql) {
    Plan plan = plan(sql);
    if (plan.isPassThrough()) {
      return plan;
    }
    int userSteps = 0;
    for (Step step : plan.steps()) {
      if (!(step instanceof Step.CleanLocalHeap)) {
        userSteps++;
      }
    }
    if (userSteps > 1) {
      LOG.debug("prepared text holds several statements; passing it through unchanged: {}", sql);
      return Plan.PASS_THROUGH;
    }
    return plan;
  }

  String searchPath() {
    return searchPath;
  }

  void searchPath(String searchPath) {
    this.searchPath = searchPath;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new CitusSafeStatement(this, delegate.createStatement());
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return new CitusSafeStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return new CitusSafeStatement(this,
        delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return new CitusSafePreparedStatement(this, delegate.prepareStatement(sql), sql, preparedPlan(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), sql, preparedPlan(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql,
        preparedPlan(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return new CitusSafePreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql,
        preparedPlan(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new CitusSafePreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql,
        preparedPlan(sql));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new CitusSafePreparedStatement(this, delegate.prepareStatement(sql, columnNames), sql,
        preparedPlan(sql));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return new CitusSafeCallableStatement(this, delegate.prepareCall(sql), sql, preparedPlan(sql));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new CitusSafeCallableStatement(this,
        delegate.prepareCall(sql, resultSetType, resultSetConcurrency), sql, preparedPlan(sql));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return new CitusSafeCallableStatement(this,
        delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql,
        preparedPlan(sql));
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new CitusSafeDatabaseMetaData(this, delegate.getMetaData());
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    searchPath = null;
    delegate.setSchema(schema);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  // ---- plain delegation ----

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return delegate.nativeSQL(sql);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegate.getAutoCommit();
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    delegate.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegate.isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    delegate.setCatalog(catalog);
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegate.getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    delegate.setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegate.getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
    delegate.setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    delegate.setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return delegate.setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    delegate.rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    delegate.releaseSavepoint(savepoint);
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegate.createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegate.createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegate.createSQLXML();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return delegate.isValid(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    delegate.setClientInfo(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return delegate.getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegate.getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return delegate.createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return delegate.createStruct(typeName, attributes);
  }

  @Override
  public String getSchema() throws SQLException {
    return delegate.getSchema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    delegate.abort(executor);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    delegate.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    delegate.beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    delegate.endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
    delegate.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    delegate.setShardingKey(shardingKey);
  }
}
