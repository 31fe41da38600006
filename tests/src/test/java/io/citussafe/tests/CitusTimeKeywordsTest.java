package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Defaults written with {@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE}, {@code LOCALTIMESTAMP} and
 * the other time keywords: Citus sends the keyword to each placement, which computes it with its
 * own transaction start and TimeZone. Through citussafe the defaults of Citus tables hold the
 * function forms, which Citus computes once on the coordinator: every placement holds what a plain
 * table gets in the same session (the oracle), in a zone where the date differs from the workers'.
 */
@RequiresCitus
class CitusTimeKeywordsTest {

  private static final String KEYWORD_COLUMNS = "id int PRIMARY KEY, ts timestamptz DEFAULT CURRENT_TIMESTAMP, "
      + "d date DEFAULT CURRENT_DATE, lt timestamp(3) DEFAULT LOCALTIMESTAMP(3), tm time DEFAULT LOCALTIME, "
      + "tz timetz DEFAULT CURRENT_TIME(2), n int DEFAULT 0";
  /** Compared as text read on each node: a timestamptz as its epoch, so that no node's zone shows. */
  private static final String VALUES = "id, extract(epoch FROM ts), d, lt, tm, tz";

  private static List<String> query(Schema schema, String sql) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, sql);
    }
  }

  /** Each placement's rows, read from its own shard on its own node, distinct. */
  private static List<String> distinctPlacements(Schema schema, String table) throws SQLException {
    return query(schema, "SELECT result FROM run_command_on_placements('" + table + "', $$SELECT "
        + "string_agg(concat_ws(':', " + VALUES + "), ',' ORDER BY id) FROM %s$$) ORDER BY nodeport")
        .stream().distinct().toList();
  }

  private static String all(Schema schema, String table) throws SQLException {
    return query(schema, "SELECT string_agg(concat_ws(':', " + VALUES + "), ',' ORDER BY id) FROM " + table).get(0);
  }

  /** A zone in which today's date is not the workers' date now. */
  private static String zoneWhereTheDateDiffers(Schema schema) throws SQLException {
    String workers = query(schema, "SELECT DISTINCT result FROM run_command_on_workers('SHOW TimeZone')").get(0);
    for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
      if (query(schema, "SELECT (now() AT TIME ZONE '" + zone + "')::date <> (now() AT TIME ZONE '" + workers
          + "')::date").get(0).equals("t")) {
        return zone;
      }
    }
    throw new AssertionError("no zone 11 or more hours from " + workers + " has another date");
  }

  @Test
  void keywordDefaults_onEveryKindOfCitusTable_postgresValuesOnEveryPlacement() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("time_keywords");
    String zone = zoneWhereTheDateDiffers(schema);
    List<String> made = List.of("ref_t", "dist_t", "loc_t", "part_t", "pgjdbc_ref");
    try (Connection c = schema.pgjdbcConnection()) {
      for (String t : List.of("plain_t", "ref_t", "dist_t", "loc_t", "pgjdbc_ref")) {
        Sql.execute(c, List.of("CREATE TABLE " + t + " (" + KEYWORD_COLUMNS + ")"));
      }
      Sql.execute(c, List.of("CREATE TABLE part_t (" + KEYWORD_COLUMNS.replace("PRIMARY KEY", "") + ") "
              + "PARTITION BY RANGE (id)", "CREATE TABLE part_t_1 PARTITION OF part_t FOR VALUES FROM (0) TO (1000)",
          "CREATE TABLE alter_ref (id int PRIMARY KEY, n int)", "INSERT INTO alter_ref VALUES (1, 0)",
          "SELECT create_reference_table('alter_ref')", "SELECT create_reference_table('pgjdbc_ref')",
          "INSERT INTO pgjdbc_ref (id) VALUES (1)"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("SELECT create_reference_table('ref_t')");
      assertThat(warnings(s)).contains("ref_t", "own transaction start", "TimeZone");
      s.execute("SELECT create_distributed_table('dist_t', 'id')");
      assertThat(warnings(s)).contains("dist_t", "TimeZone");
      s.execute("SELECT citus_add_local_table_to_metadata('loc_t')");
      assertThat(warnings(s)).contains("loc_t", "citus_add_local_table_to_metadata");
      s.execute("SELECT create_distributed_table('part_t', 'id')");
      s.execute("ALTER TABLE alter_ref ADD COLUMN ts timestamptz DEFAULT CURRENT_TIMESTAMP, "
          + "ADD COLUMN d date DEFAULT CURRENT_DATE");
      assertThat(warnings(s)).contains("alter_ref", "own transaction start");
      s.execute("ALTER TABLE alter_ref ADD COLUMN lt timestamp(3)");
      s.execute("ALTER TABLE alter_ref ALTER COLUMN lt SET DEFAULT LOCALTIMESTAMP(3), ADD COLUMN tm time "
          + "DEFAULT LOCALTIME, ADD COLUMN tz timetz DEFAULT CURRENT_TIME(2)");
      // a migration's transaction, then autocommit: each row's values are the plain table's of its transaction
      s.execute("SET TimeZone = '" + zone + "'");
      c.setAutoCommit(false);
      s.execute("INSERT INTO plain_t (id) VALUES (1)");
      for (String t : made.subList(0, 4)) {
        s.execute("INSERT INTO " + t + " (id) VALUES (1)");
      }
      s.execute("INSERT INTO alter_ref (id) VALUES (2)");
      c.commit();
      c.setAutoCommit(true);
      s.execute("INSERT INTO plain_t (id) VALUES (2)");
      for (String t : made.subList(0, 4)) {
        s.execute("INSERT INTO " + t + " (id) VALUES (2)");
      }
    }
    // what Citus does through plain pgjdbc: the coordinator's copy and the workers' hold other values
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = '" + zone + "'");
      s.execute("INSERT INTO pgjdbc_ref (id) VALUES (2)");
    }
    assertThat(distinctPlacements(schema, "pgjdbc_ref")).hasSizeGreaterThan(1);

    String expected = all(schema, "plain_t").split(",")[0];
    String today = query(schema, "SELECT d FROM plain_t WHERE id = 2").get(0);
    for (String t : made.subList(0, 4)) {
      String[] rows = all(schema, t).split(",");
      assertThat(rows[0]).as("%s in the migration's transaction", t).isEqualTo(expected);
      assertThat(rows[1].split(":")[2]).as("%s's date in autocommit", t).isEqualTo(today);
    }
    assertThat(all(schema, "alter_ref").split(",")[1]).isEqualTo(expected.replaceFirst("^1:", "2:"));
    for (String t : List.of("ref_t", "alter_ref")) {
      assertThat(distinctPlacements(schema, t)).as("placements of %s", t).singleElement()
          .isEqualTo(all(schema, t));
    }
    assertThat(query(schema, "SELECT DISTINCT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = "
        + "ANY ('{ref_t,dist_t,loc_t,part_t,part_t_1,alter_ref}'::regclass[])"))
        .contains("now()", "(now())::date")
        .allSatisfy(d -> assertThat(d).doesNotContainIgnoringCase("current_").doesNotContainIgnoringCase("localtime"));
  }

  @Test
  void newTablesReference_keywordDefaultsInTheCreatedTable_postgresValuesOnEveryPlacement() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("time_keywords_policy");
    String zone = zoneWhereTheDateDiffers(schema);
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE audit (" + KEYWORD_COLUMNS + ")");
      assertThat(warnings(s)).contains("reference table", "own transaction start");
      s.execute("CREATE TEMPORARY TABLE plain_t (" + KEYWORD_COLUMNS + ")");
      s.execute("SET TimeZone = '" + zone + "'");
      c.setAutoCommit(false);
      s.execute("INSERT INTO audit (id) VALUES (1)");
      s.execute("INSERT INTO plain_t (id) VALUES (1)");
      c.commit();
      assertThat(rows(c, "SELECT concat_ws(':', " + VALUES + ") FROM audit"))
          .isEqualTo(rows(c, "SELECT concat_ws(':', " + VALUES + ") FROM plain_t"));
    }
    assertThat(distinctPlacements(schema, "audit")).singleElement().isEqualTo(all(schema, "audit"));
  }

  @Test
  void keywordsInWrites_onCitusTables_postgresValuesAndRowsOnEveryPlacement() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("time_keywords_dml");
    String zone = zoneWhereTheDateDiffers(schema);
    List<String> tables = List.of("plain_w", "ref_w", "dist_w", "local_w");
    String today;
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = '" + zone + "'");
      today = rows(c, "SELECT CURRENT_DATE").get(0);
      for (String t : tables) {
        // rows dated the session's today and the workers' today: a DELETE by CURRENT_DATE tells them apart
        Sql.execute(c, List.of("CREATE TABLE " + t + " (id int PRIMARY KEY, ts timestamptz, d date, lt timestamp, "
                + "tm time, tz timetz, due date)",
            "INSERT INTO " + t + " (id, due) SELECT g, CAST(now() AS date) + (g % 2 - 1) * (CASE WHEN '" + zone
                + "' = 'Pacific/Kiritimati' THEN 1 ELSE -1 END) FROM generate_series(1, 6) g"));
      }
      Sql.execute(c, List.of("SELECT create_reference_table('ref_w')", "SELECT create_distributed_table('dist_w', 'id')",
          "SELECT citus_add_local_table_to_metadata('local_w')"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = '" + zone + "'");
      c.setAutoCommit(false);
      for (String t : tables) {
        s.execute("UPDATE " + t + " SET ts = CURRENT_TIMESTAMP, d = CURRENT_DATE, lt = LOCALTIMESTAMP(3), "
            + "tm = LOCALTIME, tz = CURRENT_TIME(2)");
        if (!t.equals("plain_w")) {
          assertThat(warnings(s)).contains(t, "own transaction start");
        }
        s.execute("DELETE FROM " + t + " WHERE due = CURRENT_DATE AND id > 4");
        s.execute("INSERT INTO " + t + " (id, d, due) VALUES (7, CURRENT_DATE, CURRENT_DATE - 1)");
        // after a WITH prefix too; on a Citus-local table Citus itself overflows its stack planning this
        // one with CURRENT_DATE when the WITH query finds nothing
        s.execute("WITH picked AS (SELECT id FROM " + t + " WHERE false) UPDATE " + t + " SET due = CURRENT_DATE "
            + "FROM picked WHERE " + t + ".id = picked.id");
        s.execute("WITH picked AS (SELECT id FROM " + t + " WHERE id = 1) UPDATE " + t + " SET due = CURRENT_DATE + 10 "
            + "FROM picked WHERE " + t + ".id = picked.id");
      }
      c.commit();
    }
    String values = VALUES + ", due";
    String expected = query(schema, "SELECT string_agg(concat_ws(':', " + values + "), ',' ORDER BY id) FROM plain_w")
        .get(0);
    assertThat(expected).contains(":" + today + ":");
    assertThat(query(schema, "SELECT string_agg(id::text, ',' ORDER BY id) FROM plain_w")).as("the session's today "
        + "deleted").containsExactly("1,2,3,4,6,7");
    for (String t : tables.subList(1, 4)) {
      assertThat(query(schema, "SELECT string_agg(concat_ws(':', " + values + "), ',' ORDER BY id) FROM " + t).get(0))
          .as(t).isEqualTo(expected);
    }
    assertThat(query(schema, "SELECT DISTINCT result FROM run_command_on_placements('ref_w', $$SELECT "
        + "string_agg(concat_ws(':', " + values + "), ',' ORDER BY id) FROM %s$$)")).containsExactly(expected);
  }
}
