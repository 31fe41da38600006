package io.citussafe.tests.faults;

import static io.citussafe.tests.support.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.SqlState;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * Faults at each step of each multi-step rewrite ({@link FaultScenario#all()}): the step is held
 * at a {@link StepGate}, then its backend is terminated ({@code pg_terminate_backend} from another
 * session) or its statement_timeout fires. Checked: the error's SQLSTATE, that it names the step
 * that failed and the state it leaves; the table's structure and rows right after the fault; that
 * the statement run again completes; and the structure and rows after that.
 */
class RewriteFaultsTest {

  enum Fault { TERMINATED, STATEMENT_TIMEOUT }

  private static final int ROWS = 40;
  /** Long against a step on an idle cluster (tens of milliseconds), short for the test. */
  private static final String TIMEOUT = "1s";
  private static final List<TestDatabase> GATED = new ArrayList<>();

  static Stream<Arguments> plain() {
    return cases(false);
  }

  static Stream<Arguments> citus() {
    return cases(true);
  }

  private static Stream<Arguments> cases(boolean citus) {
    return FaultScenario.all().stream().filter(s -> citus || !s.citusOnly())
        .flatMap(s -> Arrays.stream(Fault.values()).map(f -> Arguments.of(s, f)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("plain")
  void faultAtStep_plainPostgres(FaultScenario scenario, Fault fault) throws Exception {
    strike(PostgresServers.plain(), false, scenario, fault);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("citus")
  void faultAtStep_citus(FaultScenario scenario, Fault fault) throws Exception {
    strike(PostgresServers.citus(), true, scenario, fault);
  }

  @AfterAll
  static void removeGates() throws SQLException {
    for (TestDatabase database : GATED) {
      StepGate.uninstall(database);
    }
  }

  /** What the statement did: its error, or none when it succeeded. */
  private record Outcome(SQLException error) {}

  private void strike(TestDatabase database, boolean citus, FaultScenario scenario, Fault fault) throws Exception {
    if (!GATED.contains(database)) {
      StepGate.install(database);
      GATED.add(database);
    }
    Schema schema = database.newSchema("fault");
    String url = schema.citusSafeUrl() + scenario.settings();
    try (Connection c = DriverManager.getConnection(url)) {
      Sql.execute(c, List.of(
          "CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL DEFAULT 0 CONSTRAINT t_n_check CHECK (n >= 0),"
              + " note text, touched timestamptz)",
          "INSERT INTO t (id, note) SELECT g, 'note ' || g FROM generate_series(1, " + ROWS + ") g",
          "SELECT create_distributed_table('t', 'id')"));
    }
    String data = data(schema);
    long shardRows = -1;
    Outcome outcome;
    try (Connection c = DriverManager.getConnection(url); StepGate gate = gate(database, schema, scenario)) {
      int pid = c.unwrap(PGConnection.class).getBackendPID();
      if (fault == Fault.STATEMENT_TIMEOUT) {
        Sql.execute(c, List.of("SET statement_timeout = '" + TIMEOUT + "'"));
      }
      if (scenario.pattern() != null) {
        Sql.execute(c, List.of(StepGate.pattern(scenario.pattern())));
      }
      shardRows = gate.shardRows;
      CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(() -> run(c, scenario.statement()));
      int waiter = gate.awaitWaiter(scenario.gate() == FaultScenario.Gate.SHARD ? 0 : pid, running);
      if (fault == Fault.TERMINATED) {
        gate.terminate(waiter);
      }
      outcome = running.get(60, TimeUnit.SECONDS);
      gate.release();
      if (scenario.gate() == FaultScenario.Gate.SHARD) {
        // per-shard commands run on connections of their own: wait until none is left on the worker
        gate.awaitNoneRunning("SET n = n + 1");
      }
    }
    assertError(scenario, fault, outcome);

    String afterFault = fault == Fault.TERMINATED ? scenario.afterTerminated() : scenario.afterTimeout();
    if (scenario.statement().equals(FaultScenario.UPDATE)) {
      assertThat(structure(schema)).isEqualTo(sorted(FaultScenario.BASE));
      String rows = rowState(schema);
      if (afterFault != null) {
        assertThat(rows).as("rows right after the fault").isEqualTo(afterFault);
      } else if (fault == Fault.TERMINATED) {
        assertThat(rows).as("the terminated shard's rows only are left").isEqualTo(shardRows + "|" + (ROWS - shardRows));
      } else {
        assertThat(Arrays.stream(rows.split("\\|")).mapToLong(Long::parseLong).sum()).as("no row updated twice")
            .isEqualTo(ROWS);
      }
    } else {
      assertThat(structure(schema)).as("structure right after the fault").isEqualTo(sorted(afterFault));
    }

    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(scenario.statement());
    }
    if (scenario.statement().equals(FaultScenario.UPDATE)) {
      assertThat(rowState(schema)).as("every row updated once").isEqualTo(scenario.done());
      assertThat(structure(schema)).isEqualTo(sorted(FaultScenario.BASE));
    } else {
      assertThat(structure(schema)).as("structure after running it again").isEqualTo(sorted(scenario.done()));
      assertThat(data(schema)).as("rows unchanged").isEqualTo(data);
    }
  }

  private static StepGate gate(TestDatabase database, Schema schema, FaultScenario scenario) throws SQLException {
    return switch (scenario.gate()) {
      case DDL -> StepGate.ddl(database);
      case TABLE -> StepGate.table(database, schema, "t");
      case SHARD -> StepGate.shard(database, schema, "t");
    };
  }

  private static Outcome run(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      return new Outcome(null);
    } catch (SQLException e) {
      return new Outcome(e);
    }
  }

  private static void assertError(FaultScenario scenario, Fault fault, Outcome outcome) {
    String says = fault == Fault.TERMINATED ? scenario.terminatedSays() : scenario.timeoutSays();
    if (!scenario.fails() && fault == Fault.STATEMENT_TIMEOUT) {
      // the last lock-light step: the user's change stands and the step was undone, so the statement succeeds
      assertThat((Object) outcome.error()).as("the statement's outcome").isNull();
      return;
    }
    SQLException e = outcome.error();
    assertThat((Object) e).as("the statement failed").isNotNull();
    if (scenario.gate() == FaultScenario.Gate.SHARD && fault == Fault.TERMINATED) {
      assertThat(e.getSQLState()).isEqualTo(SqlState.PER_SHARD_FAILURE.code());
      assertThat(e.getMessage()).contains("failed on 1 of", "terminating connection due to administrator command");
    } else if (fault == Fault.TERMINATED) {
      assertThat(SqlState.isInterruption(e.getSQLState())).as("SQLSTATE %s is an interruption", e.getSQLState())
          .isTrue();
      assertThat(e.getMessage()).contains("terminating connection due to administrator command");
    } else {
      assertThat(e.getSQLState()).isEqualTo(SqlState.QUERY_CANCELED.code());
      assertThat(e.getMessage()).contains("statement timeout");
    }
    if (scenario.step() != null) {
      assertThat(e.getMessage()).contains("citussafe step: " + scenario.step());
    }
    if (says != null) {
      assertThat(e.getMessage()).contains(says);
    }
  }

  /** The table's columns, constraints and the schema's sequences, sorted. */
  static String structure(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return String.join(",", Sql.rows(c, "SELECT x FROM ("
          + "SELECT 'col:' || attname || CASE WHEN attnotnull THEN '!' ELSE '' END AS x FROM pg_attribute"
          + " WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped"
          + " UNION ALL SELECT 'con:' || conname || CASE WHEN convalidated THEN '' ELSE '?' END FROM pg_constraint"
          + " WHERE conrelid = 't'::regclass"
          + " UNION ALL SELECT 'seq:' || relname FROM pg_class WHERE relkind = 'S'"
          + " AND relnamespace = current_schema()::regnamespace) s ORDER BY x COLLATE \"C\""));
    }
  }

  private static String sorted(String structure) {
    return String.join(",", Arrays.stream(structure.split(",")).sorted().toList());
  }

  private static String rowState(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return Sql.rows(c, FaultScenario.ROWS).get(0);
    }
  }

  private static String data(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return queryLong(c, "SELECT count(*) FROM t") + ":" + Sql.rows(c, "SELECT md5(string_agg(id || '/' || n || '/'"
          + " || coalesce(note, '-') || '/' || (touched IS NULL), ',' ORDER BY id)) FROM t").get(0);
    }
  }
}
