package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import io.citussafe.rewriter.Step;
import java.sql.SQLException;
import java.util.List;

/**
 * What a failure in the middle of a plan leaves behind, said in the error: which step failed (its
 * number and statement) and what state the table is in, so that whoever reads the error knows
 * whether running the statement again is all there is to do. A step that fails because the driver
 * refused the statement already says everything; only steps that run SQL get the line.
 */
final class StepFailures {

  private StepFailures() {
  }

  /**
   * A step of steps that commit together failed, or their commit did ({@code failed} equals the
   * number of steps).
   *
   * @param ownTransaction the driver opened the transaction (autocommit), else it is the user's
   */
  static SQLException together(SQLException error, String sql, List<Step> steps, int failed, boolean ownTransaction) {
    int number = 0;
    int total = 0;
    for (int i = 0; i < steps.size(); i++) {
      if (runsSql(steps.get(i))) {
        total++;
        number += i <= failed ? 1 : 0;
      }
    }
    if (failed == steps.size()) {
      return ServerErrors.withStep(error, "the commit of the " + total + " statements citussafe ran in one "
          + "transaction for " + sql + " failed; if the connection was lost, whether they took effect is not known: "
          + "look at the table before running the statement again");
    }
    if (!runsSql(steps.get(failed))) {
      return error;
    }
    String state = ownTransaction
        ? "so the transaction citussafe opened for them was rolled back and nothing of the statement stays: the "
            + "table is as it was before; run the statement again"
        : "in your transaction, which is now aborted: roll it back, and nothing of the statement stays";
    return ServerErrors.withStep(error, "step " + number + " of " + total + " (" + text(steps.get(failed))
        + ") failed; citussafe ran " + sql + " as these steps in one transaction, " + state);
  }

  /**
   * A lock-light step failed, each step having committed on its own.
   *
   * @param left what is left and how to remove it when the undo failed too, else null
   */
  static SQLException stepwise(SQLException error, Step.Stepwise stepwise, int failed, String left) {
    String state;
    if (failed == 0) {
      state = "nothing had changed yet: the table is as it was before";
    } else if (failed > stepwise.completes()) {
      state = "the statement's own change had committed before and stands; "
          + (left == null ? "the helper was removed" : "removing the helper failed too: " + left);
    } else if (left == null) {
      state = "the steps before it had committed and were undone (" + stepwise.undo() + "): the table is as it was "
          + "before";
    } else {
      state = "the steps before it had committed and undoing them failed too: " + left;
    }
    return ServerErrors.withStep(error, "lock-light step " + (failed + 1) + " of " + stepwise.steps().size() + " ("
        + text(stepwise.steps().get(failed)) + ") of " + stepwise.sql() + " failed, each step committing on its "
        + "own; " + state + ". Run the statement again when the cause is gone");
  }

  /** Whether the error says the step was interrupted (cancel, timeout, terminated backend, lost connection). */
  static boolean interrupted(SQLException error) {
    return SqlState.isInterruption(error.getSQLState());
  }

  private static boolean runsSql(Step step) {
    return step instanceof Step.Run || step instanceof Step.User || step instanceof Step.Dml;
  }

  private static String text(Step step) {
    if (step instanceof Step.Run run) {
      return run.sql();
    }
    if (step instanceof Step.User user) {
      return user.sql();
    }
    if (step instanceof Step.Dml dml) {
      return dml.plan().sql();
    }
    return step.getClass().getSimpleName();
  }
}
