package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Bound values and passwords never reach what the driver writes: its log (SLF4J, here slf4j-simple
 * on standard error), the warnings it adds to statements, and the messages of the exceptions it
 * raises or passes on. Distinctive values are bound and sent through statements the driver rewrites,
 * runs per shard or in batches, and statements that fail; passwords go into URLs, properties and
 * DataSources, right and wrong. The server's own error messages may quote a value (as in {@code
 * invalid input syntax for type integer: "…"}): such a message is checked to be exactly the one
 * pgjdbc alone raises, so the driver adds nothing to it.
 */
class SecretsTest {

  private static final String SECRET = "S3cr3t-b0und-value-7f9a";
  private static final String PASSWORD = "Pa55-w0rd-never-logged-91e2";

  /** Standard error, each statement's warnings and every exception's message and causes, as one text. */
  private static final class Captured {
    private final StringBuilder text = new StringBuilder();

    void warnings(Statement statement) throws SQLException {
      for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
        text.append(w.getMessage()).append('\n');
      }
    }

    String error(SQLException error) {
      StringBuilder messages = new StringBuilder();
      for (Throwable t = error; t != null; t = t.getCause()) {
        messages.append(t).append('\n');
      }
      for (SQLException next = error.getNextException(); next != null; next = next.getNextException()) {
        messages.append(next).append('\n');
      }
      text.append(messages);
      return messages.toString();
    }
  }

  @FunctionalInterface
  private interface Work {
    void run(Captured captured) throws Exception;
  }

  /** Runs {@code work} with standard error captured; returns everything captured. */
  private static String capture(Work work) throws Exception {
    Captured captured = new Captured();
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      work.run(captured);
    } finally {
      System.setErr(original);
    }
    String log = err.toString(StandardCharsets.UTF_8);
    original.print(log);
    return log + captured.text;
  }

  private static final List<String> SETUP = List.of(
      "CREATE TABLE orders (tenant_id bigint, id bigint, n int, note varchar(40), updated_at timestamptz, "
          + "PRIMARY KEY (tenant_id, id), CHECK (note IS NULL OR note <> 'forbidden'))",
      "INSERT INTO orders SELECT 1, g, g, NULL, NULL FROM generate_series(1, 50) g");

  @Test
  void boundValues_plainPostgres_errorsAreExactlyPgjdbcsAndNothingElseHoldsThem() throws Exception {
    Schema schema = PostgresServers.plain().newSchema("secrets_plain");
    Sql.execute(schema.pgjdbcConnection(), SETUP);
    String update = "UPDATE orders SET note = ?, updated_at = now() WHERE tenant_id = ? AND id = ?";
    // a value the server quotes in its error: the message must be pgjdbc's own
    String failing = "UPDATE orders SET n = ?::int WHERE tenant_id = 1";
    String pgjdbcError;
    try (Connection c = schema.pgjdbcConnection(); PreparedStatement p = c.prepareStatement(failing)) {
      p.setString(1, SECRET);
      pgjdbcError = assertThrowsSql(p::executeUpdate).getMessage();
    }
    String captured = capture(out -> {
      try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.lockLightMinRows=1");
          PreparedStatement p = c.prepareStatement(update)) {
        p.setString(1, SECRET);
        p.setLong(2, 1);
        p.setLong(3, 1);
        p.executeUpdate();
        out.warnings(p);
        try (PreparedStatement f = c.prepareStatement(failing)) {
          f.setString(1, SECRET);
          SQLException error = assertThrowsSql(f::executeUpdate);
          assertThat(error.getMessage()).isEqualTo(pgjdbcError);
          out.error(error);
        }
        try (Statement s = c.createStatement()) {
          s.execute("ALTER TABLE orders ALTER COLUMN n SET NOT NULL");
          out.warnings(s);
        }
      }
    });
    assertThat(captured.replace(pgjdbcError, "")).doesNotContain(SECRET);
  }

  @Test
  void boundValues_citusRewritesPerShardBatchesAndFailures_neverInLogsWarningsOrErrors() throws Exception {
    Schema schema = PostgresServers.citus().newSchema("secrets_citus");
    Sql.execute(schema.pgjdbcConnection(), SETUP);
    Sql.execute(schema.pgjdbcConnection(), List.of("SELECT create_distributed_table('orders', 'tenant_id')"));
    String rejected = "UPDATE orders SET note = ?, updated_at = clock_timestamp() WHERE tenant_id = ? AND id <= ?";
    String captured = capture(out -> {
      for (String mode : List.of("", "&citussafe.bulkUpdate=per-shard", "&citussafe.backfillBatchRows=7")) {
        try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + mode + "&logServerErrorDetail=false")) {
          try (PreparedStatement p = c.prepareStatement(rejected)) {
            p.setString(1, SECRET);
            p.setLong(2, 1);
            p.setLong(3, 20);
            assertThat(p.executeUpdate()).as(mode).isEqualTo(20);
            out.warnings(p);
            assertThat(out.text).as("the driver said what it did").contains("citussafe");
          }
          // the same statements failing on the server after the driver rewrote them
          try (PreparedStatement p = c.prepareStatement(rejected)) {
            p.setString(1, SECRET + "-longer-than-forty-characters-in-all");
            p.setLong(2, 1);
            p.setLong(3, 20);
            out.error(assertThrowsSql(p::executeUpdate));
          }
          try (PreparedStatement p = c.prepareStatement(rejected)) {
            p.setString(1, "forbidden");
            p.setLong(2, 1);
            p.setLong(3, 20);
            out.error(assertThrowsSql(p::executeUpdate));
          }
        }
      }
    });
    assertThat(captured).as("the failures were reached, per shard too")
        .contains("value too long", "violates check constraint", "shards (citussafe.bulkUpdate=per-shard)")
        .doesNotContain(SECRET);
  }

  @Test
  void passwords_wrongRightInUrlsPropertiesAndDataSources_neverInMessagesOrLogs() throws Exception {
    TestDatabase server = PostgresServers.withPasswords();
    String base = "jdbc:citussafe:postgresql://" + server.hostAndPort() + "/postgres?user=" + server.superuser();
    String captured = capture(out -> {
      out.error(assertThrowsSql(() -> DriverManager.getConnection(base + "&password=" + PASSWORD)));
      Properties properties = new Properties();
      properties.setProperty("password", PASSWORD);
      out.error(assertThrowsSql(() -> DriverManager.getConnection(base, properties)));
      out.error(assertThrowsSql(() -> DriverManager.getConnection(base + "&password=" + PASSWORD
          + "&citussafe.mode=sideways")));
      out.error(assertThrowsSql(() -> DriverManager.getConnection(base + "&password=" + PASSWORD
          + "&citussafe.noSuchSetting=1")));
      CitusSafeDataSource dataSource = new CitusSafeDataSource();
      dataSource.setUrl(base);
      dataSource.setPassword(PASSWORD);
      out.error(assertThrowsSql(dataSource::getConnection));
      out.error(assertThrowsSql(() -> dataSource.getConnection(server.superuser(), PASSWORD)));
      assertThatThrownBy(() -> dataSource.setUrl("jdbc:mysql://localhost/db?user=u&password=" + PASSWORD))
          .satisfies(e -> out.text.append(e).append('\n'));
      // the right password: the connection works, and logs nothing of it
      try (Connection c = DriverManager.getConnection(base + "&password=" + PostgresServers.SUPERUSER_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("SELECT 1");
        out.warnings(s);
      }
    });
    assertThat(captured).contains("password authentication failed").doesNotContain(PASSWORD)
        .doesNotContain(PostgresServers.SUPERUSER_PASSWORD);
  }

  @FunctionalInterface
  private interface SqlCall {
    Object call() throws SQLException;
  }

  private static SQLException assertThrowsSql(SqlCall call) {
    try {
      call.call();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException");
  }
}
