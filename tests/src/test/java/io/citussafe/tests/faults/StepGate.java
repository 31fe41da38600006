package io.citussafe.tests.faults;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Makes one step of the driver's work wait where a test can see it, so that a fault strikes that
 * step and no other, without sleeping. A holder session takes a lock the step needs and keeps its
 * transaction open; the test polls {@code pg_locks} until the step's backend waits for it, then
 * terminates that backend or lets its statement_timeout fire; {@link #close()} ends the holder.
 *
 * <ul>
 *   <li>{@link #ddl}: an event trigger on {@code ddl_command_start} (installed by the superuser,
 *       coordinator only) takes a shared advisory lock when the session's
 *       {@code citussafe_fault.pattern} matches the statement's text: so one DDL statement among
 *       several of a plan waits, the others run;
 *   <li>{@link #table}: {@code LOCK TABLE … IN EXCLUSIVE MODE}, which blocks writes and not reads;
 *   <li>{@link #shard}: the rows of one shard locked on its worker: one shard's command of a per-shard
 *       run waits.
 * </ul>
 */
final class StepGate implements AutoCloseable {

  private static final long KEY = 7_311_411L;
  private static final String FUNCTION = "public.citussafe_fault_gate";
  private static final String TRIGGER = "citussafe_fault_gate";

  private final Connection holder;
  /** The node the holder is on ({@code host:port}), null for the coordinator or plain server. */
  final String node;
  private final TestDatabase database;

  private StepGate(TestDatabase database, Connection holder, String node) {
    this.database = database;
    this.holder = holder;
    this.node = node;
  }

  /** Installs the event trigger of {@link #ddl} on the database (idempotent). */
  static void install(TestDatabase database) throws SQLException {
    try (Connection c = database.superuserConnection()) {
      Sql.execute(c, List.of("CREATE OR REPLACE FUNCTION " + FUNCTION + "() RETURNS event_trigger LANGUAGE plpgsql"
          + " AS $$ BEGIN IF current_query() ILIKE coalesce(nullif(current_setting('citussafe_fault.pattern', true),"
          + " ''), '-') THEN PERFORM pg_advisory_xact_lock_shared(" + KEY + "); END IF; END $$"));
      if (queryLong(c, "SELECT count(*) FROM pg_event_trigger WHERE evtname = '" + TRIGGER + "'") == 0) {
        Sql.execute(c, List.of("CREATE EVENT TRIGGER " + TRIGGER + " ON ddl_command_start EXECUTE FUNCTION "
            + FUNCTION + "()"));
      }
    }
  }

  static void uninstall(TestDatabase database) throws SQLException {
    try (Connection c = database.superuserConnection()) {
      Sql.execute(c, List.of("DROP EVENT TRIGGER IF EXISTS " + TRIGGER, "DROP FUNCTION IF EXISTS " + FUNCTION + "()"));
    }
  }

  /** Holds DDL whose text matches the pattern that the faulted session sets (see {@link #pattern}). */
  static StepGate ddl(TestDatabase database) throws SQLException {
    return held(database, null, "SELECT pg_advisory_xact_lock(" + KEY + ")");
  }

  /** The statement that makes the session's DDL matching {@code like} wait at the gate. */
  static String pattern(String like) {
    return "SET citussafe_fault.pattern = '" + like.replace("'", "''") + "'";
  }

  static StepGate table(TestDatabase database, Schema schema, String table) throws SQLException {
    return held(database, schema.pgjdbcConnection(), "LOCK TABLE " + table + " IN EXCLUSIVE MODE");
  }

  /** Locks the rows of the first shard of {@code table} on its worker; {@link #shardRows} says how many. */
  static StepGate shard(TestDatabase database, Schema schema, String table) throws SQLException {
    String node;
    String shard;
    try (Connection c = schema.pgjdbcConnection()) {
      List<String> placement = rows(c, "SELECT nodename || ':' || nodeport, shard_name(logicalrelid, shardid)"
          + " FROM pg_dist_shard JOIN pg_dist_placement USING (shardid) JOIN pg_dist_node USING (groupid)"
          + " WHERE logicalrelid = '" + table + "'::regclass ORDER BY shardid LIMIT 1");
      node = placement.get(0).split("\\|")[0];
      shard = placement.get(0).split("\\|")[1];
    }
    Connection holder = database.superuserConnectionTo(node);
    StepGate gate = new StepGate(database, holder, node);
    holder.setAutoCommit(false);
    // row locks: Citus refuses LOCK TABLE on a shard
    Sql.execute(holder, List.of("SELECT 1 FROM " + shard + " FOR UPDATE"));
    gate.shardRows = queryLong(holder, "SELECT count(*) FROM " + shard);
    return gate;
  }

  /** Rows in the locked shard ({@link #shard} only). */
  long shardRows;

  private static StepGate held(TestDatabase database, Connection connection, String lock) throws SQLException {
    Connection holder = connection != null ? connection : database.superuserConnection();
    holder.setAutoCommit(false);
    Sql.execute(holder, List.of(lock));
    return new StepGate(database, holder, null);
  }

  /**
   * Polls the holder's node until a backend waits for a lock there ({@code pid}'s, or, when 0,
   * any other than the holder), and returns its pid. Fails when the statement ends first or after
   * 30 s. A poll of the server's lock table, not a sleep for consistency.
   */
  int awaitWaiter(int pid, Future<?> statement) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String query = "SELECT coalesce(min(pid), 0) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
        + (pid == 0 ? "" : " AND pid = " + pid);
    try (Connection observer = observer()) {
      while (true) {
        int waiting = (int) queryLong(observer, query);
        if (waiting != 0) {
          return waiting;
        }
        assertThat(statement.isDone()).as("the statement ended without reaching the gated step").isFalse();
        assertThat(System.nanoTime()).as("no backend waiting at the gate within 30 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    }
  }

  /** Terminates backend {@code pid} on the holder's node. */
  void terminate(int pid) throws SQLException {
    try (Connection observer = observer()) {
      assertThat(rows(observer, "SELECT pg_terminate_backend(" + pid + ")")).containsExactly("t");
    }
  }

  /**
   * Polls the holder's node until no backend other than the observer runs a statement whose text
   * contains {@code text}: after a fault, a per-shard command still running on its worker.
   */
  void awaitNoneRunning(String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection observer = observer()) {
      while (queryLong(observer, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
          + " AND pid <> pg_backend_pid() AND strpos(query, '" + text.replace("'", "''") + "') > 0") > 0) {
        assertThat(System.nanoTime()).as("a command still running after 30 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    }
  }

  private Connection observer() throws SQLException {
    return node == null ? database.superuserConnection() : database.superuserConnectionTo(node);
  }

  /** Ends the holder's transaction: the gated step, if still waiting, goes on. */
  void release() throws SQLException {
    holder.rollback();
  }

  @Override
  public void close() throws SQLException {
    try {
      release();
    } finally {
      holder.close();
    }
  }
}
