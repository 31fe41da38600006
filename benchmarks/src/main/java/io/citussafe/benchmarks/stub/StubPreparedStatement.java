package io.citussafe.benchmarks.stub;

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
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

/**
 * A prepared statement that does nothing but keep its bound values (numbers unboxed) and, like
 * {@link StubStatement}, answer queries with its reused empty result set.
 */
public class StubPreparedStatement extends StubStatement implements PreparedStatement {

  private final String sql;
  /** Bound numbers, unboxed, and other bound values, by parameter index - 1. */
  private long[] numbers = new long[4];
  private Object[] objects = new Object[4];

  public StubPreparedStatement(Connection connection, String sql) {
    super(connection);
    this.sql = sql;
  }

  private void number(int index, long value) {
    if (index > numbers.length) {
      numbers = Arrays.copyOf(numbers, Math.max(index, numbers.length * 2));
    }
    numbers[index - 1] = value;
  }

  private void object(int index, Object value) {
    if (index > objects.length) {
      objects = Arrays.copyOf(objects, Math.max(index, objects.length * 2));
    }
    objects[index - 1] = value;
  }

  @Override
  public void addBatch() throws SQLException {
    batchSize++;
  }

  @Override
  public void clearParameters() throws SQLException {
    Arrays.fill(objects, null);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(sql);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    run(sql);
    return 1L;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    lastSql = sql;
    return query();
  }

  @Override
  public int executeUpdate() throws SQLException {
    run(sql);
    return 1;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return null;
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    number(parameterIndex, x ? 1 : 0);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    number(parameterIndex, x);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    number(parameterIndex, Double.doubleToRawLongBits(x));
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    number(parameterIndex, Float.floatToRawIntBits(x));
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    number(parameterIndex, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    number(parameterIndex, x);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    object(parameterIndex, value);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    object(parameterIndex, null);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    number(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    object(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
  }

  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }
}
