package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The workload every pool test runs: a pool of {@value #POOL_SIZE} shared by {@value #THREADS}
 * threads running mixed statements while Flyway migrates the incident set to another schema of the
 * same database (so the workers and the migration share one cluster's metadata and plan caches).
 *
 * <p>Overlap without sleeping: a Flyway callback holds the migration before V2 until every
 * worker is half done, so V2 to V6 (distribution, backfill, SET NOT NULL, CHECK, index) run while
 * the workers do their second half. Each worker stamps what it writes and sets with its own
 * name, and checks it reads back only its own.
 */
final class PoolWorkload {

  static final int POOL_SIZE = 16;
  static final int THREADS = 32;
  static final int ROUNDS = 12;
  static final long TIMEOUT_SECONDS = 120;

  private PoolWorkload() {
  }

  /**
   * The schemas of one pool test, on one database: where the workers work, where Flyway migrates,
   * and a second one a borrower switches to.
   */
  record Schemas(Schema work, Schema migrated, Schema other) {

    static Schemas create(TestDatabase database, String prefix) throws SQLException {
      return new Schemas(database.newAppUserSchema(prefix), database.newAppUserSchema(prefix + "_flyway"),
          database.newAppUserSchema(prefix + "_other"));
    }
  }

  /**
   * {@link #runDuringMigration} with Flyway migrating through the pool itself, then
   * {@link PooledConnectionState} on the same pool.
   *
   * @param resets what the pool, as configured, puts back on a returned connection
   * @param cachesStatements the pool, as configured, keeps prepared statements per connection
   */
  static void runThroughPool(DataSource pool, Schemas schemas, boolean citus, IntSupplier borrowed,
      Set<PooledConnectionState.Reset> resets, boolean cachesStatements) throws Exception {
    runDuringMigration(pool, schemas.work(), flywayThroughPool(pool, schemas.migrated()), schemas.migrated(), citus,
        borrowed);
    new PooledConnectionState(pool, schemas.work(), schemas.other(), citus, resets, cachesStatements)
        .assertKeptAcrossBorrows();
  }

  /** Flyway on a connection of its own, by URL: the pool serves only the workers. */
  static FluentConfiguration flywayByUrl(Schema migrated) {
    return Flyway.configure().dataSource(migrated.citusSafeUrl(), migrated.user(), null);
  }

  /**
   * Flyway on the pool's own connections, as an application that hands its DataSource to Flyway:
   * Flyway sets its schema on the connections it borrows and puts the old search path back.
   */
  static FluentConfiguration flywayThroughPool(DataSource pool, Schema migrated) {
    return Flyway.configure().dataSource(pool).schemas(migrated.name());
  }

  /**
   * Runs the workers on {@code pool} while {@code flyway} migrates, then checks the migration, the
   * workers' rows and that no connection stays borrowed.
   *
   * @param schema where the workers work, through the pool
   * @param flyway Flyway with its data source; the migrations and the holding callback are added here
   * @param migrated where Flyway migrates, on the same database: a schema of its own because
   *     Flyway refuses to start on a non-empty one
   * @param borrowed the pool's count of connections borrowed now
   */
  static void runDuringMigration(DataSource pool, Schema schema, FluentConfiguration flyway, Schema migrated,
      boolean citus, IntSupplier borrowed) throws Exception {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE work_items (worker int, seq int, payload text NOT NULL, PRIMARY KEY (worker, seq))");
      s.execute("SELECT create_distributed_table('work_items', 'worker')");
    }

    CountDownLatch migrationHolding = new CountDownLatch(1);
    CountDownLatch workersHalfDone = new CountDownLatch(THREADS);
    HoldBeforeVersion2 hold = new HoldBeforeVersion2(migrationHolding, workersHalfDone);
    ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
    try {
      Future<MigrateResult> migration = executor.submit(() -> {
        try {
          return flyway.locations(Incident.FLYWAY_LOCATION).callbacks(hold).load().migrate();
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
      assertThat(borrowed.getAsInt()).as("connections still borrowed").isZero();
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
  private static void runRound(DataSource pool, int worker, int round) throws SQLException {
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

  static void await(CountDownLatch latch, String what) {
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
