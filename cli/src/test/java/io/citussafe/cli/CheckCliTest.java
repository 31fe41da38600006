package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code citussafe check}: on the embedded PostgreSQL, and on Citus as a table owner without superuser. */
class CheckCliTest {

  @Test
  void check_plainPostgres_saysCitusIsNotInstalledExit0() {
    CliRun run = CliRun.of("check", "--url", PostgresServers.plain().pgjdbcUrl());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("without Citus (no citus extension in this database): nothing to check");
  }

  @Test
  void check_fixOnPlainPostgres_nothingToDo() {
    CliRun run = CliRun.of("check", "--url", PostgresServers.plain().pgjdbcUrl(), "--fix");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("nothing to check");
  }

  @Test
  void check_unreachable_oneLineAndHintExit3() {
    CliRun run = CliRun.of("check", "--url", "jdbc:postgresql://127.0.0.1:1/app");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("citussafe check: error: cannot read the cluster at jdbc:postgresql://127.0.0.1:1/app")
        .contains("\nhint: ").doesNotContain("at org.");
  }

  @Test
  @RequiresCitus
  void check_citusAsTableOwner_listsProblemsAndFixRemovesOnlyCleanableStaleRows() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check");
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      // distributed through plain pgjdbc: the copied rows stay on the coordinator
      s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v int)");
      s.execute("INSERT INTO items SELECT g, g FROM generate_series(1, 2000) g");
      s.execute("SELECT create_distributed_table('items', 'id')");
      s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, v int)");
      s.execute("INSERT INTO orders SELECT g, g FROM generate_series(1, 2000) g");
      s.execute("SELECT create_distributed_table('orders', 'id')");
      s.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id))");
      s.execute("CREATE TABLE events (tenant_id bigint, payload text)");
      s.execute("SELECT create_distributed_table('events', 'tenant_id')");
    }
    String url = schema.pgjdbcUrl();
    String name = schema.name();

    CliRun check = CliRun.of("check", "--url", url, "--schema", name);

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains(
        "warning the distributed table " + name + ".items keeps ",
        "fix: SELECT truncate_local_data_after_distributing_table('" + name + ".items');",
        "error   the plain local table " + name + ".invoices has a foreign key to the distributed table",
        "SELECT create_distributed_table('" + name + ".invoices', 'order_id', colocate_with =>",
        "warning the distributed table " + name + ".events has no primary key",
        "citus.multi_shard_modify_mode = parallel", "wal_level = logical");

    CliRun unattended = CliRun.of("check", "--url", url, "--schema", name, "--fix");
    assertThat(unattended.exitCode()).as(unattended.toString()).isEqualTo(2);
    assertThat(unattended.err()).contains("hint: add --yes to run the repairs without asking");

    CliRun declined = CliRun.withInput("n\n", true, "check", "--url", url, "--schema", name, "--fix");
    assertThat(declined.out()).contains("--fix: SELECT truncate_local_data_after_distributing_table('" + name
        + ".items');", "skipped", "--fix: 0 of 1 repairs done.");
    assertThat(declined.err()).contains("Run it? [y/N]");
    assertThat(heapBytes(schema, "items")).isPositive();

    CliRun fixed = CliRun.of("check", "--url", url, "--schema", name, "--fix", "--yes");
    assertThat(fixed.out()).as(fixed.toString()).contains("done: the coordinator heap of " + name + ".items went from ",
        " to 0 bytes", "--fix: 1 of 1 repairs done.");
    assertThat(heapBytes(schema, "items")).isZero();
    assertThat(heapBytes(schema, "orders")).as("blocked by the local foreign key: left alone").isPositive();
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      assertThat(rs.getLong(1)).as("rows in the shards").isEqualTo(2000);
    }
  }

  @Test
  @RequiresCitus
  void check_citusJson_findingsForCi() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("check_json");
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ok (id bigint PRIMARY KEY)");
      s.execute("SELECT create_distributed_table('ok', 'id')");
      // healthy tables of every kind check reads: no finding may come from what Citus changes on purpose
      // (shard names in constraints and indexes, nextval defaults kept on the coordinator, row text per node)
      s.execute("SET TimeZone = 'Pacific/Chatham'");
      s.execute("CREATE TABLE currencies (code text PRIMARY KEY, rate float8, updated timestamptz DEFAULT now(), "
          + "span interval DEFAULT '1 day', raw bytea DEFAULT '\\x01')");
      s.execute("SELECT create_reference_table('currencies')");
      s.execute("INSERT INTO currencies (code, rate) SELECT 'c' || g, g / 7.0 FROM generate_series(1, 300) g");
      s.execute("CREATE TABLE payments (id bigserial, tenant bigint, currency text REFERENCES currencies (code), "
          + "amount numeric CHECK (amount >= 0), created timestamptz DEFAULT now(), PRIMARY KEY (tenant, id))");
      s.execute("SELECT create_distributed_table('payments', 'tenant')");
      s.execute("CREATE INDEX CONCURRENTLY payments_created ON payments (created)");
      s.execute("INSERT INTO payments (tenant, currency, amount) SELECT g % 7, 'c' || (g % 300 + 1), g "
          + "FROM generate_series(1, 1000) g");
    }

    CliRun run = CliRun.of("check", "--url", schema.pgjdbcUrl(), "--schema", schema.name(), "--format", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("{\n  \"citus\": true,").contains("\"code\": \"wal-level\"")
        .doesNotContain("\"level\": \"warning\"", "\"level\": \"error\"");
  }

  private static long heapBytes(Schema schema, String table) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_relation_size('" + table + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
