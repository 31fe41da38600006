package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.citussafe.rewriter.Analysis;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The session's state machine (R3 and forgetting facts), on a stub connection: no server. */
class SessionTest {

  private final StubConnection connection = new StubConnection()
      .answer("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'", 1);
  private final List<String> warnings = new ArrayList<>();

  private Session session(String... settings) throws SQLException {
    Properties properties = new Properties();
    for (int i = 0; i < settings.length; i += 2) {
      properties.setProperty(settings[i], settings[i + 1]);
    }
    Settings parsed = Settings.parse(properties);
    return new Session(connection, connection.server(), new Cluster(parsed, Ticker.systemTicker()), parsed);
  }

  /** What the wrappers do before a statement: only when flags or a due SET LOCAL ask for it. */
  private void statement(Session session, int flags) throws SQLException {
    if (flags != 0 || !session.idle()) {
      session.beforeStatement(flags, warnings::add);
    }
  }

  /**
   * The statements sent, without the reads that tell whether the database has Citus and what the
   * session's settings are (the stub has none to send on).
   */
  private List<String> sent() {
    return connection.log.stream().filter(sql -> !sql.contains("pg_extension") && !sql.contains("current_setting"))
        .toList();
  }

  private long sequentialSent() {
    return connection.log.stream().filter(Session.SET_SEQUENTIAL::equals).count();
  }

