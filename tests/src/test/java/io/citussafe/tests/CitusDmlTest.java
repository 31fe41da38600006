package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeMetrics;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DML that Citus rejects on distributed tables (DESIGN.md §3 and §4), on a real cluster: through
 * plain pgjdbc it fails with Citus's error; through citussafe it succeeds and leaves what the
 * same statement leaves on a plain PostgreSQL copy of the data.
 */
@RequiresCitus
class CitusDmlTest {

  private static final List<String> SETUP = List.of(
      "CREATE TABLE up (id int PRIMARY KEY, v int, ts timestamptz, note text, uid uuid, updated_at timestamptz)",
      "INSERT INTO up SELECT g, g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 day', NULL, NULL, NULL"
          + " FROM generate_series(1, 100) g",
      "CREATE SEQUENCE up_seq",
      // a plain table beside the distributed one: Citus reads it through an intermediate result
      "CREATE TABLE picked (id int PRIMARY KEY)",
      "INSERT INTO picked SELECT g FROM generate_series(1, 100, 7) g",
      // and a Citus-local one (seed 205), read the same way
      "CREATE TABLE kept (id int PRIMARY KEY)",
      "INSERT INTO kept SELECT g FROM generate_series(1, 100, 5) g");

  private static void executeAndClose(Connection connection, List<String> statements) throws SQLException {
    try (connection) {
      Sql.execute(connection, statements);
    }
  }

