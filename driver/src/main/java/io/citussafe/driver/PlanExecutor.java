package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.Step;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs plans: the last stage of a statement's path (text → analysis → plan → steps). Generated
 * steps run on side statements of the same physical connection, so they share the user's
 * transaction; the user's own statement runs through the {@link StatementPort}, so results,
 * generated keys and warnings reach the caller as from pgjdbc. Every change of behaviour is
 * logged on {@code citussafe.rewrite} and added to the statement's warnings.
 */
final class PlanExecutor {


  private final Session session;

  PlanExecutor(Session session) {
    this.session = session;
  }

  /** Runs a text whose analysis needs a plan or changes the schema, for the user's statement. */
  void run(Analysis analysis, String sql, StatementPort statement) throws SQLException {
    Plan plan = analysis.needsPlan() ? session.plan(analysis, sql) : null;
    if (plan != null && session.settings.mode() == Settings.Mode.DRY_RUN) {
      if (!plan.isAsWritten(sql)) {
        RewriteLog.LOG.info("dry-run, running unchanged: {}\n  would: {}", sql, plan.describe());
      }
      plan = null;
    }
    session.planned(plan, sql);
    Plan chosen = plan;
    Work work = () -> {
      if (chosen == null) {
        statement.runUser(sql, null);
      } else {
        run(chosen, sql, statement);
      }
    };
    if ((analysis.flags() & Analysis.LOCKING_DDL) != 0 && session.lockWaits.enabled() && session.migrationNow()) {
      String table = analysis.changedTables().isEmpty() ? null : analysis.changedTables().get(0);
      if (session.inTransaction()) {
        inMigrationTransaction(table, sql, work);
      } else if (plan == null || !plan.stepwise()) {
        // lock-light plans bound each of their steps themselves
        bounded(table, sql, work, statement);
      } else {
        work.run();
      }
    } else {
      work.run();
    }
    if ((analysis.flags() & Analysis.SCHEMA_CHANGE) != 0) {
      session.schemaChanged(analysis.changedTables());
    }
  }

  /** DDL in a migration transaction, whose lock waits the session bounded when it started: a lock timeout explained. */
  private void inMigrationTransaction(String table, String sql, Work work) throws SQLException {
    long start = System.nanoTime();
    try {
      work.run();
    } catch (SQLException e) {
      if (!session.lockWaits.isLockTimeout(e, start)) {
        throw e;
      }
      session.cluster.metrics.lockWaitGaveUp();
      throw session.lockWaits.explain(e, table, sql, 1, false);
    }
  }

  /**
   * One DDL statement of a migration in autocommit: run in a transaction of its own that bounds its
   * lock waits on every node, and tried again after a lock timeout, each try logged.
   */
  private void bounded(String table, String sql, Work work, RewriteLog.Reporter reporter) throws SQLException {
    LockWaits waits = session.lockWaits;
    for (int tries = 1; ; tries++) {
      long start = System.nanoTime();
      try {
        inOneTransaction(() -> {
          session.send(waits.settingStatements());
          work.run();
        });
        if (tries > 1) {
          RewriteLog.report(reporter, sql, "ran at try " + tries + " (the earlier tries gave up waiting for a lock "
              + "after citussafe.lockTimeout)");
        }
        return;
      } catch (SQLException e) {
        if (!waits.isLockTimeout(e, start)) {
          throw e;
        }
        if (tries > waits.retries()) {
          session.cluster.metrics.lockWaitGaveUp();
          throw waits.explain(e, table, sql, tries, true);
        }
        session.cluster.metrics.lockWaitRetried();
        long pause = waits.pauseMillis(tries);
        RewriteLog.LOG.warn("try {} of {} gave up waiting for a lock on {} after citussafe.lockTimeout; trying "
            + "again in {} ms: {}", tries, waits.retries() + 1, table, pause, sql);
        pauseBeforeRetry(pause);
      }
    }
  }

