package io.citussafe.benchmarks.stub;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKeyBuilder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Hands out {@link StubConnection}s. */
public class StubDataSource implements DataSource {

  /** The URL the stub's connections report; wrappers that share state per URL key it by this. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/stub";

  private volatile String url = DEFAULT_URL;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeout;

  /** For wrappers that make their target DataSource from its class name. */
  public StubDataSource() {
  }

  public StubDataSource(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  /** Wrappers that configure the target by properties set {@code url}, {@code user} and {@code password}. */
  public void setUrl(String url) {
    this.url = url;
  }

  public void setUser(String user) {
  }

  public void setPassword(String password) {
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
  public ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
    return null;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the stub does not log");
  }

  @Override
  public ConnectionBuilder createConnectionBuilder() throws SQLException {
    return null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return new StubConnection(url);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return new StubConnection(url);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return logWriter;
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return loginTimeout;
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    loginTimeout = seconds;
  }
}
