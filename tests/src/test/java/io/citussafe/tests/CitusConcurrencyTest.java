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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rewrite keeps PostgreSQL's READ COMMITTED meaning. A blocked UPDATE re-evaluates
 * its SET and WHERE on the row version that committed first; the rewrite must too. Each test
 * holds a row lock in a plain pgjdbc session A, starts the statement through citussafe in B,
 * waits until B is seen waiting for A's lock (citus_lock_waits for a distributed table; pg_locks on the
 * coordinator for a Citus-local one, whose only copy is there), then commits A. Citus rejects the same
 * calls in writes to Citus-local tables, which the rewrite takes too.
 *
 * <p>Before the fix (the materialized CTE computed every SET expression and evaluated the WHERE
 * on B's snapshot) the increment test ended at n = 1 and the claim test overwrote A's owner.
 */
@RequiresCitus
class CitusConcurrencyTest {

  private Schema schema;
  private String waits;

  private void setUp(String kind) throws SQLException {
    schema = PostgresServers.citus().newSchema("conc");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE q (id int PRIMARY KEY, n int NOT NULL DEFAULT 0, owner uuid, touched timestamptz)",
          "INSERT INTO q (id) SELECT g FROM generate_series(1, 20) g",
          CitusSessionValuesTest.distribute(kind, "q", "id")));
    }
    waits = kind.equals("citus-local") ? "SELECT count(*) FROM pg_locks WHERE NOT granted"
        : "SELECT count(*) FROM citus_lock_waits";
  }

  /** Runs {@code sql} through citussafe in another thread while A holds {@code lockSql}'s row lock. */
  private long blockedBehind(String lockSql, String sql) throws Exception {
    try (Connection a = schema.pgjdbcConnection(); Connection b = DriverManager.getConnection(schema.citusSafeUrl())) {
      a.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.executeUpdate(lockSql);
      }
      CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
        try (Statement s = b.createStatement()) {
          return s.executeLargeUpdate(sql);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      awaitLockWait(result);
      a.commit();
      return result.get(60, TimeUnit.SECONDS);
    }
  }

  /** Polls Citus's distributed lock graph until a session waits for another (not a sleep for consistency). */
  private void awaitLockWait(Future<?> statement) throws Exception {
    try (Connection observer = schema.pgjdbcConnection()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (queryLong(observer, waits) == 0) {
        assertThat(statement.isDone()).as("the statement finished without waiting for the lock").isFalse();
        assertThat(System.nanoTime()).as("no lock wait seen within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "citus-local"})
  void rewrittenUpdate_blockedBehindAnIncrement_incrementsTheCommittedValue(String kind) throws Exception {
    setUp(kind);
    long updated = blockedBehind("UPDATE q SET n = n + 1 WHERE id = 1",
        "UPDATE q SET n = n + 1, touched = clock_timestamp() WHERE id = 1");
    assertThat(updated).isEqualTo(1);
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT n FROM q WHERE id = 1")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "citus-local"})
  void rewrittenClaim_rowClaimedMeanwhile_claimsNothing(String kind) throws Exception {
    setUp(kind);
    long updated = blockedBehind(
        "UPDATE q SET owner = '00000000-0000-0000-0000-000000000001' WHERE id = 2 AND owner IS NULL",
        "UPDATE q SET owner = gen_random_uuid() WHERE id = 2 AND owner IS NULL");
    assertThat(updated).isZero();
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT owner::text FROM q WHERE id = 2"))
          .containsExactly("00000000-0000-0000-0000-000000000001");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "citus-local"})
  void rewrittenDelete_rowChangedMeanwhile_reCheckedByTheTermsCitusAccepts(String kind) throws Exception {
    setUp(kind);
    long deleted = blockedBehind("UPDATE q SET n = 10 WHERE id = 4",
        "DELETE FROM q WHERE id = 4 AND n < 5 AND random() < 2");
    assertThat(deleted).isZero();
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM q WHERE id = 4")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "citus-local"})
  void rewrittenUpdate_preparedWithParameters_reCheckBindsTheSameValues(String kind) throws Exception {
    setUp(kind);
    try (Connection a = schema.pgjdbcConnection(); Connection b = DriverManager.getConnection(schema.citusSafeUrl())) {
      a.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.executeUpdate("UPDATE q SET n = n + 5 WHERE id = 5");
      }
      CompletableFuture<Integer> result = CompletableFuture.supplyAsync(() -> {
        try (PreparedStatement p = b.prepareStatement(
            "UPDATE q SET n = n * ?, touched = clock_timestamp() WHERE id = ? AND n < ?")) {
          p.setInt(1, 3);
          p.setInt(2, 5);
          p.setInt(3, 100);
          return p.executeUpdate();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      awaitLockWait(result);
      a.commit();
      assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT n FROM q WHERE id = 5")).isEqualTo(15);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"distributed", "citus-local"})
  void rewrittenIncrement_manyThreads_finalSumExact(String kind) throws Exception {
    setUp(kind);
    int threads = 8;
    int increments = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          try (Connection c = DriverManager.getConnection(schema.citusSafeUrl());
              PreparedStatement p = c.prepareStatement(
                  "UPDATE q SET n = n + 1, touched = clock_timestamp() WHERE id = ?")) {
            for (int i = 0; i < increments; i++) {
              p.setInt(1, 3);
              assertThat(p.executeUpdate()).isEqualTo(1);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT n FROM q WHERE id = 3")).isEqualTo(threads * increments);
    }
  }
}
