package io.citussafe.benchmarks.stub;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.TimerTask;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.CachedQuery;
import org.postgresql.core.Encoding;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ReplicationProtocol;
import org.postgresql.core.TransactionState;
import org.postgresql.core.TypeInfo;
import org.postgresql.core.Version;
import org.postgresql.fastpath.Fastpath;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.FieldMetadata;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.jdbc.TimestampUtils;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.replication.PGReplicationConnection;
import org.postgresql.util.LruCache;
import org.postgresql.util.PGobject;
import org.postgresql.xml.PGXmlFactoryFactory;

/**
 * A connection that reaches no server. Statements it makes do nothing ({@link StubStatement},
 * {@link StubPreparedStatement}); it keeps its session settings, and implements pgjdbc's
 * {@link BaseConnection} because citussafe reads the transaction state through it. Plain
 * methods, no proxies: a nanosecond benchmark must not measure reflection.
 */
public class StubConnection implements BaseConnection {

  private final StubDatabaseMetaData metaData;
  private boolean autoCommit = true;
  private boolean closed;
  private boolean readOnly;
  private int isolation = TRANSACTION_READ_COMMITTED;
  private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
  private String schema = "public";

  /** A connection whose metadata reports {@code url}. */
  public StubConnection(String url) {
    this.metaData = new StubDatabaseMetaData(this, url);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
  }

  @Override
  public void beginRequest() throws SQLException {
  }

  @Override
  public void clearWarnings() throws SQLException {
  }

  @Override
  public void close() throws SQLException {
    closed = true;
  }

  @Override
  public void commit() throws SQLException {
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return null;
  }

  @Override
  public Blob createBlob() throws SQLException {
    return null;
  }

  @Override
  public Clob createClob() throws SQLException {
    return null;
  }

