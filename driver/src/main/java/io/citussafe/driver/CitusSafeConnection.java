package io.citussafe.driver;

import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Step;
import java.sql.Array;
import java.sql.Blob;
import java.sql.BatchUpdateException;
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
import java.util.Map;
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
  /** The thread on which the migration tool was seen; another thread means a pool reused us. */
  private Thread migrationThread;
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
    if ((flags & Plan.MIGRATION_TOOL) != 0 && settings.sequentialTransactions() == Settings.Sequential.AUTO) {
      MigrationTools.seenOnThisThread();
      if (!migration || migrationThread != Thread.currentThread()) {
        markMigration("a statement names a migration tool's history or lock table");
      }
    }
    if ((flags & (Plan.TRANSACTION_START | Plan.TRANSACTION_END)) != 0) {
      explicitTransaction = (flags & Plan.TRANSACTION_START) != 0 && (flags & Plan.TRANSACTION_END) == 0;
      newTransaction();
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

  private void markMigration(String why) {
    if (!migration) {
      LOG.info("migration connection ({}): its transactions start with {}", why, SET_SEQUENTIAL);
    }
    migration = true;
    migrationThread = Thread.currentThread();
  }

  /**
   * A transaction may start next. With sequentialTransactions=auto this is where a connection
   * becomes, or stops being, a migration connection: a pool that hands it to another thread
   * means the migration tool is done with it; a transaction started by a migration tool's code
   * on a thread where it was seen (Flyway's second connection) makes it one.
   */
  private void newTransaction() {
    sequentialSent = false;
    if (settings.sequentialTransactions() == Settings.Sequential.AUTO) {
      if (migration && migrationThread != Thread.currentThread()) {
        migration = false;
      }
      if (!migration && MigrationTools.runningOnThisThread()) {
        markMigration("a migration tool starts a transaction on it");
      }
    }
    updateSequentialPending();
  }

  private void updateSequentialPending() {
    sequentialPending = migration && !sequentialSent && (explicitTransaction || !autoCommit)
        && settings.mode() == Settings.Mode.REWRITE
        && settings.sequentialTransactions() != Settings.Sequential.NEVER;
  }

  /**
   * Adds what to do to Citus errors the driver can explain (parallel operations in a transaction,
   * modified distribution columns, rejected functions with rewriting off); returns any other
   * error unchanged.
   */
  SQLException explain(SQLException error) {
    String message = error.getMessage();
    if (message == null || message.contains("citussafe hint:")) {
      return error;
    }
    if (message.contains("modifying the partition value of rows is not allowed")) {
      return withHint(error, "Citus keeps each row on the shard of its distribution column's value, so "
          + "an UPDATE cannot change that column, and there is no faithful rewrite. Insert the rows with "
          + "the new value and delete the old ones in one transaction, or leave the column unchanged.");
    }
    if (message.contains("must not be VOLATILE") || message.contains("must be marked IMMUTABLE")
        || message.contains("non-IMMUTABLE functions") || message.contains("cannot be called with column references")) {
      return withHint(error, settings.bulkUpdate() == Settings.BulkUpdate.OFF
          ? "this connection has citussafe.bulkUpdate=off; with atomic (the default) citussafe rewrites "
              + "such statements so Citus accepts them."
          : "citussafe did not see the call Citus objects to: it looks at function calls and casts to "
              + "date/time types, not at operators such as timestamptz + interval. Compute the new values "
              + "in a subquery, or write the call as a function (now() + interval '1 day' is fine; "
              + "col + interval '1 day' on a timestamptz column is not).");
    }
    if (!message.contains("because there was a parallel")) {
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
    return withHint(error, "Citus refuses this after a parallel multi-shard statement in the same "
        + "transaction unless the transaction starts in sequential mode; " + fix + ".");
  }

  /**
   * The server's error with a driver hint appended; SQLSTATE, error code and the original (as
   * cause) stay, and a batch failure stays a {@link BatchUpdateException} with its counts.
   */
  SQLException withHint(SQLException error, String hint) {
    String message = error.getMessage() + "\n  citussafe hint: " + hint;
    if (error instanceof BatchUpdateException batch) {
      return new BatchUpdateException(message, batch.getSQLState(), batch.getErrorCode(),
          batch.getLargeUpdateCounts(), batch);
    }
    return new CitusSafeException(message, error);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    delegate.setAutoCommit(autoCommit);
    this.autoCommit = autoCommit;
    explicitTransaction = false;
    newTransaction();
  }

  @Override
  public void commit() throws SQLException {
    delegate.commit();
    newTransaction();
  }

  @Override
  public void rollback() throws SQLException {
    delegate.rollback();
    newTransaction();
  }

  /** The plan for a statement text; on a connection that batches backfills, UPDATEs are looked at too. */
  Plan plan(String sql) {
    if (settings.mode() == Settings.Mode.OFF) {
      return Plan.PASS_THROUGH;
    }
    return settings.backfillBatchRows() > 0 ? cluster.rewriter.planForBackfill(sql) : cluster.rewriter.plan(sql);
  }

  /**
   * Decides once, when a statement is prepared, what pgjdbc prepares. The user's step always
   * runs pgjdbc's prepared statement, so a text holding several statements of the user's cannot
   * be planned: bind parameters belong to the whole text, and such (rare) texts pass through.
   * An UPDATE/DELETE/upsert that Citus would reject is prepared in its rewritten form; the
   * rewrite keeps the placeholders in order, so the user's parameter indexes still apply.
   */
  private PreparedText prepared(String sql) throws SQLException {
    Plan plan = plan(sql);
    if (plan.isPassThrough()) {
      return new PreparedText(sql, plan, null, sql, false);
    }
    int userSteps = 0;
    Step.Dml dml = null;
    for (Step step : plan.steps()) {
      if (!(step instanceof Step.CleanLocalHeap)) {
        userSteps++;
      }
      if (step instanceof Step.Dml d) {
        dml = d;
      }
    }
    if (userSteps > 1) {
      LOG.debug("prepared text holds several statements; passing it through unchanged: {}", sql);
      return new PreparedText(sql, Plan.passThrough(plan.flags()), null, sql, false);
    }
    if (dml == null || settings.mode() != Settings.Mode.REWRITE) {
      return new PreparedText(sql, plan, null, sql, false);
    }
    DmlDecision decision = DmlPlanner.decide(this, dml.statement());
    boolean rewritten = decision.action() == DmlDecision.Action.ATOMIC
        || decision.action() == DmlDecision.Action.UPSERT_TIMESTAMPS;
    boolean literals = decision.table() != null && (settings.backfillBatchRows() > 0
        || settings.bulkUpdate() == Settings.BulkUpdate.PER_SHARD);
    return new PreparedText(sql, plan, decision, rewritten ? decision.sql() : sql, literals);
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
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text()), prepared);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text(), resultSetType, resultSetConcurrency), prepared);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text(), resultSetType, resultSetConcurrency, resultSetHoldability), prepared);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text(), autoGeneratedKeys), prepared);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text(), columnIndexes), prepared);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafePreparedStatement(this,
        delegate.prepareStatement(prepared.text(), columnNames), prepared);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafeCallableStatement(this, delegate.prepareCall(prepared.text()), prepared);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafeCallableStatement(this,
        delegate.prepareCall(prepared.text(), resultSetType, resultSetConcurrency), prepared);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    PreparedText prepared = prepared(sql);
    return new CitusSafeCallableStatement(this,
        delegate.prepareCall(prepared.text(), resultSetType, resultSetConcurrency, resultSetHoldability), prepared);
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
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
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
    // the SET LOCAL may have been sent after the savepoint; sending it again is harmless
    sequentialSent = false;
    updateSequentialPending();
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
