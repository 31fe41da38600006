package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Citus's COPY path (an {@code INSERT … SELECT} it runs through the coordinator) re-raises a
 * shard's constraint violation as {@code XX000}: through citussafe the error carries the code
 * PostgreSQL gives the same statement, which exception translators and retry logic read.
 */
@RequiresCitus
class CitusConstraintStatesTest {

  private static final List<String> SETUP = List.of(
      "CREATE TABLE kinds (id int PRIMARY KEY)",
      "INSERT INTO kinds VALUES (1), (2)",
      "CREATE TABLE items (id int PRIMARY KEY, kind int NOT NULL REFERENCES kinds (id), qty int CHECK (qty > 0))",
      "INSERT INTO items VALUES (1, 1, 1)");

  private static final List<String> CITUS_LAYOUT = List.of(
      "SELECT create_reference_table('kinds')",
      "SELECT create_distributed_table('items', 'id')");

  /** Each statement's rows come through the coordinator (ORDER BY … LIMIT, a set-returning function). */
  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO items SELECT g, NULL, 1 FROM generate_series(2, 4) g",
      "INSERT INTO items SELECT id, 1, 1 FROM items ORDER BY id LIMIT 1",
      "INSERT INTO items SELECT g, 7, 1 FROM generate_series(2, 4) g",
      "INSERT INTO items SELECT g, 1, -g FROM generate_series(2, 4) g"})
  void violationThroughTheCoordinatorHasPostgresqlsCode(String statement) throws SQLException {
    Schema plain = PostgresServers.plain().newSchema("states");
    try (Connection c = plain.pgjdbcConnection()) {
      Sql.execute(c, SETUP);
    }
    String expected = stateOf(plain.pgjdbcConnection(), statement);
    assertThat(expected).startsWith("23");

    Schema citus = PostgresServers.citus().newSchema("states");
    try (Connection c = citus.pgjdbcConnection()) {
      Sql.execute(c, SETUP);
      Sql.execute(c, CITUS_LAYOUT);
    }
    // what Citus itself raises, the reason for the rewrite of the code
    assertThat(stateOf(citus.pgjdbcConnection(), statement)).isEqualTo("XX000");
    SQLException error = errorOf(DriverManager.getConnection(citus.citusSafeUrl()), statement);
    assertThat(error.getSQLState()).isEqualTo(expected);
    assertThat(error.getMessage()).contains("violates");
    assertThat(error.getCause()).isInstanceOf(SQLException.class);
    assertThat(((SQLException) error.getCause()).getSQLState()).isEqualTo("XX000");
    try (Connection c = citus.pgjdbcConnection()) {
      assertThat(Sql.queryLong(c, "SELECT count(*) FROM items")).isEqualTo(1);
    }
  }

  private static String stateOf(Connection connection, String statement) {
    return errorOf(connection, statement).getSQLState();
  }

  private static SQLException errorOf(Connection connection, String statement) {
    try (connection) {
      return catchThrowableOfType(SQLException.class, () -> Sql.execute(connection, List.of(statement)));
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
