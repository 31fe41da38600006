package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DDL that citussafe runs as steps of its own on a real cluster gives what pgjdbc gives on plain
 * PostgreSQL: the same result of the JDBC call, the same names in the catalog, statements the
 * workers can read. Each case is a difference the differential tester found.
 */
@RequiresCitus
class CitusDdlFidelityTest {

  private Schema schema;

  @BeforeEach
  void setUp() throws SQLException {
    schema = PostgresServers.citus().newAppUserSchema("fidelity");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE d (id bigint PRIMARY KEY, status varchar(100))",
          "SELECT create_distributed_table('d', 'id')",
          "INSERT INTO d VALUES (1, 'new'), (2, 'old')"));
    }
  }

  private Connection citusSafe() throws SQLException {
    return DriverManager.getConnection(schema.citusSafeUrl());
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, sql);
    }
  }

  /**
   * An ALTER TABLE that Citus refuses as one statement runs as several steps; the user's statement
   * itself never ran, and its update count was -1 (no result at all) where pgjdbc reports 0.
   */
  @Test
  void alterTableRunAsSteps_reportsUpdateCountZeroAndNoResultSet() throws SQLException {
    String split = "ALTER TABLE d ADD COLUMN c integer DEFAULT 1, ADD CONSTRAINT c_positive CHECK (c > 0)";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      // the same statement object ran an UPDATE of two rows first: its count must not leak
      assertThat(s.executeUpdate("UPDATE d SET status = 'x'")).isEqualTo(2);
      assertThat(s.execute(split)).isFalse();
      assertThat(s.getUpdateCount()).isZero();
      assertThat(s.getResultSet()).isNull();
      assertThat(s.getMoreResults()).isFalse();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      assertThat(s.executeUpdate("ALTER TABLE d ADD COLUMN e integer DEFAULT 2, ADD CONSTRAINT e_positive CHECK (e > 0)"))
          .isZero();
    }
    try (Connection c = citusSafe();
        PreparedStatement p = c.prepareStatement("ALTER TABLE d ADD COLUMN f integer DEFAULT 3, "
            + "ADD CONSTRAINT f_positive CHECK (f > 0)")) {
      assertThat(p.execute()).isFalse();
      assertThat(p.getUpdateCount()).isZero();
    }
    // executeQuery of a command: pgjdbc runs it, then says it returned no rows
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("ALTER TABLE d ADD COLUMN g integer DEFAULT 4, "
          + "ADD CONSTRAINT g_positive CHECK (g > 0)"))
          .isInstanceOf(SQLException.class)
          .hasMessage("No results were returned by the query.")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("02000");
    }
    assertThat(query("SELECT conname FROM pg_constraint WHERE conrelid = 'd'::regclass AND contype = 'c' ORDER BY 1"))
        .containsExactly("c_positive", "e_positive", "f_positive", "g_positive");
  }
}
