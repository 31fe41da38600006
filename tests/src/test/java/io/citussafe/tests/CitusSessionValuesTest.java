package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UPDATEs that Citus refuses for a STABLE or VOLATILE call, run through citussafe on every kind of
 * Citus table, in autocommit and in a migration's transaction, and compared with the same
 * statements through pgjdbc on plain PostgreSQL, the oracle. The session is in another time zone
 * than the servers: every value that depends on them must be the one PostgreSQL
 * computes with the user's settings, not a worker's.
 *
 * <p>Before the fix: {@code clock_timestamp()::text} and {@code note || clock_timestamp()} were
 * refused (the cast stayed outside the CTE), {@code SET label = ts} and {@code format()} under a
 * WITH prefix ran as written and were refused, a table without a key was refused, and a value
 * computed in the CTE on a distributed table was formatted in the workers' time zone.
 */
@RequiresCitus
class CitusSessionValuesTest {

  /** pgjdbc needs a DateStyle that starts with ISO; the time zone is the servers' UTC for no one. */
  private static final List<String> SESSION = List.of("SET TimeZone = 'Asia/Kolkata'", "SET DateStyle = 'ISO, DMY'");

  /** Rejected by Citus as written; the results depend on the session's settings only. */
  static final List<String> DETERMINISTIC = List.of(
      "UPDATE notes SET note = to_char(ts, 'DD Mon YYYY HH24:MI TZH:TZM') WHERE id <= 3",
      "UPDATE notes SET label = ts WHERE id > 3",
      "WITH sep AS (SELECT ' / ' AS s) UPDATE notes SET note = format('%s%s%s', note, (SELECT s FROM sep), d) "
          + "WHERE id > 5",
      "DELETE FROM notes WHERE to_char(ts, 'HH24') = '08' AND id > 6");

  /** Rejected as VOLATILE: each row's value differs, its form must not. */
  static final List<String> VOLATILE = List.of(
      "UPDATE notes SET note = clock_timestamp()::text WHERE id <= 4",
      "UPDATE notes SET note = note || clock_timestamp() WHERE id > 4");

  private static final String CONTENT = "SELECT id, d, note, label, ts FROM notes ORDER BY id";
  /** Digits made 9 (fractions of a second one digit): the form of a timestamp's text, with its zone. */
  private static final String FORM = "SELECT id, regexp_replace(regexp_replace(note, '[.][0-9]+', '.9', 'g'), "
      + "'[0-9]', '9', 'g') FROM notes ORDER BY id";

