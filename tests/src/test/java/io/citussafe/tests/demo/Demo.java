package io.citussafe.tests.demo;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The incident migration, step by step: on an embedded PostgreSQL (no install needed) and, when
 * the test harness finds one, on a real Citus cluster, through plain pgjdbc and through
 * citussafe. Run it with the README's demo command.
 */
public final class Demo {

  private static final List<String> MIGRATION = List.of(
      "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int)",
      "INSERT INTO orders SELECT g, NULLIF(g % 4, 0) FROM generate_series(1, 1000) g",
      "SELECT create_distributed_table('orders', 'id')",
      "UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL",
      "ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL",
      "ALTER TABLE orders ADD COLUMN uid uuid",
      "UPDATE orders SET uid = gen_random_uuid() WHERE uid IS NULL",
      "ALTER TABLE orders ALTER COLUMN uid SET NOT NULL");

  private Demo() {
  }

  public static void main(String[] args) throws SQLException {
    TestDatabase plain = PostgresServers.plain();
    section("Plain PostgreSQL (" + plain + ")");
    Schema plainSchema = plain.newSchema("demo");
    run("citussafe", DriverManager.getConnection(plainSchema.citusSafeUrl()));

    Optional<TestDatabase> citus = PostgresServers.citusIfAvailable();
    if (citus.isEmpty()) {
      section("Citus: no cluster found, so this part is skipped (see the line above for why)");
      return;
    }
    section("Citus (" + citus.get() + "), plain pgjdbc");
    run("pgjdbc", citus.get().newSchema("demo_pgjdbc").pgjdbcConnection());
    section("Citus (" + citus.get() + "), citussafe");
    run("citussafe", DriverManager.getConnection(citus.get().newSchema("demo_citussafe").citusSafeUrl()));
  }

  private static void run(String through, Connection connection) throws SQLException {
    try (connection; Statement statement = connection.createStatement()) {
      for (String sql : MIGRATION) {
        try {
          statement.execute(sql);
          System.out.println("  ok    " + sql);
          for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
            System.out.println("          " + w.getMessage());
          }
        } catch (SQLException e) {
          System.out.println("  FAIL  " + sql);
          System.out.println("          SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
          System.out.println("  (" + through + " stops here, as a migration tool would)");
          return;
        }
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT count(*), count(DISTINCT uid), pg_relation_size('orders') FROM orders")) {
        rs.next();
        System.out.println("  " + through + ": migration complete, " + rs.getLong(1) + " rows, "
            + rs.getLong(2) + " distinct uids, coordinator heap " + rs.getLong(3) + " bytes");
      }
    }
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
