package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citussafe.driver.CitusSafeMetrics;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * on a migration connection, DDL waiting for a lock gives up after
 * {@code citussafe.lockTimeout} on every node, is retried in autocommit, and is reported as the
 * lock timeout it is (55P03, the table, the node, the holder). A session named {@code long_report}
 * holds a lock on the table; on Citus it holds it on one shard on a worker only, which a
 * coordinator-only lock_timeout would not see. Application connections are not touched.
 */
class LockTimeoutTest {

  private static final String MIGRATION = "&citussafe.sequentialTransactions=always&ApplicationName=migrator";

  private static Schema prepared(TestDatabase database, boolean citus) throws SQLException {
    Schema schema = database.newSchema("locks");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE t (id bigint PRIMARY KEY, n int)",
          "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g"));
      if (citus) {
        Sql.execute(c, List.of("SELECT create_distributed_table('t', 'id')",
            "SELECT truncate_local_data_after_distributing_table('t')"));
      }
    }
    return schema;
  }

  /**
   * An open transaction of application {@code long_report} that has read the table: on plain
   * PostgreSQL the table itself, on Citus one shard, read on its worker.
   */
  private static Connection holder(TestDatabase database, Schema schema, boolean citus) throws SQLException {
    String table = schema.name() + ".t";
    Connection holder;
    if (citus) {
      String node;
      try (Connection c = schema.pgjdbcConnection()) {
        List<String> placement = rows(c, "SELECT nodename || ':' || nodeport || '|' || shard_name(logicalrelid, shardid)"
            + " FROM pg_dist_shard JOIN pg_dist_placement USING (shardid) JOIN pg_dist_node USING (groupid)"
            + " WHERE logicalrelid = 't'::regclass ORDER BY shardid LIMIT 1");
        node = placement.get(0).split("\\|")[0];
        table = placement.get(0).split("\\|")[1];
      }
      holder = database.superuserConnectionTo(node);
    } else {
      holder = database.superuserConnection();
    }
    Sql.execute(holder, List.of("SET application_name = 'long_report'"));
    holder.setAutoCommit(false);
    Sql.execute(holder, List.of("SELECT count(*) FROM " + table));
    return holder;
  }

  private void retriesStop(TestDatabase database, boolean citus) throws SQLException {
    Schema schema = prepared(database, citus);
    try (Connection holder = holder(database, schema, citus);
        Connection c = DriverManager.getConnection(schema.citusSafeUrl() + MIGRATION
            + "&citussafe.lockTimeout=300ms&citussafe.lockRetries=2");
        Statement st = c.createStatement()) {
      CitusSafeMetrics metrics = CitusSafeMetrics.of(c);
      long giveUps = metrics.getLockWaitGiveUps();
      long retries = metrics.getLockWaitRetries();
      long start = System.nanoTime();
      SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute("ALTER TABLE t ADD COLUMN extra int"));
      assertThat(metrics.getLockWaitGiveUps() - giveUps).as("gave up for good once").isEqualTo(1);
      assertThat(metrics.getLockWaitRetries() - retries).as("tried again twice").isEqualTo(2);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat((Object) e).isNotNull();
      assertThat(e.getSQLState()).isEqualTo("55P03");
      assertThat(e.getMessage()).contains("gave up waiting for a lock on t", "citussafe.lockTimeout=300ms", "3 tries",
          "application 'long_report'", "nothing was changed", "ALTER TABLE t ADD COLUMN extra int");
      if (citus) {
        assertThat(e.getMessage()).containsPattern("\\(on [^ ]+:[0-9]+\\)");
      }
      assertThat(waitedMillis).as("three tries of 300 ms, not a wait for the holder").isGreaterThanOrEqualTo(900);
      holder.rollback();
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
          + " AND table_name = 't' AND column_name = 'extra'")).isZero();
    }
  }

  @Test
  void lockHeld_plainPostgres_triesThenGivesUpNamingTableAndHolder() throws SQLException {
    retriesStop(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void lockHeldOnAWorkerShard_citus_triesThenGivesUpNamingTableNodeAndHolder() throws SQLException {
    retriesStop(PostgresServers.citus(), true);
  }

  /**
   * The holder ends after at least one try gave up: a later try succeeds. Tries are told apart by
   * the migration backend's {@code query_start}, polled on the coordinator.
   */
  private void retrySucceeds(TestDatabase database, boolean citus) throws Exception {
    Schema schema = prepared(database, citus);
    try (Connection holder = holder(database, schema, citus);
        Connection c = DriverManager.getConnection(schema.citusSafeUrl() + MIGRATION
            + "&citussafe.lockTimeout=200ms&citussafe.lockRetries=50");
        Statement st = c.createStatement();
        Connection observer = database.superuserConnection()) {
      CompletableFuture<String> alter = CompletableFuture.supplyAsync(() -> {
        try {
          st.execute("ALTER TABLE t ADD COLUMN extra int");
          return Sql.warnings(st);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Set<String> tries = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (tries.size() < 2) {
        try (Statement o = observer.createStatement(); ResultSet rs = o.executeQuery("SELECT query_start::text"
            + " FROM pg_stat_activity WHERE application_name = 'migrator' AND query LIKE 'ALTER TABLE t%'")) {
          while (rs.next()) {
            tries.add(rs.getString(1));
          }
        }
        assertThat(alter.isDone()).as("the ALTER finished while the lock was held").isFalse();
        assertThat(System.nanoTime()).as("no second try seen within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      holder.rollback();
      assertThat(alter.get(60, TimeUnit.SECONDS)).contains("citussafe: ran at try");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
          + " AND table_name = 't' AND column_name = 'extra'")).isEqualTo(1);
    }
  }

  @Test
  void holderEnds_plainPostgres_aLaterTrySucceeds() throws Exception {
    retrySucceeds(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void holderEnds_citus_aLaterTrySucceeds() throws Exception {
    retrySucceeds(PostgresServers.citus(), true);
  }

  @Test
  @RequiresCitus
  void inAMigrationTransaction_citus_errorReachesTheCallerWithAHint() throws SQLException {
    TestDatabase citus = PostgresServers.citus();
    Schema schema = prepared(citus, true);
    try (Connection holder = holder(citus, schema, true);
        Connection c = DriverManager.getConnection(schema.citusSafeUrl() + MIGRATION + "&citussafe.lockTimeout=300ms");
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("300ms");
      }
      SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute("ALTER TABLE t ADD COLUMN extra int"));
      assertThat(e.getSQLState()).isEqualTo("55P03");
      assertThat(e.getMessage()).contains("gave up waiting for a lock on t", "transaction is aborted",
          "raise citussafe.lockTimeout");
      c.rollback();
      holder.rollback();
    }
  }

  @Test
  void applicationConnection_noLockTimeout() throws SQLException {
    Schema schema = prepared(PostgresServers.plain(), false);
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("ALTER TABLE t ADD COLUMN extra int");
      try (ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("0");
      }
      assertThat(Sql.warnings(st)).isEmpty();
      c.commit();
    }
  }
}
