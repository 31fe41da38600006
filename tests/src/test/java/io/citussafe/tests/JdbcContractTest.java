package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** The JDBC contract: what code written against pgjdbc relies on keeps working. */
class JdbcContractTest {

  /** Some pools pass user and password as defaults of a Properties object; they were dropped. */
  @Test
  void connect_propertiesDefaults_readAsPgjdbcReadsThem() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("props");
    Properties defaults = new Properties();
    defaults.setProperty("user", schema.user());
    defaults.setProperty("citussafe.mode", "dry-run");
    Properties info = new Properties(defaults);
    String url = schema.citusSafeUrl().replaceAll("([?&])user=[^&]*&?", "$1");
    Driver driver = DriverManager.getDriver(url);
    try (Connection c = driver.connect(url, info)) {
      assertThat(queryLong(c, "SELECT 1")).isEqualTo(1);
    }
  }

  /**
   * On plain PostgreSQL (where no rule runs a step) a query string of several statements reaches
   * pgjdbc as one unit, so a failing statement rolls all of it back. It used to be split around
   * the Citus call, and the statements before it stayed committed.
   */
  @Test
  void multiStatementText_plainPostgres_oneUnit() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("unit");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("CREATE TABLE mx (id int PRIMARY KEY); INSERT INTO mx VALUES (1); "
          + "SELECT create_reference_table('mx'); INSERT INTO mx VALUES (1)"))
          .hasMessageContaining("duplicate key");
      assertThat(queryLong(c, "SELECT count(*) FROM pg_class WHERE relname = 'mx'")).isZero();
    }
  }

  /** A hint must not change the exception's type: callers catch PSQLException and read its details. */
  @Test
  @RequiresCitus
  void explainedServerError_staysPsqlExceptionWithItsDetails() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("err");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE pe (id int PRIMARY KEY, v int)", "INSERT INTO pe VALUES (1, 1)",
          "SELECT create_distributed_table('pe', 'id')"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE pe SET id = id + 1"))
          .isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getServerErrorMessage()).isNotNull();
            assertThat(e.getServerErrorMessage().getSQLState()).isEqualTo(e.getSQLState());
            assertThat(e.getMessage()).contains("modifying the partition value").contains("citussafe hint:");
            assertThat(e.getCause()).isInstanceOf(PSQLException.class);
          });
    }
  }

  private static Schema sleepy() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("timeout");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE sl (id int PRIMARY KEY, ts timestamptz)",
          "INSERT INTO sl SELECT g, NULL FROM generate_series(1, 8) g", "SELECT create_distributed_table('sl', 'id')"));
    }
    return schema;
  }

  /** The query timeout applied to the user's statement only; the per-shard command ran unbounded. */
  @Test
  @RequiresCitus
  void queryTimeout_perShardCommand_cancelledInTime() throws SQLException {
    Schema schema = sleepy();
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long started = System.nanoTime();
      assertThatThrownBy(() -> s.executeUpdate("UPDATE sl SET ts = clock_timestamp() WHERE pg_sleep(2) IS NOT NULL"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(4);
    }
  }

  /** cancel() reaches the statement the driver runs for the user's statement. */
  @Test
  @RequiresCitus
  void cancel_whilePerShardCommandRuns_cancelsIt() throws Exception {
    Schema schema = sleepy();
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement s = c.createStatement(); Connection observer = schema.pgjdbcConnection()) {
      CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
        try {
          return s.executeUpdate("UPDATE sl SET ts = clock_timestamp() WHERE pg_sleep(5) IS NOT NULL");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (queryLong(observer, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
          + " AND query LIKE 'SELECT shardid, success, result FROM run_command_on_shards%'") == 0) {
        assertThat(System.nanoTime()).as("the per-shard command was never seen running").isLessThan(deadline);
        Thread.sleep(20);
      }
      s.cancel();
      assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class)
          .rootCause().satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
    }
  }

  /**
   * A prepared statement kept open across DDL (pools with statement caches keep them for hours)
   * acted on the decision made when it was prepared: here "as written", which Citus rejects once
   * the table is distributed.
   */
  @Test
  @RequiresCitus
  void preparedStatementAcrossDdl_plannedAgain() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("stale");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE pq (id int PRIMARY KEY, u uuid)",
          "INSERT INTO pq SELECT g, NULL FROM generate_series(1, 10) g"));
    }
    try (Connection app = DriverManager.getConnection(schema.citusSafeUrl());
        Connection migration = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement p = app.prepareStatement("UPDATE pq SET u = gen_random_uuid() WHERE id = ?")) {
      p.setInt(1, 1);
      assertThat(p.executeUpdate()).isEqualTo(1);
      try (Statement s = migration.createStatement()) {
        s.execute("SELECT create_distributed_table('pq', 'id')");
      }
      p.setInt(1, 2);
      assertThat(p.executeUpdate()).isEqualTo(1);
      assertThat(p.getWarnings().getMessage()).contains("Citus rejects the statement as written");
    }
  }
}
