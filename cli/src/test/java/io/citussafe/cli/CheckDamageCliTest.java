package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.CitusShapes;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code citussafe check} on damage that no statement reported, each made on purpose on real Citus:
 * diverged reference placements, an invalid index, orphans of a local foreign key, a shard changed
 * on its worker, sequences that collide. Every run is as the schema's owner, not a superuser.
 */
@RequiresCitus
class CheckDamageCliTest {

  private static final long ROWS = 150_000;

  @Test
  void check_referencePlacementsDiverged_namesPlacementsAndRange() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_ref");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(Sql.queryLong(c, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper"))
          .as("check runs as a table owner without superuser").isEqualTo(1);
      Sql.execute(c, List.of(
          "CREATE TABLE countries (id bigint PRIMARY KEY, name text, updated timestamptz)",
          "SELECT create_reference_table('countries')",
          "INSERT INTO countries SELECT g, 'c' || g, now() FROM generate_series(1, " + ROWS + ") g",
          // the trigger the unsafe setting lets through: each placement runs it and takes its own now()
          "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated = now(); RETURN NEW; END$$",
          "SET citus.enable_unsafe_triggers = on",
          "CREATE TRIGGER countries_touch BEFORE UPDATE ON countries FOR EACH ROW EXECUTE FUNCTION touch()",
          "UPDATE countries SET name = 'renamed' WHERE id IN (" + (ROWS - 10) + ", " + (ROWS - 9) + ")",
          // the same rows, a key and a volatile default read the same on every placement: no finding
          "CREATE TABLE currencies (code text PRIMARY KEY, rate numeric, updated timestamptz DEFAULT now())",
          "SELECT create_reference_table('currencies')",
          "INSERT INTO currencies (code, rate) SELECT 'c' || g, g / 7.0 FROM generate_series(1, 500) g",
          "CREATE TABLE tags (label text, weight float8)",
          "SELECT create_reference_table('tags')",
          "INSERT INTO tags SELECT 't' || g, g / 3.0 FROM generate_series(1, 100) g"));
    }
    List<String> countries = placements(name + ".countries");
    String worker = deleteOnOneWorker(name + ".tags", "label = 't5'");

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    String out = oneLine(run.out());
    assertThat(out).as(run.toString()).contains("error the placements of the reference table " + name + ".countries hold "
        + "different rows: ", "SELECT * FROM " + name + ".countries_",
        "check --fix never picks a winner");
    // regression: slices were cut in the text order of the key ('99999' after '100000'), so the second
    // slice did not start after row 100000
    assertThat(out).contains("Rows differ where id > '100000'::bigint (key id)");
    assertThat(countries).hasSize(3);
    for (String placement : countries) {
      assertThat(out).contains(placement);
    }
    assertThat(out).contains("error the placements of the reference table " + name + ".tags hold different rows: ",
        worker + " stands alone (99 rows)", "agree (100 rows)", "The table has no key");
    assertThat(out).doesNotContain("reference table " + name + ".currencies hold");

    CliRun github = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name, "--format", "github");
    assertThat(github.out()).as(github.toString())
        .contains("::error title=citussafe reference-diverged::the placements of the reference table " + name
            + ".countries hold different rows");
  }

  @Test
  void check_indexInvalidOnCoordinator_foundAndRebuiltByFix() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_index");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      // plain pgjdbc: the second run of a re-runnable migration marks the coordinator's index invalid
      Sql.execute(c, List.of(
          "CREATE TABLE orders (id bigint PRIMARY KEY, created timestamptz)",
          "SELECT create_distributed_table('orders', 'id')",
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created ON orders (created)",
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created ON orders (created)"));
    }
    assertThat(indexValid(schema)).as("the Citus defect this finds").isFalse();
    String url = schema.pgjdbcUrl();

    CliRun check = CliRun.of("check", "--url", url, "--schema", name);
    assertThat(oneLine(check.out())).as(check.toString()).contains("warning the index " + name + ".orders_created of "
        + name + ".orders is invalid on the coordinator (indisvalid = false) while every shard's index is valid",
        "fix: REINDEX INDEX CONCURRENTLY " + name + ".orders_created;");

    CliRun declined = CliRun.withInput("n\n", true, "check", "--url", url, "--schema", name, "--fix");
    assertThat(declined.out()).contains("--fix: REINDEX INDEX CONCURRENTLY " + name + ".orders_created;", "skipped",
        "--fix: 0 of 1 repairs done.");
    assertThat(indexValid(schema)).isFalse();

    CliRun fixed = CliRun.of("check", "--url", url, "--schema", name, "--fix", "--yes");
    assertThat(fixed.out()).as(fixed.toString()).contains("--fix: 1 of 1 repairs done.", "Invalid indexes: none");
    assertThat(indexValid(schema)).isTrue();
  }

  @Test
  void check_localForeignKeyToDistributed_countsOrphans() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_orphans");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE accounts (id bigint PRIMARY KEY)",
          "SELECT create_distributed_table('accounts', 'id')",
          "INSERT INTO accounts SELECT generate_series(1, 20)",
          // made after the big tables were distributed: stays local, and Citus accepts its foreign key
          "CREATE TABLE notes (id int PRIMARY KEY, account_id bigint REFERENCES accounts (id))",
          "INSERT INTO notes SELECT g, g FROM generate_series(1, 10) g",
          "INSERT INTO notes VALUES (11, NULL)",
          "DELETE FROM accounts WHERE id IN (2, 3, 15)"));
      assertThat(Sql.queryLong(c, "SELECT count(*) FROM notes")).as("the delete left the children").isEqualTo(11);
    }

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);

    assertThat(oneLine(run.out())).as(run.toString()).contains("error the plain local table " + name + ".notes has a "
        + "foreign key to the distributed table " + name + ".accounts", "2 rows of " + name + ".notes point at a parent "
        + "row that is gone", "SELECT create_distributed_table('" + name + ".notes', 'account_id'");
  }

  @Test
  void check_timeKeywordDefaults_foundWithTheFunctionFormAsFix() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_time_defaults");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE audit (id bigint PRIMARY KEY, created_at timestamp DEFAULT CURRENT_TIMESTAMP, "
              + "note text DEFAULT 'CURRENT_DATE')",
          "SELECT create_reference_table('audit')",
          "CREATE TABLE orders (id bigint PRIMARY KEY, due date DEFAULT CURRENT_DATE + 7, "
              + "at time(2) DEFAULT LOCALTIME(2), placed timestamptz DEFAULT now())",
          "SELECT create_distributed_table('orders', 'id')",
          // one placement, on the coordinator, computed in the session: no finding
          "CREATE TABLE drafts (id bigint PRIMARY KEY, day date DEFAULT CURRENT_DATE)",
          "SELECT citus_add_local_table_to_metadata('drafts')"));
    }

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    String out = oneLine(run.out());
    assertThat(out).as(run.toString()).contains("Defaults that each placement computes itself",
        "error the default of " + name + ".audit.created_at is CURRENT_TIMESTAMP",
        "fix: ALTER TABLE " + name + ".audit ALTER COLUMN created_at SET DEFAULT now();",
        "warning the default of " + name + ".orders.due is (CURRENT_DATE + 7)",
        "fix: ALTER TABLE " + name + ".orders ALTER COLUMN due SET DEFAULT (CAST(now() AS date) + 7);",
        "ALTER TABLE " + name + ".orders ALTER COLUMN at SET DEFAULT CAST(now() AS time(2) without time zone);")
        .doesNotContain(".audit.note is", ".orders.placed is", ".drafts.day is");

    // the fixes as printed, through plain pgjdbc: nothing is found afterwards
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("ALTER TABLE " + name + ".audit ALTER COLUMN created_at SET DEFAULT now()",
          "ALTER TABLE " + name + ".orders ALTER COLUMN due SET DEFAULT (CAST(now() AS date) + 7)",
          "ALTER TABLE " + name + ".orders ALTER COLUMN at SET DEFAULT CAST(now() AS time(2) without time zone)"));
    }
    CliRun again = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name, "--format", "json");
    assertThat(again.out()).as(again.toString()).doesNotContain("time-keyword-default");
  }

  @Test
  void check_shardChangedOnWorker_namesPlacementAndDifference() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_drift");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric CHECK (amount >= 0), note text DEFAULT 'none')",
          "SELECT create_distributed_table('payments', 'id')",
          "CREATE TABLE kinds (id int PRIMARY KEY)",
          "SELECT create_reference_table('kinds')",
          "ALTER TABLE payments ADD COLUMN kind int REFERENCES kinds (id)",
          "CREATE TABLE counters (id serial PRIMARY KEY, n bigserial)",
          "SELECT create_distributed_table('counters', 'id')",
          "SELECT setval('counters_n_seq', (1::bigint << 48) + 5)"));
    }
    String[] shard;
    try (Connection c = PostgresServers.citus().superuserConnection()) {
      shard = Sql.rows(c, "SELECT s.nodename || ':' || s.nodeport, s.shard_name, s.shardid FROM citus_shards s"
          + " JOIN pg_dist_node n ON n.nodename = s.nodename AND n.nodeport = s.nodeport"
          + " WHERE s.table_name = '" + name + ".payments'::regclass AND n.groupid > 0 ORDER BY s.shardid LIMIT 1")
          .get(0).split("\\|");
    }
    try (Connection w = PostgresServers.citus().superuserConnectionTo(shard[0])) {
      Sql.execute(w, List.of("ALTER TABLE " + shard[1] + " ALTER COLUMN note SET DEFAULT 'other'"));
    }
    String placement = shard[0] + " (shard " + shard[2] + ")";

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);

    String out = oneLine(run.out());
    assertThat(out).as(run.toString()).contains("error the shards of " + name + ".payments differ from its definition on "
        + "the coordinator: on " + placement + " the table has [column note text DEFAULT 'none'::text] and the shard has "
        + "[column note text DEFAULT 'other'::text]");
    assertThat(out).as("one drifted placement, the foreign key and CHECK on every shard are no drift")
        .containsOnlyOnce("differ from its definition");
    assertThat(out).contains("warning the sequence " + name + ".counters_id_seq of " + name + ".counters.id is integer",
        "error the coordinator's sequence " + name + ".counters_n_seq of " + name + ".counters.n is at 281474976710661, "
            + "inside the range Citus gives worker group");
  }

  @Test
  void check_whatCitusKeepsOnTheCoordinatorOnly_isNoDrift() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_local");
    String name = schema.name();
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, CitusShapes.REFERENCE_TO_CITUS_LOCAL);
    }

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);

    // Citus creates a reference table's key to a Citus-local table on the coordinator's placement
    // only (the referenced rows live there), and a Citus-local shard has no nextval() default.
    assertThat(oneLine(run.out())).as(run.toString()).contains("Shards that differ from their table: none");

    // The coordinator's placement must still have that key.
    try (Connection c = PostgresServers.citus().superuserConnection()) {
      String shard = Sql.rows(c, "SELECT s.shardid FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)"
          + " WHERE s.logicalrelid = '" + name + ".child'::regclass AND p.groupid = 0").get(0);
      Sql.execute(c, List.of("ALTER TABLE " + name + ".child_" + shard + " DROP CONSTRAINT child_parent_id_fkey_" + shard));
    }
    CliRun again = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", name);
    assertThat(oneLine(again.out())).as(again.toString()).contains("error the shards of " + name + ".child differ from "
        + "its definition on the coordinator").contains("the table has [constraint FOREIGN KEY (parent_id) REFERENCES");
  }

  @Test
  void check_asOwnerRoleWithoutSuperuser_readsEveryPlacement() throws SQLException {
    TestDatabase citus = PostgresServers.citus();
    String role = "check_owner_" + Long.toString(System.nanoTime(), 36);
    String schema = role + "_s";
    try (Connection c = citus.superuserConnection()) {
      // Citus creates the role on the workers too; it may log in and own a schema, nothing more
      Sql.execute(c, List.of("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + role + "'",
          "CREATE SCHEMA " + schema + " AUTHORIZATION " + role));
    }
    String url = citus.pgjdbcUrl().replaceFirst("user=[^&]*", "user=" + role + "&password=" + role
        + "&currentSchema=" + schema);
    try {
      try (Connection c = DriverManager.getConnection(url)) {
        Sql.execute(c, List.of(
            "CREATE TABLE plans (id int PRIMARY KEY, price numeric)",
            "SELECT create_reference_table('plans')",
            "INSERT INTO plans SELECT g, g FROM generate_series(1, 50) g",
            "CREATE TABLE usage (id bigint PRIMARY KEY, plan int, at timestamptz)",
            "SELECT create_distributed_table('usage', 'id')",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS usage_at ON usage (at)",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS usage_at ON usage (at)"));
      }
      String worker = deleteOnOneWorker(schema + ".plans", "id = 7");

      CliRun run = CliRun.of("check", "--url", url, "--schema", schema, "--format", "json");

      assertThat(run.out()).as(run.toString()).contains("\"user\": \"" + role + "\"",
          "\"code\": \"reference-diverged\"", worker + " stands alone (49 rows)", "\"code\": \"invalid-index\"",
          "REINDEX INDEX CONCURRENTLY " + schema + ".usage_at");
    } finally {
      try (Connection c = citus.superuserConnection()) {
        Sql.execute(c, List.of("DROP SCHEMA " + schema + " CASCADE", "DROP ROLE " + role));
      }
    }
  }

  /** Each placement of {@code table} as findings name it: {@code host:port (shard N)}. */
  private static List<String> placements(String table) throws SQLException {
    try (Connection c = PostgresServers.citus().superuserConnection()) {
      return Sql.rows(c, "SELECT nodename || ':' || nodeport || ' (shard ' || shardid || ')' FROM citus_shards"
          + " WHERE table_name = '" + table + "'::regclass ORDER BY shardid, nodename, nodeport");
    }
  }

  /** Deletes rows from {@code table}'s placement on one worker only, behind Citus's back; returns its name. */
  private static String deleteOnOneWorker(String table, String condition) throws SQLException {
    TestDatabase citus = PostgresServers.citus();
    String[] placement;
    try (Connection c = citus.superuserConnection()) {
      placement = Sql.rows(c, "SELECT s.nodename || ':' || s.nodeport, s.shard_name, s.shardid FROM citus_shards s"
          + " JOIN pg_dist_node n ON n.nodename = s.nodename AND n.nodeport = s.nodeport"
          + " WHERE s.table_name = '" + table + "'::regclass AND n.groupid > 0 ORDER BY n.groupid DESC LIMIT 1")
          .get(0).split("\\|");
    }
    try (Connection w = citus.superuserConnectionTo(placement[0])) {
      Sql.execute(w, List.of("DELETE FROM " + placement[1] + " WHERE " + condition));
    }
    return placement[0] + " (shard " + placement[2] + ")";
  }

  private static boolean indexValid(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return Sql.queryLong(c, "SELECT count(*) FROM pg_index WHERE indexrelid = 'orders_created'::regclass AND indisvalid")
          == 1;
    }
  }

  /** The report with its wrapped lines joined, so assertions need not know where a line breaks. */
  private static String oneLine(String report) {
    return report.replaceAll("\\s+", " ");
  }
}
