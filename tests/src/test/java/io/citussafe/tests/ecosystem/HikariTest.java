package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * HikariCP 7 in front of citussafe, configured by {@code jdbcUrl} and by
 * {@code dataSourceClassName}: a pool of 16 shared by 32 threads running mixed statements while
 * Flyway migrates the incident set on a connection of its own, to another schema of the same
 * database (so the workers and the migration share one cluster's metadata and plan caches).
 *
 * <p>Overlap without sleeping: a Flyway callback holds the migration before V2 until every
 * worker is half done, so V2 to V6 (distribution, backfill, SET NOT NULL, CHECK, index) run while
 * the workers do their second half. Each worker stamps what it writes and sets with its own
 * name, and checks it reads back only its own.
 */
class HikariTest {

  private static final int POOL_SIZE = 16;
  private static final int THREADS = 32;
  private static final int ROUNDS = 12;
  private static final long TIMEOUT_SECONDS = 120;

  @Test
  void pool_jdbcUrl_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("hikari_url");
    Schema migrated = PostgresServers.plain().newAppUserSchema("hikari_url_flyway");

    runWorkloadDuringMigration(schema, jdbcUrlConfig(schema), migrated, false);
  }

  @Test
  void pool_dataSourceClassName_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("hikari_ds");
    Schema migrated = PostgresServers.plain().newAppUserSchema("hikari_ds_flyway");

    runWorkloadDuringMigration(schema, dataSourceClassNameConfig(schema), migrated, false);
  }

  @Test
  @RequiresCitus
  void pool_jdbcUrl_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("hikari_url_citus");
    Schema migrated = PostgresServers.citus().newAppUserSchema("hikari_url_citus_flyway");

    runWorkloadDuringMigration(schema, jdbcUrlConfig(schema), migrated, true);
  }

  @Test
  @RequiresCitus
  void pool_dataSourceClassName_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("hikari_ds_citus");
    Schema migrated = PostgresServers.citus().newAppUserSchema("hikari_ds_citus_flyway");

    runWorkloadDuringMigration(schema, dataSourceClassNameConfig(schema), migrated, true);
  }

  private static HikariConfig jdbcUrlConfig(Schema schema) {
    HikariConfig config = baseConfig("citussafe-url");
    config.setJdbcUrl(schema.citusSafeUrl());
    return config;
  }

  private static HikariConfig dataSourceClassNameConfig(Schema schema) {
    HikariConfig config = baseConfig("citussafe-ds");
    config.setDataSourceClassName("io.citussafe.driver.CitusSafeDataSource");
    config.addDataSourceProperty("url", schema.citusSafeUrl());
    return config;
  }

  private static HikariConfig baseConfig(String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    config.setRegisterMbeans(false);
    return config;
  }

  /**
   * @param schema where the workers work, through the pool
   * @param migrated where Flyway migrates, on the same database: a schema of its own because
   *     Flyway refuses to start on a non-empty one
   */
  private static void runWorkloadDuringMigration(Schema schema, HikariConfig config, Schema migrated,
      boolean citus) throws Exception {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE work_items (worker int, seq int, payload text NOT NULL, PRIMARY KEY (worker, seq))");
      s.execute("SELECT create_distributed_table('work_items', 'worker')");
    }

    CountDownLatch migrationHolding = new CountDownLatch(1);
    CountDownLatch workersHalfDone = new CountDownLatch(THREADS);
    ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      HoldBeforeVersion2 hold = new HoldBeforeVersion2(migrationHolding, workersHalfDone);
      Future<MigrateResult> migration = executor.submit(() -> {
        try {
          return Flyway.configure()
              .dataSource(migrated.citusSafeUrl(), migrated.user(), null)
              .locations(Incident.FLYWAY_LOCATION)
              .callbacks(hold)
              .load()
              .migrate();
        } finally {
          // Never leave the workers waiting on a migration that failed before V2.
          migrationHolding.countDown();
        }
      });
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        int worker = w;
        workers.add(executor.submit(() -> {
          boolean counted = false;
          try {
            await(migrationHolding, "the migration to reach V2");
            for (int round = 0; round < ROUNDS; round++) {
              runRound(pool, worker, round);
              if (round == ROUNDS / 2 - 1) {
                workersHalfDone.countDown();
                counted = true;
              }
            }
          } finally {
            if (!counted) {
              // A failed worker must not keep the migration waiting; its error is reported below.
              workersHalfDone.countDown();
            }
          }
          return null;
        }));
      }

      for (Future<?> worker : workers) {
        worker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      MigrateResult result = migration.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(result.migrationsExecuted).isEqualTo(Incident.MIGRATIONS);
      assertThat(hold.held).as("the migration waited for the workers before V2").isTrue();

      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still borrowed").isZero();
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(POOL_SIZE);
    } finally {
      executor.shutdownNow();
    }

    Incident.assertMigrated(migrated, citus);
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      // Each worker's rows are exactly its own: ROUNDS rows, each touched by its committed updates only.
      assertThat(Incident.number(s, "SELECT count(*) FROM work_items")).isEqualTo((long) THREADS * ROUNDS);
      assertThat(Incident.number(s, "SELECT count(*) FROM work_items"
          + " WHERE payload <> 'w' || worker || '-r' || seq || CASE WHEN seq % 4 = 3 THEN '' ELSE '+' END"))
          .isZero();
      assertThat(Incident.number(s, "SELECT count(*) FROM information_schema.columns"
          + " WHERE table_schema = current_schema() AND table_name LIKE 'own\\_%' AND column_name = 'v'"
          + " AND is_nullable = 'NO'")).isEqualTo(THREADS);
    }
  }

  /**
   * One borrow of a pooled connection: session state, a prepared insert, a transaction committed
   * or rolled back, reads checked against what this worker alone wrote, and in two rounds DDL
   * that takes the driver's planned path on the worker's own table.
   */
  private static void runRound(HikariDataSource pool, int worker, int round) throws SQLException {
    String me = "w" + worker + "-r" + round;
    try (Connection c = pool.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET application_name = '" + me + "'");
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO work_items VALUES (?, ?, ?)")) {
        insert.setInt(1, worker);
        insert.setInt(2, round);
        insert.setString(3, me);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      c.setAutoCommit(false);
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE work_items SET payload = payload || '+' WHERE worker = ? AND seq = ?")) {
        update.setInt(1, worker);
        update.setInt(2, round);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      if (round % 4 == 3) {
        c.rollback();
      } else {
        c.commit();
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        assertThat(Incident.string(s, "SELECT current_setting('application_name')")).isEqualTo(me);
        assertThat(Incident.string(s, "SELECT string_agg(payload, ',' ORDER BY seq) FROM work_items"
            + " WHERE worker = " + worker)).isEqualTo(expectedPayloads(worker, round));
        if (round == 0) {
          s.execute("CREATE TABLE own_" + worker + " (id int PRIMARY KEY, v text)");
          s.execute("INSERT INTO own_" + worker + " SELECT g, 'x' FROM generate_series(1, 10) g");
          s.execute("SELECT create_distributed_table('own_" + worker + "', 'id')");
        } else if (round == ROUNDS - 1) {
          s.execute("UPDATE own_" + worker + " SET v = 'y' WHERE v IS NULL");
          s.execute("ALTER TABLE own_" + worker + " ALTER COLUMN v SET NOT NULL");
          assertThat(Incident.number(s, "SELECT count(*) FROM own_" + worker)).isEqualTo(10);
        }
      }
    }
  }

  private static String expectedPayloads(int worker, int lastRound) {
    StringBuilder expected = new StringBuilder();
    for (int round = 0; round <= lastRound; round++) {
      if (round > 0) {
        expected.append(',');
      }
      expected.append('w').append(worker).append("-r").append(round).append(round % 4 == 3 ? "" : "+");
    }
    return expected.toString();
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("Gave up after " + TIMEOUT_SECONDS + " s waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted waiting for " + what, e);
    }
  }

  /** Releases the workers at V2 and lets the migration go on once they are half done. */
  private static final class HoldBeforeVersion2 implements Callback {

    private final CountDownLatch migrationHolding;
    private final CountDownLatch workersHalfDone;
    volatile boolean held;

    HoldBeforeVersion2(CountDownLatch migrationHolding, CountDownLatch workersHalfDone) {
      this.migrationHolding = migrationHolding;
      this.workersHalfDone = workersHalfDone;
    }

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.BEFORE_EACH_MIGRATE && context.getMigrationInfo() != null
          && "2".equals(context.getMigrationInfo().getVersion().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public void handle(Event event, Context context) {
      held = true;
      migrationHolding.countDown();
      await(workersHalfDone, "every worker to finish half its rounds");
    }

    @Override
    public String getCallbackName() {
      return "hold before V2";
    }
  }
}
