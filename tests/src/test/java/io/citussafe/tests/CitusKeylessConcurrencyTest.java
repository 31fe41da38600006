package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * READ COMMITTED through the rewrite of a table without a key, whose values are computed on the
 * coordinator per distinct argument and joined back on them. Session A (pgjdbc) holds a row lock;
 * B runs the UPDATE, is seen waiting for A's lock (pg_locks on plain PostgreSQL, citus_lock_waits
 * on Citus, no sleep), then A commits. The same two sessions on plain PostgreSQL are the oracle.
 */
@RequiresCitus
class CitusKeylessConcurrencyTest {

  private static final String UPDATE =
      "UPDATE batch_params SET string_val = to_char(date_val, 'YYYY-MM-DD') WHERE type_cd = 'DATE'";
  private static final String CONTENT = "SELECT type_cd, date_val, string_val FROM batch_params ORDER BY 1, 2, 3";

  private static List<String> setup(String kind) {
    List<String> statements = new java.util.ArrayList<>(List.of(
        "CREATE TABLE batch_params (type_cd varchar(20), date_val date, string_val varchar(40))",
        "INSERT INTO batch_params VALUES ('DATE', '2024-01-05', NULL), ('DATE', '2024-01-05', 'x'), "
            + "('DATE', '2024-02-29', NULL), ('TEXT', '2024-03-01', 'keep')"));
    if (kind != null) {
      statements.add(CitusSessionValuesTest.distribute(kind, "batch_params", "type_cd"));
    }
    return statements;
  }

  /** A locks the 2024-02-29 row with {@code lockSql}; B runs {@link #UPDATE} through {@code url}; the table after. */
  private static List<String> blockedBehind(Schema schema, String url, String lockSql, String waits)
      throws Exception {
    try (Connection a = schema.pgjdbcConnection(); Connection b = DriverManager.getConnection(url)) {
      a.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.executeUpdate(lockSql);
      }
      CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
        try (Statement s = b.createStatement()) {
          return s.executeLargeUpdate(UPDATE);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      try (Connection observer = schema.pgjdbcConnection()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queryLong(observer, waits) == 0) {
          assertThat(result.isDone()).as("the UPDATE finished without waiting for the lock").isFalse();
          assertThat(System.nanoTime()).as("no lock wait seen within 30 s").isLessThan(deadline);
          Thread.sleep(20);
        }
      }
      a.commit();
      assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(3);
      return rows(a, CONTENT);
    }
  }

  /** A changes a column the value does not read: B writes the value computed for the row's arguments, as PostgreSQL. */
  @ParameterizedTest
  @ValueSource(strings = {"reference", "distributed"})
  void rowChangedMeanwhile_otherColumn_equalsPlainPostgres(String kind) throws Exception {
    String lock = "UPDATE batch_params SET string_val = 'held' WHERE date_val = '2024-02-29'";
    Schema plain = PostgresServers.plain().newSchema("keyless_conc_plain");
    try (Connection c = plain.pgjdbcConnection()) {
      Sql.execute(c, setup(null));
    }
    List<String> expected = blockedBehind(plain, plain.pgjdbcUrl(), lock,
        "SELECT count(*) FROM pg_locks WHERE NOT granted");
    Schema citus = PostgresServers.citus().newSchema("keyless_conc");
    try (Connection c = citus.pgjdbcConnection()) {
      Sql.execute(c, setup(kind));
    }
    List<String> actual = blockedBehind(citus, citus.citusSafeUrl(), lock, "SELECT count(*) FROM citus_lock_waits");
    assertThat(actual).isEqualTo(expected).contains("DATE|2024-02-29|2024-02-29");
  }
}
