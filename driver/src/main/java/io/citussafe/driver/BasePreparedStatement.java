package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.SqlState;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.Step;
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
import java.sql.Types;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * Shared part of the prepared and callable statement wrappers. The text's analysis is looked up
 * once, when the statement is prepared; a text no rule reads binds its parameters straight to
 * pgjdbc's statement and runs it unchanged. A text a rule may run in another form gets a
 * {@link Binding}: its values are kept, so the statement can be prepared again with the plan's
 * text (the rewrite, or a new plan after DDL made the old one stale) and bound again, each value
 * to every placeholder that takes it. The user's call always runs pgjdbc's prepared statement, so
 * server-side preparation and generated keys behave exactly as without us.
 */
abstract sealed class BasePreparedStatement<S extends PreparedStatement> extends BaseStatement<S>
    implements PreparedStatement permits CitusSafePreparedStatement, CitusSafeCallableStatement {

  /** Which JDBC call the user made, for {@link #callUser}. */
  private enum Call {
    EXECUTE, QUERY, UPDATE, LARGE_UPDATE, BATCH, LARGE_BATCH
  }

  /** Prepares pgjdbc's statement for a text, as the user's prepare call did (keys, cursor options…). */
  @FunctionalInterface
  interface Preparer<S> {
    S prepare(String sql) throws SQLException;
  }

  /**
   * Loads {@link Preparer} with the wrappers. The JIT inlines a constructor only once the types of
   * its parameters are loaded, and nothing else loads this one before a text a rule reads is
   * prepared: a caller compiled before that allocated every wrapper it prepared, ran and closed.
   */
  private static final Class<?> PREPARER_LOADED = Preparer.class;

  final String sql;
  private final Analysis analysis;
  /** Null unless a rule may run the statement in another form. */
  private final Binding binding;
  /** The placeholders of the user's text (counted only when there is a binding). */
  private final int userParameters;
  private final Preparer<S> preparer;
  /** The text pgjdbc's statement was prepared with, and which user parameter each placeholder takes. */
  private String preparedText;
  private int[] preparedMap;
  private Call call;
  private int[] batchCounts;
  private long[] largeBatchCounts;
  /** addBatch was called since the last execution. */
  private boolean batchPending;

  BasePreparedStatement(CitusSafeConnection connection, S delegate, String sql, Analysis analysis,
      Preparer<S> preparer) {
    super(connection, delegate);
    this.sql = sql;
    this.analysis = analysis;
    this.preparer = preparer;
    this.preparedText = sql;
    this.binding = analysis.needsPlan() ? new Binding() : null;
    this.userParameters = binding == null ? 0 : SqlText.countParameters(sql);
  }

  private Analysis begin() throws SQLException {
    return begin(analysis);
  }

  private void planned(Analysis started, Call userCall) throws SQLException {
    call = userCall;
    runPlanned(started, sql, userCall == Call.BATCH || userCall == Call.LARGE_BATCH);
  }

  @Override
  void callUser(String text, int[] parameterMap) throws SQLException {
    if (!batchPending) {
      prepareFor(text, parameterMap);
    }
    switch (call) {
      case QUERY:
        delegate.executeQuery();
        return;
      case UPDATE:
        delegate.executeUpdate();
        return;
      case LARGE_UPDATE:
        delegate.executeLargeUpdate();
        return;
      case BATCH:
        batchCounts = delegate.executeBatch();
        return;
      case LARGE_BATCH:
        largeBatchCounts = delegate.executeLargeBatch();
        return;
      default:
        delegate.execute();
    }
  }

  /**
   * Makes pgjdbc's statement run {@code text}: prepares it anew when the plan's text differs from
   * the prepared one, and binds the kept values to it.
   */
  private void prepareFor(String text, int[] parameterMap) throws SQLException {
    if (text.equals(preparedText) && Arrays.equals(parameterMap, preparedMap)) {
      return;
    }
    if (binding == null || preparer == null) {
      throw new CitusSafeException("citussafe: this statement would have to run as " + text
          + ", which a callable statement cannot be prepared as; use a PreparedStatement. Statement: " + sql,
          SqlState.FEATURE_NOT_SUPPORTED);
    }
    S prepared = preparer.prepare(text);
    try {
      copySettings(delegate, prepared);
      binding.rebind(prepared, parameterMap, userParameters);
    } catch (SQLException | RuntimeException e) {
      prepared.close();
      throw e;
    }
    S old = delegate;
    delegate = prepared;
    preparedText = text;
    preparedMap = parameterMap;
    beginExecution();
    old.close();
  }

  /** Statement settings the user made on the old pgjdbc statement, carried to the new one. */
  private static void copySettings(PreparedStatement from, PreparedStatement to) throws SQLException {
    to.setQueryTimeout(from.getQueryTimeout());
    to.setFetchSize(from.getFetchSize());
    to.setMaxRows(from.getMaxRows());
    to.setMaxFieldSize(from.getMaxFieldSize());
    to.setFetchDirection(from.getFetchDirection());
    to.setPoolable(from.isPoolable());
  }

  @Override
  public List<String> literals(int count) {
    if (binding == null) {
      return count == 0 ? List.of() : null;
    }
    return binding.literals(count, session.facts.literalContext());
  }

  @Override
  public boolean isPrepared() {
    return true;
  }

  @Override
  public void bindAppended(String text, int[] parameterMap, int first, List<String> values) throws SQLException {
    prepareFor(text, parameterMap);
    for (int i = 0; i < values.size(); i++) {
      // typed by the server from the CAST around each placeholder: a varchar would need a
      // varchar-to-timestamptz cast, which is STABLE and which Citus rejects again
      delegate.setObject(first + i, values.get(i), Types.OTHER);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return delegate.execute();
      }
      planned(started, Call.EXECUTE);
      return hasResultSet();
    } catch (SQLException e) {
      throw explain(e, sql);
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return wrap(delegate.executeQuery());
      }
      planned(started, Call.QUERY);
      return resultSetAfterPlan();
    } catch (SQLException e) {
      throw explain(e, sql);
    }
  }

  @Override
  public int executeUpdate() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return delegate.executeUpdate();
      }
      planned(started, Call.UPDATE);
      return updateCountAfterPlan();
    } catch (SQLException e) {
      throw explain(e, sql);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return delegate.executeLargeUpdate();
      }
      planned(started, Call.LARGE_UPDATE);
      return largeUpdateCountAfterPlan();
    } catch (SQLException e) {
      throw explain(e, sql);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return delegate.executeBatch();
      }
      batchCounts = null;
      planned(started, Call.BATCH);
      return batchCounts == null ? new int[0] : batchCounts;
    } catch (SQLException e) {
      throw explain(e, sql);
    } finally {
      batchPending = false;
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    try {
      Analysis started = begin();
      if (started == null) {
        return delegate.executeLargeBatch();
      }
      largeBatchCounts = null;
      planned(started, Call.LARGE_BATCH);
      return largeBatchCounts == null ? new long[0] : largeBatchCounts;
    } catch (SQLException e) {
      throw explain(e, sql);
    } finally {
      batchPending = false;
    }
  }

  /**
   * Adds the bound values to the batch. A statement a rule may rewrite is prepared with its plan's
   * text before its batch's first entry (the batch's entries live in pgjdbc's statement, so it is
   * not prepared again until the batch ran); an upsert binds each entry's timestamps here: inside a
   * transaction they are the transaction's, in autocommit those of the moment the entry is added.
   */
  @Override
  public void addBatch() throws SQLException {
    if (binding != null && settingsRewrite()) {
      try {
        Plan plan = session.plan(analysis, sql);
        DmlPlan dml = dmlOf(plan);
        if (dml != null && !batchPending) {
          prepareFor(dml.sql(), dml.parameterMap());
        }
        if (dml != null && dml.action() == DmlPlan.Action.UPSERT_TIMESTAMPS) {
          bindAppended(dml.sql(), dml.parameterMap(), dml.userParameterCount() + 1,
              connection.executor.timestampValues(dml.timestampExpressions()));
        }
      } catch (SQLException e) {
        throw explain(e, sql);
      }
    }
    delegate.addBatch();
    batchPending = true;
  }

  private boolean settingsRewrite() {
    return session.settings.mode() == Settings.Mode.REWRITE;
  }

  private static DmlPlan dmlOf(Plan plan) {
    for (Step step : plan.steps()) {
      if (step instanceof Step.Dml dml) {
        return dml.plan();
      }
    }
    return null;
  }

  @Override
  public void clearBatch() throws SQLException {
    delegate.clearBatch();
    batchPending = false;
  }

  @Override
  public void clearParameters() throws SQLException {
    if (binding != null) {
      binding.clear();
    }
    delegate.clearParameters();
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return delegate.getParameterMetaData();
  }

  // ---- text-taking methods: not for a prepared statement; pgjdbc answers them with its error ----

  @Override
  public final boolean execute(String text) throws SQLException {
    return delegate.execute(text);
  }

  @Override
  public final boolean execute(String text, int autoGeneratedKeys) throws SQLException {
    return delegate.execute(text, autoGeneratedKeys);
  }

  @Override
  public final boolean execute(String text, int[] columnIndexes) throws SQLException {
    return delegate.execute(text, columnIndexes);
  }

  @Override
  public final boolean execute(String text, String[] columnNames) throws SQLException {
    return delegate.execute(text, columnNames);
  }

  @Override
  public final ResultSet executeQuery(String text) throws SQLException {
    return delegate.executeQuery(text);
  }

  @Override
  public final int executeUpdate(String text) throws SQLException {
    return delegate.executeUpdate(text);
  }

  @Override
  public final int executeUpdate(String text, int autoGeneratedKeys) throws SQLException {
    return delegate.executeUpdate(text, autoGeneratedKeys);
  }

  @Override
  public final int executeUpdate(String text, int[] columnIndexes) throws SQLException {
    return delegate.executeUpdate(text, columnIndexes);
  }

  @Override
  public final int executeUpdate(String text, String[] columnNames) throws SQLException {
    return delegate.executeUpdate(text, columnNames);
  }

  @Override
  public final long executeLargeUpdate(String text) throws SQLException {
    return delegate.executeLargeUpdate(text);
  }

  @Override
  public final long executeLargeUpdate(String text, int autoGeneratedKeys) throws SQLException {
    return delegate.executeLargeUpdate(text, autoGeneratedKeys);
  }

  @Override
  public final long executeLargeUpdate(String text, int[] columnIndexes) throws SQLException {
    return delegate.executeLargeUpdate(text, columnIndexes);
  }

  @Override
  public final long executeLargeUpdate(String text, String[] columnNames) throws SQLException {
    return delegate.executeLargeUpdate(text, columnNames);
  }

  @Override
  public final void addBatch(String text) throws SQLException {
    delegate.addBatch(text);
  }

  // ---- parameters: straight to pgjdbc, or through the binding ----

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    if (binding == null) {
      delegate.setNull(parameterIndex, sqlType);
    } else {
      binding.set(delegate, parameterIndex, new ParameterLiterals.TypedNull(sqlType), (target, j) -> target.setNull(j, sqlType));
    }
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    if (binding == null) {
      delegate.setBoolean(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setBoolean(j, x));
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    if (binding == null) {
      delegate.setByte(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setByte(j, x));
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    if (binding == null) {
      delegate.setShort(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setShort(j, x));
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    if (binding == null) {
      delegate.setInt(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setInt(j, x));
    }
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    if (binding == null) {
      delegate.setLong(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setLong(j, x));
    }
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    if (binding == null) {
      delegate.setFloat(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setFloat(j, x));
    }
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    if (binding == null) {
      delegate.setDouble(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setDouble(j, x));
    }
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    if (binding == null) {
      delegate.setBigDecimal(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setBigDecimal(j, x));
    }
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    if (binding == null) {
      delegate.setString(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setString(j, x));
    }
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    if (binding == null) {
      delegate.setBytes(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBytes(j, x));
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    if (binding == null) {
      delegate.setDate(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setDate(j, x));
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    if (binding == null) {
      delegate.setTime(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setTime(j, x));
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    if (binding == null) {
      delegate.setTimestamp(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setTimestamp(j, x));
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (binding == null) {
      delegate.setAsciiStream(parameterIndex, x, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setAsciiStream(j, x, length));
    }
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (binding == null) {
      delegate.setUnicodeStream(parameterIndex, x, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setUnicodeStream(j, x, length));
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (binding == null) {
      delegate.setBinaryStream(parameterIndex, x, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBinaryStream(j, x, length));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    if (binding == null) {
      delegate.setObject(parameterIndex, x, targetSqlType);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setObject(j, x, targetSqlType));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    if (binding == null) {
      delegate.setObject(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, x, (target, j) -> target.setObject(j, x));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    if (binding == null) {
      delegate.setCharacterStream(parameterIndex, reader, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setCharacterStream(j, reader, length));
    }
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    if (binding == null) {
      delegate.setRef(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setRef(j, x));
    }
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    if (binding == null) {
      delegate.setBlob(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBlob(j, x));
    }
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    if (binding == null) {
      delegate.setClob(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setClob(j, x));
    }
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    if (binding == null) {
      delegate.setArray(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setArray(j, x));
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    if (binding == null) {
      delegate.setDate(parameterIndex, x, cal);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setDate(j, x, cal));
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    if (binding == null) {
      delegate.setTime(parameterIndex, x, cal);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setTime(j, x, cal));
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    if (binding == null) {
      delegate.setTimestamp(parameterIndex, x, cal);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setTimestamp(j, x, cal));
    }
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    if (binding == null) {
      delegate.setNull(parameterIndex, sqlType, typeName);
    } else {
      binding.set(delegate, parameterIndex, new ParameterLiterals.TypedNull(sqlType), (target, j) -> target.setNull(j, sqlType, typeName));
    }
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    if (binding == null) {
      delegate.setURL(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setURL(j, x));
    }
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    if (binding == null) {
      delegate.setRowId(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setRowId(j, x));
    }
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    if (binding == null) {
      delegate.setNString(parameterIndex, value);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNString(j, value));
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    if (binding == null) {
      delegate.setNCharacterStream(parameterIndex, value, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNCharacterStream(j, value, length));
    }
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    if (binding == null) {
      delegate.setNClob(parameterIndex, value);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNClob(j, value));
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (binding == null) {
      delegate.setClob(parameterIndex, reader, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setClob(j, reader, length));
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    if (binding == null) {
      delegate.setBlob(parameterIndex, inputStream, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBlob(j, inputStream, length));
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (binding == null) {
      delegate.setNClob(parameterIndex, reader, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNClob(j, reader, length));
    }
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    if (binding == null) {
      delegate.setSQLXML(parameterIndex, xmlObject);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setSQLXML(j, xmlObject));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    if (binding == null) {
      delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setObject(j, x, targetSqlType, scaleOrLength));
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (binding == null) {
      delegate.setAsciiStream(parameterIndex, x, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setAsciiStream(j, x, length));
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (binding == null) {
      delegate.setBinaryStream(parameterIndex, x, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBinaryStream(j, x, length));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    if (binding == null) {
      delegate.setCharacterStream(parameterIndex, reader, length);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setCharacterStream(j, reader, length));
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    if (binding == null) {
      delegate.setAsciiStream(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setAsciiStream(j, x));
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    if (binding == null) {
      delegate.setBinaryStream(parameterIndex, x);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBinaryStream(j, x));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    if (binding == null) {
      delegate.setCharacterStream(parameterIndex, reader);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setCharacterStream(j, reader));
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    if (binding == null) {
      delegate.setNCharacterStream(parameterIndex, value);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNCharacterStream(j, value));
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    if (binding == null) {
      delegate.setClob(parameterIndex, reader);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setClob(j, reader));
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    if (binding == null) {
      delegate.setBlob(parameterIndex, inputStream);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setBlob(j, inputStream));
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    if (binding == null) {
      delegate.setNClob(parameterIndex, reader);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setNClob(j, reader));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    if (binding == null) {
      delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setObject(j, x, targetSqlType, scaleOrLength));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    if (binding == null) {
      delegate.setObject(parameterIndex, x, targetSqlType);
    } else {
      binding.set(delegate, parameterIndex, Binding.UNWRITABLE, (target, j) -> target.setObject(j, x, targetSqlType));
    }
  }
}
