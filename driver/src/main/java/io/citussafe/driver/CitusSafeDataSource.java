package io.citussafe.driver;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for citussafe. Use it two ways:
 *
 * <ul>
 *   <li>configured by setters, e.g. HikariCP's {@code dataSourceClassName=io.citussafe.driver.CitusSafeDataSource}
 *       with {@code dataSource.url=jdbc:citussafe:postgresql://host/db};
 *   <li>wrapping a DataSource you already have: {@code new CitusSafeDataSource(pgSimpleDataSource)}.
 * </ul>
 */
public final class CitusSafeDataSource implements DataSource {

  private final DataSource wrapped;
  private final CitusSafeDriver driver = new CitusSafeDriver();
  private final Properties properties = new Properties();
  private volatile String url;
  private volatile int loginTimeoutSeconds;
  private volatile PrintWriter logWriter;

  /** A DataSource configured by its setters. */
  public CitusSafeDataSource() {
    this.wrapped = null;
  }

  /** Wraps the connections of {@code dataSource}; citussafe settings come from the setters. */
  public CitusSafeDataSource(DataSource dataSource) {
    if (dataSource == null) {
      throw new NullPointerException("dataSource");
    }
    this.wrapped = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(null, null);
  }

  /**
   * @throws SQLException 22023 when the URL is missing or not a citussafe URL, or a setting is
   *     invalid; otherwise whatever pgjdbc raises
   */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties info = new Properties();
    synchronized (properties) {
      info.putAll(properties);
    }
    if (user != null) {
      info.setProperty("user", user);
    }
    if (password != null) {
      info.setProperty("password", password);
    }
    if (wrapped != null) {
      Settings settings = Settings.parse(citusSafeOnly(info));
      Connection physical = user == null ? wrapped.getConnection() : wrapped.getConnection(user, password);
      return CitusSafeDriver.wrap(physical, physical.getMetaData().getURL(), settings);
    }
    String target = url;
    if (!ConnectionUrl.accepts(target)) {
      throw new CitusSafeException("CitusSafeDataSource needs a URL starting with " + ConnectionUrl.PREFIX
          + " (set it with setUrl) but was: " + target, SqlState.INVALID_PARAMETER_VALUE);
    }
    if (loginTimeoutSeconds > 0 && !info.containsKey("loginTimeout")) {
      info.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
    }
    return driver.connect(target, info);
  }

  private static Properties citusSafeOnly(Properties info) {
    Properties ours = new Properties();
    for (String key : info.stringPropertyNames()) {
      if (key.startsWith(CitusSafeProperty.PREFIX)) {
        ours.setProperty(key, info.getProperty(key));
      }
    }
    return ours;
  }

  private void set(String key, String value) {
    synchronized (properties) {
      if (value == null) {
        properties.remove(key);
      } else {
        properties.setProperty(key, value);
      }
    }
  }

  private String get(String key) {
    synchronized (properties) {
      return properties.getProperty(key);
    }
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  /** Same as {@link #setUrl}, for tools that spell it in capitals. */
  public void setURL(String url) {
    setUrl(url);
  }

  public String getURL() {
    return getUrl();
  }

  public String getUser() {
    return get("user");
  }

  public void setUser(String user) {
    set("user", user);
  }

  /** HikariCP and Spring call it username. */
  public void setUsername(String user) {
    setUser(user);
  }

  public String getPassword() {
    return get("password");
  }

  public void setPassword(String password) {
    set("password", password);
  }

  public String getMode() {
    return get(CitusSafeProperty.MODE.key());
  }

  public void setMode(String mode) {
    set(CitusSafeProperty.MODE.key(), mode);
  }

  public String getFailOnMissingCitus() {
    return get(CitusSafeProperty.FAIL_ON_MISSING_CITUS.key());
  }

  public void setFailOnMissingCitus(String failOnMissingCitus) {
    set(CitusSafeProperty.FAIL_ON_MISSING_CITUS.key(), failOnMissingCitus);
  }

  public String getMetadataTtl() {
    return get(CitusSafeProperty.METADATA_TTL.key());
  }

  public void setMetadataTtl(String metadataTtl) {
    set(CitusSafeProperty.METADATA_TTL.key(), metadataTtl);
  }

  public String getCacheSize() {
    return get(CitusSafeProperty.CACHE_SIZE.key());
  }

  public void setCacheSize(String cacheSize) {
    set(CitusSafeProperty.CACHE_SIZE.key(), cacheSize);
  }

  public String getBackfillBatchRows() {
    return get(CitusSafeProperty.BACKFILL_BATCH_ROWS.key());
  }

  public void setBackfillBatchRows(String backfillBatchRows) {
    set(CitusSafeProperty.BACKFILL_BATCH_ROWS.key(), backfillBatchRows);
  }

  public String getBulkUpdate() {
    return get(CitusSafeProperty.BULK_UPDATE.key());
  }

  public void setBulkUpdate(String bulkUpdate) {
    set(CitusSafeProperty.BULK_UPDATE.key(), bulkUpdate);
  }

  public String getNewTables() {
    return get(CitusSafeProperty.NEW_TABLES.key());
  }

  public void setNewTables(String newTables) {
    set(CitusSafeProperty.NEW_TABLES.key(), newTables);
  }

  public String getLockLightMinRows() {
    return get(CitusSafeProperty.LOCK_LIGHT_MIN_ROWS.key());
  }

  public void setLockLightMinRows(String lockLightMinRows) {
    set(CitusSafeProperty.LOCK_LIGHT_MIN_ROWS.key(), lockLightMinRows);
  }

  public String getLockTimeout() {
    return get(CitusSafeProperty.LOCK_TIMEOUT.key());
  }

  public void setLockTimeout(String lockTimeout) {
    set(CitusSafeProperty.LOCK_TIMEOUT.key(), lockTimeout);
  }

  public String getLockRetries() {
    return get(CitusSafeProperty.LOCK_RETRIES.key());
  }

  public void setLockRetries(String lockRetries) {
    set(CitusSafeProperty.LOCK_RETRIES.key(), lockRetries);
  }

  public String getSequentialTransactions() {
    return get(CitusSafeProperty.SEQUENTIAL_TRANSACTIONS.key());
  }

  public void setSequentialTransactions(String sequentialTransactions) {
    set(CitusSafeProperty.SEQUENTIAL_TRANSACTIONS.key(), sequentialTransactions);
  }

  /** Any pgjdbc or citussafe property by key, e.g. {@code ("ssl", "true")}. */
  public void setProperty(String key, String value) {
    set(key, value);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("citussafe logs through SLF4J", "0A000");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (wrapped != null && wrapped.isWrapperFor(iface)) {
      return wrapped.unwrap(iface);
    }
    throw new SQLException("CitusSafeDataSource does not wrap a " + iface.getName(), "0A000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || (wrapped != null && wrapped.isWrapperFor(iface));
  }
}