  /** A backoff between tries of a statement that found its table locked, not a wait for consistency. */
  private static void pauseBeforeRetry(long millis) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CitusSafeException("citussafe: interrupted while waiting to try a statement again; it did not run",
          SqlState.QUERY_CANCELED, e);
    }
  }

  /** Runs a plan's steps for the user's statement, whose text is {@code sql}. */
  void run(Plan plan, String sql, StatementPort statement) throws SQLException {
    run(plan.steps(), sql, statement, true);
  }

  /**
   * Runs steps in order. {@code callers}: the user's statement's results are the caller's (false
   * for the earlier statements of a split text, whose results nobody sees).
   */
  private void run(List<Step> steps, String sql, StatementPort statement, boolean callers) throws SQLException {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step instanceof Step.User user) {
        user(user, statement, callers);
      } else if (step instanceof Step.Run run) {
        try {
          side(run.sql());
        } catch (SQLException e) {
          throw CitusErrors.withHint(e, run.hint());
        }
      } else if (step instanceof Step.Answer answer) {
        if (callers) {
          answer(answer.query(), statement);
        }
      } else if (step instanceof Step.Together together) {
        inOneTransaction(() -> run(together.steps(), sql, statement, callers));
      } else if (step instanceof Step.Stepwise stepwise) {
        stepwise(stepwise, statement, callers);
      } else if (step instanceof Step.Report report) {
        RewriteLog.report(statement, sql, report.message());
      } else if (step instanceof Step.Fail fail) {
        throw new CitusSafeException(fail.message(), fail.sqlState());
      } else if (step instanceof Step.Dml dml) {
        dml(dml.plan(), statement, callers && dml.user());
      } else if (step instanceof Step.Deferred deferred) {
        // a statement of a split text, planned now that the statements before it ran
        Plan plan = session.cluster.rewriter.plan(deferred.sql(), session.facts);
        run(plan.steps(), deferred.sql(), statement, callers && i == steps.size() - 1);
      } else if (step instanceof Step.Invalidate invalidate) {
        session.forget(invalidate.table(), session.inTransaction());
      }
    }
  }

  /**
   * Lock-light DDL: each step commits on its own (with bounded lock waits on a migration
   * connection); a failure is undone so that no step's object is left behind (see {@link Step.Stepwise}).
   */
  private void stepwise(Step.Stepwise stepwise, StatementPort statement, boolean callers) throws SQLException {
    List<Step> steps = stepwise.steps();
    String table = stepwise.table();
    for (int i = 0; i < steps.size(); i++) {
      long start = System.nanoTime();
      List<Step> step = List.of(steps.get(i));
      try {
        ownTransaction(stepwise.sql(), table, () -> run(step, stepwise.sql(), statement, callers), statement);
      } catch (SQLException e) {
        if (i == 0 && !session.lockWaits.isLockTimeout(e, start)) {
          // nothing changed: the statement as written gives PostgreSQL's own answer
          RewriteLog.LOG.info("{}\n  -> runs as written: its first lock-light step failed: {}", stepwise.sql(),
              e.getMessage());
          ownTransaction(stepwise.sql(), table, () -> run(List.of(new Step.User(stepwise.sql(), null)),
              stepwise.sql(), statement, callers), statement);
          return;
        }
        String left = undo(stepwise, statement);
        if (i > stepwise.completes()) {
          if (left != null) {
            RewriteLog.LOG.warn("{}\n  -> {}", stepwise.sql(), left);
            statement.addWarning("citussafe: " + left);
          }
          return;
        }
        SQLException raised = stepwise.violation() != null && e.getSQLState() != null && e.getSQLState().startsWith("23")
            ? CitusErrors.asServerError(stepwise.violation().message(), stepwise.violation().sqlState(),
                SqlText.storedName(stepwise.table()), e)
            : e;
        throw left == null ? raised : CitusErrors.withHint(raised, left);
      }
    }
  }

  /** Runs the undo of lock-light steps; what is left and how to remove it when that fails too, else null. */
  private String undo(Step.Stepwise stepwise, StatementPort statement) {
    try {
      ownTransaction(stepwise.sql(), stepwise.table(), () -> side(stepwise.undo()), statement);
      return null;
    } catch (SQLException e) {
      return "a step of the lock-light DDL failed and so did its cleanup (" + e.getMessage() + "): an extra "
          + "constraint is left; remove it with " + stepwise.undo();
    }
  }

  /** One statement committed on its own: bounded and retried on a migration connection, else plain autocommit. */
  private void ownTransaction(String sql, String table, Work work, RewriteLog.Reporter reporter) throws SQLException {
    if (session.inTransaction()) {
      work.run();
    } else if (session.lockWaits.enabled() && session.migrationNow()) {
      bounded(table, sql, work, reporter);
    } else {
      work.run();
    }
  }

  private void user(Step.User user, StatementPort statement, boolean callers) throws SQLException {
    try {
      if (callers) {
        statement.runUser(user.sql(), null);
      } else {
        side(user.sql());
      }
    } catch (SQLException e) {
      throw CitusErrors.withHint(e, user.hint());
    }
  }

  private void side(String sql) throws SQLException {
    try (Statement side = session.side.create()) {
      side.execute(sql);
    }
  }

  /** The caller's results come from {@code query}; the statement itself is not run. */
  private void answer(String query, StatementPort statement) throws SQLException {
    Statement side = session.side.create();
    try {
      side.execute(query);
      statement.substituteResults(side);
    } catch (SQLException | RuntimeException e) {
      side.close();
      throw e;
    }
  }

  @FunctionalInterface
  interface Work {
    void run() throws SQLException;
  }

  /** Runs {@code work} in the user's transaction, or in one of its own in autocommit mode. */
  void inOneTransaction(Work work) throws SQLException {
    if (session.inTransaction()) {
      work.run();
      return;
    }
    Connection physical = session.physical;
    physical.setAutoCommit(false);
    SQLException failure = null;
    try {
      work.run();
      physical.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        physical.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      if (e instanceof SQLException sqlException) {
        failure = sqlException;
      } else {
        throw e;
      }
    } finally {
      try {
        physical.setAutoCommit(true);
      } catch (SQLException restoreFailure) {
        if (failure == null) {
          throw restoreFailure;
        }
        failure.addSuppressed(restoreFailure);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * An UPDATE, DELETE or upsert that Citus rejects as written (or, with batched backfills, any
   * large UPDATE): per shard or in batches when configured and in autocommit, else the rewrite.
   */
  private void dml(DmlPlan plan, StatementPort statement, boolean callers) throws SQLException {
    String sql = plan.originalSql();
    if (!callers) {
      // a statement of a split plain text: no parameters, results unseen
      side(plan.action() == DmlPlan.Action.UPSERT_TIMESTAMPS ? withTimestamps(plan) : plan.sql());
      return;
    }
    if (plan.action() == DmlPlan.Action.UPSERT_TIMESTAMPS) {
      upsert(plan, statement);
      return;
    }
    // Per shard and in batches the statement runs with its values written in, once: never for a
    // JDBC batch (its entries' values are not ours to see), never inside a transaction.
    boolean once = !statement.isBatch() && !session.inTransaction();
    List<String> literals = once ? statement.literals(plan.userParameterCount()) : null;
    boolean rewritten = plan.action() == DmlPlan.Action.REWRITTEN;
    if (rewritten && session.settings.bulkUpdate() == Options.BulkUpdate.PER_SHARD) {
      if (!plan.perShardAllowed()) {
        RewriteLog.report(statement, sql, "citussafe.bulkUpdate=per-shard does not run on " + plan.table() + ": "
            + "a reference table (or a table whose shards have several placements) would have only one "
            + "copy updated; the statement runs in the atomic rewrite instead");
      } else if (!once) {
        RewriteLog.report(statement, sql, "citussafe.bulkUpdate=per-shard runs only for a single statement in "
            + "autocommit (it is not transactional); here the statement runs in the atomic rewrite instead");
      } else if (PerShard.run(session.side, plan, literals, statement, session.cluster.metrics)) {
        return;
      }
    }
    if (literals != null && session.settings.backfillBatchRows() > 0 && plan.batchable()
        && Backfill.run(session, plan, literals, statement)) {
      return;
    }
    statement.runUser(plan.sql(), plan.parameterMap());
    if (rewritten) {
      RewriteLog.report(statement, sql, "ran as " + plan.sql() + " — Citus rejects the statement as written: "
          + plan.why() + "; what Citus rejects is computed once on the coordinator, in the same transaction"
          + (plan.differences() == null ? "" : ". " + plan.differences()));
    }
  }

  /** Binds the DO UPDATE timestamps, read in the statement's own transaction. */
  private void upsert(DmlPlan plan, StatementPort statement) throws SQLException {
    inOneTransaction(() -> {
      List<String> values = timestampValues(plan.timestampExpressions());
      if (!statement.isPrepared()) {
        statement.runUser(plan.withTimestampLiterals(quoted(values)), null);
      } else {
        statement.bindAppended(plan.sql(), plan.parameterMap(), plan.userParameterCount() + 1, values);
        statement.runUser(plan.sql(), plan.parameterMap());
      }
    });
    RewriteLog.report(statement, plan.originalSql(), "bound " + plan.timestampExpressions() + " in DO UPDATE as values "
        + "read in the same transaction — Citus rejects the statement as written: " + plan.why());
  }

  private String withTimestamps(DmlPlan plan) throws SQLException {
    return plan.withTimestampLiterals(quoted(timestampValues(plan.timestampExpressions())));
  }

  private static List<String> quoted(List<String> values) {
    List<String> literals = new ArrayList<>(values.size());
    for (String value : values) {
      literals.add(SqlText.quoteLiteral(value));
    }
    return literals;
  }

  /** The values of {@code now()}, {@code CURRENT_DATE}… in the current transaction, as text. */
  List<String> timestampValues(List<String> expressions) throws SQLException {
    StringBuilder query = new StringBuilder("SELECT ");
    for (int i = 0; i < expressions.size(); i++) {
      query.append(i == 0 ? "" : ", ").append('(').append(expressions.get(i)).append(")::text");
    }
    List<String> values = new ArrayList<>(expressions.size());
    try (Statement side = session.side.create(); ResultSet rs = side.executeQuery(query.toString())) {
      rs.next();
      for (int i = 1; i <= expressions.size(); i++) {
        values.add(rs.getString(i));
      }
    }
    return values;
  }

}
