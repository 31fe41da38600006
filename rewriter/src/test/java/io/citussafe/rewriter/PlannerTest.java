package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final Rewriter rewriter = Rewriter.create(100, Options.DEFAULTS);

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rewriter.plan(rewriter.analyze(sql), sql, facts);
  }

  @Test
  void plan_scriptOnPlainPostgres_oneTextWithTheCitusCallAnsweredInPlace() throws SQLException {
    // on plain PostgreSQL, where no cleanup runs, the text reaches pgjdbc as one unit
    String sql = "BEGIN; CREATE TABLE a (id int); SELECT create_reference_table('a'); COMMIT;";
    Plan plan = plan(sql, TestFacts.plainPostgres());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User(
        "BEGIN; CREATE TABLE a (id int); SELECT NULL::void AS create_reference_table; COMMIT;", null));
    assertThat(plan.reports()).hasSize(1);
  }

  @Test
  void plan_ruleWithADefect_statementRunsAsWrittenWithAReport() throws SQLException {
    Rule<String> broken = new Rule<>() {
      @Override
      public java.util.Set<String> firstWords() {
        return java.util.Set.of("alter");
      }

      @Override
      public String match(StatementText statement) {
        return statement.text;
      }

      @Override
      public Plan plan(String match, Facts facts, Next next) {
        throw new NullPointerException("a defect");
      }
    };
    Rules rules = new Rules(List.of(broken));
    Analyzer analyzer = new Analyzer(rules);
    String sql = "ALTER TABLE t ADD COLUMN c int";
    Plan plan = new Planner(rules, analyzer).plan(analyzer.analyze(sql), sql, new TestFacts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User(sql, null));
    assertThat(plan.reports()).singleElement().asString().contains("ran as written", "a defect");
    assertThat(plan.reusable()).isFalse();
  }

  @Test
  void plan_scriptWhoseRuleRunsSteps_splitAndPlannedWhenReached() throws SQLException {
    String sql = "UPDATE orders SET t = 0 WHERE t IS NULL; ALTER TABLE orders ALTER COLUMN t SET NOT NULL; SELECT 1";
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "id", 8192);
    Plan plan = plan(sql, facts);
    assertThat(plan.steps()).containsExactly(new Step.Together(List.of(
        new Step.Run("UPDATE orders SET t = 0 WHERE t IS NULL"),
        new Step.Deferred(" ALTER TABLE orders ALTER COLUMN t SET NOT NULL"),
        new Step.User(" SELECT 1", null))));
    // a text with its own BEGIN and COMMIT keeps them
    Plan own = plan("BEGIN; " + sql + "; COMMIT", facts);
    assertThat(own.steps()).hasSize(3).doesNotHaveAnyElementsOfTypes(Step.Together.class);
  }

  /** Marquez V23: the UPDATE assigns a column the ALTER before it adds; its type decides the rewrite. */
  @Test
  void plan_scriptWithAStatementARuleReadsAfterDdl_splitAndTheTableReadAgain() throws SQLException {
    String sql = "ALTER TABLE runs ADD transitioned_at varchar; UPDATE runs SET transitioned_at = updated_at";
    TestFacts facts = new TestFacts().table("runs", TableFacts.Kind.REFERENCE, null, 0);
    assertThat(plan(sql, facts).steps()).containsExactly(new Step.Together(List.of(
        new Step.Run("ALTER TABLE runs ADD transitioned_at varchar"),
        new Step.Invalidate("runs"),
        new Step.Deferred(" UPDATE runs SET transitioned_at = updated_at"))));
    assertThat(plan(sql, TestFacts.plainPostgres()).steps()).containsExactly(new Step.User(sql, null));
    // DDL on another table changes nothing the UPDATE's rule reads: one text
    String other = "ALTER TABLE jobs ADD note varchar; UPDATE runs SET transitioned_at = updated_at";
    assertThat(plan(other, facts).steps()).containsExactly(new Step.User(other, null));
  }

  @Test
  void plan_scriptWithNothingToDoOnCitus_oneText() throws SQLException {
    String sql = "UPDATE orders SET t = 0; ALTER TABLE orders ALTER COLUMN t SET NOT NULL";
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "id", 0);
    assertThat(plan(sql, facts).steps()).containsExactly(new Step.User(sql, null));
  }

  @Test
  void plan_ruleReturnsNull_asWrittenAndReusableOnlyForReusableRules() throws SQLException {
    TestFacts facts = new TestFacts().table("t", TableFacts.Kind.LOCAL, null, 0);
    Plan ddl = plan("ALTER TABLE t ALTER COLUMN a SET NOT NULL", facts);
    assertThat(ddl.isAsWritten("ALTER TABLE t ALTER COLUMN a SET NOT NULL")).isTrue();
    assertThat(ddl.reusable()).isFalse();
    Plan dml = plan("UPDATE t SET u = gen_random_uuid()", facts);
    assertThat(dml.isAsWritten("UPDATE t SET u = gen_random_uuid()")).isTrue();
    assertThat(dml.reusable()).isTrue();
  }
}
