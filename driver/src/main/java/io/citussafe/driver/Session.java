package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.SessionSettings;
import java.lang.ref.Reference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's session: what the driver tracks across statements, apart from the JDBC
 * wrappers. Three things:
 *
 * <ul>
 *   <li>R3, migration transactions: a state machine that recognises a migration connection and
 *       starts each of its transactions with {@link #SET_SEQUENTIAL}, because Citus refuses DDL,
 *       foreign keys and reference-table writes after a parallel multi-shard statement in the same
 *       transaction, and setting the mode later is too late; and with bounded lock waits
 *       ({@link LockWaits}), so that migration DDL queued behind a long transaction gives up instead
 *       of stopping the application's writes;
 *   <li>the effective schema list, which decides what unqualified names mean;
 *   <li>planning: analyses and plans from the cluster, reusable plans kept per generation.
 * </ul>
 *
 * Connections are used by one thread at a time, as JDBC requires, so plain fields suffice.
 */
final class Session implements CitusSafeMetrics.OpenConnection {

  private static final Logger LOG = LoggerFactory.getLogger("citussafe.rewrite");
  static final String SET_SEQUENTIAL = "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'";

  final Connection physical;
  final Settings settings;
  final Cluster cluster;
  final SideStatements side;
  final SessionFacts facts;
  final LockWaits lockWaits;

  /**
   * The current transaction is a migration's: a migration tool runs on this thread, or
   * sequentialTransactions=always. Decided when a transaction may start and when the tool takes its lock.
   */
  private boolean migration;
  /** The thread that {@link #migration} was decided on; another thread means a pool handed us on. */
  private Thread migrationThread;
  private boolean autoCommit;
  /** A BEGIN statement opened a transaction block while in autocommit mode. */
  private boolean explicitTransaction;
  /** The migration transaction's SET LOCAL statements were sent in the current transaction. */
  private boolean migrationStarted;
  /** Derived: those SET LOCAL statements must precede the next statement. Read on every statement. */
  private boolean migrationPending;
  /** The analyses of the last texts this connection saw, by String instance. */
  private final RecentAnalyses recent = new RecentAnalyses();
  /**
   * Statements this connection sent as written: a plain field with one writer, the connection's
   * thread; the cluster's metrics read it from another thread, where a count a few statements old
   * is good enough.
   */
  private long passedThrough;
  private final Reference<CitusSafeMetrics.OpenConnection> counted;
  /** Tables whose facts DDL changed in the open transaction (null entry: all); forgotten again at its end. */
  private final Set<String> changedInTransaction = new HashSet<>();
  /** pgjdbc's view of the server session: its reported parameters. */
  private final ServerSession server;

  Session(Connection physical, ServerSession server, Cluster cluster, Settings settings) throws SQLException {
    this.physical = physical;
    this.server = server;
    this.cluster = cluster;
    this.settings = settings;
    this.side = new SideStatements(physical);
    this.facts = new SessionFacts(physical, server, cluster, new CitusMetadata(side),
        new SchemaObjects(side));
    this.lockWaits = new LockWaits(settings, facts, side);
    this.autoCommit = physical.getAutoCommit();
    this.migration = settings.sequentialTransactions() == Settings.Sequential.ALWAYS;
    updateMigrationPending();
    this.counted = cluster.metrics.connectionOpened(this);
  }

  /** Counts a statement that reached pgjdbc as written. */
  void passedThrough() {
    passedThrough++;
  }

  @Override
  public long passedThroughCount() {
    return passedThrough;
  }

  /** Counts a statement the driver ran as a plan; a plan that runs it as written passed through. */
  void planned(Plan plan, String sql) {
    if (plan == null || plan.isAsWritten(sql)) {
      passedThrough();
    } else {
      cluster.metrics.rewritten(plan);
    }
  }

  /** The connection closed: its count joins the cluster's. */
  void closed() {
    cluster.metrics.connectionClosed(counted, passedThrough);
  }

  /** The analysis of a text; pass-through for every text when citussafe.mode=off. */
  Analysis analyze(String sql) {
    if (settings.mode() == Settings.Mode.OFF) {
      return Analysis.PASS_THROUGH;
    }
    // an application sends the same String instances again and again: found by identity, a text
    // is neither hashed nor looked up in the cluster's cache
    int identityHash = System.identityHashCode(sql);
    Analysis analysis = recent.find(sql, identityHash);
    if (analysis == null) {
      analysis = cluster.rewriter.analyze(sql);
      recent.keep(sql, identityHash, analysis);
    }
    return analysis == Analysis.PASS_THROUGH ? analysis : readAsTheServerDoes(analysis, sql);
  }

  /**
   * With {@code standard_conforming_strings} off a backslash in {@code '…'} escapes the next
   * character, which the lexer (scan.l with the setting on) does not do: a text with a backslash may
   * then hold other statements than the analysis found, so it runs as written. The driver only
   * forgets what it knows of every table, as after DDL it cannot read.
   */
  private Analysis readAsTheServerDoes(Analysis analysis, String sql) {
    if (sql.indexOf('\\') < 0 || !"off".equals(server.parameter("standard_conforming_strings"))) {
      return analysis;
    }
    return Analysis.withFlags(Analysis.SCHEMA_CHANGE);
  }

  /** True when the next statement needs nothing from the session (almost always). */
  boolean idle() {
    return !migrationPending;
  }

  /**
   * The plan of a text that needs one: a reusable plan made under the current generation and
   * schema list when there is one, else planned now.
   */
  Plan plan(Analysis analysis, String sql) throws SQLException {
    String schemaList = facts.schemas();
    Plan plan = schemaList == null ? null : cluster.plan(sql, schemaList);
    if (plan != null) {
      return plan;
    }
    long generation = cluster.generation();
    plan = cluster.rewriter.plan(analysis, sql, facts);
    if (facts.schemas() != null) {
      cluster.keepPlan(sql, facts.schemas(), generation, plan);
    }
    return plan;
  }

  /**
   * Called before a statement whose analysis has flags, or when a SET LOCAL is due. Notes what the
   * statement does to the session and starts a migration transaction before its first statement.
   */
  void beforeStatement(int flags, RewriteLog.Reporter reporter) throws SQLException {
    if (migrationPending && !migrationStillHere()) {
      // decided when the tool ended its transaction; the connection went back to a pool since
      migration = false;
      migrationThread = null;
      updateMigrationPending();
    }
    if (migrationPending) {
      startMigrationTransaction(reporter);
    }
    if ((flags & (Analysis.MIGRATION_TOOL | Analysis.MIGRATION_END)) != 0 && recognises()) {
      if ((flags & Analysis.MIGRATION_TOOL) != 0) {
        MigrationTools.lockTaken();
        if (!migration) {
          LOG.info("migration connection (a migration tool takes its lock on it): its transactions start with {}",
              String.join("; ", migrationStatements()));
        }
        migration = true;
        migrationThread = Thread.currentThread();
      } else {
        MigrationTools.lockReleased();
      }
    }
    if ((flags & (Analysis.TRANSACTION_START | Analysis.TRANSACTION_END)) != 0) {
      explicitTransaction = (flags & Analysis.TRANSACTION_START) != 0 && (flags & Analysis.TRANSACTION_END) == 0;
      newTransaction();
    }
    if ((flags & Analysis.SESSION_CHANGE) != 0) {
      facts.forgetSchemas();
    }
    updateMigrationPending();
  }

  /**
   * A migration transaction decided earlier still is one when it starts: the tool is still at work
   * on the thread that decided it. A pool whose connections default to autocommit off hands the
   * connection on with the transaction the tool's last commit or the pool's rollback began.
   */
  private boolean migrationStillHere() {
    return !recognises() || migrationThread == Thread.currentThread() && MigrationTools.runningOnThisThread();
  }

  /** With sequentialTransactions=always every connection is a migration's; with mode=off none is. */
  private boolean recognises() {
    return settings.sequentialTransactions() != Settings.Sequential.ALWAYS && settings.mode() == Settings.Mode.REWRITE;
  }

  /**
   * What a migration transaction starts with: sequential mode on Citus, bounded lock waits, and on
   * Citus this session's settings sent on to the workers, so that what Citus computes there
   * ({@code INSERT … SELECT ts::text FROM d}) is formatted as in this session.
   */
  private List<String> migrationStatements() throws SQLException {
    List<String> statements = new ArrayList<>(12);
    boolean citus = facts.isCitus();
    if (settings.sequentialTransactions() != Settings.Sequential.NEVER && citus) {
      statements.add(SET_SEQUENTIAL);
    }
    statements.addAll(lockWaits.settingStatements());
    if (citus) {
      for (String statement : SessionSettings.setLocal(facts.settings(SessionSettings.TRANSACTION_NAMES))) {
        if (!statements.contains(statement)) {
          statements.add(statement);
        }
      }
    }
    return statements;
  }

  private void startMigrationTransaction(RewriteLog.Reporter reporter) throws SQLException {
    migrationStarted = true;
    migrationPending = false;
    List<String> statements = migrationStatements();
    if (statements.isEmpty()) {
      return;
    }
    send(statements);
    LOG.debug("transaction started with {}", statements);
    reporter.addWarning("citussafe: started this migration transaction with " + String.join("; ", statements)
        + (statements.get(0).equals(SET_SEQUENTIAL) ? " (later DDL and reference-table writes do not fail after a "
            + "parallel multi-shard statement)" : "")
        + (lockWaits.enabled() ? " (DDL waiting for a lock gives up after citussafe.lockTimeout instead of stopping "
            + "the statements queued behind it)" : "")
        + (facts.isCitus() ? " (the workers compute values in this session's TimeZone, DateStyle and other "
            + "settings)" : ""));
  }

  /** Sends SET LOCAL statements in one round trip, each as a statement of its own (Citus propagates each text). */
  void send(List<String> statements) throws SQLException {
    try (Statement statement = side.create()) {
      for (String sql : statements) {
        statement.addBatch(sql);
      }
      statement.executeBatch();
    }
  }

  boolean isMigration() {
    return migration;
  }

  /**
   * True when DDL run now in autocommit belongs to a migration: the connection's transactions are
   * a migration's, on this thread, or a migration tool runs on this thread now.
   */
  boolean migrationNow() {
    if (settings.sequentialTransactions() == Settings.Sequential.ALWAYS) {
      return true;
    }
    return recognises() && (migration && migrationThread == Thread.currentThread() || MigrationTools.runningOnThisThread());
  }

  /**
   * A transaction may start next: where a connection becomes, or stops being, a migration's. A
   * migration tool that took its lock on this thread and is still on the call stack makes every
   * transaction of the thread a migration's (Flyway runs migrations on a second connection that
   * never takes the lock); once it is gone, or on another thread, the connection is an
   * application's again.
   */
  private void newTransaction() {
    migrationStarted = false;
    if (!changedInTransaction.isEmpty()) {
      // other connections may have read the old facts before this transaction's DDL committed
      for (String table : changedInTransaction) {
        cluster.forget(table.isEmpty() ? null : table);
      }
      changedInTransaction.clear();
    }
    if (recognises()) {
      migration = MigrationTools.runningOnThisThread();
      migrationThread = migration ? Thread.currentThread() : null;
    }
    updateMigrationPending();
  }

  private void updateMigrationPending() {
    migrationPending = migration && !migrationStarted && (explicitTransaction || !autoCommit)
        && settings.mode() == Settings.Mode.REWRITE
        && (settings.sequentialTransactions() != Settings.Sequential.NEVER || lockWaits.enabled());
  }

  void autoCommitChanged(boolean value) {
    autoCommit = value;
    explicitTransaction = false;
    newTransaction();
  }

  void transactionEnded() {
    newTransaction();
  }

  /** ROLLBACK TO SAVEPOINT: the SET LOCALs may have been sent after the savepoint; sending them again is harmless. */
  void rolledBackToSavepoint() {
    migrationStarted = false;
    updateMigrationPending();
  }

  boolean inTransaction() throws SQLException {
    return facts.inTransaction();
  }

  /** DDL changed these tables (empty list: any): forget their facts, now and when the transaction ends. */
  void schemaChanged(List<String> tables) throws SQLException {
    boolean open = inTransaction();
    if (tables.isEmpty()) {
      forget(null, open);
    }
    for (String table : tables) {
      forget(table, open);
    }
  }

  void forget(String table, boolean inTransaction) {
    cluster.forget(table);
    if (table == null) {
      facts.forgetSchemas();
    }
    if (inTransaction) {
      changedInTransaction.add(table == null ? "" : table);
    }
  }

  /** Connection.setSchema: unqualified names may mean other tables now. */
  void schemaSet() {
    facts.forgetSchemas();
  }
}
