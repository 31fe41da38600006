package io.citussafe.driver;

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
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection without a server, for unit tests of the session and the executor (as HikariCP's
 * StubConnection): its statements record every text they run, in {@link #log}, and queries answer
 * from {@link #answers} (the first entry whose key starts the query), else with no rows.
 * Transaction calls are logged too ({@code AUTOCOMMIT OFF}, {@code COMMIT}, {@code ROLLBACK}…). What a test does
 * not need throws UnsupportedOperationException.
 */
final class StubConnection implements Connection {

  final List<String> log = new ArrayList<>();
  final Map<String, List<Object[]>> answers = new LinkedHashMap<>();
  /** Texts whose execution fails with this SQLSTATE, by prefix. */
  final Map<String, String> failures = new LinkedHashMap<>();
  boolean autoCommit = true;
  /** A transaction block the server would report (BEGIN in autocommit, or autocommit off). */
  boolean transactionBlock;
  /** What the server reports for {@code standard_conforming_strings}. */
  String standardConformingStrings = "on";
  private boolean closed;

  StubConnection answer(String queryPrefix, Object... row) {
    answers.computeIfAbsent(queryPrefix, k -> new ArrayList<>()).add(row);
    return this;
  }

  List<Object[]> rowsFor(String sql) {
    for (Map.Entry<String, List<Object[]>> entry : answers.entrySet()) {
      if (sql.startsWith(entry.getKey())) {
        return entry.getValue();
      }
    }
    return List.of();
  }

  void run(String sql) throws SQLException {
    log.add(sql);
    for (Map.Entry<String, String> entry : failures.entrySet()) {
      if (sql.startsWith(entry.getKey())) {
        throw new SQLException("stub failure of " + sql, entry.getValue());
      }
    }
  }

  ServerSession server() {
    return new ServerSession() {
      @Override
      public boolean inTransactionBlock() {
        return transactionBlock || !autoCommit;
      }

      @Override
      public String parameter(String name) {
        return "TimeZone".equals(name) ? "UTC"
            : "standard_conforming_strings".equals(name) ? standardConformingStrings : null;
      }

      @Override
      public boolean varcharStrings() {
        return true;
      }
    };
  }

  @Override
  public Statement createStatement() {
    return new StubStatement(this, null);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) {
    return new StubStatement(this, sql);
  }

  @Override
  public void setAutoCommit(boolean value) {
    if (autoCommit != value) {
      log.add(value ? "AUTOCOMMIT ON" : "AUTOCOMMIT OFF");
    }
    autoCommit = value;
  }

  @Override
  public boolean getAutoCommit() {
    return autoCommit;
  }

  @Override
  public void commit() {
    log.add("COMMIT");
  }

  @Override
  public void rollback() {
    log.add("ROLLBACK");
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  // ---- not needed by the tests ----

  @Override
  public CallableStatement prepareCall(String a0) throws SQLException {
    throw new UnsupportedOperationException("prepareCall");
  }

  @Override
  public String nativeSQL(String a0) throws SQLException {
    throw new UnsupportedOperationException("nativeSQL");
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    throw new UnsupportedOperationException("getMetaData");
  }

  @Override
  public void setReadOnly(boolean a0) throws SQLException {
    throw new UnsupportedOperationException("setReadOnly");
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    throw new UnsupportedOperationException("isReadOnly");
  }

  @Override
  public void setCatalog(String a0) throws SQLException {
    throw new UnsupportedOperationException("setCatalog");
  }

  @Override
  public String getCatalog() throws SQLException {
    throw new UnsupportedOperationException("getCatalog");
  }

  @Override
  public void setTransactionIsolation(int a0) throws SQLException {
    throw new UnsupportedOperationException("setTransactionIsolation");
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    throw new UnsupportedOperationException("getTransactionIsolation");
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw new UnsupportedOperationException("clearWarnings");
  }

  @Override
  public Statement createStatement(int a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("createStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("prepareStatement");
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("prepareCall");
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    throw new UnsupportedOperationException("getTypeMap");
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
    throw new UnsupportedOperationException("setTypeMap");
  }

  @Override
  public void setHoldability(int a0) throws SQLException {
    throw new UnsupportedOperationException("setHoldability");
  }

  @Override
  public int getHoldability() throws SQLException {
    throw new UnsupportedOperationException("getHoldability");
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw new UnsupportedOperationException("setSavepoint");
  }

  @Override
  public Savepoint setSavepoint(String a0) throws SQLException {
    throw new UnsupportedOperationException("setSavepoint");
  }

  @Override
  public void rollback(Savepoint a0) throws SQLException {
    throw new UnsupportedOperationException("rollback");
  }

  @Override
  public void releaseSavepoint(Savepoint a0) throws SQLException {
    throw new UnsupportedOperationException("releaseSavepoint");
  }

  @Override
  public Statement createStatement(int a0, int a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("createStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
    throw new UnsupportedOperationException("prepareStatement");
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
    throw new UnsupportedOperationException("prepareCall");
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
    throw new UnsupportedOperationException("prepareStatement");
  }

  @Override
  public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
    throw new UnsupportedOperationException("prepareStatement");
  }

  @Override
  public Clob createClob() throws SQLException {
    throw new UnsupportedOperationException("createClob");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw new UnsupportedOperationException("createBlob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw new UnsupportedOperationException("createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw new UnsupportedOperationException("createSQLXML");
  }

  @Override
  public boolean isValid(int a0) throws SQLException {
    throw new UnsupportedOperationException("isValid");
  }

  @Override
  public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
    throw new UnsupportedOperationException("setClientInfo");
  }

  @Override
  public void setClientInfo(Properties a0) throws SQLClientInfoException {
    throw new UnsupportedOperationException("setClientInfo");
  }

  @Override
  public String getClientInfo(String a0) throws SQLException {
    throw new UnsupportedOperationException("getClientInfo");
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    throw new UnsupportedOperationException("getClientInfo");
  }

  @Override
  public Array createArrayOf(String a0, Object[] a1) throws SQLException {
    throw new UnsupportedOperationException("createArrayOf");
  }

  @Override
  public Struct createStruct(String a0, Object[] a1) throws SQLException {
    throw new UnsupportedOperationException("createStruct");
  }

  @Override
  public void setSchema(String a0) throws SQLException {
    throw new UnsupportedOperationException("setSchema");
  }

  @Override
  public String getSchema() throws SQLException {
    throw new UnsupportedOperationException("getSchema");
  }

  @Override
  public void abort(Executor a0) throws SQLException {
    throw new UnsupportedOperationException("abort");
  }

  @Override
  public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("setNetworkTimeout");
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    throw new UnsupportedOperationException("getNetworkTimeout");
  }

}
