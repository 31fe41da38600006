package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.naming.NamingException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.sql.DataSource;
import org.postgresql.PGProperty;
import org.postgresql.ds.common.BaseDataSource;

/**
 * A {@link DataSource} for citussafe, in place of pgjdbc's {@code PGSimpleDataSource}: it has
 * every bean property pgjdbc's data sources have ({@code serverName}, {@code portNumber},
 * {@code databaseName}, {@code sslmode}, {@code options}, … — inherited from pgjdbc's own
 * {@link BaseDataSource}, so a new pgjdbc version brings its new properties along), with pgjdbc's
 * names, types and defaults, plus one property per citussafe setting. Use it three ways:
 *
 * <ul>
 *   <li>by bean properties, e.g. HikariCP's {@code dataSourceClassName=io.citussafe.driver.CitusSafeDataSource}
 *       with {@code dataSource.serverName}, {@code dataSource.databaseName}, {@code dataSource.sslmode};
 *   <li>by URL: {@code setUrl("jdbc:citussafe:postgresql://host/db?citussafe.newTables=reference")}
 *       ({@code jdbc:postgresql:} URLs work too: the class already says citussafe);
 *   <li>wrapping a DataSource you already have: {@code new CitusSafeDataSource(pgSimpleDataSource)};
 *       then only the citussafe settings are read from this one.
 * </ul>
 *
 * It is {@link javax.naming.Referenceable} (through {@link CitusSafeObjectFactory}) and
 * {@link Serializable} as pgjdbc's data sources are, except when it wraps another DataSource.
 */
public final class CitusSafeDataSource extends BaseDataSource implements DataSource, Serializable {

  private static final long serialVersionUID = 1L;
  private static final String PGJDBC_PREFIX = "jdbc:postgresql:";
  private static final CitusSafeDriver DRIVER = new CitusSafeDriver();
  /** By name: the factory makes data sources, so naming its class here would tie the two in a cycle. */
  private static final String OBJECT_FACTORY = "io.citussafe.driver.CitusSafeObjectFactory";

  /** The DataSource whose connections are wrapped, or null when the bean properties configure pgjdbc. */
  private final transient DataSource wrapped;
  /** The citussafe.* settings, by key; guarded by itself. */
  private final Properties settings = new Properties();
  private transient volatile PrintWriter logWriter;

  /** A DataSource configured by its bean properties or its URL. */
  public CitusSafeDataSource() {
    this.wrapped = null;
  }

  /** Wraps the connections of {@code dataSource}; citussafe settings come from this one's setters. */
  public CitusSafeDataSource(DataSource dataSource) {
    if (dataSource == null) {
      throw new NullPointerException("dataSource");
    }
    this.wrapped = dataSource;
  }

  @Override
  public String getDescription() {
    return "citussafe DataSource over pgjdbc";
  }

