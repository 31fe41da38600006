package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements of {@link CitusSessionValuesTest} on plain PostgreSQL: through citussafe exactly as through pgjdbc. */
class SessionValuesPlainTest {

  private static final List<String> SETUP = List.of(
      "CREATE TABLE notes (id int, d date, note text, label varchar(80), ts timestamptz, PRIMARY KEY (id, d))",
      "INSERT INTO notes SELECT g, date '2024-06-01' + g * 40, 'n' || g, NULL, "
          + "timestamptz '2024-03-10 20:30:00+00' + g * interval '7 hours' FROM generate_series(1, 8) g");

  @Test
  void rejectedOnCitusOnly_runAsWrittenOnPlainPostgres() throws SQLException {
    List<String> statements = new ArrayList<>(CitusSessionValuesTest.DETERMINISTIC);
    statements.add("UPDATE batch_params SET string_val = to_char(date_val, 'YYYY-MM-DD HH24:MI') WHERE type_cd = 'DATE'");
    statements.add("UPDATE notes SET note = note || clock_timestamp() WHERE id > 4");
    List<String> queries = List.of("SELECT id, d, label, ts, CASE WHEN id > 4 THEN length(note) > 20 ELSE note = "
        + "to_char(ts, 'DD Mon YYYY HH24:MI TZH:TZM') END FROM notes ORDER BY id",
        "SELECT type_cd, date_val, string_val FROM batch_params ORDER BY 1, 2, 3");
    List<String> through = new ArrayList<>();
    for (boolean citussafe : new boolean[] {false, true}) {
      Schema schema = PostgresServers.plain().newSchema("session_values_plain");
      try (Connection c = schema.pgjdbcConnection()) {
        Sql.execute(c, SETUP);
        Sql.execute(c, CitusSessionValuesTest.KEYLESS);
      }
      through.add(CitusSessionValuesTest.run(citussafe ? schema.citusSafeUrl() : schema.pgjdbcUrl(), statements,
          citussafe, queries).toString());
    }
    assertThat(through.get(1)).isEqualTo(through.get(0)).contains("DATE|2024-01-06 03:30:00+05:30|2024-01-06 03:30");
  }
}
