package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements of {@link CitusSilentDifferencesTest} on plain PostgreSQL: through citussafe they
 * give what they give through pgjdbc, without a warning.
 */
class SilentDifferencesPlainTest {

  private static final List<String> MIGRATION = List.of(
      "SET TimeZone = 'Asia/Tokyo'",
      "SET DateStyle = 'ISO, DMY'",
      "CREATE TABLE ev (id int PRIMARY KEY, at timestamp, day text, n int)",
      "INSERT INTO ev VALUES (1, '2024-01-01 12:00', '01/02/2024', 1), (2, '2024-07-01 23:30', '03/02/2024', 2)",
      "CREATE TABLE links (id int, other int)",
      "INSERT INTO links VALUES (1, 1), (2, 2)",
      "ALTER TABLE ev ALTER COLUMN at TYPE timestamptz",
      "ALTER TABLE ev ALTER COLUMN day TYPE date USING day::date",
      "ALTER TABLE ev ALTER COLUMN n TYPE bigint USING n + (random() * 0)::int",
      "ALTER TABLE links ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()",
      "ALTER TABLE links ADD COLUMN u uuid DEFAULT gen_random_uuid()",
      "DROP TRIGGER IF EXISTS touch ON links",
      "ALTER TABLE links DISABLE TRIGGER USER",
      "ALTER TABLE links ENABLE TRIGGER ALL");

  private static final String RESULT = "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), day::text, n, "
      + "pg_typeof(n)::text FROM ev ORDER BY id";

  @Test
  void statementsCitusChanges_sameResultAsPgjdbcWithoutWarnings() throws SQLException {
    Schema viaPgjdbc = PostgresServers.plain().newSchema("silent_pgjdbc");
    Schema viaCitusSafe = PostgresServers.plain().newSchema("silent_plain");
    try (Connection c = viaPgjdbc.pgjdbcConnection(); Statement s = c.createStatement()) {
      for (String sql : MIGRATION) {
        s.execute(sql);
      }
    }
    try (Connection c = DriverManager.getConnection(viaCitusSafe.citusSafeUrl()); Statement s = c.createStatement()) {
      for (String sql : MIGRATION) {
        s.execute(sql);
        assertThat(warnings(s)).as(sql).doesNotContain("citussafe", "skipped");
      }
      assertThatThrownBy(() -> s.execute("ALTER TABLE links ENABLE TRIGGER touch"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42704"));
    }
    List<String> expected;
    try (Connection c = viaPgjdbc.pgjdbcConnection()) {
      expected = rows(c, RESULT);
    }
    assertThat(expected).containsExactly("2024-01-01 03:00|2024-02-01|1|bigint", "2024-07-01 14:30|2024-02-03|2|bigint");
    try (Connection c = viaCitusSafe.pgjdbcConnection()) {
      assertThat(rows(c, RESULT)).isEqualTo(expected);
      assertThat(rows(c, "SELECT count(DISTINCT created_at), count(DISTINCT u) FROM links")).containsExactly("1|2");
    }
  }
}
