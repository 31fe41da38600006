package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.util.PSQLException;

/**
 * {@code SET NOT NULL}, {@code ADD CHECK} and {@code ADD FOREIGN KEY} in
 * autocommit on a large table run as steps that each commit on their own, and leave exactly the
 * schema the plain statement leaves, also when a row violates the constraint. Each case runs the
 * same statements on two copies of a table, one through pgjdbc and one through citussafe, and
 * compares the catalogs; on Citus also the shards.
 */
class LockLightDdlTest {

  /** 2,000 rows, analysed: above the threshold of 1,000 the tests set. */
  private static final String LOCK_LIGHT = "&citussafe.lockLightMinRows=1000";

  private static final List<String> STATEMENTS = List.of(
      "ALTER TABLE t ALTER COLUMN note SET NOT NULL",
      "ALTER TABLE t ADD CONSTRAINT n_positive CHECK (n > 0)",
      "ALTER TABLE t ADD CONSTRAINT t_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE",
      "ALTER TABLE \"Mixed Case\" ALTER COLUMN \"Note\" SET NOT NULL",
      "ALTER TABLE p ALTER COLUMN v SET NOT NULL",
      // PostgreSQL 15 cannot add a NOT VALID foreign key to a partitioned table: runs as written
      "ALTER TABLE p ADD CONSTRAINT p_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)");

