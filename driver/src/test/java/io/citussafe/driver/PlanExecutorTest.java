package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Step;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The executor on a stub connection: which statements run, in which order and transaction. */
class PlanExecutorTest {

  private final StubConnection connection = new StubConnection()
      .answer("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'", 1);
  private final Port port = new Port();

  /** The user's statement: logs its runs on the connection, keeps warnings and substitutes. */
  private final class Port implements StatementPort {
    final List<String> warnings = new ArrayList<>();
    Statement substitute;
    long count = -1;

    @Override
    public void runUser(String sql, int[] parameterMap) throws SQLException {
      connection.run("user: " + sql);
    }

    @Override
    public void substituteResults(Statement statement) {
      substitute = statement;
    }

    @Override
    public void substituteCount(long value) {
      count = value;
    }

    @Override
    public List<String> literals(int count) {
      return count == 0 ? List.of() : null;
    }

    @Override
    public boolean isPrepared() {
      return false;
    }

    @Override
    public boolean isBatch() {
      return false;
    }

    @Override
    public void bindAppended(String sql, int[] parameterMap, int first, List<String> values) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addWarning(String message) {
      warnings.add(message);
    }
  }

  private PlanExecutor executor() throws SQLException {
    Settings settings = Settings.parse(new Properties());
    return new PlanExecutor(new Session(connection, connection.server(), new Cluster(settings, Ticker.systemTicker()),
        settings));
  }

  private static final String CITUS_CHECK = "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'";

  /** Regression: the driver's own transaction ran in parallel mode, so a foreign key after ADD COLUMN was refused. */
  @Test
  void together_inAutocommit_ownSequentialTransactionAroundTheSteps() throws SQLException {
    executor().run(Plan.of(new Step.Together(List.of(new Step.User("SELECT create_reference_table('r')", null),
        new Step.Run("SELECT truncate_local_data_after_distributing_table('r')"))), new Step.Report("done")),
        "SELECT create_reference_table('r')", port);
    assertThat(connection.log).containsExactly("AUTOCOMMIT OFF", CITUS_CHECK, Session.SET_SEQUENTIAL,
        "user: SELECT create_reference_table('r')",
        "SELECT truncate_local_data_after_distributing_table('r')", "COMMIT", "AUTOCOMMIT ON");
    assertThat(connection.autoCommit).isTrue();
    assertThat(port.warnings).containsExactly("citussafe: done");
  }

  @Test
  void together_insideTheUsersTransaction_noTransactionOfItsOwn() throws SQLException {
    connection.autoCommit = false;
    executor().run(Plan.of(new Step.Together(List.of(new Step.User("a", null), new Step.Run("b")))), "a", port);
    assertThat(connection.log).containsExactly("user: a", "b");
  }

  @Test
  void together_stepFails_rolledBackAndAutocommitRestored() throws SQLException {
    connection.failures.put("b", "55000");
    PlanExecutor executor = executor();
    assertThatThrownBy(() -> executor.run(Plan.of(new Step.Together(List.of(new Step.User("a", null),
        new Step.Run("b"))), new Step.Run("never")), "a", port))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
    assertThat(connection.log).containsExactly("AUTOCOMMIT OFF", CITUS_CHECK, Session.SET_SEQUENTIAL, "user: a", "b",
        "ROLLBACK", "AUTOCOMMIT ON");
    assertThat(connection.autoCommit).isTrue();
  }

  @Test
  void fail_raisesTheRulesErrorAndRunsNothing() throws SQLException {
    PlanExecutor executor = executor();
    assertThatThrownBy(() -> executor.run(Plan.of(new Step.Fail("citussafe: no", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE), new Step.User("x", null)),
        "x", port))
        .isInstanceOf(CitusSafeException.class).hasMessage("citussafe: no")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
    assertThat(connection.log).isEmpty();
  }

  @Test
  void answer_resultsFromTheAnswerNotTheStatement() throws SQLException {
    executor().run(Plan.of(new Step.Answer("SELECT NULL::void AS create_reference_table")),
        "SELECT create_reference_table('r')", port);
    assertThat(connection.log).containsExactly("SELECT NULL::void AS create_reference_table");
    assertThat(port.substitute).isNotNull();
  }

  @Test
  void userStepWithHint_errorKeepsStateAndGainsHint() throws SQLException {
    connection.failures.put("user: UPDATE", "0A000");
    PlanExecutor executor = executor();
    assertThatThrownBy(() -> executor.run(Plan.of(new Step.User("UPDATE t SET a = f()", "why and what to do")),
        "UPDATE t SET a = f()", port))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("0A000");
          assertThat(e.getMessage()).contains("citussafe hint: why and what to do");
        });
  }

  @Test
  void invalidate_forgetsTheTablesFacts() throws SQLException {
    Cluster.TableKey key = new Cluster.TableKey("table", null, "public.orders", "orders");
    Session session = new Session(connection, connection.server(),
        new Cluster(Settings.parse(new Properties()), Ticker.systemTicker()), Settings.parse(new Properties()));
    session.cluster.cached(key, () -> "facts");
    new PlanExecutor(session).run(Plan.of(new Step.Invalidate("orders")), "x", port);
    assertThat(session.cluster.peek(key)).isNull();
  }

  @Test
  void sideStatements_carryTheTimeoutAndReceiveCancel() throws SQLException {
    SideStatements side = new SideStatements(connection);
    Object owner = new Object();
    side.begin(owner, 30);
    Statement created = side.create();
    assertThat(created.getQueryTimeout()).isBetween(29, 30);
    side.cancel(new Object());
    assertThat(((StubStatement) created).cancelled).as("another statement's cancel").isFalse();
    side.cancel(owner);
    assertThat(((StubStatement) created).cancelled).isTrue();
    side.end();
  }
}