  /** Runs {@code work} as if a migration tool (Flyway) had called it. */
  private static void asMigrationTool(Work work) throws Exception {
    org.flywaydb.MigrationRun.call(() -> {
      work.run();
      return null;
    });
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  @Test
  void analyze_standardConformingStringsOff_textWithABackslashRunsAsWrittenAndForgetsFacts() throws Exception {
    Session session = session();
    // with the setting off, this is one SELECT of a string; read with it on, a second statement
    String sql = "SELECT 'a\\'; UPDATE orders SET n = random(); --'";
    assertThat(session.analyze(sql).needsPlan()).isTrue();
    connection.standardConformingStrings = "off";
    assertThat(session.analyze(sql)).isSameAs(Analysis.withFlags(Analysis.SCHEMA_CHANGE));
    String noBackslash = "SELECT 'a'; UPDATE orders SET n = random()";
    assertThat(session.analyze(noBackslash).needsPlan()).as("nothing for the setting to change").isTrue();
  }

  private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5000ms'";

  @Test
  void migrationConnection_eachTransactionStartsSequentialWithBoundedLockWaitsBeforeItsFirstStatement()
      throws Exception {
    Session session = session();
    asMigrationTool(() -> {
      statement(session, Analysis.MIGRATION_TOOL);
      assertThat(sequentialSent()).as("autocommit: no transaction to start").isZero();
      connection.autoCommit = false;
      session.autoCommitChanged(false);
      statement(session, 0);
      statement(session, 0);
      assertThat(sent()).containsExactly(Session.SET_SEQUENTIAL, LockWaits.PROPAGATE_SET_LOCAL, LOCK_TIMEOUT);
      assertThat(warnings).singleElement().asString().contains("sequential", "citussafe.lockTimeout");
      session.transactionEnded();
      statement(session, 0);
      assertThat(sequentialSent()).isEqualTo(2);
    });
  }

  @Test
  void explicitBegin_sequentialBeforeTheStatementAfterIt() throws Exception {
    Session session = session();
    asMigrationTool(() -> {
      statement(session, Analysis.MIGRATION_TOOL);
      statement(session, Analysis.TRANSACTION_START);
      assertThat(sequentialSent()).isZero();
      statement(session, 0);
      assertThat(sequentialSent()).isEqualTo(1);
      statement(session, Analysis.TRANSACTION_END);
      statement(session, 0);
      assertThat(sequentialSent()).isEqualTo(1);
    });
  }

  @Test
  void lockTakenInTheOpenTransaction_migrationFromTheNextStatement() throws Exception {
    // Flyway's pg_try_advisory_xact_lock is the first statement of the transaction it locks
    Session session = session();
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    asMigrationTool(() -> {
      statement(session, Analysis.MIGRATION_TOOL);
      assertThat(sequentialSent()).isZero();
      statement(session, 0);
      assertThat(sequentialSent()).isEqualTo(1);
    });
  }

  @Test
  void migrationToolGoneFromTheStack_applicationTransactionsOnTheSameThreadUntouched() throws Exception {
    // Spring Boot: Flyway migrates on the main thread, which then goes on as the application
    Session session = session();
    asMigrationTool(() -> statement(session, Analysis.MIGRATION_TOOL));
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    statement(session, 0);
    assertThat(sent()).isEmpty();
    assertThat(session.isMigration()).isFalse();
    assertThat(session.migrationNow()).isFalse();
  }

  @Test
  void lockReleased_laterTransactionsOfTheToolsThreadAreNotMigrations() throws Exception {
    Session session = session();
    asMigrationTool(() -> {
      statement(session, Analysis.MIGRATION_TOOL);
      statement(session, Analysis.MIGRATION_END);
      session.autoCommitChanged(false);
      connection.autoCommit = false;
      statement(session, 0);
      assertThat(sent()).isEmpty();
    });
  }

  @Test
  void toolOnTheStackWithoutItsLock_notAMigration() throws Exception {
    // Flyway.info() and Liquibase status read the history table without taking the lock
    Session session = session();
    asMigrationTool(() -> {
      connection.autoCommit = false;
      session.autoCommitChanged(false);
      statement(session, 0);
      assertThat(session.isMigration()).isFalse();
      assertThat(sent()).isEmpty();
    });
  }

  @Test
  void secondConnectionOfTheToolsThread_migrationWithoutTakingTheLock() throws Exception {
    // Flyway runs each migration on a second connection that never takes the lock
    Session locking = session();
    Session migrating = session();
    asMigrationTool(() -> {
      statement(locking, Analysis.MIGRATION_TOOL);
      assertThat(migrating.migrationNow()).as("autocommit DDL on it").isTrue();
      migrating.autoCommitChanged(false);
      connection.autoCommit = false;
      statement(migrating, 0);
      assertThat(migrating.isMigration()).isTrue();
    });
  }

  @Test
  void lockTimeoutZero_onlySequential() throws Exception {
    Session session = session("citussafe.lockTimeout", "0");
    asMigrationTool(() -> {
      statement(session, Analysis.MIGRATION_TOOL);
      connection.autoCommit = false;
      session.autoCommitChanged(false);
      statement(session, 0);
    });
    assertThat(sent()).containsExactly(Session.SET_SEQUENTIAL);
  }

  @Test
  void applicationConnection_neverSequential() throws SQLException {
    Session session = session();
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    statement(session, 0);
    assertThat(session.idle()).isTrue();
    assertThat(sent()).isEmpty();
  }

  @Test
  void connectionHandedToAnotherThread_applicationConnectionAgain() throws Exception {
    Session session = session();
    asMigrationTool(() -> statement(session, Analysis.MIGRATION_TOOL));
    CompletableFuture.runAsync(() -> {
      try {
        assertThat(session.migrationNow()).isFalse();
        connection.autoCommit = false;
        session.autoCommitChanged(false);
        statement(session, 0);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }).get();
    assertThat(sequentialSent()).isZero();
    assertThat(session.isMigration()).isFalse();
  }

  @Test
  void plainPostgres_onlyTheLockTimeout() throws SQLException {
    connection.answers.clear();
    Session session = session("citussafe.sequentialTransactions", "always");
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    statement(session, 0);
    assertThat(sent()).containsExactly(LOCK_TIMEOUT);
  }

  @Test
  void alwaysAndNever_followTheSetting() throws SQLException {
    Session always = session("citussafe.sequentialTransactions", "always");
    connection.autoCommit = false;
    always.autoCommitChanged(false);
    statement(always, 0);
    assertThat(sequentialSent()).isEqualTo(1);
    connection.log.clear();
    Session never = session("citussafe.sequentialTransactions", "never");
    statement(never, Analysis.MIGRATION_TOOL);
    never.autoCommitChanged(false);
    statement(never, 0);
    assertThat(sequentialSent()).isZero();
    assertThat(sent()).doesNotContain(Session.SET_SEQUENTIAL);
  }

  @Test
  void rollbackToSavepoint_sequentialSentAgain() throws SQLException {
    Session session = session("citussafe.sequentialTransactions", "always");
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    statement(session, 0);
    session.rolledBackToSavepoint();
    statement(session, 0);
    assertThat(sequentialSent()).isEqualTo(2);
  }

  @Test
  void ddlInATransaction_factsForgottenAgainWhenItEnds() throws SQLException {
    Session session = session();
    connection.autoCommit = false;
    session.autoCommitChanged(false);
    long before = session.cluster.generation();
    session.schemaChanged(List.of("orders"));
    assertThat(session.cluster.generation()).isEqualTo(before + 1);
    session.transactionEnded();
    // other connections may have cached the old facts before the DDL committed
    assertThat(session.cluster.generation()).isEqualTo(before + 2);
    session.transactionEnded();
    assertThat(session.cluster.generation()).isEqualTo(before + 2);
  }

  @Test
  void searchPathChange_schemaListReadAgain() throws SQLException {
    Session session = session();
    session.facts.forgetSchemas();
    assertThat(session.facts.schemas()).isNull();
    statement(session, Analysis.SESSION_CHANGE);
    assertThat(session.facts.schemas()).isNull();
  }
}
