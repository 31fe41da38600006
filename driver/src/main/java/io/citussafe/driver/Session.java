package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Plan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 *   <li>R3, sequential migration transactions: a state machine that recognises a migration
 *       connection and starts each of its transactions with {@link #SET_SEQUENTIAL}, because
 *       Citus refuses DDL, foreign keys and reference-table writes after a parallel multi-shard
 *       statement in the same transaction, and setting the mode later is too late;
 *   <li>the effective schema list, which decides what unqualified names mean;
 *   <li>planning: analyses and plans from the cluster, reusable plans kept per generation.
 * </ul>
 *
 * Connections are used by one thread at a time, as JDBC requires, so plain fields suffice.
 */
final class Session {

  private static final Logger LOG = LoggerFactory.getLogger("citussafe.rewrite");
  static final String SET_SEQUENTIAL = "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'";

  final Connection physical;
  final Settings settings;
  final Cluster cluster;
  final SideStatements side;
  final SessionFacts facts;

  /** A migration tool works on this connection, or sequentialTransactions=always. */
  private boolean migration;
  /** The thread on which the migration tool was seen; another thread means a pool reused us. */
  private Thread migrationThread;
  private boolean autoCommit;
  /** A BEGIN statement opened a transaction block while in autocommit mode. */
  private boolean explicitTransaction;
  /** SET LOCAL citus.multi_shard_modify_mode was sent in the current transaction. */
  private boolean sequentialSent;
  /** Derived: the SET LOCAL must precede the next statement. Read on every statement. */
  private boolean sequentialPending;
  /** Tables whose facts DDL changed in the open transaction (null entry: all); forgotten again at its end. */
  private final Set<String> changedInTransaction = new HashSet<>();

  Session(Connection physical, ServerSession server, Cluster cluster, Settings settings) throws SQLException {
    this.physical = physical;
    this.cluster = cluster;
    this.settings = settings;
    this.side = new SideStatements(physical);
    this.facts = new SessionFacts(physical, server, cluster, new CitusMetadata(side));
    this.autoCommit = physical.getAutoCommit();
    this.migration = settings.sequentialTransactions() == Settings.Sequential.ALWAYS;
    updateSequentialPending();
  }

  /** The analysis of a text; pass-through for every text when citussafe.mode=off. */
  Analysis analyze(String sql) {
    return settings.mode() == Settings.Mode.OFF ? Analysis.PASS_THROUGH : cluster.rewriter.analyze(sql);
  }

  /** True when the next statement needs nothing from the session (almost always). */
  boolean idle() {
    return !sequentialPending;
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
   * statement does to the session and, on a migration connection, starts the transaction in
   * sequential mode before its first statement.
   */
  void beforeStatement(int flags, RewriteLog.Reporter reporter) throws SQLException {
    if (sequentialPending) {
      startSequential(reporter);
    }
    if ((flags & Analysis.MIGRATION_TOOL) != 0 && settings.sequentialTransactions() == Settings.Sequential.AUTO) {
      MigrationTools.seenOnThisThread();
      if (!migration || migrationThread != Thread.currentThread()) {
        markMigration("a statement names a migration tool's history or lock table");
      }
    }
    if ((flags & (Analysis.TRANSACTION_START | Analysis.TRANSACTION_END)) != 0) {
      explicitTransaction = (flags & Analysis.TRANSACTION_START) != 0 && (flags & Analysis.TRANSACTION_END) == 0;
      newTransaction();
    }
    if ((flags & Analysis.SESSION_CHANGE) != 0) {
      facts.forgetSchemas();
    }
    updateSequentialPending();
  }

  private void startSequential(RewriteLog.Reporter reporter) throws SQLException {
    sequentialSent = true;
    sequentialPending = false;
    if (!facts.isCitus()) {
      return;
    }
    try (Statement statement = side.create()) {
      statement.execute(SET_SEQUENTIAL);
    }
    LOG.debug("transaction started with {}", SET_SEQUENTIAL);
    reporter.addWarning("citussafe: started this transaction with " + SET_SEQUENTIAL
        + " (migration connection), so later DDL and reference-table writes do not fail after a "
        + "parallel multi-shard statement");
  }

  private void markMigration(String why) {
    if (!migration) {
      LOG.info("migration connection ({}): its transactions start with {}", why, SET_SEQUENTIAL);
    }
    migration = true;
    migrationThread = Thread.currentThread();
  }

  boolean isMigration() {
    return migration;
  }

  /**
   * A transaction may start next. With sequentialTransactions=auto this is where a connection
   * becomes, or stops being, a migration connection: a pool that hands it to another thread
   * means the migration tool is done with it; a transaction started by a migration tool's code
   * on a thread where it was seen (Flyway's second connection) makes it one.
   */
  private void newTransaction() {
    sequentialSent = false;
    if (!changedInTransaction.isEmpty()) {
      // other connections may have read the old facts before this transaction's DDL committed
      for (String table : changedInTransaction) {
        cluster.forget(table.isEmpty() ? null : table);
      }
      changedInTransaction.clear();
    }
    if (settings.sequentialTransactions() == Settings.Sequential.AUTO) {
      if (migration && migrationThread != Thread.currentThread()) {
        migration = false;
      }
      if (!migration && MigrationTools.runningOnThisThread()) {
        markMigration("a migration tool starts a transaction on it");
      }
    }
    updateSequentialPending();
  }

  private void updateSequentialPending() {
    sequentialPending = migration && !sequentialSent && (explicitTransaction || !autoCommit)
        && settings.mode() == Settings.Mode.REWRITE
        && settings.sequentialTransactions() != Settings.Sequential.NEVER;
  }

  void autoCommitChanged(boolean value) {
    autoCommit = value;
    explicitTransaction = false;
    newTransaction();
  }

  void transactionEnded() {
    newTransaction();
  }

  /** ROLLBACK TO SAVEPOINT: the SET LOCAL may have been sent after the savepoint; sending it again is harmless. */
  void rolledBackToSavepoint() {
    sequentialSent = false;
    updateSequentialPending();
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
