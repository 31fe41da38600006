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
  private final BoundedDdl boundedDdl;

  PlanExecutor(Session session) {
    this.session = session;
    this.dmlSteps = new DmlSteps(session);
    this.boundedDdl = new BoundedDdl(session);
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
        boundedDdl.inMigrationTransaction(table, sql, work);
      } else if (plan == null || !plan.stepwise()) {
        // lock-light plans bound each of their steps themselves
        boundedDdl.inOwnTransaction(table, sql, work, statement);
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
        throw ServerErrors.withHint(e, step.hint() != null ? step.hint() : CitusErrors.privilegeHint(e, step.sql(), sql));
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
      List<Step> steps = step.steps();
      boolean ownTransaction = !session.inTransaction();
      int[] at = {0};
      try {
        Transactions.inOne(session, () -> {
          StepRunner inner = new StepRunner(sql, statement, callers);
          for (; at[0] < steps.size(); at[0]++) {
            inner.last = at[0] == steps.size() - 1;
            steps.get(at[0]).accept(inner);
          }
        });
      } catch (SQLException e) {
        throw StepFailures.together(e, sql, steps, at[0], ownTransaction);
      }
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
        boundedDdl.committedAlone(stepwise.sql(), table, () -> run(step, stepwise.sql(), statement, callers), statement);
      } catch (SQLException e) {
        if (i == 0 && !session.lockWaits.isLockTimeout(e, start) && !StepFailures.interrupted(e)) {
          // nothing changed: the statement as written gives PostgreSQL's own answer
          RewriteLog.LOG.info("{}\n  -> runs as written: its first lock-light step failed: {}", stepwise.sql(),
              e.getMessage());
          boundedDdl.committedAlone(stepwise.sql(), table, () -> run(List.of(new Step.User(stepwise.sql(), stepwise.hint())),
              stepwise.sql(), statement, callers), statement);
          if (SqlState.DUPLICATE_OBJECT.is(e.getSQLState())) {
            // the statement as written succeeded, so what the first step would add is a helper left by
            // an earlier run that was interrupted: remove it now
            String left = undo(stepwise, statement);
            if (left != null) {
              statement.addWarning("citussafe: " + left);
            }
          }
          return;
        }
        if (i == 0) {
          throw StepFailures.stepwise(e, stepwise, 0, null);
        }
        String left = undo(stepwise, statement);
        if (i > stepwise.completes()) {
          if (left != null && StepFailures.interrupted(e)) {
            // the connection is likely gone: a warning on it could not be read
            throw StepFailures.stepwise(e, stepwise, i, left);
          }
          if (left != null) {
            RewriteLog.LOG.warn("{}\n  -> {}", stepwise.sql(), left);
            statement.addWarning("citussafe: " + left);
          }
          return;
        }
        if (stepwise.violation() != null && SqlState.isIntegrityConstraintViolation(e.getSQLState())) {
          SQLException raised = ServerErrors.asServerError(stepwise.violation().message(),
              stepwise.violation().sqlState(), SqlText.storedName(stepwise.table()), e);
          throw left == null ? raised : ServerErrors.withHint(raised, left);
        }
        throw StepFailures.stepwise(e, stepwise, i, left);
      }
    }
  }

  /** Runs the undo of lock-light steps; what is left and how to remove it when that fails too, else null. */
  private String undo(Step.Stepwise stepwise, StatementPort statement) {
    try {
      boundedDdl.committedAlone(stepwise.sql(), stepwise.table(), () -> session.side.execute(stepwise.undo()), statement);
      return null;
    } catch (SQLException e) {
      return "a step of the lock-light DDL failed and so did its cleanup (" + e.getMessage() + "): an extra "
          + "constraint is left; remove it with " + stepwise.undo();
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
      throw ServerErrors.withHint(e, user.hint());
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
