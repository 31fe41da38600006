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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements that Citus runs without an error but with another result than PostgreSQL's: type
 * changes converted in each worker's settings, a non-IMMUTABLE {@code USING} or default computed
 * on each placement, and trigger commands refused when there is nothing to act on. Each case shows
 * the difference through plain pgjdbc first, then that citussafe gives PostgreSQL's result (a
 * plain table in the same session is the reference) with every placement the same.
 */
@RequiresCitus
class CitusSilentDifferencesTest {

  private static List<String> query(Schema schema, String sql) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, sql);
    }
  }

  /**
   * Each placement's rows, read from its own shard table on its node ({@code nodeport: rows}): one
   * line per placement.
   */
  private static List<String> placements(Schema schema, String table, String columns) throws SQLException {
    return query(schema, "SELECT result FROM run_command_on_placements('" + table + "', $$SELECT "
        + "string_agg(concat_ws(':', " + columns + "), ',' ORDER BY id) FROM %s$$) ORDER BY nodeport");
  }

  /** The rows of each placement, distinct: one element when every copy holds the same. */
  private static List<String> distinctPlacements(Schema schema, String table, String columns) throws SQLException {
    assertThat(placements(schema, table, columns)).as("placements of %s", table).hasSize(3);
    return placements(schema, table, columns).stream().distinct().toList();
  }

  private static String all(Schema schema, String table, String columns) throws SQLException {
    return query(schema, "SELECT string_agg(concat_ws(':', " + columns + "), ',' ORDER BY id) FROM " + table).get(0);
  }

  private static final String UTC = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')";

  @Test
  void conversionsReadingSettings_inTheSessionsSettings_onEveryPlacement() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("silent_zone");
    List<String> tables = List.of("plain_ev", "ref_ev", "dist_ev", "pgjdbc_ref");
    try (Connection c = schema.pgjdbcConnection()) {
      for (String t : tables) {
        Sql.execute(c, List.of("CREATE TABLE " + t + " (id int PRIMARY KEY, at timestamp, paid timestamptz, "
                + "note timestamptz, day text, took interval)",
            "INSERT INTO " + t + " VALUES (1, '2024-01-01 12:00', '2024-01-01 12:00+00', '2024-06-01 00:00+00', "
                + "'01/02/2024', '1 hour 30 minutes'), (2, '2024-07-01 23:30', '2024-07-01 23:30+00', "
                + "'2024-12-31 23:59+00', '03/02/2024', '2 days')"));
      }
      Sql.execute(c, List.of("SELECT create_reference_table('ref_ev')", "SELECT create_reference_table('pgjdbc_ref')",
          "SELECT create_distributed_table('dist_ev', 'id')",
          // what Citus does: the coordinator's copy converted in the session's zone, the workers' in theirs
          "SET TimeZone = 'Asia/Tokyo'", "ALTER TABLE pgjdbc_ref ALTER COLUMN at TYPE timestamptz"));
    }
    assertThat(distinctPlacements(schema, "pgjdbc_ref", String.format(UTC, "at"))).hasSize(2);
    String[] changes = {"ALTER COLUMN at TYPE timestamptz", "ALTER COLUMN paid TYPE timestamp",
        "ALTER COLUMN note TYPE text", "ALTER COLUMN day TYPE date USING day::date", "ALTER COLUMN took TYPE text"};
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'Asia/Tokyo'");
      s.execute("SET DateStyle = 'ISO, DMY'");
      s.execute("SET IntervalStyle = 'iso_8601'");
      for (String t : tables.subList(0, 3)) {
        for (String change : changes) {
          s.execute("ALTER TABLE " + t + " " + change);
          if (!t.equals("plain_ev")) {
            assertThat(warnings(s)).contains("TimeZone 'Asia/Tokyo'", "DateStyle 'ISO, DMY'", t);
          }
        }
      }
    }
    String columns = String.format(UTC, "at") + ", to_char(paid, 'YYYY-MM-DD HH24:MI'), note, "
        + "to_char(day, 'YYYY-MM-DD'), took";
    String expected = all(schema, "plain_ev", columns);
    // PostgreSQL's result: 12:00 in Tokyo is 03:00 UTC, 12:00 UTC is 21:00 in Tokyo, 01/02 is the 1st of February
    assertThat(expected).isEqualTo("2024-01-01 03:00:2024-01-01 21:00:2024-06-01 09:00:00+09:2024-02-01:PT1H30M,"
        + "2024-07-01 14:30:2024-07-02 08:30:2025-01-01 08:59:00+09:2024-02-03:P2D");
    assertThat(all(schema, "ref_ev", columns)).isEqualTo(expected);
    assertThat(all(schema, "dist_ev", columns)).isEqualTo(expected);
    assertThat(distinctPlacements(schema, "ref_ev", columns)).containsExactly(expected);
  }

  @Test
  void volatileUsing_computedOnceFromTheCoordinator_sameOnEveryPlacement() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("silent_using");
    try (Connection c = schema.pgjdbcConnection()) {
      for (String t : List.of("ref_n", "pgjdbc_n", "keyless_n")) {
        Sql.execute(c, List.of("CREATE TABLE " + t + " (id int " + (t.equals("keyless_n") ? "" : "PRIMARY KEY")
            + ", n int)", "INSERT INTO " + t + " SELECT g, g FROM generate_series(1, 50) g",
            "SELECT create_reference_table('" + t + "')"));
      }
      Sql.execute(c, List.of("ALTER TABLE pgjdbc_n ALTER COLUMN n TYPE bigint USING n + (random() * 1e6)::int"));
    }
    // what Citus does: each copy drew its own random numbers
    assertThat(distinctPlacements(schema, "pgjdbc_n", "id, n")).hasSize(3);
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE ref_n ALTER COLUMN n TYPE bigint USING n + (random() * 1e6)::int");
      assertThat(warnings(s)).contains("once from the coordinator", "random");
      assertThatThrownBy(() -> s.execute("ALTER TABLE keyless_n ALTER COLUMN n TYPE bigint USING n + random()::int"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("no primary key")
          .hasMessageContaining("SELECT undistribute_table('keyless_n')");
    }
    assertThat(distinctPlacements(schema, "ref_n", "id, n")).hasSize(1);
    assertThat(query(schema, "SELECT count(*) FILTER (WHERE n <> id) > 40, pg_typeof(min(n))::text FROM ref_n"))
        .containsExactly("t|bigint");
    assertThat(query(schema, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
        + "'ref_n'::regclass AND attnum > 0 AND NOT attisdropped")).containsExactly("id,n");
    // refused: nothing changed
    assertThat(query(schema, "SELECT pg_typeof(min(n))::text || ' ' || sum(n) FROM keyless_n"))
        .containsExactly("integer 1275");
  }

  @Test
  void volatileDefaultOnATableWithoutKey_sameOnEveryPlacementOrRefused() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("silent_default");
    try (Connection c = schema.pgjdbcConnection()) {
      for (String t : List.of("links", "pgjdbc_links", "dist_links")) {
        Sql.execute(c, List.of("CREATE TABLE " + t + " (id int, other int)",
            "INSERT INTO " + t + " SELECT g, g FROM generate_series(1, 20) g"));
      }
      Sql.execute(c, List.of("SELECT create_reference_table('links')", "SELECT create_reference_table('pgjdbc_links')",
          "SELECT create_distributed_table('dist_links', 'id')",
          "ALTER TABLE pgjdbc_links ADD COLUMN u uuid DEFAULT gen_random_uuid()"));
    }
    assertThat(distinctPlacements(schema, "pgjdbc_links", "id, u")).hasSize(3);
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE links ADD COLUMN u uuid DEFAULT gen_random_uuid()"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("no primary key")
          .hasMessageContaining("SELECT create_reference_table('links')");
      // one value for every row: no key needed
      s.execute("ALTER TABLE links ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()");
      assertThat(warnings(s)).contains("filled the existing rows once from the coordinator");
      s.execute("ALTER TABLE dist_links ADD COLUMN u uuid DEFAULT gen_random_uuid()");
      assertThat(warnings(s)).contains("one placement");
      s.execute("INSERT INTO links (id, other) VALUES (21, 21)");
    }
    assertThat(query(schema, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'links'::regclass AND attname = 'u'"))
        .containsExactly("0");
    assertThat(distinctPlacements(schema, "links", "id, other, created_at")).hasSize(1);
    assertThat(query(schema, "SELECT count(DISTINCT created_at), count(*) FILTER (WHERE created_at IS NULL) FROM "
        + "links WHERE id <= 20")).containsExactly("1|0");
    assertThat(query(schema, "SELECT count(DISTINCT u), count(u) FROM dist_links")).containsExactly("20|20");
  }

  @Test
  void triggerCommandsWithNothingToActOn_answeredAsPostgresAnswers() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("silent_trigger");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE kinds (id int PRIMARY KEY)", "SELECT create_reference_table('kinds')",
          "CREATE TABLE items (id int PRIMARY KEY, kind_id int REFERENCES kinds (id))",
          "SELECT create_distributed_table('items', 'id')", "INSERT INTO kinds VALUES (1)"));
      // what Citus does: refuses before it looks for the trigger
      assertThatThrownBy(() -> Sql.execute(c, List.of("DROP TRIGGER IF EXISTS kinds_touch ON kinds")))
          .hasMessageContaining("triggers are not supported on reference tables");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String t : List.of("kinds", "items")) {
        s.execute("DROP TRIGGER IF EXISTS touch ON " + t);
        assertThat(warnings(s)).contains("skipped", "no trigger touch on " + t);
        s.execute("ALTER TABLE " + t + " DISABLE TRIGGER USER");
        assertThat(warnings(s)).contains("skipped", "no triggers of its own");
      }
      s.execute("ALTER TABLE kinds ENABLE TRIGGER USER");
      c.commit();
      assertThatThrownBy(() -> s.execute("ALTER TABLE kinds ENABLE TRIGGER touch"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42704"))
          .hasMessageStartingWith("trigger \"touch\" for table \"kinds\" does not exist");
      c.rollback();
      // ALL would also disable the foreign key's checks: Citus's error stays
      assertThatThrownBy(() -> s.execute("ALTER TABLE items DISABLE TRIGGER ALL"))
          .hasMessageContaining("triggers are not supported on distributed tables");
      c.rollback();
    }
    assertThat(distinctPlacements(schema, "kinds", "id")).containsExactly("1");
  }
}