  @Override
  public NClob createNClob() throws SQLException {
    return null;
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return null;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new StubStatement(this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return new StubStatement(this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new StubStatement(this);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return null;
  }

  @Override
  public void endRequest() throws SQLException {
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return autoCommit;
  }

  @Override
  public String getCatalog() throws SQLException {
    return "stub";
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return new Properties();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return null;
  }

  @Override
  public int getHoldability() throws SQLException {
    return holdability;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return metaData;
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return 0;
  }

  @Override
  public String getSchema() throws SQLException {
    return schema;
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return isolation;
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return Map.of();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return null;
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return readOnly;
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return !closed;
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return null;
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw new SQLFeatureNotSupportedException("the stub has no callable statements");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    throw new SQLFeatureNotSupportedException("the stub has no callable statements");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    throw new SQLFeatureNotSupportedException("the stub has no callable statements");
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new StubPreparedStatement(this, sql);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
  }

  @Override
  public void rollback() throws SQLException {
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    this.autoCommit = autoCommit;
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    this.holdability = holdability;
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    this.readOnly = readOnly;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return null;
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return null;
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    this.schema = schema;
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return false;
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return false;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    isolation = level;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException(getClass().getSimpleName() + " does not wrap a " + iface.getName());
  }

  @Override
  public void addDataType(String type, Class<? extends PGobject> klass) throws SQLException {
  }

  @Override
  public void addDataType(String type, String className) {
  }

  @Override
  public void alterUserPassword(String user, char[] newPassword, String encryptionType) throws SQLException {
  }

  @Override
  public Array createArrayOf(String typeName, Object elements) throws SQLException {
    return null;
  }

  @Override
  public String escapeIdentifier(String identifier) throws SQLException {
    return null;
  }

  @Override
  public String escapeLiteral(String literal) throws SQLException {
    return null;
  }

  @Override
  public boolean getAdaptiveFetch() {
    return false;
  }

  @Override
  public AutoSave getAutosave() {
    return null;
  }

  @Override
  public int getBackendPID() {
    return 0;
  }

  @Override
  public CopyManager getCopyAPI() throws SQLException {
    return null;
  }

  @Override
  public int getDefaultFetchSize() {
    return 0;
  }

  @Override
  public Fastpath getFastpathAPI() throws SQLException {
    return null;
  }

  @Override
  public LargeObjectManager getLargeObjectAPI() throws SQLException {
    return null;
  }

  @Override
  public PGNotification[] getNotifications() throws SQLException {
    return null;
  }

  @Override
  public PGNotification[] getNotifications(int timeoutMillis) throws SQLException {
    return null;
  }

  @Override
  public String getParameterStatus(String parameterName) {
    return null;
  }

  @Override
  public Map<String, String> getParameterStatuses() {
    return Map.of();
  }

  @Override
  public PreferQueryMode getPreferQueryMode() {
    return null;
  }

  @Override
  public int getPrepareThreshold() {
    return 0;
  }

  @Override
  public int getQueryTimeout() {
    return 0;
  }

  @Override
  public PGReplicationConnection getReplicationAPI() {
    return null;
  }

  @Override
  public void setAdaptiveFetch(boolean adaptiveFetch) {
  }

  @Override
  public void setAutosave(AutoSave autoSave) {
  }

  @Override
  public void setDefaultFetchSize(int fetchSize) throws SQLException {
  }

  @Override
  public void setPrepareThreshold(int threshold) {
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
  }

  @Override
  public void addTimerTask(TimerTask timerTask, long milliSeconds) {
  }

  @Override
  public boolean binaryTransferSend(int oid) {
    return false;
  }

  @Override
  public void cancelQuery() throws SQLException {
  }

  @Override
  public CachedQuery createQuery(String sql, boolean escapeProcessing, boolean isParameterized, String... columnNames) throws SQLException {
    return null;
  }

  @Override
  public byte[] encodeString(String str) throws SQLException {
    return null;
  }

  @Override
  public String escapeString(String str) throws SQLException {
    return null;
  }

  @Override
  public ResultSet execSQLQuery(String s) throws SQLException {
    return null;
  }

  @Override
  public ResultSet execSQLQuery(String s, int resultSetType, int resultSetConcurrency) throws SQLException {
    return null;
  }

  @Override
  public void execSQLUpdate(String s) throws SQLException {
  }

  @Override
  public boolean getConvertBooleanToNumeric() {
    return false;
  }

  @Override
  public Encoding getEncoding() throws SQLException {
    return null;
  }

  @Override
  public LruCache<FieldMetadata.Key, FieldMetadata> getFieldMetadataCache() {
    return null;
  }

  @Override
  public boolean getLogServerErrorDetail() {
    return false;
  }

  @Override
  public Logger getLogger() {
    return null;
  }

  @Override
  public Object getObject(String type, String value, byte[] byteValue) throws SQLException {
    return null;
  }

  @Override
  public QueryExecutor getQueryExecutor() {
    return null;
  }

  @Override
  public ReplicationProtocol getReplicationProtocol() {
    return null;
  }

  @Override
  public boolean getStandardConformingStrings() {
    return false;
  }

  @Override
  public boolean getStringVarcharFlag() {
    return true;
  }

  @Override
  public TimestampUtils getTimestampUtils() {
    return null;
  }

  @Override
  public TransactionState getTransactionState() {
    return autoCommit ? TransactionState.IDLE : TransactionState.OPEN;
  }

  @Override
  public TypeInfo getTypeInfo() {
    return null;
  }

  @Override
  public PGXmlFactoryFactory getXmlFactoryFactory() throws SQLException {
    return null;
  }

  @Override
  public boolean haveMinimumServerVersion(int ver) {
    return false;
  }

  @Override
  public boolean haveMinimumServerVersion(Version ver) {
    return false;
  }

  @Override
  public boolean hintReadOnly() {
    return false;
  }

  @Override
  public boolean isColumnSanitiserDisabled() {
    return false;
  }

  @Override
  public void purgeTimerTasks() {
  }

  @Override
  public void setFlushCacheOnDeallocate(boolean flushCacheOnDeallocate) {
  }
}