  private static Schema citus(String prefix) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema(prefix);
    executeAndClose(schema.pgjdbcConnection(), SETUP);
    executeAndClose(schema.pgjdbcConnection(), List.of("SELECT create_distributed_table('up', 'id')",
        "SELECT citus_add_local_table_to_metadata('kept')"));
    return schema;
  }

  private static Schema plain(String prefix) throws SQLException {
    Schema schema = PostgresServers.plain().newSchema(prefix);
    executeAndClose(schema.pgjdbcConnection(), SETUP);
    return schema;
  }

  static Stream<Arguments> rejectedStatements() {
    return Stream.of(
        Arguments.of("UPDATE up SET uid = gen_random_uuid()",
            "must not be VOLATILE", "SELECT count(DISTINCT uid), count(uid) FROM up"),
        Arguments.of("UPDATE up SET uid = gen_random_uuid() WHERE id = 5",
            "must not be VOLATILE", "SELECT id FROM up WHERE uid IS NOT NULL"),
        Arguments.of("UPDATE up SET v = nextval('up_seq') WHERE id <= 10",
            "must not be VOLATILE", "SELECT v FROM up WHERE id <= 10 ORDER BY v"),
        Arguments.of("UPDATE up SET note = to_char(ts, 'YYYY-MM-DD') WHERE id <= 50",
            "cannot be called with column references", "SELECT id, note FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET ts = ts + (id || ' s')::interval WHERE id <= 20",
            "cannot be called with column references", "SELECT id, ts FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET note = coalesce(note, to_char(ts, 'YYYY'))",
            "non-IMMUTABLE functions are not allowed in CASE or COALESCE", "SELECT id, note FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET note = CASE WHEN id % 2 = 0 THEN to_char(ts, 'MM') ELSE 'odd' END",
            "non-IMMUTABLE functions are not allowed in CASE or COALESCE", "SELECT id, note FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET v = CASE WHEN id IN (SELECT id FROM picked) THEN -v ELSE v END",
            "non-IMMUTABLE functions are not allowed in CASE or COALESCE", "SELECT id, v FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET v = CASE WHEN id IN (SELECT id FROM kept) THEN 0 ELSE v END WHERE v % 2 = 0",
            "non-IMMUTABLE functions are not allowed in CASE or COALESCE", "SELECT id, v FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET note = CASE WHEN (SELECT max(id) FROM picked) = id THEN 'last' END WHERE id > 90",
            "non-IMMUTABLE functions are not allowed in CASE or COALESCE", "SELECT id, note FROM up ORDER BY id"),
        Arguments.of("UPDATE up SET v = v + 1 WHERE random() < 2 AND id > 50",
            "must not be VOLATILE", "SELECT id, v FROM up ORDER BY id"),
        Arguments.of("DELETE FROM up WHERE to_char(ts, 'MM') = '02'",
            "cannot be called with column references", "SELECT id FROM up ORDER BY id"),
        Arguments.of("DELETE FROM up WHERE id > 90 AND random() < 2",
            "must not be VOLATILE", "SELECT id FROM up ORDER BY id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedStatements")
  void rejectedStatement_failsThroughPgjdbc_andMatchesPlainPostgresThroughCitusSafe(String sql,
      String citusError, String check) throws SQLException {
    Schema onCitus = citus("dml");
    try (Connection pgjdbc = onCitus.pgjdbcConnection(); Statement st = pgjdbc.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate(sql))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(citusError)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
    Schema onPlain = plain("dml_plain");
    int expectedCount;
    List<String> expected;
    try (Connection connection = onPlain.pgjdbcConnection(); Statement st = connection.createStatement()) {
      expectedCount = st.executeUpdate(sql);
      expected = rows(connection, check);
    }
    try (Connection connection = DriverManager.getConnection(onCitus.citusSafeUrl());
        Statement st = connection.createStatement()) {
      assertThat(st.executeUpdate(sql)).isEqualTo(expectedCount);
      assertThat(warnings(st)).contains("Citus rejects the statement as written").contains(citusError);
      assertThat(rows(connection, check)).isEqualTo(expected);
    }
  }

  @Test
  void preparedRewrite_keepsParametersAndWorksRepeatedly() throws SQLException {
    Schema schema = citus("dml_prepared");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement(
            "UPDATE up SET uid = gen_random_uuid(), note = ? WHERE id BETWEEN ? AND ?")) {
      for (int round = 0; round < 7; round++) {
        ps.setString(1, "round " + round);
        ps.setInt(2, round * 10 + 1);
        ps.setInt(3, round * 10 + 10);
        assertThat(ps.executeUpdate()).isEqualTo(10);
      }
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(70);
      assertThat(rows(connection, "SELECT note FROM up WHERE id = 65")).containsExactly("round 6");
    }
  }

  @Test
  void rewriteWithReturning_returnsTheUpdatedRows() throws SQLException {
    Schema schema = citus("dml_returning");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement(
            "UPDATE up SET uid = gen_random_uuid() WHERE id <= ? RETURNING id, uid")) {
      ps.setInt(1, 3);
      List<String> returned = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          returned.add(rs.getInt(1) + "|" + rs.getString(2));
        }
      }
      assertThat(returned).hasSize(3);
      assertThat(rows(connection, "SELECT id || '|' || uid FROM up WHERE uid IS NOT NULL"))
          .containsExactlyInAnyOrderElementsOf(returned);
    }
  }

  @Test
  void rewrite_generatedKeysAndBatchesBehaveAsForTheOriginal() throws SQLException {
    Schema schema = citus("dml_keys");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement(
            "UPDATE up SET uid = gen_random_uuid() WHERE id = ?", new String[] {"uid"});
        Statement st = connection.createStatement()) {
      ps.setInt(1, 1);
      assertThat(ps.executeUpdate()).isEqualTo(1);
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getString("uid")).isEqualTo(rows(connection, "SELECT uid FROM up WHERE id = 1").get(0));
      }
      for (int id = 2; id <= 4; id++) {
        ps.setInt(1, id);
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      st.addBatch("UPDATE up SET uid = gen_random_uuid() WHERE id BETWEEN 5 AND 7");
      st.addBatch("UPDATE up SET v = 0 WHERE id = 8");
      st.addBatch("DELETE FROM up WHERE id = 9 AND random() < 2");
      assertThat(st.executeBatch()).containsExactly(3, 1, 1);
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(7);
    }
  }

  @Test
  void rewriteInTransaction_rollbackUndoesAndCommitKeeps() throws SQLException {
    Schema schema = citus("dml_txn");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      connection.setAutoCommit(false);
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid()")).isEqualTo(100);
      connection.rollback();
      assertThat(queryLong(connection, "SELECT count(uid) FROM up")).isZero();
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid()")).isEqualTo(100);
      connection.commit();
      connection.setAutoCommit(true);
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(100);
    }
  }

  /** ORM upserts: the stored value is the transaction's now(), also once pgjdbc prepares on the server. */
  @Test
  void preparedUpsertWithNow_storesEachTransactionsTimestamp() throws SQLException {
    Schema schema = citus("dml_upsert");
    String upsert = "INSERT INTO up (id, v) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v,"
        + " updated_at = now()";
    try (Connection pgjdbc = schema.pgjdbcConnection(); PreparedStatement ps = pgjdbc.prepareStatement(upsert)) {
      ps.setInt(1, 1);
      ps.setInt(2, 1);
      assertThatThrownBy(ps::executeUpdate).hasMessageContaining("must be marked IMMUTABLE");
    }
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement(upsert)) {
      connection.setAutoCommit(false);
      for (int round = 1; round <= 7; round++) {
        ps.setInt(1, round);
        ps.setInt(2, 1000 + round);
        assertThat(ps.executeUpdate()).isEqualTo(1);
        Timestamp transactionNow;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
          rs.next();
          transactionNow = rs.getTimestamp(1);
        }
        connection.commit();
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("SELECT updated_at, v FROM up WHERE id = " + round)) {
          rs.next();
          assertThat(rs.getTimestamp(1)).as("round %d", round).isEqualTo(transactionNow);
          assertThat(rs.getInt(2)).isEqualTo(1000 + round);
        }
        connection.commit();
      }
      connection.setAutoCommit(true);
      ps.setInt(1, 500);
      ps.setInt(2, 5);
      assertThat(ps.executeUpdate()).as("a new row is inserted as written").isEqualTo(1);
      assertThat(rows(connection, "SELECT v, updated_at IS NULL FROM up WHERE id = 500")).containsExactly("5|t");
    }
  }

  @Test
  void preparedUpsertBatch_inTransaction_storesTheTransactionsTimestamp() throws SQLException {
    Schema schema = citus("dml_upsert_batch");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement("INSERT INTO up (id, v) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v, updated_at = now()")) {
      connection.setAutoCommit(false);
      for (int id = 1; id <= 3; id++) {
        ps.setInt(1, id);
        ps.setInt(2, -id);
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      List<String> now = rows(connection, "SELECT now()");
      connection.commit();
      assertThat(rows(connection, "SELECT DISTINCT updated_at = '" + now.get(0) + "'::timestamptz FROM up"
          + " WHERE id <= 3")).containsExactly("t");
      assertThat(rows(connection, "SELECT sum(v) FROM up WHERE id <= 3")).containsExactly("-6");
    }
  }

  @Test
  void statementUpsertWithCurrentTimestamp_inAutocommit() throws SQLException {
    Schema schema = citus("dml_upsert_st");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      Timestamp before = new Timestamp(System.currentTimeMillis() - 60_000);
      assertThat(st.executeUpdate("INSERT INTO up (id, v) VALUES (9, 9) ON CONFLICT (id) DO UPDATE"
          + " SET updated_at = CURRENT_TIMESTAMP, note = 'upserted'")).isEqualTo(1);
      assertThat(warnings(st)).contains("DO UPDATE");
      try (ResultSet rs = st.executeQuery("SELECT updated_at, note FROM up WHERE id = 9")) {
        rs.next();
        assertThat(rs.getTimestamp(1)).isAfter(before);
        assertThat(rs.getString(2)).isEqualTo("upserted");
      }
    }
  }

  @Test
  void updateOfTheDistributionColumn_keepsCitusErrorWithAHint() throws SQLException {
    Schema schema = citus("dml_partition");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("UPDATE up SET id = id + 1000 WHERE id = 3"))
          .hasMessageContaining("modifying the partition value of rows is not allowed")
          .hasMessageContaining("citussafe hint")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      assertThatThrownBy(() -> st.executeUpdate("UPDATE up SET id = id + 1000, uid = gen_random_uuid() WHERE id = 3"))
          .hasMessageContaining("distribution column id");
    }
  }

  @Test
  void tableWithoutKey_keepsCitusErrorAndSaysWhatIsMissing() throws SQLException {
    Schema schema = citus("dml_nokey");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE nokey (a int, b uuid)");
      st.execute("SELECT create_distributed_table('nokey', 'a')");
      st.execute("INSERT INTO nokey SELECT generate_series(1, 10)");
      assertThatThrownBy(() -> st.executeUpdate("UPDATE nokey SET b = gen_random_uuid()"))
          .hasMessageContaining("must not be VOLATILE")
          .hasMessageContaining("no primary key")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
  }

  @Test
  void perShard_inAutocommit_sumsShardCounts() throws SQLException {
    Schema schema = citus("dml_pershard");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      long perShardRows = CitusSafeMetrics.of(connection).getPerShardRows();
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid() WHERE uid IS NULL AND id <= 60")).isEqualTo(60);
      assertThat(CitusSafeMetrics.of(connection).getPerShardRows() - perShardRows).isEqualTo(60);
      assertThat(warnings(st)).contains("shards in parallel on the workers");
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE up SET uid = gen_random_uuid(), note = ? WHERE uid IS NULL AND id > ?")) {
        ps.setString(1, "it's 100% done?");
        ps.setInt(2, 80);
        assertThat(ps.executeUpdate()).isEqualTo(20);
      }
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(80);
      assertThat(rows(connection, "SELECT DISTINCT note FROM up WHERE id > 80")).containsExactly("it's 100% done?");
    }
  }

  @Test
  void perShard_inTransaction_fallsBackToAtomicAndRollsBack() throws SQLException {
    Schema schema = citus("dml_pershard_txn");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      connection.setAutoCommit(false);
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid()")).isEqualTo(100);
      assertThat(warnings(st)).contains("in autocommit").contains("atomic rewrite instead");
      connection.rollback();
      connection.setAutoCommit(true);
      assertThat(queryLong(connection, "SELECT count(uid) FROM up")).isZero();
    }
  }

  @Test
  void perShard_partialFailure_listsShardsAndRerunFinishes() throws SQLException {
    Schema schema = citus("dml_pershard_fail");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      st.execute("ALTER TABLE up ADD CONSTRAINT v_not_77 CHECK (v <> 77) NOT VALID");
      String backfill = "UPDATE up SET uid = gen_random_uuid(), v = id WHERE uid IS NULL";
      st.executeUpdate("UPDATE up SET v = 0 WHERE id = 77");
      assertThatThrownBy(() -> st.executeUpdate(backfill))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("failed on 1 of 4 shards")
          .hasMessageContaining("v_not_77")
          .hasMessageContaining("not transactional")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22000"));
      long done = queryLong(connection, "SELECT count(uid) FROM up");
      assertThat(done).isBetween(1L, 99L);
      st.execute("ALTER TABLE up DROP CONSTRAINT v_not_77");
      assertThat(st.executeUpdate(backfill)).isEqualTo(100 - done);
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(100);
    }
  }

  private static Schema backfillTable(String prefix) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema(prefix);
    executeAndClose(schema.pgjdbcConnection(), List.of(
        "CREATE TABLE bf (id int PRIMARY KEY, v int, uid uuid, times int NOT NULL DEFAULT 0)",
        "INSERT INTO bf (id) SELECT generate_series(1, 3000)",
        "SELECT create_distributed_table('bf', 'id')"));
    return schema;
  }

  @Test
  void backfill_runsInKeyOrderedBatches() throws SQLException {
    Schema schema = backfillTable("backfill");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.backfillBatchRows=50");
        Statement st = connection.createStatement()) {
      long batchedRows = CitusSafeMetrics.of(connection).getBatchedRows();
      assertThat(st.executeUpdate("UPDATE bf SET v = id * 2, times = times + 1 WHERE v IS NULL")).isEqualTo(3000);
      assertThat(CitusSafeMetrics.of(connection).getBatchedRows() - batchedRows).isEqualTo(3000);
      assertThat(warnings(st)).contains("key-ordered batches of up to 200 rows (50 per shard)");
      assertThat(st.executeUpdate("UPDATE bf SET uid = gen_random_uuid() WHERE uid IS NULL")).isEqualTo(3000);
      assertThat(rows(connection, "SELECT count(*), count(DISTINCT uid), min(times), max(times),"
          + " bool_and(v = id * 2) FROM bf")).containsExactly("3000|3000|1|1|t");
      assertThat(st.executeUpdate("UPDATE bf SET times = times + 1 WHERE id <= 100")).isEqualTo(100);
      assertThat(warnings(st)).doesNotContain("batches");
    }
  }

  /** A terminated session loses only its current batch; running the statement again finishes. */
  @Test
  void backfill_terminatedMidway_resumesWhenRunAgain() throws Exception {
    Schema schema = backfillTable("backfill_kill");
    String url = schema.citusSafeUrl() + "&citussafe.backfillBatchRows=5&ApplicationName=citussafe_backfill";
    String backfill = "UPDATE bf SET v = id * 2, times = times + 1 WHERE v IS NULL";
    CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
      try (Connection connection = DriverManager.getConnection(url); Statement st = connection.createStatement()) {
        return st.executeUpdate(backfill);
      } catch (SQLException e) {
        return -1;
      }
    });
    try (Connection watcher = schema.pgjdbcConnection()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean killed = false;
      while (!killed && !running.isDone() && System.nanoTime() < deadline) {
        if (queryLong(watcher, "SELECT count(v) FROM bf") > 0) {
          killed = !rows(watcher, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'citussafe_backfill' AND state = 'active'"
              + " AND query LIKE '%citussafe_rows%'").isEmpty();
        }
      }
      assertThat(killed).as("the backfill was terminated while running").isTrue();
      assertThat(running.get(60, TimeUnit.SECONDS)).as("the terminated backfill failed").isEqualTo(-1);
      long done = queryLong(watcher, "SELECT count(v) FROM bf");
      assertThat(done).isBetween(1L, 2999L);
      assertThat(queryLong(watcher, "SELECT count(*) FROM bf WHERE times > 1")).isZero();
    }
    try (Connection connection = DriverManager.getConnection(url); Statement st = connection.createStatement()) {
      st.executeUpdate(backfill);
      assertThat(rows(connection, "SELECT count(*), count(v), min(times), max(times), bool_and(v = id * 2) FROM bf"))
          .containsExactly("3000|3000|1|1|t");
    }
  }

  /** Regression: per-shard mode updated one copy of each reference-table shard only. */
  @Test
  void perShard_onReferenceTable_runsAtomicallyOnEveryCopy() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("dml_pershard_ref");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      Sql.execute(connection, List.of("CREATE TABLE r (id int PRIMARY KEY, u uuid)",
          "INSERT INTO r SELECT generate_series(1, 5)", "SELECT create_reference_table('r')"));
      assertThat(st.executeUpdate("UPDATE r SET u = gen_random_uuid() WHERE u IS NULL")).isEqualTo(5);
      assertThat(rows(connection, "SELECT DISTINCT result FROM run_command_on_placements('r',"
          + " $$SELECT count(*) FROM %s WHERE u IS NULL$$)")).containsExactly("0");
    }
  }

  /** Regression: a prepared batch in per-shard or backfill mode ran only its last entry. */
  @ParameterizedTest
  @MethodSource("onceOnlyModes")
  void preparedBatch_inPerShardOrBackfillMode_runsEveryEntry(String mode) throws SQLException {
    Schema schema = citus("dml_batch_modes");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + mode);
        PreparedStatement ps = connection.prepareStatement("UPDATE up SET uid = gen_random_uuid() WHERE id = ?")) {
      for (int id = 1; id <= 3; id++) {
        ps.setInt(1, id);
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      assertThat(queryLong(connection, "SELECT count(uid) FROM up")).isEqualTo(3);
    }
  }

  static Stream<String> onceOnlyModes() {
    return Stream.of("&citussafe.bulkUpdate=per-shard", "&citussafe.backfillBatchRows=1");
  }

  /** Regression: after an explicit BEGIN in autocommit, per-shard mode committed on its own. */
  @Test
  void perShard_afterExplicitBegin_isRolledBackWithTheTransaction() throws SQLException {
    Schema schema = citus("dml_begin");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      st.execute("BEGIN");
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid()")).isEqualTo(100);
      assertThat(warnings(st)).contains("atomic rewrite instead");
      st.execute("ROLLBACK");
      assertThat(queryLong(connection, "SELECT count(uid) FROM up")).isZero();
    }
  }

  /** Regression: the rewrite cast char(3) values to character, i.e. char(1), and cut them. */
  @Test
  void rewrite_keepsFixedLengthCharacterValues() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("dml_char");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        Statement st = connection.createStatement()) {
      Sql.execute(connection, List.of("CREATE TABLE c (id int PRIMARY KEY, code char(3), u uuid)",
          "INSERT INTO c SELECT generate_series(1, 3)", "SELECT create_distributed_table('c', 'id')"));
      assertThat(st.executeUpdate("UPDATE c SET code = 'abc', u = gen_random_uuid()")).isEqualTo(3);
      assertThat(rows(connection, "SELECT DISTINCT code FROM c")).containsExactly("abc");
      assertThatThrownBy(() -> st.executeUpdate("UPDATE c SET code = 'abcd', u = gen_random_uuid()"))
          .hasMessageContaining("value too long");
    }
  }

  /** Regression: a jsonb ? operator in a plain Statement made per-shard mode throw IllegalArgumentException. */
  @Test
  void perShard_plainStatementWithJsonbQuestionMark_runsAtomically() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("dml_jsonb");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      Sql.execute(connection, List.of("CREATE TABLE j (id int PRIMARY KEY, data jsonb, u uuid)",
          "INSERT INTO j SELECT g, jsonb_build_object('k', g) FROM generate_series(1, 4) g",
          "SELECT create_distributed_table('j', 'id')"));
      assertThat(st.executeUpdate("UPDATE j SET u = gen_random_uuid() WHERE data ? 'k'")).isEqualTo(4);
      assertThat(queryLong(connection, "SELECT count(DISTINCT u) FROM j")).isEqualTo(4);
    }
  }

  /** Regression: a prepared batch's failure lost its BatchUpdateException type to the hint. */
  @Test
  void preparedBatchFailure_staysABatchUpdateExceptionWithTheHint() throws SQLException {
    Schema schema = citus("dml_batch_fail");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement ps = connection.prepareStatement("UPDATE up SET id = id + 1000 WHERE id = ?")) {
      ps.setInt(1, 1);
      ps.addBatch();
      assertThatThrownBy(ps::executeBatch)
          .isInstanceOf(java.sql.BatchUpdateException.class)
          .hasMessageContaining("modifying the partition value")
          .hasMessageContaining("citussafe hint");
    }
  }

  @Test
  void plainPostgres_sameStatementsRunAsWritten() throws SQLException {
    Schema schema = plain("dml_plain_only");
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Statement st = connection.createStatement()) {
      assertThat(st.executeUpdate("UPDATE up SET uid = gen_random_uuid()")).isEqualTo(100);
      assertThat(warnings(st)).isEmpty();
      assertThat(queryLong(connection, "SELECT count(DISTINCT uid) FROM up")).isEqualTo(100);
    }
  }
}
