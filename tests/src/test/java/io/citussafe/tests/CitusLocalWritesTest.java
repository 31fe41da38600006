package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes to a Citus-local table with calls Citus rejects there as on distributed tables (VOLATILE
 * calls, non-IMMUTABLE ones in COALESCE), and ADD COLUMN with a VOLATILE default on a table with
 * rows, whose fill from the coordinator is such an UPDATE: through citussafe as through pgjdbc on
 * plain PostgreSQL. The differential tester found them refused with a hint that did not apply.
 */
@RequiresCitus
class CitusLocalWritesTest {

  private static final List<String> TABLE = List.of(
      "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id integer, note text, ts timestamptz)",
      "INSERT INTO orders SELECT g, g, CASE WHEN g % 2 = 0 THEN 'n' END, NULL FROM generate_series(1, 6) g");

  private static final List<String> WRITES = List.of(
      "UPDATE orders SET tenant_id = (random() * 100)::int WHERE id > 1",
      "UPDATE orders SET ts = clock_timestamp() WHERE id <= 3",
      "UPDATE orders SET note = coalesce(note, now()::text)",
      "DELETE FROM orders WHERE id = 6 AND random() < 2",
      "ALTER TABLE orders ADD COLUMN created timestamptz NOT NULL DEFAULT clock_timestamp()",
      "ALTER TABLE orders ADD COLUMN u uuid DEFAULT gen_random_uuid()");

  private static final List<String> QUERIES = List.of(
      "SELECT id, tenant_id BETWEEN 0 AND 100, note IS NOT NULL, ts IS NOT NULL, created IS NOT NULL, u IS NOT NULL "
          + "FROM orders ORDER BY id",
      "SELECT count(DISTINCT u), count(DISTINCT tenant_id) > 1 FROM orders",
      "SELECT count(*) FROM orders WHERE id = 1 AND tenant_id = 1");

  @ParameterizedTest(name = "transaction {0}")
  @ValueSource(booleans = {false, true})
  void rejectedCalls_rewrittenAsOnDistributedTables(boolean transaction) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("citus_local_writes");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, TABLE);
      Sql.execute(c, List.of("SELECT citus_add_local_table_to_metadata('orders')"));
    }
    List<List<String>> citus = CitusSessionValuesTest.run(schema.citusSafeUrl(), WRITES, transaction, QUERIES);
    assertThat(citus).isEqualTo(CitusSessionValuesTest.onPlain("citus_local_plain", TABLE, WRITES, QUERIES));
    assertThat(citus.get(1)).containsExactly("5|t");
  }

  private static final List<String> READER_TABLES = List.of(
      "CREATE TABLE items (id bigint PRIMARY KEY, kind text)",
      "INSERT INTO items SELECT g, 'k' || g FROM generate_series(1, 10) g",
      "CREATE TABLE notes (id bigint PRIMARY KEY, label text, ts timestamptz, flag boolean)",
      "INSERT INTO notes SELECT g, NULL, timestamptz '2024-03-01 10:00:00+00' + g * interval '1 day', NULL "
          + "FROM generate_series(1, 8) g");

  private static final List<String> READER_WRITES = List.of(
      "UPDATE notes SET label = to_char(ts, 'YYYY-MM-DD'), flag = random() < 2 WHERE id IN (SELECT id FROM items "
          + "WHERE id < 5)",
      "DELETE FROM notes WHERE random() < 2 AND id IN (SELECT id FROM items WHERE id > 6)");

  private static final List<String> READER_QUERIES = List.of(
      "SELECT id, label, flag FROM notes ORDER BY id");

  /**
   * A plain local table's write that reads a distributed table: Citus plans the whole statement and
   * rejects the calls as it does on its own tables; the same rewrite gives PostgreSQL's rows.
   */
  @ParameterizedTest(name = "transaction {0}")
  @ValueSource(booleans = {false, true})
  void localTableWriteReadingADistributedTable_rewrittenAsOnDistributedTables(boolean transaction)
      throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("local_reads_citus");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, READER_TABLES);
      Sql.execute(c, List.of("SELECT create_distributed_table('items', 'id')"));
      // what Citus does with the statement as written
      assertThatThrownBy(() -> Sql.execute(c, READER_WRITES.subList(0, 1)))
          .hasMessageContaining("functions used in UPDATE queries on distributed tables must not be VOLATILE");
    }
    List<List<String>> citus = CitusSessionValuesTest.run(schema.citusSafeUrl(), READER_WRITES, transaction,
        READER_QUERIES);
    assertThat(citus).isEqualTo(CitusSessionValuesTest.onPlain("local_reads_plain", READER_TABLES, READER_WRITES,
        READER_QUERIES));
    assertThat(citus.get(0)).hasSize(6).contains("5|null|null");
    assertThat(citus.get(0).get(0)).startsWith("1|2024-03-0").endsWith("|t");
  }
}
