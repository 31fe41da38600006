package io.citussafe.driver;

import io.citussafe.rewriter.Plan;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
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
import java.util.Calendar;

/**
 * Shared part of the prepared and callable statement wrappers. The plan is looked up once, when
 * the statement is prepared; the user's step always runs pgjdbc's own prepared statement, so
 * parameters, server-side preparation and generated keys behave exactly as without us. As in
 * {@link CitusSafeStatement}, the execute methods are spelled out so that pass-through calls
 * reach pgjdbc without a lambda.
 */
abstract sealed class BasePreparedStatement<S extends PreparedStatement> extends BaseStatement<S>
    implements PreparedStatement permits CitusSafePreparedStatement, CitusSafeCallableStatement {

  final String sql;
  final Plan plan;
  /** For an UPDATE/DELETE/upsert step: what was decided at prepare time; else null. */
  final DmlDecision decision;
  /** Bound values as literals, only when the statement may run with them written in. */
  final ParameterLiterals parameters;

  BasePreparedStatement(CitusSafeConnection connection, S delegate, PreparedText prepared) {
    super(connection, delegate);
    this.sql = prepared.sql();
    this.plan = prepared.plan();
    this.decision = prepared.decision();
    this.parameters = prepared.needsLiterals() ? new ParameterLiterals() : null;
  }

  @Override
  public boolean execute() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return delegate.execute();
      }
      connection.executor.run(plan, sql, this, (target, text) -> delegate.execute());
      return getResultSet() != null;
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return wrap(delegate.executeQuery());
      }
      connection.executor.run(plan, sql, this, (target, text) -> delegate.executeQuery());
      return getResultSet();
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  @Override
  public int executeUpdate() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return delegate.executeUpdate();
      }
      connection.executor.run(plan, sql, this, (target, text) -> delegate.executeUpdate());
      return updateCountAfterPlan();
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return delegate.executeLargeUpdate();
      }
      connection.executor.run(plan, sql, this, (target, text) -> delegate.executeLargeUpdate());
      return largeUpdateCountAfterPlan();
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return delegate.executeBatch();
      }
      int[][] counts = new int[1][];
      connection.executor.run(plan, sql, this,
          (PlanExecutor.BatchCall) (target, text) -> counts[0] = delegate.executeBatch());
      return counts[0] == null ? new int[0] : counts[0];
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    beginExecution();
    try {
      connection.beforeStatement(plan, this);
      if (plan.isPassThrough()) {
        return delegate.executeLargeBatch();
      }
      long[][] counts = new long[1][];
      connection.executor.run(plan, sql, this,
          (PlanExecutor.BatchCall) (target, text) -> counts[0] = delegate.executeLargeBatch());
      return counts[0] == null ? new long[0] : counts[0];
    } catch (SQLException e) {
      throw connection.explain(e);
    }
  }

  // ---- plain delegation ----

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, null);
    }
    delegate.setNull(parameterIndex, sqlType);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setBoolean(parameterIndex, x);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setByte(parameterIndex, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setShort(parameterIndex, x);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setInt(parameterIndex, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setLong(parameterIndex, x);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setFloat(parameterIndex, x);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setDouble(parameterIndex, x);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setBigDecimal(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setString(parameterIndex, x);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBytes(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setDate(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setTime(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setTimestamp(parameterIndex, x);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setAsciiStream(parameterIndex, x, length);
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setUnicodeStream(parameterIndex, x, length);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public void clearParameters() throws SQLException {
    if (parameters != null) {
      parameters.clear();
    }
    delegate.clearParameters();
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setObject(parameterIndex, x, targetSqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, x);
    }
    delegate.setObject(parameterIndex, x);
  }

  @Override
  public void addBatch() throws SQLException {
    if (decision != null && decision.action() == DmlDecision.Action.UPSERT_TIMESTAMPS) {
      // each batch entry needs its own values of the appended parameters; inside a transaction
      // they are the transaction's, in autocommit those of the moment the entry is added
      connection.executor.bindUpsertTimestamps(this);
    }
    delegate.addBatch();
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setRef(parameterIndex, x);
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBlob(parameterIndex, x);
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setClob(parameterIndex, x);
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setArray(parameterIndex, x);
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setDate(parameterIndex, x, cal);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setTime(parameterIndex, x, cal);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setTimestamp(parameterIndex, x, cal);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    if (parameters != null) {
      parameters.set(parameterIndex, null);
    }
    delegate.setNull(parameterIndex, sqlType, typeName);
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setURL(parameterIndex, x);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return delegate.getParameterMetaData();
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setRowId(parameterIndex, x);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNString(parameterIndex, value);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNCharacterStream(parameterIndex, value, length);
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNClob(parameterIndex, value);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setClob(parameterIndex, reader, length);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBlob(parameterIndex, inputStream, length);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNClob(parameterIndex, reader, length);
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setSQLXML(parameterIndex, xmlObject);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setAsciiStream(parameterIndex, x, length);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setAsciiStream(parameterIndex, x);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBinaryStream(parameterIndex, x);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setCharacterStream(parameterIndex, reader);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNCharacterStream(parameterIndex, value);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setClob(parameterIndex, reader);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setBlob(parameterIndex, inputStream);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setNClob(parameterIndex, reader);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    if (parameters != null) {
      parameters.unsupported(parameterIndex);
    }
    delegate.setObject(parameterIndex, x, targetSqlType);
  }
}
