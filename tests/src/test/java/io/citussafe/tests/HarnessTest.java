package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Smoke test of the harness itself: the servers start and behave as the other tests assume. */
class HarnessTest {

  @Test
  void plain_runsPostgresAndGivesSchemas() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("harness");

    assertThat(schema.name()).matches("harness_\\d+_[a-z0-9]+");
    assertThat(schema.citusSafeUrl()).startsWith("jdbc:citussafe:postgresql://127.0.0.1:")
        .endsWith(schema.pgjdbcUrl().substring("jdbc:postgresql://".length()));
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(queryString(s, "SELECT version()")).startsWith("PostgreSQL ");
      assertThat(queryString(s, "SELECT current_schema()")).isEqualTo(schema.name());
    }
  }

  @Test
  void plain_appUserSchema_isOwnedByNonSuperuser() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("harness_app");

    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(queryString(s, "SELECT current_user")).isEqualTo(TestDatabase.APP_USER);
      assertThat(queryString(s, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
      s.execute("CREATE TABLE t (id int)"); // lands in its own schema, which it may write to
      assertThat(queryString(s, "SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 't'::regclass"))
          .isEqualTo(schema.name());
    }
  }

  @Test
  @RequiresCitus
  void citus_hasWorkersAndDistributesTables() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("harness_citus");

    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(queryLong(s, "SELECT count(*) FROM pg_dist_node")).isGreaterThanOrEqualTo(2);
      s.execute("CREATE TABLE events (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
      s.execute("SELECT create_distributed_table('events', 'tenant_id')");
      assertThat(queryString(s, "SELECT partmethod::text FROM pg_dist_partition WHERE logicalrelid = 'events'::regclass"))
          .isEqualTo("h");
      assertThat(queryLong(s, "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'events'::regclass")).isPositive();
      s.execute("INSERT INTO events SELECT g % 10, g FROM generate_series(1, 100) g");
      assertThat(queryLong(s, "SELECT count(*) FROM events")).isEqualTo(100);
    }
  }

  @Test
  @RequiresCitus
  void citus_appUserDistributesTablesWithoutSuperuser() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("harness_citus_app");

    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(queryString(s, "SELECT current_user")).isEqualTo(TestDatabase.APP_USER);
      s.execute("CREATE TABLE accounts (id bigint PRIMARY KEY)");
      s.execute("SELECT create_distributed_table('accounts', 'id')");
      s.execute("INSERT INTO accounts SELECT generate_series(1, 20)");
      assertThat(queryLong(s, "SELECT count(*) FROM accounts")).isEqualTo(20);
    }
  }

  private static String queryString(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static long queryLong(Statement s, String sql) throws SQLException {
    return Long.parseLong(queryString(s, sql));
  }
}
