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
 * Nothing diverges silently, on a real cluster: triggers fire once per row change, no foreign key
 * is left unenforced, and a concurrent index stays valid. Each case first shows what Citus does
 * through plain pgjdbc where that is the point, then what citussafe does; placements and shards
 * are compared after.
 */
@RequiresCitus
class CitusFaithfulTest {

  private static final String TOUCH = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
      + " NEW.updated = now(); RETURN NEW; END $$";

  private static List<String> query(Schema schema, String sql) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, sql);
    }
  }

  /** Each placement's rows of the table, as one text per placement, distinct: one element when all copies agree. */
  private static List<String> distinctPlacements(Schema schema, String table, String columns) throws SQLException {
    return query(schema, "SELECT DISTINCT result FROM run_command_on_placements('" + table + "', $$SELECT "
        + "string_agg(concat_ws(':', " + columns + "), ',' ORDER BY id) FROM %s$$)");
  }

  private static String kind(Schema schema, String table) throws SQLException {
    return query(schema, "SELECT partmethod::text || repmodel::text FROM pg_dist_partition WHERE logicalrelid = '"
        + table + "'::regclass").stream().findFirst().orElse("local");
  }

  /** A history as Flyway runs it (one transaction), with the policy alone: the tables with triggers end Citus-local. */
  @Test
  void newTablesReference_triggersSettingNow_tablesBecomeCitusLocalAndFireOnce() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_trigger");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("CREATE TABLE kinds (id int PRIMARY KEY, name text)");
      s.execute("CREATE TABLE items (id bigserial PRIMARY KEY, kind_id int REFERENCES kinds (id), name text, "
          + "updated timestamptz)");
      s.execute("CREATE TABLE tags (id int PRIMARY KEY, item_id bigint NOT NULL REFERENCES items (id), label text)");
      s.execute("CREATE TABLE notes (id int PRIMARY KEY, body text, updated timestamptz)");
      s.execute(TOUCH);
      s.execute("CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()");
      assertThat(warnings(s)).contains("made items a Citus-local table", "fires once", "2 foreign key(s)");
      s.execute("CREATE TRIGGER notes_touch BEFORE INSERT OR UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()");
      s.execute("INSERT INTO kinds VALUES (1, 'a'), (2, 'b')");
      s.execute("INSERT INTO items (kind_id, name) VALUES (1, 'x'), (2, 'y')");
      s.execute("INSERT INTO tags VALUES (1, 1, 't')");
      s.execute("INSERT INTO notes VALUES (1, 'n'), (2, 'm')");
      c.commit();
      s.execute("UPDATE items SET name = name || '!'");
      s.execute("UPDATE notes SET body = body || '!'");
      c.commit();
      // foreign keys from and to the reference tables are still enforced
      assertThatThrownBy(() -> s.execute("INSERT INTO tags VALUES (2, 99, 'dangling')"))
          .hasMessageContaining("foreign key");
      c.rollback();
      assertThatThrownBy(() -> s.execute("DELETE FROM kinds WHERE id = 1")).hasMessageContaining("foreign key");
      c.rollback();
    }
    assertThat(kind(schema, "items")).isEqualTo("ns");
    assertThat(kind(schema, "notes")).isEqualTo("ns");
    assertThat(kind(schema, "kinds")).isEqualTo("nt");
    assertThat(kind(schema, "tags")).isEqualTo("nt");
    assertThat(query(schema, "SELECT count(DISTINCT updated) || ' ' || count(updated) FROM items"))
        .containsExactly("1 2");
    assertThat(distinctPlacements(schema, "items", "id, name, updated")).hasSize(1);
    assertThat(distinctPlacements(schema, "notes", "id, body, updated")).hasSize(1);
    assertThat(distinctPlacements(schema, "tags", "id, item_id, label")).hasSize(1);
    assertThat(distinctPlacements(schema, "kinds", "id, name")).hasSize(1);
  }

  @Test
  void triggerOnAReferenceTableTheUserMade_errorGivesTheChoiceNotTheSetting() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_explicit");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE plain_items (id int PRIMARY KEY, updated timestamptz)");
      // made a reference table by the user, not the policy
      s.execute("SELECT undistribute_table('plain_items')");
      s.execute("SELECT create_reference_table('plain_items')");
      s.execute("COMMENT ON TYPE plain_items IS NULL");
      s.execute(TOUCH);
      assertThatThrownBy(() -> s.execute("CREATE TRIGGER t BEFORE UPDATE ON plain_items FOR EACH ROW EXECUTE "
          + "FUNCTION touch()"))
          .hasMessageContaining("triggers are not supported on reference tables")
          .hasMessageContaining("touch calls now()")
          .hasMessageContaining("do not use it")
          .hasMessageContaining("citus_add_local_table_to_metadata('plain_items')");
      s.execute("CREATE TABLE d (id int PRIMARY KEY, updated timestamptz)");
      s.execute("SELECT undistribute_table('d')");
      s.execute("SELECT create_distributed_table('d', 'id')");
      assertThatThrownBy(() -> s.execute("CREATE TRIGGER t BEFORE UPDATE ON d FOR EACH ROW EXECUTE FUNCTION touch()"))
          .hasMessageContaining("touch writes only the row it fires for (NEW)")
          .hasMessageContaining("SET citus.enable_unsafe_triggers = on");
    }
    assertThat(kind(schema, "plain_items")).isEqualTo("nt");
  }

  /**
   * With citus.enable_unsafe_triggers on, Citus accepts a trigger on a reference table and each copy
   * then computes now() for itself: citussafe refuses it before it runs.
   */
  @Test
  void unsafeTriggersSettingOn_triggerThatWouldMakeCopiesDiffer_refusedAndNothingCreated() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_unsafe");
    String trigger = "CREATE TRIGGER t BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()";
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id int PRIMARY KEY, updated timestamptz)");
      s.execute("SELECT create_reference_table('items')");
      s.execute(TOUCH);
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()
        + "&options=-c%20citus.enable_unsafe_triggers%3Don"); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(trigger))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("even with citus.enable_unsafe_triggers = on")
          .hasMessageContaining("touch calls now()")
          .hasMessageContaining("citus_add_local_table_to_metadata('items')");
    }
    assertThat(query(schema, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'items'::regclass AND tgname = 't'")).containsExactly("0");
    // what the refusal prevents: the same statement through pgjdbc leaves the copies different
    try (Connection c = DriverManager.getConnection(schema.pgjdbcUrl()
        + "&options=-c%20citus.enable_unsafe_triggers%3Don"); Statement s = c.createStatement()) {
      s.execute(trigger);
      s.execute("INSERT INTO items VALUES (1, NULL)");
      s.execute("UPDATE items SET id = id");
    }
    assertThat(distinctPlacements(schema, "items", "id, updated")).hasSizeGreaterThan(1);
  }

  /**
   * A pg_dump-style first migration (Dependency-Track): triggers make a table Citus-local, then a key
   * with ON DELETE CASCADE to it from a table the policy made a reference table, which Citus refuses;
   * that table becomes Citus-local too and the cascade works.
   */
  @Test
  void newTablesReference_cascadingKeyToACitusLocalTable_referencingTableBecomesCitusLocal() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_cascade");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("CREATE TABLE \"PROJECT\" (\"ID\" bigint PRIMARY KEY, updated timestamptz)");
      s.execute("CREATE TABLE \"ANALYSIS\" (\"ID\" bigint PRIMARY KEY, \"PROJECT_ID\" bigint NOT NULL)");
      s.execute("CREATE TABLE \"ANALYSISCOMMENT\" (\"ID\" bigint PRIMARY KEY, \"ANALYSIS_ID\" bigint NOT NULL "
          + "REFERENCES \"ANALYSIS\" (\"ID\") ON DELETE CASCADE)");
      s.execute(TOUCH);
      s.execute("CREATE TRIGGER t BEFORE UPDATE ON \"PROJECT\" FOR EACH ROW EXECUTE FUNCTION touch()");
      s.execute("ALTER TABLE ONLY \"ANALYSIS\" ADD CONSTRAINT \"ANALYSIS_PROJECT_FK\" FOREIGN KEY (\"PROJECT_ID\") "
          + "REFERENCES \"PROJECT\"(\"ID\") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED");
      assertThat(warnings(s)).contains("Citus-local", "cascading action");
      c.commit();
      s.execute("INSERT INTO \"PROJECT\" VALUES (1, NULL), (2, NULL)");
      s.execute("INSERT INTO \"ANALYSIS\" VALUES (10, 1), (20, 2)");
      s.execute("INSERT INTO \"ANALYSISCOMMENT\" VALUES (100, 10), (200, 20)");
      s.execute("DELETE FROM \"PROJECT\" WHERE \"ID\" = 1");
      c.commit();
    }
    assertThat(kind(schema, "\"ANALYSIS\"")).isEqualTo(kind(schema, "\"PROJECT\"")).isNotEqualTo("nt");
    assertThat(kind(schema, "\"ANALYSISCOMMENT\"")).isEqualTo(kind(schema, "\"PROJECT\""));
    assertThat(query(schema, "SELECT string_agg(\"ID\"::text, ',') FROM \"ANALYSIS\"")).containsExactly("20");
    assertThat(query(schema, "SELECT string_agg(\"ID\"::text, ',') FROM \"ANALYSISCOMMENT\"")).containsExactly("200");
  }

  /**
   * Citus runs a reference table's write whose subquery reads a Citus-local table on the
   * coordinator's copy only (found by the differential tester): refused before it runs, while
   * {@code IN (SELECT …)}, which Citus runs on every copy, goes through, and so does a statement
   * whose subqueries are its WITH queries or stand in its FROM list, computed first.
   */
  @Test
  void referenceTableWriteWithSubqueryOnCitusLocalTable_refused_inAndWithFormsChangeEveryCopy() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_local_subquery");
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ord (id int PRIMARY KEY, status text)");
      s.execute("SELECT citus_add_local_table_to_metadata('ord')");
      s.execute("INSERT INTO ord VALUES (2, 'x'), (3, 'y')");
      s.execute("CREATE TABLE gr (id int PRIMARY KEY, name text)");
      s.execute("SELECT create_reference_table('gr')");
      s.execute("INSERT INTO gr VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      for (String write : List.of("UPDATE gr SET name = (SELECT max(status) FROM ord) WHERE id = 1",
          "DELETE FROM gr WHERE id NOT IN (SELECT id FROM ord) AND id = 4")) {
        assertThatThrownBy(() -> s.execute(write))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("coordinator's copy of gr only");
      }
      assertThat(s.executeUpdate("UPDATE gr SET name = 'in' WHERE id IN (SELECT id FROM ord)")).isEqualTo(2);
      assertThat(distinctPlacements(schema, "gr", "id, name")).containsExactly("1:a,2:in,3:in,4:d");
      // Marquez V74's shape: the WITH queries are computed into Citus-local tables first
      assertThat(s.executeUpdate("WITH latest AS (SELECT DISTINCT ON (id) id, status FROM ord ORDER BY id, status "
          + "DESC) UPDATE gr SET name = l.status FROM latest l WHERE gr.id = l.id")).isEqualTo(2);
      assertThat(warnings(s)).contains("into Citus-local tables");
      assertThat(s.executeUpdate("WITH gone AS (SELECT id FROM ord WHERE status = 'y') DELETE FROM gr USING gone "
          + "WHERE gr.id = gone.id")).isEqualTo(1);
      // Fider's shape: a grouped subquery in FROM
      assertThat(s.executeUpdate("UPDATE gr SET name = CASE WHEN name IS NULL THEN a.s ELSE name || a.s END FROM "
          + "(SELECT id, string_agg(status, ',') AS s FROM ord GROUP BY id) a WHERE gr.id = a.id")).isEqualTo(1);
      assertThat(warnings(s)).contains("a subquery in FROM");
      assertThat(rows(c, "SELECT count(*) FROM pg_class WHERE relname LIKE 'citussafe\\_with\\_%'"))
          .containsExactly("0");
    }
    assertThat(distinctPlacements(schema, "gr", "id, name")).containsExactly("1:a,2:xx,4:d");
    // what the refusal prevents: through pgjdbc Citus changes the coordinator's copy only
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE gr SET name = (SELECT max(status) FROM ord) WHERE id = 1");
    }
    assertThat(distinctPlacements(schema, "gr", "id, name")).hasSize(2);
  }

  /** Citus accepts this key and checks inserts, but a DELETE of the parent row leaves the child row orphaned. */
  @Test
  void localTableReferencingADistributedTable_refusedBeforeAnythingChanges() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_fk");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE orders (tenant_id int, id int, PRIMARY KEY (tenant_id, id))",
          "SELECT create_distributed_table('orders', 'tenant_id')",
          "INSERT INTO orders VALUES (1, 1), (1, 2)",
          "CREATE TABLE notes (tenant_id int, order_id int, body text)",
          "INSERT INTO notes VALUES (1, 1, 'n')",
          // what plain pgjdbc leaves: an orphan
          "CREATE TABLE shadow (tenant_id int, order_id int, FOREIGN KEY (tenant_id, order_id) REFERENCES orders)",
          "INSERT INTO shadow VALUES (1, 2)",
          "DELETE FROM orders WHERE id = 2"));
      assertThat(rows(c, "SELECT count(*) FROM shadow WHERE order_id = 2")).containsExactly("1");
      assertThat(rows(c, "SELECT count(*) FROM orders WHERE id = 2")).containsExactly("0");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE notes ADD CONSTRAINT notes_order_fkey FOREIGN KEY "
          + "(tenant_id, order_id) REFERENCES orders (tenant_id, id)"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("not enforce")
          .hasMessageContaining("SELECT create_distributed_table('notes', 'tenant_id', colocate_with => 'orders')");
      assertThatThrownBy(() -> s.execute("CREATE TABLE lines (tenant_id int, order_id int, "
          + "FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id))"))
          .hasMessageContaining("create it without the key, then SELECT create_distributed_table('lines', "
              + "'tenant_id', colocate_with => 'orders')");
      // the way out the message gives works
      s.execute("SELECT create_distributed_table('notes', 'tenant_id', colocate_with => 'orders')");
      s.execute("ALTER TABLE notes ADD CONSTRAINT notes_order_fkey FOREIGN KEY (tenant_id, order_id) "
          + "REFERENCES orders (tenant_id, id)");
      assertThatThrownBy(() -> s.execute("DELETE FROM orders WHERE id = 1")).hasMessageContaining("foreign key");
    }
    assertThat(query(schema, "SELECT count(*) FROM pg_class WHERE relname = 'lines' AND relnamespace = '"
        + schema.name() + "'::regnamespace")).containsExactly("0");
  }

  @Test
  void createIndexConcurrentlyIfNotExists_secondRunLeavesTheIndexValidEverywhere() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("faithful_index");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE d (id int PRIMARY KEY, v int)",
          "SELECT create_distributed_table('d', 'id')",
          "CREATE TABLE broken (id int PRIMARY KEY, v int)",
          "SELECT create_distributed_table('broken', 'id')",
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS broken_v_idx ON broken (v)",
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS broken_v_idx ON broken (v)"));
      // the defect, through plain pgjdbc
      assertThat(rows(c, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'broken_v_idx'::regclass"))
          .containsExactly("f");
    }
    String create = "CREATE INDEX CONCURRENTLY IF NOT EXISTS d_v_idx ON d (v)";
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThat(s.execute(create)).isFalse();
      assertThat(warnings(s)).isEmpty();
      assertThat(s.execute(create)).isFalse();
      assertThat(s.getUpdateCount()).isZero();
      assertThat(warnings(s)).contains("skipped", "d_v_idx already exists", "invalid");
    }
    assertThat(query(schema, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'd_v_idx'::regclass"))
        .containsExactly("t");
    // every shard has both indexes (primary key and d_v_idx), valid
    assertThat(query(schema, "SELECT DISTINCT result FROM run_command_on_shards('d', $$SELECT count(*) FILTER "
        + "(WHERE indisvalid) || '/' || count(*) FROM pg_index WHERE indrelid = '%s'::regclass$$)"))
        .containsExactly("2/2");
  }

  /** pg_trgm in the migration's own schema: found through the search_path on the coordinator only. */
  @Test
  void createIndexConcurrentlyWithAnOperatorClassFromTheSearchPath_qualifiedAndBuiltOnEveryShard() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("faithful_trgm");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE EXTENSION pg_trgm SCHEMA " + schema.name(),
          "CREATE TABLE docs (id int PRIMARY KEY, body text)",
          "SELECT create_distributed_table('docs', 'id')",
          "INSERT INTO docs SELECT g, 'text ' || g FROM generate_series(1, 20) g"));
    }
    try {
      String create = "CREATE INDEX CONCURRENTLY docs_body_trgm ON docs USING GIN (body gin_trgm_ops)";
      try (Connection c = schema.pgjdbcConnection()) {
        assertThatThrownBy(() -> Sql.execute(c, List.of(create)))
            .hasMessageContaining("operator class \"gin_trgm_ops\" does not exist");
        Sql.execute(c, List.of("DROP INDEX IF EXISTS docs_body_trgm"));
      }
      try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
        s.execute(create);
        assertThat(warnings(s)).contains(schema.name() + ".gin_trgm_ops", "search_path");
      }
      assertThat(query(schema, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'docs_body_trgm'::regclass"))
          .containsExactly("t");
      assertThat(query(schema, "SELECT DISTINCT result FROM run_command_on_shards('docs', $$SELECT count(*) "
          + "FILTER (WHERE indisvalid) || '/' || count(*) FROM pg_index WHERE indrelid = '%s'::regclass$$)"))
          .containsExactly("2/2");
    } finally {
      try (Connection c = schema.pgjdbcConnection()) {
        Sql.execute(c, List.of("DROP EXTENSION pg_trgm CASCADE"));
      }
    }
  }
}
