package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:citussafe:postgresql:…} URLs. It removes the
 * {@code citussafe:} part and every {@code citussafe.*} setting, hands the rest to pgjdbc, and
 * wraps the connection pgjdbc returns. Other URLs, {@code jdbc:postgresql:} included, are not ours.
 */
public final class CitusSafeDriver implements Driver {

  private static final CitusSafeDriver INSTANCE = new CitusSafeDriver();
  private final org.postgresql.Driver pgjdbc = new org.postgresql.Driver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return ConnectionUrl.accepts(url);
  }

  /**
   * @return the connection, or null when the URL is not a citussafe URL
   * @throws SQLException 22023 for an unknown {@code citussafe.*} key or a malformed value, or
   *     whatever pgjdbc raises when connecting
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionUrl parsed = ConnectionUrl.parse(url);
    Properties ours = new Properties();
    Properties theirs = new Properties();
    if (info != null) {
      // stringPropertyNames() includes the defaults of new Properties(defaults), as pgjdbc reads them
      for (String key : info.stringPropertyNames()) {
        (key.startsWith(CitusSafeProperty.PREFIX) ? ours : theirs).setProperty(key, info.getProperty(key));
      }
    }
    // URL parameters win over Properties, as in pgjdbc
    ours.putAll(parsed.citusSafeProperties());
    Settings settings = Settings.parse(ours);
    Connection physical = pgjdbc.connect(parsed.pgjdbcUrl(), theirs);
    return wrap(physical, parsed.pgjdbcUrl(), settings);
  }

  static Connection wrap(Connection physical, String pgjdbcUrl, Settings settings) throws SQLException {
    return new CitusSafeConnection(physical, Cluster.of(pgjdbcUrl, settings), settings);
  }

  /** pgjdbc's properties for the URL, followed by ours. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Properties given = info == null ? new Properties() : info;
    List<DriverPropertyInfo> all = new ArrayList<>();
    if (acceptsURL(url)) {
      ConnectionUrl parsed = ConnectionUrl.parse(url);
      all.addAll(List.of(pgjdbc.getPropertyInfo(parsed.pgjdbcUrl(), given)));
      given = new Properties(given);
      given.putAll(parsed.citusSafeProperties());
    }
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      all.add(property.toDriverPropertyInfo(given));
    }
    return all.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return pgjdbc.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return pgjdbc.getMinorVersion();
  }

  /** Not compliant for the same reasons pgjdbc is not (pgjdbc answers false as well). */
  @Override
  public boolean jdbcCompliant() {
    return pgjdbc.jdbcCompliant();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("citussafe logs through SLF4J", SqlState.FEATURE_NOT_SUPPORTED.code());
  }
}