  private static Schema prepared(TestDatabase database, String prefix, boolean citus) throws SQLException {
    Schema schema = database.newSchema(prefix);
    List<String> setup = new ArrayList<>(List.of(
        "CREATE TABLE parent (id bigint PRIMARY KEY)",
        "INSERT INTO parent SELECT g FROM generate_series(1, 50) g",
        "CREATE TABLE t (id bigint PRIMARY KEY, parent_id bigint, n int, note text)",
        "INSERT INTO t SELECT g, 1 + g % 50, g, 'x' FROM generate_series(1, 2000) g",
        "CREATE TABLE \"Mixed Case\" (id bigint PRIMARY KEY, \"Note\" text)",
        "INSERT INTO \"Mixed Case\" SELECT g, 'x' FROM generate_series(1, 2000) g",
        "CREATE TABLE p (id bigint NOT NULL, parent_id bigint, v int) PARTITION BY RANGE (id)",
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (1000)",
        "INSERT INTO p SELECT g, 1 + g % 50, g FROM generate_series(1, 999) g"));
    if (citus) {
      setup.addAll(List.of(
          "SELECT create_reference_table('parent')",
          "SELECT create_distributed_table('t', 'id')",
          "SELECT create_distributed_table('\"Mixed Case\"', 'id', colocate_with => 't')",
          "SELECT create_distributed_table('p', 'id', colocate_with => 'none')",
          "SELECT truncate_local_data_after_distributing_table('t')",
          "SELECT truncate_local_data_after_distributing_table('\"Mixed Case\"')",
          "SELECT truncate_local_data_after_distributing_table('p')"));
    }
    // a partition attached after the table was distributed
    setup.addAll(List.of(
        "CREATE TABLE p2 (LIKE p)",
        "INSERT INTO p2 SELECT g, 1 + g % 50, g FROM generate_series(1000, 1999) g",
        "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (1000) TO (2000)"));
    if (citus) {
      // attaching copies p2's rows into shards and leaves them on the coordinator too (R2's case)
      setup.add("SELECT truncate_local_data_after_distributing_table('p')");
    }
    setup.add("ANALYZE");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, setup);
    }
    return schema;
  }

  /** Constraints and NOT NULL columns of every table of the schema, for comparing two schemas. */
  private static List<String> catalog(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      List<String> out = new ArrayList<>(rows(c, "SELECT r.relname || ': ' || con.conname || ' ' || con.contype::text || ' '"
          + " || pg_get_constraintdef(con.oid) || ' validated=' || con.convalidated"
          + " FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid"
          + " WHERE r.relnamespace = current_schema()::regnamespace ORDER BY 1"));
      out.addAll(rows(c, "SELECT r.relname || '.' || a.attname || ' not null=' || a.attnotnull FROM pg_attribute a"
          + " JOIN pg_class r ON r.oid = a.attrelid WHERE r.relnamespace = current_schema()::regnamespace"
          + " AND r.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1"));
      return out;
    }
  }

  /** On Citus: the constraints of every shard placement of {@code table}, with the shard suffixes removed. */
  private static List<String> shardConstraints(Schema schema, String table) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, "SELECT regexp_replace(result, '_[0-9]+', '', 'g') FROM run_command_on_placements('" + table
          + "', $$SELECT string_agg(conname || ':' || convalidated, ',' ORDER BY conname) FROM pg_constraint"
          + " WHERE conrelid = '%s'::regclass$$) ORDER BY 1");
    }
  }

  private void sameSchemaAsThePlainStatements(TestDatabase database, boolean citus) throws SQLException {
    Schema plain = prepared(database, "light_plain", citus);
    Schema light = prepared(database, "light", citus);
    try (Connection c = plain.pgjdbcConnection()) {
      Sql.execute(c, STATEMENTS);
    }
    try (Connection c = DriverManager.getConnection(light.citusSafeUrl() + LOCK_LIGHT);
        Statement st = c.createStatement()) {
      for (String sql : STATEMENTS.subList(0, 3)) {
        st.execute(sql);
        assertThat(Sql.warnings(st)).as(sql).contains("each committed on its own");
      }
      for (String sql : STATEMENTS.subList(3, STATEMENTS.size())) {
        st.execute(sql);
      }
    }
    assertThat(catalog(light)).isEqualTo(catalog(plain)).noneMatch(line -> line.contains("citussafe"));
    if (citus) {
      for (String table : List.of("t", "p2")) {
        assertThat(shardConstraints(light, table)).isEqualTo(shardConstraints(plain, table))
            .noneMatch(line -> line.contains("citussafe"));
      }
    }
  }

  @Test
  void constraintDdl_largeTable_plainPostgres_sameSchemaAsThePlainStatements() throws SQLException {
    sameSchemaAsThePlainStatements(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void constraintDdl_largeTable_citus_sameSchemaAsThePlainStatementsOnEveryShard() throws SQLException {
    sameSchemaAsThePlainStatements(PostgresServers.citus(), true);
  }

  /** A violating row: the same SQLSTATE (and on plain PostgreSQL the same text) as the plain statement, nothing left. */
  private void violationsFailAsPlainAndLeaveNothing(TestDatabase database, boolean citus) throws SQLException {
    Schema plain = prepared(database, "light_bad_plain", citus);
    Schema light = prepared(database, "light_bad", citus);
    List<String> breakRows = List.of("UPDATE t SET note = NULL WHERE id = 7", "UPDATE t SET n = -1 WHERE id = 8",
        "UPDATE t SET parent_id = 999 WHERE id = 9");
    for (Schema schema : List.of(plain, light)) {
      try (Connection c = schema.pgjdbcConnection()) {
        Sql.execute(c, breakRows);
      }
    }
    for (String sql : STATEMENTS.subList(0, 3)) {
      SQLException expected;
      try (Connection c = plain.pgjdbcConnection(); Statement st = c.createStatement()) {
        expected = catchThrowableOfType(SQLException.class, () -> st.execute(sql));
      }
      SQLException actual;
      try (Connection c = DriverManager.getConnection(light.citusSafeUrl() + LOCK_LIGHT);
          Statement st = c.createStatement()) {
        actual = catchThrowableOfType(SQLException.class, () -> st.execute(sql));
      }
      assertThat((Object) actual).as(sql).isNotNull();
      assertThat(actual.getSQLState()).as(sql).isEqualTo(expected.getSQLState());
      if (!citus) {
        assertThat(actual.getMessage()).as(sql).startsWith(expected.getMessage().split("\n")[0]);
      }
    }
    assertThat(catalog(light)).isEqualTo(catalog(plain)).noneMatch(line -> line.contains("citussafe"));
    try (Connection c = light.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
          + " AND (conname IN ('n_positive', 't_parent_fk') OR conname LIKE 'citussafe%')")).isZero();
    }
    if (citus) {
      assertThat(shardConstraints(light, "t")).isEqualTo(shardConstraints(plain, "t"));
    }
  }

  @Test
  void violatingRows_plainPostgres_failWithPostgresOwnErrorAndLeaveNoConstraint() throws SQLException {
    violationsFailAsPlainAndLeaveNothing(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void violatingRows_citus_failWithPostgresOwnErrorAndLeaveNoConstraint() throws SQLException {
    violationsFailAsPlainAndLeaveNothing(PostgresServers.citus(), true);
  }

  @Test
  void setNotNullWithANull_message_isPostgresOwn() throws SQLException {
    Schema light = prepared(PostgresServers.plain(), "light_null", false);
    try (Connection c = DriverManager.getConnection(light.citusSafeUrl() + LOCK_LIGHT); Statement st = c.createStatement()) {
      st.execute("UPDATE t SET note = NULL WHERE id = 7");
      SQLException e = catchThrowableOfType(SQLException.class,
          () -> st.execute("ALTER TABLE t ALTER COLUMN note SET NOT NULL"));
      assertThat(e.getSQLState()).isEqualTo("23502");
      assertThat(e.getMessage()).isEqualTo("ERROR: column \"note\" of relation \"t\" contains null values");
      assertThat(((PSQLException) e).getServerErrorMessage().getTable()).isEqualTo("t");
      assertThat(((PSQLException) e).getServerErrorMessage().getSchema()).isEqualTo(light.name());
    }
  }

  /**
   * The size of a Citus table is read on the workers by connections outside this transaction,
   * which already holds every shard in ACCESS EXCLUSIVE mode: the read must take no lock, or the
   * migration waits for itself for good (as a Flyway history did on reference tables never
   * analysed, whose size was then read from the heap).
   */
  @Test
  @RequiresCitus
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void inATransaction_afterAlteringTheTable_citus_sizeIsReadWithoutWaitingForItself() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("light_own_lock");
    try (Connection c = schema.pgjdbcConnection()) {
      // never analysed, as a table loaded by the previous migration is
      Sql.execute(c, List.of(
          "CREATE TABLE plans (id int PRIMARY KEY, n int) WITH (autovacuum_enabled = false)",
          "CREATE TABLE events (id int PRIMARY KEY, n int) WITH (autovacuum_enabled = false)",
          "SELECT create_reference_table('plans')", "SELECT create_distributed_table('events', 'id')",
          "INSERT INTO plans SELECT g, g FROM generate_series(1, 2000) g",
          "INSERT INTO events SELECT g, g FROM generate_series(1, 2000) g"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + LOCK_LIGHT); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      for (String table : List.of("plans", "events")) {
        st.execute("ALTER TABLE " + table + " ADD COLUMN extra int");
        st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_extra_positive CHECK (extra > 0)");
        assertThat(Sql.warnings(st)).as(table).contains("until the transaction commits");
      }
      c.commit();
      assertThat(rows(c, "SELECT conname FROM pg_constraint WHERE conrelid IN ('plans'::regclass, 'events'::regclass)"
          + " AND contype = 'c' ORDER BY 1")).containsExactly("events_extra_positive", "plans_extra_positive");
    }
  }

  @Test
  void inATransaction_runsAsWrittenAndSaysHowToRunItOutsideOne() throws SQLException {
    Schema light = prepared(PostgresServers.plain(), "light_tx", false);
    try (Connection c = DriverManager.getConnection(light.citusSafeUrl() + LOCK_LIGHT); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("ALTER TABLE t ALTER COLUMN note SET NOT NULL");
      assertThat(Sql.warnings(st)).contains("until the transaction commits", "executeInTransaction=false",
          "runInTransaction=\"false\"");
      c.commit();
      assertThat(rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c'")).isEmpty();
    }
  }

  /** 2,000 rows, below the default 100,000: as written, and no note inside a transaction either. */
  private void smallTableRunsAsWritten(TestDatabase database, boolean citus) throws SQLException {
    Schema light = prepared(database, "light_small", citus);
    try (Connection c = DriverManager.getConnection(light.citusSafeUrl()); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE t ALTER COLUMN note SET NOT NULL");
      assertThat(Sql.warnings(st)).isEmpty();
      st.execute("ALTER TABLE p ALTER COLUMN v SET NOT NULL");
      assertThat(Sql.warnings(st)).as("a partitioned table's rows are its partitions'").isEmpty();
      c.setAutoCommit(false);
      st.execute("ALTER TABLE t ADD CONSTRAINT n_positive CHECK (n > 0)");
      assertThat(Sql.warnings(st)).isEmpty();
      c.commit();
    }
    try (Connection c = DriverManager.getConnection(light.citusSafeUrl() + LOCK_LIGHT); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE t ALTER COLUMN note DROP NOT NULL");
      st.execute("ALTER TABLE t ALTER COLUMN note SET NOT NULL");
      assertThat(Sql.warnings(st)).as("2,000 rows, above 1,000").contains("about 2000 rows");
    }
  }

  @Test
  void smallTable_plainPostgres_runsAsWritten() throws SQLException {
    smallTableRunsAsWritten(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void smallTable_citus_runsAsWrittenByTheShardsStatistics() throws SQLException {
    smallTableRunsAsWritten(PostgresServers.citus(), true);
  }

  /**
   * While the rows are checked, writers go on: VALIDATE holds a lock that does not conflict with
   * them, where the plain ADD CHECK holds ACCESS EXCLUSIVE. The check calls a function that waits
   * for an advisory lock this test holds, in the validating session only ({@code app.gate}), so
   * the check is caught in the middle without timing anything.
   */
  @Test
  void validatingRows_writersGoOn_butBehindThePlainStatementTheyWait() throws Exception {
    Schema schema = prepared(PostgresServers.plain(), "light_gate", false);
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE FUNCTION gate(n int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN"
          + " IF current_setting('app.gate', true) = 'on' THEN PERFORM pg_advisory_xact_lock_shared(4242); END IF;"
          + " RETURN n > 0; END $$"));
    }
    String gated = "&options=-c%20app.gate%3Don";
    String addCheck = "ALTER TABLE t ADD CONSTRAINT gated CHECK (gate(n))";
    try (Connection gate = schema.pgjdbcConnection(); Statement g = gate.createStatement()) {
      g.execute("SELECT pg_advisory_lock(4242)");
      Future<?> light = runAsync(schema.citusSafeUrl() + LOCK_LIGHT + gated, addCheck);
      awaitWaiting(schema, light, "advisory");
      CompletableFuture<Boolean> during = CompletableFuture.supplyAsync(() -> writeCompletes(schema));
      try (Connection observer = schema.pgjdbcConnection()) {
        while (!during.isDone()) {
          assertThat(queryLong(observer, "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation'"))
              .as("a write while the rows are validated waits for a table lock").isZero();
          Thread.sleep(20);
        }
      }
      assertThat(during.get()).isTrue();
      g.execute("SELECT pg_advisory_unlock(4242)");
      light.get(60, TimeUnit.SECONDS);

      g.execute("ALTER TABLE t DROP CONSTRAINT gated");
      g.execute("SELECT pg_advisory_lock(4242)");
      Future<?> plain = runAsync(schema.pgjdbcUrl() + gated, addCheck);
      awaitWaiting(schema, plain, "advisory");
      CompletableFuture<Boolean> write = CompletableFuture.supplyAsync(() -> writeCompletes(schema));
      awaitWaiting(schema, write, "relation");
      g.execute("SELECT pg_advisory_unlock(4242)");
      plain.get(60, TimeUnit.SECONDS);
      assertThat(write.get(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Flyway with {@code executeInTransaction=false} in the script's {@code .conf} file, the way the
   * in-transaction note tells: the migration runs lock-light, as the driver's log shows.
   */
  @Test
  void flywayMigrationOutsideATransaction_runsLockLight() throws Exception {
    Schema schema = PostgresServers.plain().newSchema("light_flyway");
    String log = capturingStandardError(() -> Flyway.configure()
        .dataSource(schema.citusSafeUrl() + LOCK_LIGHT, schema.user(), null)
        .locations("classpath:ecosystem/flyway/lock-light").load().migrate());
    assertThat(log).contains("ran as ALTER TABLE orders ADD CONSTRAINT citussafe_note_not_null CHECK (note IS NOT NULL)"
        + " NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT citussafe_note_not_null; the statement;", "each committed on its own");
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'orders'::regclass"
          + " AND attname = 'note'")).containsExactly("true");
      assertThat(rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c'"))
          .isEmpty();
    }
  }

  /** What the driver logged (slf4j-simple writes to standard error) while {@code work} ran. */
  private static String capturingStandardError(Runnable work) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  private static Future<?> runAsync(String url, String sql) {
    return CompletableFuture.runAsync(() -> {
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static boolean writeCompletes(Schema schema) {
    try (Connection c = schema.pgjdbcConnection(); Statement st = c.createStatement()) {
      return st.executeUpdate("UPDATE t SET n = n + 1 WHERE id = 1") == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls pg_locks until a session of the schema's user waits for a lock of this type (not a sleep for consistency). */
  private static void awaitWaiting(Schema schema, Future<?> waiting, String lockType) throws Exception {
    try (Connection observer = schema.pgjdbcConnection()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (queryLong(observer, "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = '" + lockType + "'")
          == 0) {
        assertThat(waiting.isDone()).as("finished without waiting for a lock").isFalse();
        assertThat(System.nanoTime()).as("no wait for a %s lock within 30 s", lockType).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }
}
