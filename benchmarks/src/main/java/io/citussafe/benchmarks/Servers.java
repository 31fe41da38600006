package io.citussafe.benchmarks;

import io.citussafe.tests.support.PostgresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.opentest4j.TestAbortedException;

/**
 * The database servers of the end-to-end and Citus benchmarks, from the test harness. The
 * {@link Report} starts them once and hands their URLs to the JMH forks as system properties;
 * a benchmark run on its own starts them in its fork.
 */
final class Servers {

  /** pgjdbc URL of the embedded PostgreSQL, as its superuser. */
  static final String POSTGRES_PROPERTY = "citussafe.bench.postgres";
  /** pgjdbc URL of the Citus coordinator, as its superuser. */
  static final String CITUS_PROPERTY = "citussafe.bench.citus";
  /** Why there is no Citus cluster; set instead of {@link #CITUS_PROPERTY}. */
  static final String NO_CITUS_PROPERTY = "citussafe.bench.noCitus";

  private Servers() {
  }

  /** The embedded PostgreSQL's URL, starting it if no runner did. */
  static String postgresUrl() {
    String url = System.getProperty(POSTGRES_PROPERTY);
    return url != null ? url : PostgresServers.plain().pgjdbcUrl();
  }

  /** Null when a Citus cluster is available (started here if no runner did), else why not. */
  static String citusUnavailableReason() {
    if (System.getProperty(CITUS_PROPERTY) != null) {
      return null;
    }
    String reason = System.getProperty(NO_CITUS_PROPERTY);
    if (reason != null) {
      return reason;
    }
    try {
      PostgresServers.citus();
      return null;
    } catch (TestAbortedException e) {
      return e.getMessage();
    }
  }

  /**
   * The Citus coordinator's URL.
   *
   * @throws IllegalStateException when there is none, with the reason
   */
  static String citusUrl() {
    String url = System.getProperty(CITUS_PROPERTY);
    if (url != null) {
      return url;
    }
    String reason = citusUnavailableReason();
    if (reason != null) {
      throw new IllegalStateException("no Citus cluster, so this benchmark cannot run: " + reason);
    }
    return PostgresServers.citus().pgjdbcUrl();
  }

  /** Runs setup statements through plain pgjdbc. */
  static void run(String url, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