  static List<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (String kind : List.of("distributed", "reference", "citus-local", "partitioned")) {
      cells.add(Arguments.of(kind, false));
      cells.add(Arguments.of(kind, true));
    }
    return cells;
  }

  private static List<String> table(String kind) {
    boolean partitioned = kind.equals("partitioned");
    List<String> ddl = new ArrayList<>(List.of(
        "CREATE TABLE notes (id int, d date, note text, label varchar(80), ts timestamptz, PRIMARY KEY (id, d))"
            + (partitioned ? " PARTITION BY RANGE (d)" : "")));
    if (partitioned) {
      ddl.add("CREATE TABLE notes_2024 PARTITION OF notes FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
      ddl.add("CREATE TABLE notes_2025 PARTITION OF notes FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
    }
    ddl.add("INSERT INTO notes SELECT g, date '2024-06-01' + g * 40, 'n' || g, NULL, "
        + "timestamptz '2024-03-10 20:30:00+00' + g * interval '7 hours' FROM generate_series(1, 8) g");
    return ddl;
  }

  static String distribute(String kind, String table, String column) {
    switch (kind) {
      case "reference":
        return "SELECT create_reference_table('" + table + "')";
      case "citus-local":
        return "SELECT citus_add_local_table_to_metadata('" + table + "')";
      default:
        return "SELECT create_distributed_table('" + table + "', '" + column + "')";
    }
  }

  /** Runs {@code statements} in a session with {@link #SESSION}; returns what {@code queries} read after. */
  static List<List<String>> run(String url, List<String> statements, boolean transaction, List<String> queries)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      Sql.execute(c, SESSION);
      c.setAutoCommit(!transaction);
      for (String sql : statements) {
        s.execute(sql);
      }
      if (transaction) {
        c.commit();
      }
      List<List<String>> read = new ArrayList<>();
      for (String query : queries) {
        read.add(rows(c, query));
      }
      return read;
    }
  }

  /** The oracle: the statements through pgjdbc on plain PostgreSQL. */
  static List<List<String>> onPlain(String prefix, List<String> setup, List<String> statements, List<String> queries)
      throws SQLException {
    Schema plain = PostgresServers.plain().newSchema(prefix);
    try (Connection c = plain.pgjdbcConnection()) {
      Sql.execute(c, setup);
    }
    return run(plain.pgjdbcUrl(), statements, false, queries);
  }

  private static Schema citusTable(String kind) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("session_values");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, table(kind));
      Sql.execute(c, List.of(distribute(kind, "notes", "id")));
    }
    return schema;
  }

  @ParameterizedTest(name = "{0}, transaction {1}")
  @MethodSource("cells")
  void stableValuesOnColumns_equalPlainPostgresInTheSessionsZone(String kind, boolean transaction) throws SQLException {
    Schema schema = citusTable(kind);
    List<List<String>> citus = run(schema.citusSafeUrl(), DETERMINISTIC, transaction, List.of(CONTENT));
    List<List<String>> plain = onPlain("session_values_plain", table("plain"), DETERMINISTIC, List.of(CONTENT));
    assertThat(citus).isEqualTo(plain);
    assertThat(citus.get(0)).anySatisfy(row -> assertThat(row).contains("+05:30"));
    placementsAgree(schema, kind, "notes");
  }

  @ParameterizedTest(name = "{0}, transaction {1}")
  @MethodSource("cells")
  void volatileCallsUnderCasts_rewrittenWithTheSessionsFormat(String kind, boolean transaction) throws SQLException {
    Schema schema = citusTable(kind);
    List<String> queries = List.of(FORM, "SELECT count(*) FROM notes WHERE note LIKE '%+05:30'");
    List<List<String>> citus = run(schema.citusSafeUrl(), VOLATILE, transaction, queries);
    List<List<String>> plain = onPlain("session_values_plain", table("plain"), VOLATILE, queries);
    assertThat(citus).isEqualTo(plain);
    // the session's zone, not the workers' UTC
    assertThat(citus.get(1)).containsExactly("8");
    placementsAgree(schema, kind, "notes");
  }

  /**
   * Operators and casts on a column that run a STABLE function: {@code timestamptz ± interval} across
   * a daylight saving change (New York's, 2024-03-10) and {@code timestamptz::text}. Regression: they
   * ran as written and Citus refused them, or, computed on the workers, would use the servers' zone.
   */
  static final List<String> OPERATORS = List.of("SET TimeZone = 'America/New_York'",
      "UPDATE notes SET ts = ts - interval '1 day' WHERE id <= 4",
      "UPDATE notes SET note = 'at ' || ts::text, label = interval '1 day' + notes.ts WHERE id > 2");

  @ParameterizedTest(name = "{0}, transaction {1}")
  @MethodSource("cells")
  void stableOperatorsOnColumns_equalPlainPostgresAcrossDaylightSaving(String kind, boolean transaction)
      throws SQLException {
    Schema schema = citusTable(kind);
    List<List<String>> citus = run(schema.citusSafeUrl(), OPERATORS, transaction, List.of(CONTENT));
    List<List<String>> plain = onPlain("session_values_plain", table("plain"), OPERATORS, List.of(CONTENT));
    assertThat(citus).isEqualTo(plain);
    // 2024-03-11 03:30 UTC less a day in New York is 23 hours earlier in UTC, not 24
    assertThat(citus.get(0)).anySatisfy(row -> assertThat(row).startsWith("1|").contains("2024-03-09 23:30:00-05"));
    placementsAgree(schema, kind, "notes");
  }

  /** Every placement of a reference table holds the same rows. */
  static void placementsAgree(Schema schema, String kind, String table) throws SQLException {
    if (!kind.equals("reference")) {
      return;
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT DISTINCT result FROM run_command_on_placements('" + table + "', $$SELECT md5("
          + "string_agg(t::text, ',' ORDER BY t::text)) FROM %s t$$)")).hasSize(1);
    }
  }

  static List<Arguments> keylessKinds() {
    List<Arguments> cells = new ArrayList<>();
    for (String kind : List.of("distributed", "reference", "citus-local")) {
      cells.add(Arguments.of(kind, false));
      cells.add(Arguments.of(kind, true));
    }
    return cells;
  }

  static final List<String> KEYLESS = List.of(
      "CREATE TABLE batch_params (type_cd varchar(20), date_val timestamptz, string_val varchar(40))",
      "INSERT INTO batch_params VALUES ('DATE', '2024-01-05 22:00+00', NULL), ('DATE', '2024-01-05 22:00+00', 'x'), "
          + "('DATE', NULL, 'y'), ('DATE', '2024-02-29 12:00+00', NULL), ('TEXT', '2024-01-05 22:00+00', 'keep')");

  /** A Spring Batch migration: a STABLE call over the columns of a table without a key. */
  @ParameterizedTest(name = "{0}, transaction {1}")
  @MethodSource("keylessKinds")
  void stableCallWithoutKey_computedPerDistinctArguments(String kind, boolean transaction) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("keyless");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, KEYLESS);
      Sql.execute(c, List.of(distribute(kind, "batch_params", "type_cd")));
    }
    List<String> statements = List.of(
        "UPDATE batch_params SET string_val = to_char(date_val, 'YYYY-MM-DD HH24:MI') WHERE type_cd = 'DATE'");
    String content = "SELECT type_cd, date_val, string_val FROM batch_params ORDER BY 1, 2, 3";
    List<List<String>> citus = run(schema.citusSafeUrl(), statements, transaction, List.of(content));
    assertThat(citus).isEqualTo(onPlain("keyless_plain", KEYLESS, statements, List.of(content)));
    assertThat(citus.get(0)).contains("DATE|2024-01-06 03:30:00+05:30|2024-01-06 03:30");
    placementsAgree(schema, kind, "batch_params");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      // a VOLATILE value needs a key: rows with the same values must each get their own
      assertThatThrownBy(() -> s.execute("UPDATE batch_params SET string_val = gen_random_uuid()::text"))
          .hasMessageContaining("VOLATILE").hasMessageContaining("add a key");
      assertThat(warnings(s)).isEmpty();
    }
  }

  /**
   * What Citus pushes down to the workers as a whole (an {@code INSERT … SELECT} between co-located
   * tables): in a migration's transaction the session's settings reach the workers, so the text is
   * PostgreSQL's; through pgjdbc it is in the workers' zone.
   */
  @org.junit.jupiter.api.Test
  void insertSelectPushedDown_inAMigrationTransaction_formattedInTheSessionsSettings() throws SQLException {
    List<String> setup = List.of(
        "CREATE TABLE events (id int PRIMARY KEY, ts timestamptz, d date)",
        "INSERT INTO events VALUES (1, '2024-03-01 10:00:00+00', '2024-03-04'), (2, '2024-03-02 20:00:00+00', "
            + "'2024-12-31')",
        "CREATE TABLE event_texts (id int PRIMARY KEY, t text, d text)");
    List<String> copy = List.of("INSERT INTO event_texts SELECT id, ts::text, d::text FROM events");
    String content = "SELECT id, t, d FROM event_texts ORDER BY id";
    List<List<String>> expected = onPlain("pushed_plain", setup, copy, List.of(content));
    assertThat(expected.get(0)).containsExactly("1|2024-03-01 15:30:00+05:30|2024-03-04",
        "2|2024-03-03 01:30:00+05:30|2024-12-31");
    Schema schema = PostgresServers.citus().newSchema("pushed");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, setup);
      Sql.execute(c, List.of(distribute("distributed", "events", "id"), "SELECT create_distributed_table("
          + "'event_texts', 'id', colocate_with => 'events')"));
    }
    List<List<String>> pgjdbc = run(schema.pgjdbcUrl(), copy, true, List.of(content));
    assertThat(pgjdbc.get(0)).as("the workers' zone and style").contains("1|2024-03-01 10:00:00+00|2024-03-04");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("TRUNCATE event_texts"));
    }
    String migration = schema.citusSafeUrl() + "&citussafe.sequentialTransactions=always";
    assertThat(run(migration, copy, true, List.of(content))).isEqualTo(expected);
  }
}
