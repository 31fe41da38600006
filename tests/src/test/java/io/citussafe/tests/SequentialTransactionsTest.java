package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.MigrationToolStandIn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §5 on a real cluster: sequences Citus refuses inside one transaction after a parallel
 * multi-shard statement, run the way a migration tool runs them (autocommit off, one commit).
 * The Flyway and Liquibase versions live with the ecosystem tests.
 */
@RequiresCitus
class SequentialTransactionsTest {

  private static final List<String> SETUP = List.of(
      "CREATE TABLE ref (id int PRIMARY KEY, name text)",
      "INSERT INTO ref SELECT g, 'r' || g FROM generate_series(1, 10) g",
      "SELECT create_reference_table('ref')",
      "CREATE TABLE d (id int PRIMARY KEY, ref_id int, v int)",
      "INSERT INTO d SELECT g, 1 + g % 10, 0 FROM generate_series(1, 100) g",
      "SELECT create_distributed_table('d', 'id')",
      "CREATE TABLE d_fk (id int PRIMARY KEY, ref_id int, v int)",
      "INSERT INTO d_fk SELECT g, 1 + g % 10, 0 FROM generate_series(1, 100) g",
      "SELECT create_distributed_table('d_fk', 'id')",
      "ALTER TABLE d_fk ADD CONSTRAINT d_fk_ref FOREIGN KEY (ref_id) REFERENCES ref (id)");

  static Stream<Arguments> refusedSequences() {
    return Stream.of(
        Arguments.of("backfill, then a foreign key to a reference table",
            List.of("UPDATE d SET v = v + 1",
                "ALTER TABLE d ADD CONSTRAINT d_ref_fk FOREIGN KEY (ref_id) REFERENCES ref (id)"),
            "because there was a parallel operation on a distributed table"),
        Arguments.of("read of a table referencing a reference table, then a write to it",
            List.of("SELECT count(*) FROM d_fk", "UPDATE ref SET name = name || '!'"),
            "because there was a parallel operation on a distributed table"),
        Arguments.of("multi-shard update, then DDL on a reference table",
            List.of("UPDATE d_fk SET v = v + 1", "ALTER TABLE ref ADD COLUMN extra int"),
            "because there was a parallel DML access to distributed table"),
        Arguments.of("multi-shard update, then TRUNCATE of a reference table",
            List.of("UPDATE d_fk SET v = v + 1", "TRUNCATE ref CASCADE"),
            "because there was a parallel DML access to distributed table"),
        Arguments.of("multi-shard update, then CREATE TYPE",
            List.of("UPDATE d SET v = v + 1", "CREATE TYPE mood AS ENUM ('calm', 'tense')"),
            "because there was a parallel operation on a distributed table"));
  }

