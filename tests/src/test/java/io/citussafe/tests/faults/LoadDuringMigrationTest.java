package io.citussafe.tests.faults;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.driver.CitusSafeMetrics;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Load and schema changes together: {@value #THREADS} threads share a HikariCP pool of
 * {@value #POOL_SIZE} citussafe connections and run mixed DML ({@link LoadWorker}), while a
 * migration connection runs a migration set through citussafe on the same tables and a plain
 * pgjdbc session distributes a table the workers write and alters it behind the driver's back.
 *
 * <p>Overlap without sleeping: the migration and the other session start once every worker has
 * run an operation, and each worker goes on until both have finished (at least
 * {@code citussafe.load.operations} operations, 24 unless set). Every wait is bounded and fails the
 * test when it runs out: a deadlock shows as a timeout with the server's waiting sessions.
 *
 * <p>Checked afterwards, against the workers' own ledgers: every ledger row and counter amount,
 * per thread and per key (nothing lost, nothing doubled); the migration's results; a stale fact
 * about the distributed table led at worst to Citus's own refusal with a hint, never to a changed
 * result; the analysis and plan caches stayed within their size though every delete was a new
 * text.
 */
class LoadDuringMigrationTest {

  static final int THREADS = 64;
  static final int POOL_SIZE = 16;
  private static final int MIN_OPERATIONS = Integer.getInteger("citussafe.load.operations", 24);
  /** A bound on a worker that never sees the migration end; reaching it fails the test. */
  private static final int MAX_OPERATIONS = 100 * MIN_OPERATIONS;
  private static final long TIMEOUT_SECONDS = 180;
  private static final int CACHE_SIZE = 64;

  @Test
  void load_duringMigrationAndChangesBehindTheDriver_plainPostgres() throws Exception {
    run(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void load_duringMigrationAndChangesBehindTheDriver_citus() throws Exception {
    run(PostgresServers.citus(), true);
  }

  private void run(TestDatabase database, boolean citus) throws Exception {
    Schema schema = database.newAppUserSchema("load");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl())) {
      Sql.execute(c, List.of(
          "CREATE TABLE counters (k int PRIMARY KEY, n bigint NOT NULL DEFAULT 0, updated_at timestamptz)",
          "INSERT INTO counters (k) SELECT g FROM generate_series(1, " + LoadWorker.COUNTERS + ") g",
          "CREATE TABLE ledger (thread int, seq int, k int NOT NULL, amount int NOT NULL, PRIMARY KEY (thread, seq))",
          "CREATE TABLE shadow (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0, touched timestamptz)",
          "INSERT INTO shadow (id) SELECT g FROM generate_series(1, " + LoadWorker.SHADOW_ROWS + ") g",
          "SELECT create_distributed_table('counters', 'k')",
          "SELECT create_distributed_table('ledger', 'thread')"));
    }
    // A cluster of its own (the cache size is part of its key), so its caches hold this test's texts only.
    String workerUrl = schema.citusSafeUrl() + "&citussafe.cacheSize=" + CACHE_SIZE;
    List<LoadWorker> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      workers.add(new LoadWorker(t));
    }
    CountDownLatch started = new CountDownLatch(THREADS);
    CountDownLatch shadowChanged = new CountDownLatch(1);
    CountDownLatch migrated = new CountDownLatch(1);
    CitusSafeMetrics metrics;
    ExecutorService executor = Executors.newFixedThreadPool(THREADS + 2);
    try (HikariDataSource pool = pool(workerUrl)) {
      try (Connection c = pool.getConnection()) {
        metrics = CitusSafeMetrics.of(c);
      }
      List<Future<?>> running = new ArrayList<>();
      for (LoadWorker worker : workers) {
        running.add(executor.submit(() -> {
          worker.runOne(pool);
          started.countDown();
          while (worker.operations < MIN_OPERATIONS || migrated.getCount() > 0) {
            assertThat(worker.operations).as("operations of thread %s before the migration ended", worker.thread)
                .isLessThan(MAX_OPERATIONS);
            worker.runOne(pool);
          }
          return null;
        }));
      }
      running.add(executor.submit(() -> {
        await(started, "every worker's first operation");
        changeBehindTheDriver(schema, citus);
        shadowChanged.countDown();
        return null;
      }));
      running.add(executor.submit(() -> {
        try {
          await(started, "every worker's first operation");
          migrate(schema, citus, shadowChanged);
        } finally {
          migrated.countDown();
        }
        return null;
      }));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      for (Future<?> f : running) {
        try {
          f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("not finished within " + TIMEOUT_SECONDS + " s (a deadlock?); sessions "
              + "waiting: " + waitingSessions(database), e);
        }
      }
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still borrowed").isZero();
    } finally {
      executor.shutdownNow();
    }
    assertLedgers(schema, workers);
    assertMigrated(schema, citus);
    assertThat(metrics.getAnalysesCached()).as("analyses cached").isLessThanOrEqualTo(CACHE_SIZE);
    assertThat(metrics.getPlansCached()).as("plans cached").isLessThanOrEqualTo(CACHE_SIZE);
    assertThat(metrics.getAnalysesEvicted()).as("every delete is a new text: the bound was reached").isPositive();
    if (citus) {
      assertThat(metrics.getStatementsRewritten("RejectedDml")).as("the workers' volatile updates, upserts and "
          + "deletes, rewritten").isGreaterThan(THREADS);
    }
    int operations = workers.stream().mapToInt(w -> w.operations).sum();
    int refusals = workers.stream().mapToInt(w -> w.staleRefusals).sum();
    if (!citus) {
      assertThat(refusals).as("plain PostgreSQL refuses nothing").isZero();
    }
    System.out.printf("load %s: %d threads, %d operations (%d rolled back), %d refused by Citus on stale facts, "
        + "%d statements rewritten, analyses cached %d (evicted %d)%n", citus ? "Citus" : "plain PostgreSQL",
        THREADS, operations, workers.stream().mapToInt(w -> w.rolledBack).sum(), refusals,
        metrics.getStatementsRewritten(), metrics.getAnalysesCached(), metrics.getAnalysesEvicted());
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("citussafe-load");
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    config.setRegisterMbeans(false);
    return new HikariDataSource(config);
  }

  /**
   * The migration set, on a migration connection (lock timeout and retries, sequential mode),
   * statement by statement in autocommit as a tool runs a script without a transaction: ADD COLUMN
   * with a default, a backfill then SET NOT NULL, a volatile default, an index, a serial column, a
   * CHECK and renames; last, once the other session has distributed {@code shadow} behind the
   * driver's back, DDL on it that needs its stale coordinator rows gone.
   */
  private static void migrate(Schema schema, boolean citus, CountDownLatch shadowChanged) throws Exception {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()
        + "&citussafe.sequentialTransactions=always&ApplicationName=load_migration")) {
      CitusSafeMetrics metrics = CitusSafeMetrics.of(c);
      Map<String, Long> before = rewritten(metrics);
      Sql.execute(c, List.of(
          "ALTER TABLE counters ADD COLUMN version int NOT NULL DEFAULT 0",
          "ALTER TABLE ledger ADD COLUMN region text",
          "ALTER TABLE ledger ALTER COLUMN region SET DEFAULT 'eu'",
          "UPDATE ledger SET region = 'eu' WHERE region IS NULL",
          "ALTER TABLE ledger ALTER COLUMN region SET NOT NULL",
          "ALTER TABLE ledger ADD COLUMN created_at timestamptz DEFAULT clock_timestamp()",
          "CREATE INDEX ledger_k_idx ON ledger (k)",
          "ALTER TABLE counters ADD COLUMN pos bigserial",
          "ALTER TABLE counters ADD CONSTRAINT counters_n_check CHECK (n >= 0)",
          "ALTER TABLE counters RENAME CONSTRAINT counters_n_check TO counters_n_nonnegative",
          "ALTER INDEX ledger_k_idx RENAME TO ledger_by_k",
          "ALTER TABLE counters RENAME COLUMN version TO revision"));
      await(shadowChanged, "the session behind the driver's back");
      Sql.execute(c, List.of("ALTER TABLE shadow ALTER COLUMN note SET NOT NULL"));
      Map<String, Long> after = rewritten(metrics);
      after.replaceAll((rule, count) -> count - before.get(rule));
      // the multi-step rewrites ran under load: volatile default and serial column, the CHECK renamed,
      // and the stale rows left by the other session removed before SET NOT NULL
      Map<String, Long> expected = citus
          ? Map.of("ComputedColumn", 2L, "RenameConstraint", 1L, "StaleHeap", 1L) : Map.of();
      after.values().removeIf(count -> count == 0);
      assertThat(after).as("statements of the migration rewritten, by rule").containsAllEntriesOf(expected);
    }
  }

  private static Map<String, Long> rewritten(CitusSafeMetrics metrics) {
    Map<String, Long> byRule = new HashMap<>();
    for (String rule : metrics.ruleNames()) {
      byRule.put(rule, metrics.getStatementsRewritten(rule));
    }
    return byRule;
  }

  /** Plain pgjdbc, as another tool: distributes {@code shadow} while the workers write it, then alters it. */
  private static void changeBehindTheDriver(Schema schema, boolean citus) throws Exception {
    try (Connection c = schema.pgjdbcConnection()) {
      if (citus) {
        Sql.execute(c, List.of("SELECT create_distributed_table('shadow', 'id')"));
      }
      Sql.execute(c, List.of("ALTER TABLE shadow ADD COLUMN note text DEFAULT 'x'",
          "CREATE INDEX shadow_touched_idx ON shadow (touched)"));
    }
  }

  private static void assertLedgers(Schema schema, List<LoadWorker> workers) throws Exception {
    Map<String, Long> expectedLedger = new HashMap<>();
    long[] counters = new long[2 * LoadWorker.COUNTERS + 1];
    long[] shadow = new long[LoadWorker.SHADOW_ROWS + 1];
    for (LoadWorker w : workers) {
      expectedLedger.put(w.thread + "|" + w.ledger.size() + "|"
          + w.ledger.values().stream().mapToLong(Integer::longValue).sum(), 1L);
      for (int k = 1; k < counters.length; k++) {
        counters[k] += w.counters[k];
      }
      for (int id = 1; id < shadow.length; id++) {
        shadow[id] += w.shadow[id];
      }
    }
    try (Connection c = schema.pgjdbcConnection()) {
      List<String> ledger = rows(c, "SELECT t, count(l.seq), coalesce(sum(l.amount), 0)"
          + " FROM generate_series(0, " + (THREADS - 1) + ") t LEFT JOIN ledger l ON l.thread = t GROUP BY t");
      assertThat(ledger).as("per thread: ledger rows and their sum").containsExactlyInAnyOrderElementsOf(
          expectedLedger.keySet());
      for (LoadWorker w : workers) {
        if (!w.ledger.isEmpty()) {
          assertThat(queryLong(c, "SELECT count(*) FROM ledger WHERE thread = " + w.thread + " AND seq IN ("
              + String.join(",", w.ledger.keySet().stream().map(String::valueOf).toList()) + ")"))
              .as("thread %s's own rows", w.thread).isEqualTo(w.ledger.size());
        }
      }
      List<String> expectedCounters = new ArrayList<>();
      for (int k = 1; k < counters.length; k++) {
        if (k <= LoadWorker.COUNTERS || counters[k] > 0) {
          expectedCounters.add(k + "|" + counters[k]);
        }
      }
      assertThat(rows(c, "SELECT k, n FROM counters ORDER BY k")).as("per counter: the sum of every thread's "
          + "successful increments").containsExactlyElementsOf(expectedCounters);
      List<String> expectedShadow = new ArrayList<>();
      for (int id = 1; id < shadow.length; id++) {
        expectedShadow.add(id + "|" + shadow[id]);
      }
      assertThat(rows(c, "SELECT id, n FROM shadow ORDER BY id")).as("per shadow row: the updates that reported "
          + "success").containsExactlyElementsOf(expectedShadow);
    }
  }

  private static void assertMigrated(Schema schema, boolean citus) throws Exception {
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT table_name || '.' || column_name || ':' || is_nullable FROM information_schema.columns"
          + " WHERE table_schema = current_schema() AND column_name IN ('revision', 'region', 'created_at', 'pos',"
          + " 'note') ORDER BY 1")).containsExactly("counters.pos:NO", "counters.revision:NO",
          "ledger.created_at:YES", "ledger.region:NO", "shadow.note:NO");
      assertThat(queryLong(c, "SELECT count(*) FROM ledger WHERE created_at IS NULL OR region IS NULL")).isZero();
      assertThat(queryLong(c, "SELECT count(*) - count(DISTINCT pos) FROM counters")).as("pos numbers each row once")
          .isZero();
      assertThat(rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = 'counters'::regclass AND contype = 'c'"))
          .containsExactly("counters_n_nonnegative");
      assertThat(rows(c, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
          + " AND indexname IN ('ledger_by_k', 'shadow_touched_idx') ORDER BY 1"))
          .containsExactly("ledger_by_k", "shadow_touched_idx");
      if (citus) {
        assertThat(rows(c, "SELECT logicalrelid::text FROM pg_dist_partition WHERE logicalrelid::text IN"
            + " ('counters', 'ledger', 'shadow') ORDER BY 1")).containsExactly("counters", "ledger", "shadow");
        assertThat(queryLong(c, "SELECT pg_relation_size('shadow')")).as("the stale rows were removed before "
            + "SET NOT NULL read them").isZero();
      }
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("gave up after " + TIMEOUT_SECONDS + " s waiting for " + what);
    }
  }

  private static List<String> waitingSessions(TestDatabase database) {
    try (Connection c = database.superuserConnection()) {
      return rows(c, "SELECT pid, application_name, wait_event_type, wait_event, left(query, 120) FROM pg_stat_activity"
          + " WHERE state <> 'idle' AND pid <> pg_backend_pid()");
    } catch (Exception e) {
      return List.of("(could not read pg_stat_activity: " + e.getMessage() + ")");
    }
  }
}
