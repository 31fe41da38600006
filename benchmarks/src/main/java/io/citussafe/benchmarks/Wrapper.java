package io.citussafe.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import io.citussafe.benchmarks.stub.StubDataSource;
import io.citussafe.driver.CitusSafeDataSource;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import software.amazon.jdbc.ds.AwsWrapperDataSource;

/**
 * The JDBC layers the benchmarks compare, each around the same target DataSource (the stub of
 * {@code io.citussafe.benchmarks.stub}, or pgjdbc's) and each configured to do nothing but wrap:
 * no logging, no listeners, no plugins. What a wrapper costs on top of {@link #NONE} is its
 * overhead.
 */
public enum Wrapper {

  /** The target alone: the stub, or plain pgjdbc. */
  NONE,

  /** citussafe with its default settings (rewrite mode, 10,000 cached analyses per cluster). */
  CITUSSAFE,

  /** P6Spy with its core module only: no logging module, so no appender, and no JMX. */
  P6SPY,

  /** datasource-proxy with no listener (its default JDK proxies). */
  DATASOURCE_PROXY,

  /** The AWS Advanced JDBC Wrapper with no plugins ({@code wrapperPlugins=}) and the plain PostgreSQL dialect. */
  AWS_WRAPPER;

  private static final AtomicInteger STUB_DATABASES = new AtomicInteger();

  /**
   * This wrapper over a {@link StubDataSource} whose URL names a database of its own, so that
   * citussafe's per-cluster state (its analysis cache) starts empty in each trial, also when
   * trials share a JVM.
   */
  public DataSource overStub() throws SQLException {
    String url = StubDataSource.DEFAULT_URL + "_" + STUB_DATABASES.incrementAndGet();
    return wrap(new StubDataSource(url), url);
  }

  /**
   * {@code target} behind this wrapper.
   *
   * @param url the pgjdbc URL {@code target} connects to; the AWS wrapper makes its own target
   *     DataSource of the same class from it (it takes a class name, not an instance)
   */
  public DataSource wrap(DataSource target, String url) throws SQLException {
    switch (this) {
      case NONE:
        return target;
      case CITUSSAFE:
        return new CitusSafeDataSource(target);
      case P6SPY:
        // read once, when P6Spy's options load: set before its first connection
        System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
        System.setProperty("p6spy.config.jmx", "false");
        return new P6DataSource(target);
      case DATASOURCE_PROXY:
        return ProxyDataSourceBuilder.create(target).build();
      case AWS_WRAPPER:
        AwsWrapperDataSource aws = new AwsWrapperDataSource();
        aws.setJdbcUrl("jdbc:aws-wrapper:" + url.substring("jdbc:".length()));
        aws.setTargetDataSourceClassName(target.getClass().getName());
        Properties properties = new Properties();
        properties.setProperty("wrapperPlugins", "");
        properties.setProperty("wrapperDialect", "pg");
        aws.setTargetDataSourceProperties(properties);
        return aws;
      default:
        throw new AssertionError(this);
    }
  }

  /** The name used in the results. */
  public String label() {
    switch (this) {
      case NONE:
        return "none";
      case CITUSSAFE:
        return "citussafe";
      case P6SPY:
        return "P6Spy";
      case DATASOURCE_PROXY:
        return "datasource-proxy";
      case AWS_WRAPPER:
        return "AWS JDBC Wrapper";
      default:
        throw new AssertionError(this);
    }
  }
}
