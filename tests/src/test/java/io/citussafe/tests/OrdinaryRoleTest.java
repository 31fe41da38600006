package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Managed Citus services give no superuser. A role created here (LOGIN and nothing else: no
 * superuser, CREATEDB or CREATEROLE) owns its schema and tables, and runs a statement of every rule
 * through the driver, in autocommit and in a migration's transaction, on Citus and on plain
 * PostgreSQL. Where a step needs more than the role has (a table another role owns), the error
 * names the privilege and the statement, and the table is as it was.
 */
class OrdinaryRoleTest {

  private static final List<String> SETUP = List.of(
      "CREATE TABLE tenants (id bigint PRIMARY KEY, name text)",
      "INSERT INTO tenants VALUES (1, 'acme'), (2, 'globex')",
      "CREATE TABLE orders (tenant_id bigint NOT NULL, id bigint NOT NULL, n int, status text, amount numeric, "
          + "public_id uuid, number text, note text, updated_at timestamptz, PRIMARY KEY (tenant_id, id))",
      "INSERT INTO orders SELECT 1 + g % 2, g, g, 'new', g, NULL, 'n' || g, NULL, NULL FROM generate_series(1, 300) g",
      "CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
      "INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'b@example.com')");

  /** A statement of each rule, as the owner runs them in autocommit, in order; the rule in a comment. */
  private static final List<String> OWNER_STATEMENTS = List.of(
      "SELECT create_reference_table('tenants')", // Distribute
      "SELECT create_distributed_table('customers', 'id')", // Distribute, non-empty
      "ALTER TABLE orders ALTER COLUMN status SET NOT NULL", // StaleHeap (Citus), LockLight
      "ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0)", // LockLight
      "ALTER TABLE orders RENAME CONSTRAINT orders_amount_check TO orders_amount_positive", // RenameConstraint
      "UPDATE orders SET public_id = gen_random_uuid() WHERE public_id IS NULL", // RejectedDml
      "INSERT INTO orders (tenant_id, id, status) VALUES (1, 2, 'paid') ON CONFLICT (tenant_id, id) "
          + "DO UPDATE SET status = EXCLUDED.status, updated_at = now()", // RejectedDml, upsert
      "INSERT INTO orders (tenant_id, id, status) VALUES ((SELECT min(id) FROM tenants), 1000, 'new')", // InsertSubquery
      "ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()", // ComputedColumn
      "ALTER TABLE orders ADD COLUMN position bigserial", // ComputedColumn, serial
      "ALTER SEQUENCE orders_position_seq RESTART WITH 1000", // Sequence
      "ALTER TABLE orders ALTER COLUMN n TYPE bigint", // ColumnType
      "ALTER TABLE orders ADD COLUMN tenant_ref bigint, ADD CONSTRAINT orders_tenant_ref_fk FOREIGN KEY (tenant_ref) "
          + "REFERENCES tenants (id)", // SplitAlter
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status)", // ConcurrentIndex
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status)", // ConcurrentIndex, exists
      "SELECT truncate_local_data_after_distributing_table('orders')"); // CitusOnlyCall

  private static Schema ownerSchema(TestDatabase database, String prefix, boolean citus) throws SQLException {
    Schema schema = database.newOrdinaryRoleSchema(prefix);
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, SETUP);
      assertThat(rows(c, "SELECT rolsuper::text || rolcreatedb::text || rolcreaterole::text FROM pg_roles "
          + "WHERE rolname = current_user")).containsExactly("falsefalsefalse");
      if (citus) {
        // distributed through plain pgjdbc: its rows stay on the coordinator for StaleHeap to clean
        Sql.execute(c, List.of("SELECT create_distributed_table('orders', 'tenant_id')"));
      }
    }
    return schema;
  }

  @Test
  @RequiresCitus
  void everyRule_tableOwnerOnCitus_runs() throws SQLException {
    Schema schema = ownerSchema(PostgresServers.citus(), "owner_citus", true);
    runEveryRule(schema, true);
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT count(*) FROM orders WHERE public_id IS NULL AND id <= 300")).containsExactly("0");
      assertThat(rows(c, "SELECT pg_relation_size('orders')")).containsExactly("0");
      // customers distributed, notes Citus-local (a trigger on a table the policy made a reference table), tenants reference
      assertThat(rows(c, "SELECT logicalrelid::regclass::text || ' ' || partmethod::text || repmodel::text FROM pg_dist_partition "
          + "WHERE logicalrelid IN ('tenants'::regclass, 'customers'::regclass, 'notes'::regclass) ORDER BY 1"))
          .containsExactly("customers hs", "notes ns", "tenants nt");
    }
  }

  @Test
  void everyRule_tableOwnerOnPlainPostgres_runs() throws SQLException {
    runEveryRule(ownerSchema(PostgresServers.plain(), "owner_plain", false), false);
  }

  @Test
  @RequiresCitus
  void stepsNeedingOwnership_anotherOwnersTableOnCitus_errorNamesThemAndNothingChanged() throws SQLException {
    anotherOwnersTable(PostgresServers.citus(), "other_citus", true);
  }

  @Test
  void stepsNeedingOwnership_anotherOwnersTableOnPlainPostgres_errorNamesThemAndNothingChanged()
      throws SQLException {
    anotherOwnersTable(PostgresServers.plain(), "other_plain", false);
  }

  /**
   * {@code ledger} belongs to the superuser; the role may read and write its rows. DML the driver
   * rewrites needs no more than that; DDL whose steps need the table's owner fails on its first step.
   */
  private static void anotherOwnersTable(TestDatabase database, String prefix, boolean citus) throws SQLException {
    Schema schema = database.newOrdinaryRoleSchema(prefix);
    String ledger = schema.name() + ".ledger";
    try (Connection c = database.superuserConnection()) {
      Sql.execute(c, List.of("CREATE TABLE " + ledger + " (id bigint PRIMARY KEY, v int, note text)",
          "INSERT INTO " + ledger + " SELECT g, g, NULL FROM generate_series(1, 200) g",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON " + ledger + " TO " + schema.user()));
      if (citus) {
        // through plain pgjdbc: its rows stay on the coordinator, so DDL needs the cleanup first
        Sql.execute(c, List.of("SELECT create_distributed_table('" + ledger + "', 'id')"));
      }
    }
    List<String> steps = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.lockLightMinRows=1");
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE ledger SET note = gen_random_uuid()::text WHERE id <= 10")).isEqualTo(10);
      String before = ledgerState(database, ledger);
      for (String ddl : List.of("ALTER TABLE ledger ALTER COLUMN v SET NOT NULL",
          "ALTER TABLE ledger ADD CONSTRAINT ledger_v_check CHECK (v >= 0)",
          "CREATE UNIQUE INDEX ledger_note_key ON ledger (note)")) {
        try {
          s.execute(ddl);
          throw new AssertionError("the role does not own ledger, yet ran: " + ddl);
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as(ddl).isEqualTo("42501");
          assertThat(e.getMessage()).as(ddl).containsAnyOf("must be owner of table ledger",
              "permission denied for table ledger");
          if (e.getMessage().contains("citussafe")) {
            // a step of the driver's own was refused: it says which, for which statement, and what to do
            assertThat(e.getMessage()).as(ddl).contains("citussafe runs ", " for " + ddl, "as the table's owner");
          }
          steps.add(e.getMessage().contains("citussafe runs ") ? "step named" : "as written");
        }
        assertThat(ledgerState(database, ledger)).as("ledger after %s", ddl).isEqualTo(before);
      }
    }
    // on Citus the stale-row cleanup before the DDL is the driver's step; on plain PostgreSQL a first
    // lock-light step that fails gives way to the statement as written, whose error is pgjdbc's own
    assertThat(steps).as("how each refusal came").contains(citus ? "step named" : "as written");
  }

  /** What DDL could change of the table: columns' NOT NULL, constraints, indexes, the coordinator heap, the rows. */
  private static String ledgerState(TestDatabase database, String ledger) throws SQLException {
    try (Connection c = database.superuserConnection()) {
      return String.join("; ", rows(c, "SELECT string_agg(attname || '=' || attnotnull, ',' ORDER BY attnum) FROM "
          + "pg_attribute WHERE attrelid = '" + ledger + "'::regclass AND attnum > 0"))
          + rows(c, "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = '" + ledger
              + "'::regclass")
          + rows(c, "SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY 1) FROM pg_index WHERE indrelid = '"
              + ledger + "'::regclass")
          + rows(c, "SELECT pg_relation_size('" + ledger + "')")
          + rows(c, "SELECT count(*) || ' rows, ' || count(note) || ' notes' FROM " + ledger);
    }
  }

  private static void runEveryRule(Schema schema, boolean citus) throws SQLException {
    List<String> failed = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.lockLightMinRows=1");
        Statement s = c.createStatement()) {
      for (String sql : OWNER_STATEMENTS) {
        run(s, sql, failed);
      }
      // refused or hinted on Citus only, with the fix in the message
      expectOnCitusOnly(s, citus, "ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number)",
          "citussafe hint:");
      expectOnCitusOnly(s, citus, "CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint, order_id bigint, "
          + "FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id))", "create_distributed_table");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement s = c.createStatement()) {
      run(s, "UPDATE orders SET updated_at = clock_timestamp() WHERE tenant_id = 1", failed); // per shard
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      run(s, "CREATE TABLE notes (id bigint PRIMARY KEY, body text, updated timestamptz)", failed); // NewTables
      run(s, "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated = now(); "
          + "RETURN NEW; END $$", failed);
      run(s, "CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()", failed); // Trigger
    }
    // a migration's transaction: starts sequential, with bounded lock waits, as the role
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.sequentialTransactions=always");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      run(s, "UPDATE orders SET n = n + 1", failed);
      run(s, "ALTER TABLE tenants ADD COLUMN plan text", failed);
      run(s, "UPDATE tenants SET plan = 'pro'", failed);
      c.commit();
    }
    assertThat(failed).as("statements that failed for the table owner").isEmpty();
  }

  private static void run(Statement s, String sql, List<String> failed) {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      failed.add(sql + "\n  -> " + e.getSQLState() + " " + e.getMessage());
    }
  }

  private static void expectOnCitusOnly(Statement s, boolean citus, String sql, String inMessage) throws SQLException {
    if (!citus) {
      s.execute(sql);
      return;
    }
    try {
      s.execute(sql);
      throw new AssertionError("Citus refuses: " + sql);
    } catch (SQLException e) {
      assertThat(e.getMessage()).as(sql).contains(inMessage).doesNotContain("permission denied", "must be owner");
    }
  }
}
