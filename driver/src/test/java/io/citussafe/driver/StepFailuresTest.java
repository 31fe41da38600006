package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.Step;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepFailuresTest {

  private static final String SQL = "ALTER TABLE t ADD COLUMN pos bigserial";
  private static final List<Step> STEPS = List.of(new Step.Run("ALTER TABLE t ADD COLUMN pos bigint"),
      new Step.Report("not a statement"), new Step.Run("CREATE SEQUENCE t_pos_seq"));
  private static final Step.Stepwise LOCK_LIGHT = new Step.Stepwise("ALTER TABLE t ALTER COLUMN c SET NOT NULL", "t",
      List.of(new Step.Run("ADD"), new Step.Run("VALIDATE"), new Step.User("SET NOT NULL", null),
          new Step.Run("DROP")), 2, "ALTER TABLE t DROP CONSTRAINT IF EXISTS h", null);

  private static SQLException timeout() {
    return new SQLException("ERROR: canceling statement due to statement timeout", "57014");
  }

  @Test
  void together_countsOnlyStatements_andKeepsTheSqlState() {
    SQLException e = StepFailures.together(timeout(), SQL, STEPS, 2, true);
    assertThat(e.getSQLState()).isEqualTo("57014");
    assertThat(e.getMessage()).startsWith("ERROR: canceling statement due to statement timeout")
        .contains("citussafe step: step 2 of 2 (CREATE SEQUENCE t_pos_seq) failed",
            "rolled back and nothing of the statement stays");
  }

  @Test
  void together_inTheUsersTransaction_saysItIsAborted() {
    assertThat(StepFailures.together(timeout(), SQL, STEPS, 0, false).getMessage())
        .contains("step 1 of 2", "in your transaction, which is now aborted");
  }

  @Test
  void together_commitFailed_saysTheOutcomeIsUnknown() {
    assertThat(StepFailures.together(timeout(), SQL, STEPS, STEPS.size(), true).getMessage())
        .contains("the commit of the 2 statements", "whether they took effect is not known");
  }

  @Test
  void together_aStepThatRunsNoSql_leavesTheErrorAsItIs() {
    SQLException refused = new SQLException("citussafe refused", "0A000");
    assertThat((Object) StepFailures.together(refused, SQL, STEPS, 1, true)).isSameAs(refused);
  }

  @Test
  void stepwise_saysWhatIsLeft_byStep() {
    assertThat(StepFailures.stepwise(timeout(), LOCK_LIGHT, 0, null).getMessage())
        .contains("lock-light step 1 of 4 (ADD)", "nothing had changed yet");
    assertThat(StepFailures.stepwise(timeout(), LOCK_LIGHT, 1, null).getMessage())
        .contains("lock-light step 2 of 4 (VALIDATE)", "were undone (ALTER TABLE t DROP CONSTRAINT IF EXISTS h)");
    assertThat(StepFailures.stepwise(timeout(), LOCK_LIGHT, 2, "remove it with X").getMessage())
        .contains("undoing them failed too: remove it with X");
    assertThat(StepFailures.stepwise(timeout(), LOCK_LIGHT, 3, "remove it with X").getMessage())
        .contains("lock-light step 4 of 4 (DROP)", "own change had committed before and stands",
            "removing the helper failed too: remove it with X");
  }

  @Test
  void interrupted_cancelTimeoutTerminationAndLostConnection() {
    assertThat(StepFailures.interrupted(timeout())).isTrue();
    assertThat(StepFailures.interrupted(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(StepFailures.interrupted(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(StepFailures.interrupted(new SQLException("contains null values", "23502"))).isFalse();
    assertThat(StepFailures.interrupted(new SQLException("no state"))).isFalse();
  }
}
