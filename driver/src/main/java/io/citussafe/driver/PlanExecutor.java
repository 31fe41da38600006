package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.SqlState;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.Step;
import java.sql.SQLException;
import java.sql.Statement;
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
  private final DmlSteps dmlSteps;

  PlanExecutor(Session session) {
    this.session = session;
    this.dmlSteps = new DmlSteps(session);
  }

  /** The values of {@code now()}, {@code CURRENT_DATE}… in the current transaction, as text. */
  List<String> timestampValues(List<String> expressions) throws SQLException {
    return dmlSteps.timestampValues(expressions);
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
    SqlWork work = () -> {
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
  private void inMigrationTransaction(String table, String sql, SqlWork work) throws SQLException {
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
  private void bounded(String table, String sql, SqlWork work, RewriteLog.Reporter reporter) throws SQLException {
    LockWaits waits = session.lockWaits;
    for (int tries = 1; ; tries++) {
      long start = System.nanoTime();
      try {
        Transactions.inOne(session, () -> {
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

  /**
   * A backoff between tries of a statement that found its table locked, not a wait for consistency:
   * Citus writes are synchronous.
   */
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
    StepRunner runner = new StepRunner(sql, statement, callers);
    for (int i = 0; i < steps.size(); i++) {
      runner.last = i == steps.size() - 1;
      steps.get(i).accept(runner);
    }
  }

  /** What each kind of step does, for one list of steps of the user's statement. */
  private final class StepRunner implements Step.Visitor<SQLException> {
    private final String sql;
    private final StatementPort statement;
    private final boolean callers;
    /** The step is the list's last: a deferred statement's results are the caller's only then. */
    boolean last;

    StepRunner(String sql, StatementPort statement, boolean callers) {
      this.sql = sql;
      this.statement = statement;
      this.callers = callers;
    }

    @Override
    public void user(Step.User step) throws SQLException {
      PlanExecutor.this.user(step, statement, callers);
    }

    @Override
    public void run(Step.Run step) throws SQLException {
      try {
        session.side.execute(step.sql());
      } catch (SQLException e) {
        throw CitusErrors.withHint(e, step.hint() != null ? step.hint() : CitusErrors.privilegeHint(e, step.sql(), sql));
      }
    }

    @Override
    public void answer(Step.Answer step) throws SQLException {
      if (callers) {
        PlanExecutor.this.answer(step.query(), statement);
      }
    }

    @Override
    public void together(Step.Together step) throws SQLException {
      Transactions.inOne(session, () -> PlanExecutor.this.run(step.steps(), sql, statement, callers));
    }

    @Override
    public void stepwise(Step.Stepwise step) throws SQLException {
      PlanExecutor.this.stepwise(step, statement, callers);
    }

    @Override
    public void report(Step.Report step) {
      RewriteLog.report(statement, sql, step.message());
    }

    @Override
    public void fail(Step.Fail step) throws SQLException {
      throw new CitusSafeException(step.message(), step.sqlState());
    }

    @Override
    public void dml(Step.Dml step) throws SQLException {
      dmlSteps.run(step.plan(), statement, callers && step.user());
    }

    @Override
    public void deferred(Step.Deferred step) throws SQLException {
      // a statement of a split text, planned now that the statements before it ran
      Plan plan = session.cluster.rewriter.plan(step.sql(), session.facts);
      PlanExecutor.this.run(plan.steps(), step.sql(), statement, callers && last);
    }

    @Override
    public void invalidate(Step.Invalidate step) throws SQLException {
      session.forget(step.table(), session.inTransaction());
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
        SQLException raised = stepwise.violation() != null && SqlState.isIntegrityConstraintViolation(e.getSQLState())
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
      ownTransaction(stepwise.sql(), stepwise.table(), () -> session.side.execute(stepwise.undo()), statement);
      return null;
    } catch (SQLException e) {
      return "a step of the lock-light DDL failed and so did its cleanup (" + e.getMessage() + "): an extra "
          + "constraint is left; remove it with " + stepwise.undo();
    }
  }

  /** One statement committed on its own: bounded and retried on a migration connection, else plain autocommit. */
  private void ownTransaction(String sql, String table, SqlWork work, RewriteLog.Reporter reporter) throws SQLException {
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
        session.side.execute(user.sql());
      }
    } catch (SQLException e) {
      throw CitusErrors.withHint(e, user.hint());
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

}
