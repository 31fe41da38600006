package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The same migrations on plain PostgreSQL: Citus calls are skipped, everything else runs. */
class PlainPostgresTest {

  private static final String MIGRATION = "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int);\n"
      + "INSERT INTO orders SELECT g, NULLIF(g % 3, 0) FROM generate_series(1, 30) g;\n"
      + "SELECT create_distributed_table('orders', 'id');\n"
      + "UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;\n"
      + "ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;\n"
      + "SELECT truncate_local_data_after_distributing_table('orders')";

  @Test
  void createDistributedTable_isSkippedWithAWarningAndOneRow() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("skip");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE orders (id bigint PRIMARY KEY)");
      try (ResultSet rs = st.executeQuery("SELECT create_distributed_table('orders', 'id')")) {
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
        assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("create_distributed_table");
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isFalse();
        assertThat(rs.getStatement()).isSameAs(st);
      }
      assertThat((Object) st.getWarnings()).isNotNull();
      assertThat(st.getWarnings().getMessage()).contains("skipped create_distributed_table").contains("plain PostgreSQL");
    }
  }

  @Test
  void incidentMigration_runsUnchangedOnPlainPostgres() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("migration");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute(MIGRATION);
      assertThat(queryLong(connection, "SELECT count(*) FROM orders")).isEqualTo(30);
      assertThat(queryLong(connection, "SELECT count(*) FROM orders WHERE tenant_id = 0")).isEqualTo(10);
    }
  }

  @Test
  void createDistributedTable_throughPlainPgjdbc_failsOnPlainPostgres() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("nocitus");
    try (Connection connection = schema.pgjdbcConnection(); Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE orders (id bigint PRIMARY KEY)");
      assertThatThrownBy(() -> st.execute("SELECT create_distributed_table('orders', 'id')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42883"));
    }
  }

  @Test
  void failOnMissingCitus_raisesUndefinedFunctionWithTheFix() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("fail");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.failOnMissingCitus=true");
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE orders (id bigint PRIMARY KEY)");
      assertThatThrownBy(() -> st.execute("SELECT create_reference_table('orders')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("create_reference_table")
          .hasMessageContaining("CREATE EXTENSION citus")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42883"));
    }
  }

  @Test
  void runCommandOnWorkers_answersWithNoRows() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("runcmd");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement("SELECT run_command_on_workers($$SELECT 1$$)");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.getMetaData().getColumnName(3)).isEqualTo("success");
      assertThat(rs.next()).isFalse();
      assertThat(ps.getWarnings().getMessage()).contains("skipped run_command_on_workers");
    }
  }

  @Test
  void heapScanningDdl_onPlainPostgres_runsAsWritten() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("ddl");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
      st.execute("INSERT INTO t VALUES (1, NULL)");
      assertThatThrownBy(() -> st.execute("ALTER TABLE t ALTER COLUMN v SET NOT NULL"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
      assertThat((Object) st.getWarnings()).isNull();
    }
  }
}
