package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.SqlText;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code citussafe demo}: on its own embedded PostgreSQL, and on Citus when the harness finds a cluster. */
class DemoCliTest {

  @Test
  void demo_embedded_eachStatementOnceWhatCitussafeDidAndTheResult() {
    CliRun run = CliRun.of("demo");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String out = run.out();
    assertThat(out).startsWith("citussafe demo: the incident migration set, 9 Flyway-style migrations");
    for (DemoCommand.Migration m : DemoCommand.load()) {
      assertThat(count(out, m.name() + "\n")).as(m.name()).isEqualTo(1);
      for (String sql : m.statements()) {
        assertThat(count(out, "  " + SqlText.oneLine(sql) + "\n")).as(sql).isEqualTo(1);
      }
    }
    assertThat(count(out, "citussafe: skipped create_distributed_table")).isEqualTo(2);
    assertThat(out).contains("ok, 1000 rows inserted", "ok, 142 rows updated",
        "citussafe: migration complete. orders: 1000 rows, 142 backfilled with tenant 0, 1000 distinct uids");
    assertThat(out).doesNotContain("\u001b", "INFO", "->");
    assertThat(run.err()).contains("citussafe: starting PostgreSQL on 127.0.0.1:").doesNotContain("Exception");
  }

  @Test
  void demo_unreachableServer_oneLineAndHintExit3() {
    CliRun run = CliRun.of("demo", "--url", "jdbc:citussafe:postgresql://127.0.0.1:1/app?user=app&password=secret");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.err().lines().toList()).hasSize(2);
    assertThat(run.err()).startsWith("citussafe demo: error: cannot connect to ").contains("password=***")
        .doesNotContain("secret").contains("\nhint: ");
  }

  @Test
  void demo_notAJdbcUrl_usageError() {
    CliRun run = CliRun.of("demo", "--url", "postgres://localhost/app");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("citussafe demo: error: --url must start with jdbc:citussafe:postgresql:");
  }

  @Test
  @RequiresCitus
  void demo_citusWithCompare_failsThroughPgjdbcRunsThroughCitussafeAndCleansUp() throws SQLException {
    TestDatabase citus = PostgresServers.citus();
    String url = "jdbc:citussafe:" + citus.pgjdbcUrl().substring("jdbc:".length());

    CliRun run = CliRun.of("demo", "--url", url, "--compare");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String out = run.out();
    int pgjdbc = out.indexOf("== through plain pgjdbc");
    int citussafe = out.indexOf("== through citussafe");
    assertThat(pgjdbc).isPositive().isLessThan(citussafe);
    assertThat(out.substring(pgjdbc, citussafe)).contains("FAILED: SQLSTATE 23502",
        "plain pgjdbc stops here, as Flyway would: V5__tenant_and_region_not_null.sql is rolled back.");
    assertThat(out.substring(citussafe)).contains(
        "citussafe: ran create_distributed_table on orders, then",
        "citussafe: ran as WITH citussafe_src AS MATERIALIZED",
        "stale rows left in the coordinator's heaps: 0 bytes.")
        .doesNotContain("FAILED");
    try (Connection c = citus.superuserConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'citussafe_demo_%'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("demo schemas left behind").isZero();
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }
}