  /**
   * A connection as {@code user} (the {@code user} property when null).
   *
   * @throws SQLException 22023 when a citussafe setting is invalid; otherwise whatever pgjdbc raises
   */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties info = citusSafeSettings();
    if (wrapped != null) {
      Settings parsed = Settings.parse(info);
      Connection physical = user == null ? wrapped.getConnection() : wrapped.getConnection(user, password);
      return CitusSafeDriver.wrap(physical, physical.getMetaData().getURL(), parsed);
    }
    if (user != null) {
      info.setProperty(PGProperty.USER.getName(), user);
    }
    if (password != null) {
      info.setProperty(PGProperty.PASSWORD.getName(), password);
    }
    return DRIVER.connect(citusSafeUrl(super.getUrl()), info);
  }

  private Properties citusSafeSettings() {
    Properties copy = new Properties();
    synchronized (settings) {
      copy.putAll(settings);
    }
    return copy;
  }

  private static String citusSafeUrl(String pgjdbcUrl) {
    return ConnectionUrl.PREFIX + pgjdbcUrl.substring(PGJDBC_PREFIX.length());
  }

  /**
   * The URL of these properties: pgjdbc's URL with the citussafe prefix and the citussafe settings
   * as parameters. {@link #setUrl} takes it back.
   */
  @Override
  public String getUrl() {
    StringBuilder url = new StringBuilder(citusSafeUrl(super.getUrl()));
    synchronized (settings) {
      for (String key : settings.stringPropertyNames()) {
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(key).append('=')
            .append(URLEncoder.encode(settings.getProperty(key), StandardCharsets.UTF_8));
      }
    }
    return url.toString();
  }

  /**
   * Sets the properties a URL names, as pgjdbc's data sources do; a {@code jdbc:citussafe:postgresql:}
   * URL's citussafe settings too.
   *
   * @throws IllegalArgumentException when the URL is neither a citussafe nor a pgjdbc URL
   */
  @Override
  public void setUrl(String url) {
    if (ConnectionUrl.accepts(url)) {
      ConnectionUrl parsed = ConnectionUrl.parse(url);
      super.setUrl(parsed.pgjdbcUrl());
      synchronized (settings) {
        settings.putAll(parsed.citusSafeProperties());
      }
    } else if (url != null && url.startsWith(PGJDBC_PREFIX)) {
      super.setUrl(url);
    } else {
      // only the driver's name: the rest of a URL may hold a password
      throw new IllegalArgumentException("CitusSafeDataSource takes a URL starting with " + ConnectionUrl.PREFIX
          + " (or " + PGJDBC_PREFIX + ") but was one starting with " + subprotocol(url));
    }
  }

  /** {@code jdbc:mysql:} of {@code jdbc:mysql://host/db?password=…}. */
  private static String subprotocol(String url) {
    int colon = url == null ? -1 : url.indexOf(':', url.indexOf(':') + 1);
    return colon < 0 ? "no driver name (not a JDBC URL)" : url.substring(0, colon + 1);
  }

  /**
   * Any pgjdbc property ({@code ssl}, {@code sslmode}, …) or citussafe setting ({@code citussafe.mode}, …) by name.
   *
   * @throws SQLException 22023 for a name neither knows, listing the valid names
   */
  @Override
  public void setProperty(String name, String value) throws SQLException {
    if (isCitusSafeKey(name)) {
      setSetting(name, value);
    } else {
      super.setProperty(pgjdbcProperty(name), value);
    }
  }

  /**
   * @throws SQLException 22023 for a name neither pgjdbc nor citussafe knows, listing the valid names
   */
  @Override
  public String getProperty(String name) throws SQLException {
    return isCitusSafeKey(name) ? getSetting(name) : super.getProperty(pgjdbcProperty(name));
  }

  private static boolean isCitusSafeKey(String name) throws SQLException {
    if (name == null || !name.startsWith(CitusSafeProperty.PREFIX)) {
      return false;
    }
    if (CitusSafeProperty.forKey(name) == null) {
      throw unknownProperty(name);
    }
    return true;
  }

  private static PGProperty pgjdbcProperty(String name) throws SQLException {
    PGProperty property = name == null ? null : PGProperty.forName(name);
    if (property == null) {
      throw unknownProperty(name);
    }
    return property;
  }

  private static CitusSafeException unknownProperty(String name) {
    List<String> pgjdbc = new ArrayList<>();
    for (PGProperty property : PGProperty.values()) {
      pgjdbc.add(property.getName());
    }
    return new CitusSafeException("Unknown property \"" + name + "\" of CitusSafeDataSource. pgjdbc's properties are: "
        + String.join(", ", pgjdbc) + "; citussafe's are: " + CitusSafeProperty.allKeys(),
        SqlState.INVALID_PARAMETER_VALUE);
  }

  private void setSetting(String key, String value) {
    synchronized (settings) {
      if (value == null) {
        settings.remove(key);
      } else {
        settings.setProperty(key, value);
      }
    }
  }

  private String getSetting(String key) {
    synchronized (settings) {
      return settings.getProperty(key);
    }
  }

  /** HikariCP and Spring call it username. */
  public void setUsername(String user) {
    setUser(user);
  }

  public String getUsername() {
    return getUser();
  }

  public String getMode() {
    return getSetting(CitusSafeProperty.MODE.key());
  }

  public void setMode(String mode) {
    setSetting(CitusSafeProperty.MODE.key(), mode);
  }

  public String getDistributionColumn() {
    return getSetting(CitusSafeProperty.DISTRIBUTION_COLUMN.key());
  }

  public void setDistributionColumn(String distributionColumn) {
    setSetting(CitusSafeProperty.DISTRIBUTION_COLUMN.key(), distributionColumn);
  }

  public String getFailOnMissingCitus() {
    return getSetting(CitusSafeProperty.FAIL_ON_MISSING_CITUS.key());
  }

  public void setFailOnMissingCitus(String failOnMissingCitus) {
    setSetting(CitusSafeProperty.FAIL_ON_MISSING_CITUS.key(), failOnMissingCitus);
  }

  public String getMetadataTtl() {
    return getSetting(CitusSafeProperty.METADATA_TTL.key());
  }

  public void setMetadataTtl(String metadataTtl) {
    setSetting(CitusSafeProperty.METADATA_TTL.key(), metadataTtl);
  }

  public String getCacheSize() {
    return getSetting(CitusSafeProperty.CACHE_SIZE.key());
  }

  public void setCacheSize(String cacheSize) {
    setSetting(CitusSafeProperty.CACHE_SIZE.key(), cacheSize);
  }

  public String getBackfillBatchRows() {
    return getSetting(CitusSafeProperty.BACKFILL_BATCH_ROWS.key());
  }

  public void setBackfillBatchRows(String backfillBatchRows) {
    setSetting(CitusSafeProperty.BACKFILL_BATCH_ROWS.key(), backfillBatchRows);
  }

  public String getBulkUpdate() {
    return getSetting(CitusSafeProperty.BULK_UPDATE.key());
  }

  public void setBulkUpdate(String bulkUpdate) {
    setSetting(CitusSafeProperty.BULK_UPDATE.key(), bulkUpdate);
  }

  public String getNewTables() {
    return getSetting(CitusSafeProperty.NEW_TABLES.key());
  }

  public void setNewTables(String newTables) {
    setSetting(CitusSafeProperty.NEW_TABLES.key(), newTables);
  }

  public String getLockLightMinRows() {
    return getSetting(CitusSafeProperty.LOCK_LIGHT_MIN_ROWS.key());
  }

  public void setLockLightMinRows(String lockLightMinRows) {
    setSetting(CitusSafeProperty.LOCK_LIGHT_MIN_ROWS.key(), lockLightMinRows);
  }

  public String getLockTimeout() {
    return getSetting(CitusSafeProperty.LOCK_TIMEOUT.key());
  }

  public void setLockTimeout(String lockTimeout) {
    setSetting(CitusSafeProperty.LOCK_TIMEOUT.key(), lockTimeout);
  }

  public String getLockRetries() {
    return getSetting(CitusSafeProperty.LOCK_RETRIES.key());
  }

  public void setLockRetries(String lockRetries) {
    setSetting(CitusSafeProperty.LOCK_RETRIES.key(), lockRetries);
  }

  public String getSequentialTransactions() {
    return getSetting(CitusSafeProperty.SEQUENTIAL_TRANSACTIONS.key());
  }

  public void setSequentialTransactions(String sequentialTransactions) {
    setSetting(CitusSafeProperty.SEQUENTIAL_TRANSACTIONS.key(), sequentialTransactions);
  }

  /** pgjdbc's reference (every pgjdbc property), with the citussafe settings and citussafe's factory. */
  @Override
  public Reference getReference() throws NamingException {
    if (wrapped != null) {
      throw new NamingException("a CitusSafeDataSource that wraps another DataSource cannot be bound: bind the "
          + "wrapped one and wrap it after the lookup");
    }
    Reference reference = super.getReference();
    synchronized (settings) {
      for (String key : settings.stringPropertyNames()) {
        reference.add(new StringRefAddr(key, settings.getProperty(key)));
      }
    }
    return reference;
  }

  @Override
  protected Reference createReference() {
    return new Reference(getClass().getName(), OBJECT_FACTORY, null);
  }

  @Override
  public void setFromReference(Reference reference) {
    super.setFromReference(reference);
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      RefAddr address = reference.get(property.key());
      if (address != null) {
        setSetting(property.key(), (String) address.getContent());
      }
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    if (wrapped != null) {
      throw new NotSerializableException("a CitusSafeDataSource that wraps another DataSource");
    }
    synchronized (settings) {
      out.defaultWriteObject();
    }
    writeBaseObject(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    readBaseObject(in);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Kept for the JDBC contract; citussafe and pgjdbc log through their loggers. */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (wrapped != null && wrapped.isWrapperFor(iface)) {
      return wrapped.unwrap(iface);
    }
    throw new SQLException("CitusSafeDataSource does not wrap a " + iface.getName(), SqlState.FEATURE_NOT_SUPPORTED.code());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || (wrapped != null && wrapped.isWrapperFor(iface));
  }
}
