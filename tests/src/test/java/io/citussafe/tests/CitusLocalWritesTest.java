package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;

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
}
