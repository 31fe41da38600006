package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules R1 and R2 on a real Citus cluster: the incident that started the project, and its
 * variants. Each test compares with plain pgjdbc where the point is that pgjdbc fails.
 */
@RequiresCitus
class CitusRulesTest {

  private static final String CREATE_ORDERS =
      "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int, note text)";
  private static final String FILL_ORDERS =
      "INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE g END, 'n' || g"
          + " FROM generate_series(1, 300) g";

  /** A fresh schema holding the filled, not yet distributed, orders table. */
  private static Schema withOrders(String prefix) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema(prefix);
    try (Connection connection = schema.pgjdbcConnection()) {
      Sql.execute(connection, List.of(CREATE_ORDERS, FILL_ORDERS));
    }
    return schema;
  }

  /** The incident: create, fill with NULLs, distribute, backfill, SET NOT NULL. */
  private static void runIncident(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(CREATE_ORDERS);
      st.execute(FILL_ORDERS);
      st.execute("SELECT create_distributed_table('orders', 'id')");
      assertThat(st.executeUpdate("UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL")).isEqualTo(100);
      assertThat(queryLong(connection, "SELECT count(*) FROM orders WHERE tenant_id IS NULL")).isZero();
      st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");
    }
  }

  @Test
  void incident_failsThroughPlainPgjdbc() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("incident_pg");
    try (Connection connection = schema.pgjdbcConnection()) {
      assertThatThrownBy(() -> runIncident(connection))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("contains null values")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
    }
  }

  @Test
  void incident_succeedsThroughCitusSafe_asTableOwnerWithoutSuperuser() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("incident");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      runIncident(connection);
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
      assertThat(queryLong(connection,
          "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
              + " AND attname = 'tenant_id' AND attnotnull")).isEqualTo(1);
    }
  }

  @Test
  void createDistributedTable_reportsTheCleanupInWarnings() throws SQLException {
    Schema schema = withOrders("warn");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      assertThat(st.execute("SELECT create_distributed_table('orders', 'id')")).isTrue();
      try (ResultSet rs = st.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getStatement()).isSameAs(st);
      }
      assertThat(warnings(st)).contains("truncate_local_data_after_distributing_table").contains("orders");
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
    }
  }

  @Test
  void incident_insideOneTransaction_commitsEverything() throws SQLException {
    Schema schema = withOrders("txn");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT create_distributed_table('orders', 'id')");
        st.executeUpdate("UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL");
      }
      connection.commit();
      try (Statement st = connection.createStatement()) {
        st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");
      }
      connection.commit();
      connection.setAutoCommit(true);
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
    }
  }

  @Test
  void createDistributedTable_rolledBackWithTheUsersTransaction() throws SQLException {
    Schema schema = withOrders("rollback");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT create_distributed_table('orders', 'id')");
      }
      connection.rollback();
      connection.setAutoCommit(true);
      assertThat(queryLong(connection,
          "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'orders'::regclass")).isZero();
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isPositive();
    }
  }

  @Test
  void incident_viaPreparedStatements() throws SQLException {
    Schema schema = withOrders("prepared");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl())) {
      try (PreparedStatement ps = connection.prepareStatement("SELECT create_distributed_table('orders', 'id')");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isFalse();
      }
      try (PreparedStatement ps = connection.prepareStatement("UPDATE orders SET tenant_id = ? WHERE tenant_id IS NULL")) {
        ps.setInt(1, 0);
        assertThat(ps.executeUpdate()).isEqualTo(100);
      }
      try (PreparedStatement ps = connection.prepareStatement("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL")) {
        assertThat(ps.executeUpdate()).isZero();
      }
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
    }
  }

  @Test
  void quotedMixedCaseSchemaQualifiedTable_isDistributedAndCleaned() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("quoted");
    String mixedSchema = "\"Sales " + schema.name() + "\"";
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA " + mixedSchema);
      String table = mixedSchema + ".\"Orders\"";
      st.execute("CREATE TABLE " + table + " (\"Id\" bigint PRIMARY KEY, \"TenantId\" int)");
      st.execute("INSERT INTO " + table + " SELECT g, NULLIF(g % 2, 0) FROM generate_series(1, 100) g");
      st.execute("SELECT create_distributed_table(table_name => '" + table.replace("'", "''")
          + "', distribution_column => 'Id')");
      st.executeUpdate("UPDATE " + table + " SET \"TenantId\" = 0 WHERE \"TenantId\" IS NULL");
      st.execute("/* backfilled */ ALTER TABLE " + table + " ALTER COLUMN \"TenantId\" SET NOT NULL");
      assertThat(queryLong(connection, "SELECT count(*) FROM " + table)).isEqualTo(100);
      assertThat(queryLong(connection, "SELECT pg_relation_size('" + table.replace("'", "''") + "')")).isZero();
    }
  }

  @Test
  void migrationRunTwice_secondDistributionIsSkippedWithAWarning() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("twice");
    String migration = CREATE_ORDERS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS") + ";\n"
        + "SELECT create_distributed_table('orders', 'id');\n"
        + "CREATE TABLE IF NOT EXISTS tenants (id int PRIMARY KEY);\n"
        + "SELECT create_reference_table('tenants');";
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute(migration);
      st.execute(migration);
      assertThat(warnings(st)).contains("orders is already distributed on column id")
          .contains("tenants is already a reference table");
      assertThat(queryLong(connection, "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid IN"
          + " ('orders'::regclass, 'tenants'::regclass)")).isEqualTo(2);
    }
  }

  @Test
  void distributingOnAnotherColumn_isTheUsersErrorPassedOn() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("othercol");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE events (id bigint, tenant_id int, PRIMARY KEY (tenant_id, id))");
      st.execute("SELECT create_distributed_table('events', 'tenant_id')");
      assertThatThrownBy(() -> st.execute("SELECT create_distributed_table('events', 'id')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("events");
    }
  }

  @Test
  void heapScanningDdl_onTableDistributedThroughPlainPgjdbc_cleansFirst() throws SQLException {
    Schema schema = withOrders("r2");
    try (Connection plain = schema.pgjdbcConnection(); Statement st = plain.createStatement()) {
      st.execute("SELECT create_distributed_table('orders', 'id')");
      st.executeUpdate("UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL");
      assertThat(queryLong(plain, "SELECT pg_relation_size('orders')")).isPositive();
    }
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");
      assertThat(warnings(st)).contains("stale coordinator rows of orders");
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
    }
  }

  /** citus#1770: a unique index over stale rows fails on duplicates long since removed. */
  @Test
  void uniqueIndex_overRemovedDuplicates_succeedsThroughCitusSafe() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("unique");
    try (Connection plain = schema.pgjdbcConnection(); Statement st = plain.createStatement()) {
      st.execute("CREATE TABLE accounts (id bigint, email text)");
      st.execute("INSERT INTO accounts VALUES (1, 'a@x'), (1, 'a@x'), (2, 'b@x')");
      st.execute("SELECT create_distributed_table('accounts', 'id')");
      st.executeUpdate("DELETE FROM accounts WHERE id = 1");
      st.executeUpdate("INSERT INTO accounts VALUES (1, 'a@x')");
      assertThatThrownBy(() -> st.execute("CREATE UNIQUE INDEX accounts_id_email ON accounts (id, email)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    }
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE UNIQUE INDEX accounts_id_email ON accounts (id, email)");
      st.execute("ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY (id)");
      assertThat(queryLong(connection, "SELECT count(*) FROM accounts")).isEqualTo(2);
      assertThat(queryLong(connection, "SELECT pg_relation_size('accounts')")).isZero();
    }
  }

  @Test
  void localTableReferencingTheTable_refusesWithTheFixAndChangesNothing() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("localfk");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE parent (id int PRIMARY KEY)");
      st.execute("INSERT INTO parent SELECT generate_series(1, 10)");
      st.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))");
      st.execute("INSERT INTO child SELECT g, g FROM generate_series(1, 10) g");
      assertThatThrownBy(() -> st.execute("SELECT create_distributed_table('parent', 'id')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"))
          .hasMessageContaining("child")
          .hasMessageContaining("parent")
          .hasMessageContaining("create_reference_table('parent')")
          .hasMessageContaining("colocate_with => 'parent'")
          .hasMessageContaining("Nothing was changed");
      assertThat(queryLong(connection,
          "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'parent'::regclass")).isZero();
      assertThat(queryLong(connection, "SELECT count(*) FROM parent")).isEqualTo(10);
      assertThat(queryLong(connection, "SELECT count(*) FROM child")).isEqualTo(10);
    }
  }

  /** Regression: after an explicit BEGIN in autocommit, R1 committed the user's transaction itself. */
  @Test
  void createDistributedTable_afterExplicitBegin_isRolledBackWithIt() throws SQLException {
    Schema schema = withOrders("begin");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("BEGIN");
      st.execute("INSERT INTO orders VALUES (1000, 1, 'in the transaction')");
      st.execute("SELECT create_distributed_table('orders', 'id')");
      st.execute("ROLLBACK");
      assertThat(queryLong(connection,
          "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'orders'::regclass")).isZero();
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(300);
    }
  }

  /** Regression: SET search_path inside a Statement batch left the cached search_path in place. */
  @Test
  void searchPathSetInABatch_isSeenByLaterRules() throws SQLException {
    Schema first = withOrders("batch_path_a");
    Schema second = withOrders("batch_path_b");
    try (Connection plain = second.pgjdbcConnection()) {
      Sql.execute(plain, List.of("SELECT create_distributed_table('orders', 'id')",
          "UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL"));
    }
    try (Connection connection = DriverManager.getConnection(first.citusSafeUrl());
        Statement st = connection.createStatement()) {
      assertThatThrownBy(() -> st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL"))
          .as("the local table in the first schema has NULLs").isInstanceOf(SQLException.class);
      st.addBatch("SET search_path TO " + second.name());
      st.executeBatch();
      st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).isZero();
    }
  }

  @Test
  void dryRun_runsStatementsUnchanged() throws SQLException {
    Schema schema = withOrders("dryrun");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.mode=dry-run");
        Statement st = connection.createStatement()) {
      st.execute("SELECT create_distributed_table('orders', 'id')");
      assertThat(warnings(st)).doesNotContain("citussafe");
      assertThat(queryLong(connection, "SELECT pg_relation_size('orders')")).as("stale rows stay").isPositive();
      st.executeUpdate("UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL");
      assertThatThrownBy(() -> st.execute("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
    }
  }

  @Test
  void referenceTable_withRows_isCleanedAndItsDataStays() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("reference");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE countries (code text PRIMARY KEY, name text)");
      st.execute("INSERT INTO countries VALUES ('de', NULL), ('fr', 'France')");
      st.execute("SELECT create_reference_table('countries')");
      st.executeUpdate("UPDATE countries SET name = upper(code) WHERE name IS NULL");
      st.execute("ALTER TABLE countries ALTER COLUMN name SET NOT NULL");
      assertThat(queryLong(connection, "SELECT count(*) FROM countries")).isEqualTo(2);
      assertThat(queryLong(connection, "SELECT pg_relation_size('countries')")).isZero();
    }
  }
}
