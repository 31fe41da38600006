package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements of {@link CitusHistoryShapesTest} on plain PostgreSQL: as written, the same rows and catalog as pgjdbc. */
class HistoryShapesPlainTest {

  private static final String CATALOG = "SELECT a.attrelid::regclass::text, a.attname, a.attidentity, a.attnotnull, "
      + "pg_get_expr(d.adbin, d.adrelid), pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL "
      + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      + "WHERE a.attrelid IN ('role_permissions'::regclass, '\"PROJECT\"'::regclass, 'jobs_fqn'::regclass) "
      + "AND a.attnum > 0 ORDER BY 1, a.attnum";

  @Test
  void historyShapes_runAsWrittenWithPostgresResults() throws SQLException {
    List<String> statements = new ArrayList<>(CitusHistoryShapesTest.PERMISSIONS);
    statements.addAll(CitusHistoryShapesTest.RENUMBER);
    statements.addAll(CitusHistoryShapesTest.PROJECT);
    statements.addAll(CitusHistoryShapesTest.JOBS);
    statements.addAll(CitusHistoryShapesTest.REFILL);
    List<String> checks = List.of(CitusHistoryShapesTest.PERMISSION_ROWS, CitusHistoryShapesTest.PROJECT_ROWS,
        CitusHistoryShapesTest.FQN_ROWS, CATALOG);
    List<List<String>> expected = new ArrayList<>();
    Schema oracle = PostgresServers.plain().newSchema("shapes_oracle");
    try (Connection c = oracle.pgjdbcConnection()) {
      Sql.execute(c, statements);
      for (String check : checks) {
        expected.add(rows(c, check));
      }
    }
    Schema schema = PostgresServers.plain().newSchema("shapes_plain");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
        assertThat(warnings(s)).as(sql).isEmpty();
      }
      for (int i = 0; i < checks.size(); i++) {
        assertThat(rows(c, checks.get(i))).isEqualTo(expected.get(i));
      }
    }
    assertThat(expected.get(3)).contains("\"PROJECT\"|ID|d|t|null|t", "\"PROJECT\"|RANK|d|t|null|t");
  }
}