  private static Schema prepared(String prefix) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema(prefix);
    try (Connection connection = schema.pgjdbcConnection()) {
      Sql.execute(connection, SETUP);
    }
    return schema;
  }

  /** Runs the statements in one transaction, as Flyway and Liquibase do by default. */
  private static void inOneTransaction(Connection connection, List<String> statements) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }


  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSequences")
  void sequence_failsThroughPlainPgjdbc(String name, List<String> statements, String citusError)
      throws SQLException {
    Schema schema = prepared("seq_pg");
    try (Connection connection = schema.pgjdbcConnection()) {
      assertThatThrownBy(() -> inOneTransaction(connection, statements))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(citusError);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSequences")
  void sequence_onMigrationConnection_succeedsWithoutConfiguration(String name, List<String> statements,
      String citusError) throws Exception {
    Schema schema = prepared("seq_auto");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      MigrationToolStandIn.migrate(connection, () -> {
        inOneTransaction(connection, statements);
        inOneTransaction(connection, statements.subList(0, 1));
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSequences")
  void sequence_withAlways_succeedsWithoutAMigrationTool(String name, List<String> statements,
      String citusError) throws SQLException {
    Schema schema = prepared("seq_always");
    try (Connection connection = DriverManager.getConnection(
        schema.citusSafeUrl() + "&citussafe.sequentialTransactions=always")) {
      inOneTransaction(connection, statements);
    }
  }

  @Test
  void explicitBeginCommit_onMigrationConnection_startsSequential() throws Exception {
    Schema schema = prepared("seq_begin");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      MigrationToolStandIn.migrate(connection, () -> beginUpdateAlterCommit(st));
    }
  }

  private static void beginUpdateAlterCommit(Statement st) throws SQLException {
    st.execute("BEGIN");
    st.execute("UPDATE d_fk SET v = v + 1");
    assertThat(st.getWarnings().getMessage()).contains("multi_shard_modify_mode TO 'sequential'");
    st.execute("ALTER TABLE ref ADD COLUMN extra int");
    st.execute("COMMIT");
    try (ResultSet rs = st.executeQuery("SHOW citus.multi_shard_modify_mode")) {
      rs.next();
      assertThat(rs.getString(1)).as("SET LOCAL ends with the transaction").isEqualTo("parallel");
    }
  }

  @Test
  void applicationConnection_failure_carriesCitusErrorAndTheAlwaysHint() throws SQLException {
    Schema schema = prepared("seq_app");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      assertThatThrownBy(() -> inOneTransaction(connection,
          List.of("UPDATE d_fk SET v = v + 1", "ALTER TABLE ref ADD COLUMN extra int")))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("because there was a parallel DML access to distributed table")
          .hasMessageContaining("citussafe.sequentialTransactions=always")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(
              ((SQLException) e.getCause()).getSQLState()));
    }
  }

  @Test
  void never_failure_carriesTheSetLocalHint() throws SQLException {
    Schema schema = prepared("seq_never");
    try (Connection connection = DriverManager.getConnection(
        schema.citusSafeUrl() + "&citussafe.sequentialTransactions=never")) {
      assertThatThrownBy(() -> MigrationToolStandIn.migrate(connection, () -> inOneTransaction(connection,
          List.of("UPDATE d SET v = v + 1", "CREATE TYPE mood AS ENUM ('calm')"))))
          .hasMessageContaining("because there was a parallel operation on a distributed table")
          .hasMessageContaining("SET LOCAL citus.multi_shard_modify_mode TO 'sequential' as the first statement");
    }
  }

  /** Application transactions must not pay: nothing extra reaches the server for them. */
  @Test
  void applicationConnection_sendsNoExtraStatements() throws Exception {
    TestDatabase citus = PostgresServers.citus();
    try (Connection admin = citus.superuserConnection(); Statement st = admin.createStatement()) {
      try {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      } catch (SQLException e) {
        Assumptions.abort("pg_stat_statements is not available on this cluster: " + e.getMessage());
      }
    }
    Schema schema = citus.newAppUserSchema("seq_count");
    try (Connection setup = schema.pgjdbcConnection()) {
      Sql.execute(setup, SETUP);
    }
    List<String> viaPgjdbc = queriesOf(schema, () -> applicationWork(schema.pgjdbcConnection()));
    List<String> viaCitusSafe = queriesOf(schema,
        () -> applicationWork(DriverManager.getConnection(schema.citusSafeUrl())));
    assertThat(viaPgjdbc).anyMatch(q -> q.startsWith("UPDATE d SET v = v + $1 WHERE v >= $2"));
    assertThat(viaCitusSafe).isEqualTo(viaPgjdbc);

    List<String> migrationQueries = queriesOf(schema, () -> {
      try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
        MigrationToolStandIn.migrate(connection,
            () -> inOneTransaction(connection, List.of("UPDATE d SET v = v + 1 WHERE v >= 0")));
      }
    });
    assertThat(migrationQueries).anyMatch(q -> q.contains("SET LOCAL citus.multi_shard_modify_mode"));
  }

  private static void applicationWork(Connection connection) throws SQLException {
    try (connection) {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.executeUpdate("UPDATE d SET v = v + 1 WHERE v >= 0");
        st.executeQuery("SELECT count(*) FROM d WHERE v > 0").close();
      }
      connection.commit();
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** The statements the schema's user ran on the coordinator during {@code work}. */
  private static List<String> queriesOf(Schema schema, Work work) throws Exception {
    try (Connection admin = PostgresServers.citus().superuserConnection(); Statement st = admin.createStatement()) {
      st.execute("SELECT pg_stat_statements_reset()");
      work.run();
      List<String> queries = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT query, calls FROM pg_stat_statements"
          + " WHERE userid = '" + schema.user() + "'::regrole AND dbid = (SELECT oid FROM pg_database"
          + " WHERE datname = current_database()) ORDER BY query")) {
        while (rs.next()) {
          queries.add(rs.getString(1) + " -- calls: " + rs.getLong(2));
        }
      }
      return queries;
    }
  }
}
