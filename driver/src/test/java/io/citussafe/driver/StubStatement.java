package io.citussafe.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.util.TreeMap;

/**
 * A statement of {@link StubConnection}: plain or prepared. Each execution is logged on the
 * connection (a prepared one as its text followed by its bound values, {@code text [1=a, 2=b]});
 * queries answer from the connection's answers.
 */
final class StubStatement implements PreparedStatement {

  private final StubConnection connection;
  private final String preparedSql;
  final Map<Integer, Object> bound = new TreeMap<>();
  private ResultSet resultSet;
  private int updateCount = -1;
  private int queryTimeout;
  private final java.util.List<String> batch = new java.util.ArrayList<>();
  private boolean closed;
  boolean cancelled;

  StubStatement(StubConnection connection, String preparedSql) {
    this.connection = connection;
    this.preparedSql = preparedSql;
  }

  private boolean run(String sql) throws SQLException {
    connection.run(bound.isEmpty() ? sql : sql + " " + bound.values());
    java.util.List<Object[]> rows = connection.rowsFor(sql);
    boolean query = sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6) || !rows.isEmpty();
    resultSet = query ? new StubResultSet(rows) : null;
    updateCount = query ? -1 : 1;
    return query;
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return run(sql);
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    run(sql);
    return resultSet;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    run(sql);
    return Math.max(0, updateCount);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(preparedSql);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    run(preparedSql);
    return resultSet;
  }

  @Override
  public int executeUpdate() throws SQLException {
    run(preparedSql);
    return Math.max(0, updateCount);
  }

  @Override
  public ResultSet getResultSet() {
    return resultSet;
  }

  @Override
  public int getUpdateCount() {
    return updateCount;
  }

  @Override
  public long getLargeUpdateCount() {
    return updateCount;
  }

  @Override
  public boolean getMoreResults() {
    resultSet = null;
    updateCount = -1;
    return false;
  }

  @Override
  public void setString(int index, String value) {
    bound.put(index, value);
  }

  @Override
  public void setInt(int index, int value) {
    bound.put(index, value);
  }

  @Override
  public void setLong(int index, long value) {
    bound.put(index, value);
  }

  @Override
  public void setObject(int index, Object value) {
    bound.put(index, value);
  }

  @Override
  public void setObject(int index, Object value, int sqlType) {
    bound.put(index, value);
  }

  @Override
  public void setArray(int index, Array value) {
    bound.put(index, value);
  }

  @Override
  public void clearParameters() {
    bound.clear();
  }

  @Override
  public void setQueryTimeout(int seconds) {
    queryTimeout = seconds;
  }

  @Override
  public int getQueryTimeout() {
    return queryTimeout;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {
  }

  @Override
  public Connection getConnection() {
    return connection;
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
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper for " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }

  // ---- not needed by the tests ----

  @Override
  public void setNull(int a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("setNull");
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws SQLException {
    throw new UnsupportedOperationException("setBoolean");
  }

  @Override
  public void setByte(int a0, byte a1) throws SQLException {
    throw new UnsupportedOperationException("setByte");
  }

  @Override
  public void setShort(int a0, short a1) throws SQLException {
    throw new UnsupportedOperationException("setShort");
  }

  @Override
  public void setFloat(int a0, float a1) throws SQLException {
    throw new UnsupportedOperationException("setFloat");
  }

  @Override
  public void setDouble(int a0, double a1) throws SQLException {
    throw new UnsupportedOperationException("setDouble");
  }

  @Override
  public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    throw new UnsupportedOperationException("setBigDecimal");
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws SQLException {
    throw new UnsupportedOperationException("setBytes");
  }

  @Override
  public void setDate(int a0, Date a1) throws SQLException {
    throw new UnsupportedOperationException("setDate");
  }

  @Override
  public void setTime(int a0, Time a1) throws SQLException {
    throw new UnsupportedOperationException("setTime");
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1) throws SQLException {
    throw new UnsupportedOperationException("setTimestamp");
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("setAsciiStream");
  }

  @Override
  public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("setUnicodeStream");
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("setBinaryStream");
  }

  @Override
  public void addBatch() throws SQLException {
    throw new UnsupportedOperationException("addBatch");
  }

  @Override
  public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("setCharacterStream");
  }

  @Override
  public void setRef(int a0, Ref a1) throws SQLException {
    throw new UnsupportedOperationException("setRef");
  }

  @Override
  public void setBlob(int a0, Blob a1) throws SQLException {
    throw new UnsupportedOperationException("setBlob");
  }

  @Override
  public void setClob(int a0, Clob a1) throws SQLException {
    throw new UnsupportedOperationException("setClob");
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    throw new UnsupportedOperationException("getMetaData");
  }

  @Override
  public void setDate(int a0, Date a1, Calendar a2) throws SQLException {
    throw new UnsupportedOperationException("setDate");
  }

  @Override
  public void setTime(int a0, Time a1, Calendar a2) throws SQLException {
    throw new UnsupportedOperationException("setTime");
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException {
    throw new UnsupportedOperationException("setTimestamp");
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws SQLException {
    throw new UnsupportedOperationException("setNull");
  }

  @Override
  public void setURL(int a0, URL a1) throws SQLException {
    throw new UnsupportedOperationException("setURL");
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw new UnsupportedOperationException("getParameterMetaData");
  }

  @Override
  public void setRowId(int a0, RowId a1) throws SQLException {
    throw new UnsupportedOperationException("setRowId");
  }

  @Override
  public void setNString(int a0, String a1) throws SQLException {
    throw new UnsupportedOperationException("setNString");
  }

  @Override
  public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setNCharacterStream");
  }

  @Override
  public void setNClob(int a0, NClob a1) throws SQLException {
    throw new UnsupportedOperationException("setNClob");
  }

  @Override
  public void setClob(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setClob");
  }

  @Override
  public void setBlob(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setBlob");
  }

  @Override
  public void setNClob(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setNClob");
  }

  @Override
  public void setSQLXML(int a0, SQLXML a1) throws SQLException {
    throw new UnsupportedOperationException("setSQLXML");
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
    throw new UnsupportedOperationException("setObject");
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setAsciiStream");
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setBinaryStream");
  }

  @Override
  public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("setCharacterStream");
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("setAsciiStream");
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("setBinaryStream");
  }

  @Override
  public void setCharacterStream(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("setCharacterStream");
  }

  @Override
  public void setNCharacterStream(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("setNCharacterStream");
  }

  @Override
  public void setClob(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("setClob");
  }

  @Override
  public void setBlob(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("setBlob");
  }

  @Override
  public void setNClob(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("setNClob");
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    throw new UnsupportedOperationException("getMaxFieldSize");
  }

  @Override
  public void setMaxFieldSize(int a0) throws SQLException {
    throw new UnsupportedOperationException("setMaxFieldSize");
  }

  @Override
  public int getMaxRows() throws SQLException {
    throw new UnsupportedOperationException("getMaxRows");
  }

  @Override
  public void setMaxRows(int a0) throws SQLException {
    throw new UnsupportedOperationException("setMaxRows");
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws SQLException {
    throw new UnsupportedOperationException("setEscapeProcessing");
  }

  @Override
  public void setCursorName(String a0) throws SQLException {
    throw new UnsupportedOperationException("setCursorName");
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    throw new UnsupportedOperationException("setFetchDirection");
  }

  @Override
  public int getFetchDirection() throws SQLException {
    throw new UnsupportedOperationException("getFetchDirection");
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    throw new UnsupportedOperationException("setFetchSize");
  }

  @Override
  public int getFetchSize() throws SQLException {
    throw new UnsupportedOperationException("getFetchSize");
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    throw new UnsupportedOperationException("getResultSetConcurrency");
  }

  @Override
  public int getResultSetType() throws SQLException {
    throw new UnsupportedOperationException("getResultSetType");
  }

  @Override
  public void addBatch(String sql) {
    batch.add(sql);
  }

  @Override
  public void clearBatch() {
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    int[] counts = new int[batch.size()];
    for (int i = 0; i < counts.length; i++) {
      run(batch.get(i));
    }
    batch.clear();
    return counts;
  }

  @Override
  public boolean getMoreResults(int a0) throws SQLException {
    throw new UnsupportedOperationException("getMoreResults");
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    throw new UnsupportedOperationException("getGeneratedKeys");
  }

  @Override
  public int executeUpdate(String a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0, int[] a1) throws SQLException {
    throw new UnsupportedOperationException("executeUpdate");
  }

  @Override
  public int executeUpdate(String a0, String[] a1) throws SQLException {
    throw new UnsupportedOperationException("executeUpdate");
  }

  @Override
  public boolean execute(String a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("execute");
  }

  @Override
  public boolean execute(String a0, int[] a1) throws SQLException {
    throw new UnsupportedOperationException("execute");
  }

  @Override
  public boolean execute(String a0, String[] a1) throws SQLException {
    throw new UnsupportedOperationException("execute");
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    throw new UnsupportedOperationException("getResultSetHoldability");
  }

  @Override
  public void setPoolable(boolean a0) throws SQLException {
    throw new UnsupportedOperationException("setPoolable");
  }

  @Override
  public boolean isPoolable() throws SQLException {
    throw new UnsupportedOperationException("isPoolable");
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    throw new UnsupportedOperationException("closeOnCompletion");
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    throw new UnsupportedOperationException("isCloseOnCompletion");
  }

}
