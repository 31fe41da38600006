package io.citussafe.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/** Fixed rows, read by column index. */
final class StubResultSet implements ResultSet {

  private final List<Object[]> rows;
  private int row = -1;
  private boolean wasNull;

  StubResultSet(List<Object[]> rows) {
    this.rows = rows;
  }

  private Object value(int column) {
    Object value = rows.get(row)[column - 1];
    wasNull = value == null;
    return value;
  }

  @Override
  public boolean next() {
    return ++row < rows.size();
  }

  @Override
  public String getString(int column) {
    Object value = value(column);
    return value == null ? null : value.toString();
  }

  @Override
  public boolean getBoolean(int column) {
    Object value = value(column);
    return value != null && (value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString()));
  }

  @Override
  public long getLong(int column) {
    Object value = value(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  @Override
  public int getInt(int column) {
    return (int) getLong(column);
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public void close() {
  }

  @Override
  public boolean isClosed() {
    return false;
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
  public byte getByte(int a0) throws SQLException {
    throw new UnsupportedOperationException("getByte");
  }

  @Override
  public short getShort(int a0) throws SQLException {
    throw new UnsupportedOperationException("getShort");
  }

  @Override
  public float getFloat(int a0) throws SQLException {
    throw new UnsupportedOperationException("getFloat");
  }

  @Override
  public double getDouble(int a0) throws SQLException {
    throw new UnsupportedOperationException("getDouble");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("getBigDecimal");
  }

  @Override
  public byte[] getBytes(int a0) throws SQLException {
    throw new UnsupportedOperationException("getBytes");
  }

  @Override
  public Date getDate(int a0) throws SQLException {
    throw new UnsupportedOperationException("getDate");
  }

  @Override
  public Time getTime(int a0) throws SQLException {
    throw new UnsupportedOperationException("getTime");
  }

  @Override
  public Timestamp getTimestamp(int a0) throws SQLException {
    throw new UnsupportedOperationException("getTimestamp");
  }

  @Override
  public InputStream getAsciiStream(int a0) throws SQLException {
    throw new UnsupportedOperationException("getAsciiStream");
  }

  @Override
  public InputStream getUnicodeStream(int a0) throws SQLException {
    throw new UnsupportedOperationException("getUnicodeStream");
  }

  @Override
  public InputStream getBinaryStream(int a0) throws SQLException {
    throw new UnsupportedOperationException("getBinaryStream");
  }

  @Override
  public String getString(String a0) throws SQLException {
    throw new UnsupportedOperationException("getString");
  }

  @Override
  public boolean getBoolean(String a0) throws SQLException {
    throw new UnsupportedOperationException("getBoolean");
  }

  @Override
  public byte getByte(String a0) throws SQLException {
    throw new UnsupportedOperationException("getByte");
  }

  @Override
  public short getShort(String a0) throws SQLException {
    throw new UnsupportedOperationException("getShort");
  }

  @Override
  public int getInt(String a0) throws SQLException {
    throw new UnsupportedOperationException("getInt");
  }

  @Override
  public long getLong(String a0) throws SQLException {
    throw new UnsupportedOperationException("getLong");
  }

  @Override
  public float getFloat(String a0) throws SQLException {
    throw new UnsupportedOperationException("getFloat");
  }

  @Override
  public double getDouble(String a0) throws SQLException {
    throw new UnsupportedOperationException("getDouble");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("getBigDecimal");
  }

  @Override
  public byte[] getBytes(String a0) throws SQLException {
    throw new UnsupportedOperationException("getBytes");
  }

  @Override
  public Date getDate(String a0) throws SQLException {
    throw new UnsupportedOperationException("getDate");
  }

  @Override
  public Time getTime(String a0) throws SQLException {
    throw new UnsupportedOperationException("getTime");
  }

  @Override
  public Timestamp getTimestamp(String a0) throws SQLException {
    throw new UnsupportedOperationException("getTimestamp");
  }

  @Override
  public InputStream getAsciiStream(String a0) throws SQLException {
    throw new UnsupportedOperationException("getAsciiStream");
  }

  @Override
  public InputStream getUnicodeStream(String a0) throws SQLException {
    throw new UnsupportedOperationException("getUnicodeStream");
  }

  @Override
  public InputStream getBinaryStream(String a0) throws SQLException {
    throw new UnsupportedOperationException("getBinaryStream");
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    throw new UnsupportedOperationException("getWarnings");
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw new UnsupportedOperationException("clearWarnings");
  }

  @Override
  public String getCursorName() throws SQLException {
    throw new UnsupportedOperationException("getCursorName");
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    throw new UnsupportedOperationException("getMetaData");
  }

  @Override
  public Object getObject(int a0) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

  @Override
  public Object getObject(String a0) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

  @Override
  public int findColumn(String a0) throws SQLException {
    throw new UnsupportedOperationException("findColumn");
  }

  @Override
  public Reader getCharacterStream(int a0) throws SQLException {
    throw new UnsupportedOperationException("getCharacterStream");
  }

  @Override
  public Reader getCharacterStream(String a0) throws SQLException {
    throw new UnsupportedOperationException("getCharacterStream");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0) throws SQLException {
    throw new UnsupportedOperationException("getBigDecimal");
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
    throw new UnsupportedOperationException("getBigDecimal");
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    throw new UnsupportedOperationException("isBeforeFirst");
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    throw new UnsupportedOperationException("isAfterLast");
  }

  @Override
  public boolean isFirst() throws SQLException {
    throw new UnsupportedOperationException("isFirst");
  }

  @Override
  public boolean isLast() throws SQLException {
    throw new UnsupportedOperationException("isLast");
  }

  @Override
  public void beforeFirst() throws SQLException {
    throw new UnsupportedOperationException("beforeFirst");
  }

  @Override
  public void afterLast() throws SQLException {
    throw new UnsupportedOperationException("afterLast");
  }

  @Override
  public boolean first() throws SQLException {
    throw new UnsupportedOperationException("first");
  }

  @Override
  public boolean last() throws SQLException {
    throw new UnsupportedOperationException("last");
  }

  @Override
  public int getRow() throws SQLException {
    throw new UnsupportedOperationException("getRow");
  }

  @Override
  public boolean absolute(int a0) throws SQLException {
    throw new UnsupportedOperationException("absolute");
  }

  @Override
  public boolean relative(int a0) throws SQLException {
    throw new UnsupportedOperationException("relative");
  }

  @Override
  public boolean previous() throws SQLException {
    throw new UnsupportedOperationException("previous");
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
  public int getType() throws SQLException {
    throw new UnsupportedOperationException("getType");
  }

  @Override
  public int getConcurrency() throws SQLException {
    throw new UnsupportedOperationException("getConcurrency");
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    throw new UnsupportedOperationException("rowUpdated");
  }

  @Override
  public boolean rowInserted() throws SQLException {
    throw new UnsupportedOperationException("rowInserted");
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    throw new UnsupportedOperationException("rowDeleted");
  }

  @Override
  public void updateNull(int a0) throws SQLException {
    throw new UnsupportedOperationException("updateNull");
  }

  @Override
  public void updateBoolean(int a0, boolean a1) throws SQLException {
    throw new UnsupportedOperationException("updateBoolean");
  }

  @Override
  public void updateByte(int a0, byte a1) throws SQLException {
    throw new UnsupportedOperationException("updateByte");
  }

  @Override
  public void updateShort(int a0, short a1) throws SQLException {
    throw new UnsupportedOperationException("updateShort");
  }

  @Override
  public void updateInt(int a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("updateInt");
  }

  @Override
  public void updateLong(int a0, long a1) throws SQLException {
    throw new UnsupportedOperationException("updateLong");
  }

  @Override
  public void updateFloat(int a0, float a1) throws SQLException {
    throw new UnsupportedOperationException("updateFloat");
  }

  @Override
  public void updateDouble(int a0, double a1) throws SQLException {
    throw new UnsupportedOperationException("updateDouble");
  }

  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    throw new UnsupportedOperationException("updateBigDecimal");
  }

  @Override
  public void updateString(int a0, String a1) throws SQLException {
    throw new UnsupportedOperationException("updateString");
  }

  @Override
  public void updateBytes(int a0, byte[] a1) throws SQLException {
    throw new UnsupportedOperationException("updateBytes");
  }

  @Override
  public void updateDate(int a0, Date a1) throws SQLException {
    throw new UnsupportedOperationException("updateDate");
  }

  @Override
  public void updateTime(int a0, Time a1) throws SQLException {
    throw new UnsupportedOperationException("updateTime");
  }

  @Override
  public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
    throw new UnsupportedOperationException("updateTimestamp");
  }

  @Override
  public void updateAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(int a0, Reader a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateObject(int a0, Object a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateObject");
  }

  @Override
  public void updateObject(int a0, Object a1) throws SQLException {
    throw new UnsupportedOperationException("updateObject");
  }

  @Override
  public void updateNull(String a0) throws SQLException {
    throw new UnsupportedOperationException("updateNull");
  }

  @Override
  public void updateBoolean(String a0, boolean a1) throws SQLException {
    throw new UnsupportedOperationException("updateBoolean");
  }

  @Override
  public void updateByte(String a0, byte a1) throws SQLException {
    throw new UnsupportedOperationException("updateByte");
  }

  @Override
  public void updateShort(String a0, short a1) throws SQLException {
    throw new UnsupportedOperationException("updateShort");
  }

  @Override
  public void updateInt(String a0, int a1) throws SQLException {
    throw new UnsupportedOperationException("updateInt");
  }

  @Override
  public void updateLong(String a0, long a1) throws SQLException {
    throw new UnsupportedOperationException("updateLong");
  }

  @Override
  public void updateFloat(String a0, float a1) throws SQLException {
    throw new UnsupportedOperationException("updateFloat");
  }

  @Override
  public void updateDouble(String a0, double a1) throws SQLException {
    throw new UnsupportedOperationException("updateDouble");
  }

  @Override
  public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
    throw new UnsupportedOperationException("updateBigDecimal");
  }

  @Override
  public void updateString(String a0, String a1) throws SQLException {
    throw new UnsupportedOperationException("updateString");
  }

  @Override
  public void updateBytes(String a0, byte[] a1) throws SQLException {
    throw new UnsupportedOperationException("updateBytes");
  }

  @Override
  public void updateDate(String a0, Date a1) throws SQLException {
    throw new UnsupportedOperationException("updateDate");
  }

  @Override
  public void updateTime(String a0, Time a1) throws SQLException {
    throw new UnsupportedOperationException("updateTime");
  }

  @Override
  public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
    throw new UnsupportedOperationException("updateTimestamp");
  }

  @Override
  public void updateAsciiStream(String a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(String a0, InputStream a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(String a0, Reader a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateObject(String a0, Object a1, int a2) throws SQLException {
    throw new UnsupportedOperationException("updateObject");
  }

  @Override
  public void updateObject(String a0, Object a1) throws SQLException {
    throw new UnsupportedOperationException("updateObject");
  }

  @Override
  public void insertRow() throws SQLException {
    throw new UnsupportedOperationException("insertRow");
  }

  @Override
  public void updateRow() throws SQLException {
    throw new UnsupportedOperationException("updateRow");
  }

  @Override
  public void deleteRow() throws SQLException {
    throw new UnsupportedOperationException("deleteRow");
  }

  @Override
  public void refreshRow() throws SQLException {
    throw new UnsupportedOperationException("refreshRow");
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    throw new UnsupportedOperationException("cancelRowUpdates");
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    throw new UnsupportedOperationException("moveToInsertRow");
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    throw new UnsupportedOperationException("moveToCurrentRow");
  }

  @Override
  public Statement getStatement() throws SQLException {
    throw new UnsupportedOperationException("getStatement");
  }

  @Override
  public Object getObject(int a0, Map<String, Class<?>> a1) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

  @Override
  public Ref getRef(int a0) throws SQLException {
    throw new UnsupportedOperationException("getRef");
  }

  @Override
  public Blob getBlob(int a0) throws SQLException {
    throw new UnsupportedOperationException("getBlob");
  }

  @Override
  public Clob getClob(int a0) throws SQLException {
    throw new UnsupportedOperationException("getClob");
  }

  @Override
  public Array getArray(int a0) throws SQLException {
    throw new UnsupportedOperationException("getArray");
  }

  @Override
  public Object getObject(String a0, Map<String, Class<?>> a1) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

  @Override
  public Ref getRef(String a0) throws SQLException {
    throw new UnsupportedOperationException("getRef");
  }

  @Override
  public Blob getBlob(String a0) throws SQLException {
    throw new UnsupportedOperationException("getBlob");
  }

  @Override
  public Clob getClob(String a0) throws SQLException {
    throw new UnsupportedOperationException("getClob");
  }

  @Override
  public Array getArray(String a0) throws SQLException {
    throw new UnsupportedOperationException("getArray");
  }

  @Override
  public Date getDate(int a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getDate");
  }

  @Override
  public Date getDate(String a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getDate");
  }

  @Override
  public Time getTime(int a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getTime");
  }

  @Override
  public Time getTime(String a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getTime");
  }

  @Override
  public Timestamp getTimestamp(int a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getTimestamp");
  }

  @Override
  public Timestamp getTimestamp(String a0, Calendar a1) throws SQLException {
    throw new UnsupportedOperationException("getTimestamp");
  }

  @Override
  public URL getURL(int a0) throws SQLException {
    throw new UnsupportedOperationException("getURL");
  }

  @Override
  public URL getURL(String a0) throws SQLException {
    throw new UnsupportedOperationException("getURL");
  }

  @Override
  public void updateRef(int a0, Ref a1) throws SQLException {
    throw new UnsupportedOperationException("updateRef");
  }

  @Override
  public void updateRef(String a0, Ref a1) throws SQLException {
    throw new UnsupportedOperationException("updateRef");
  }

  @Override
  public void updateBlob(int a0, Blob a1) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateBlob(String a0, Blob a1) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateClob(int a0, Clob a1) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateClob(String a0, Clob a1) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateArray(int a0, Array a1) throws SQLException {
    throw new UnsupportedOperationException("updateArray");
  }

  @Override
  public void updateArray(String a0, Array a1) throws SQLException {
    throw new UnsupportedOperationException("updateArray");
  }

  @Override
  public RowId getRowId(int a0) throws SQLException {
    throw new UnsupportedOperationException("getRowId");
  }

  @Override
  public RowId getRowId(String a0) throws SQLException {
    throw new UnsupportedOperationException("getRowId");
  }

  @Override
  public void updateRowId(int a0, RowId a1) throws SQLException {
    throw new UnsupportedOperationException("updateRowId");
  }

  @Override
  public void updateRowId(String a0, RowId a1) throws SQLException {
    throw new UnsupportedOperationException("updateRowId");
  }

  @Override
  public int getHoldability() throws SQLException {
    throw new UnsupportedOperationException("getHoldability");
  }

  @Override
  public void updateNString(int a0, String a1) throws SQLException {
    throw new UnsupportedOperationException("updateNString");
  }

  @Override
  public void updateNString(String a0, String a1) throws SQLException {
    throw new UnsupportedOperationException("updateNString");
  }

  @Override
  public void updateNClob(int a0, NClob a1) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public void updateNClob(String a0, NClob a1) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public NClob getNClob(int a0) throws SQLException {
    throw new UnsupportedOperationException("getNClob");
  }

  @Override
  public NClob getNClob(String a0) throws SQLException {
    throw new UnsupportedOperationException("getNClob");
  }

  @Override
  public SQLXML getSQLXML(int a0) throws SQLException {
    throw new UnsupportedOperationException("getSQLXML");
  }

  @Override
  public SQLXML getSQLXML(String a0) throws SQLException {
    throw new UnsupportedOperationException("getSQLXML");
  }

  @Override
  public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
    throw new UnsupportedOperationException("updateSQLXML");
  }

  @Override
  public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
    throw new UnsupportedOperationException("updateSQLXML");
  }

  @Override
  public String getNString(int a0) throws SQLException {
    throw new UnsupportedOperationException("getNString");
  }

  @Override
  public String getNString(String a0) throws SQLException {
    throw new UnsupportedOperationException("getNString");
  }

  @Override
  public Reader getNCharacterStream(int a0) throws SQLException {
    throw new UnsupportedOperationException("getNCharacterStream");
  }

  @Override
  public Reader getNCharacterStream(String a0) throws SQLException {
    throw new UnsupportedOperationException("getNCharacterStream");
  }

  @Override
  public void updateNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateNCharacterStream");
  }

  @Override
  public void updateNCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateNCharacterStream");
  }

  @Override
  public void updateAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateAsciiStream(String a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(String a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateBlob(int a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateBlob(String a0, InputStream a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateClob(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateClob(String a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateNClob(int a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public void updateNClob(String a0, Reader a1, long a2) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public void updateNCharacterStream(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateNCharacterStream");
  }

  @Override
  public void updateNCharacterStream(String a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateNCharacterStream");
  }

  @Override
  public void updateAsciiStream(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateAsciiStream(String a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateAsciiStream");
  }

  @Override
  public void updateBinaryStream(String a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateBinaryStream");
  }

  @Override
  public void updateCharacterStream(String a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateCharacterStream");
  }

  @Override
  public void updateBlob(int a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateBlob(String a0, InputStream a1) throws SQLException {
    throw new UnsupportedOperationException("updateBlob");
  }

  @Override
  public void updateClob(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateClob(String a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateClob");
  }

  @Override
  public void updateNClob(int a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public void updateNClob(String a0, Reader a1) throws SQLException {
    throw new UnsupportedOperationException("updateNClob");
  }

  @Override
  public <T> T getObject(int a0, Class<T> a1) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) throws SQLException {
    throw new UnsupportedOperationException("getObject");
  }

}
