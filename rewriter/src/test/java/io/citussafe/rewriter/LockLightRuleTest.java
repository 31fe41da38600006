package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockLightRuleTest {

  private final LockLightRule rule = new LockLightRule(Options.DEFAULTS);

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    LockLightRule.Ddl ddl = rule.match(new StatementText(sql));
    assertThat(ddl).as(sql).isNotNull();
    return rule.plan(ddl, facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts large() {
    TestFacts facts = new TestFacts().table("app.\"Orders\"", TableFacts.Kind.DISTRIBUTED, "id", 1);
    facts.rows.put("app.\"Orders\"", 3_000_000L);
    return facts;
  }

  @Test
  void plan_setNotNullOnALargeTableInAutocommit_checkValidatedThenNotNullThenCheckDropped() throws SQLException {
    String sql = "ALTER TABLE app.\"Orders\" ALTER COLUMN \"Note\" SET NOT NULL";
    Plan plan = plan(sql, large());
    String check = "\"citussafe_Note_not_null\"";
    Step.Stepwise stepwise = (Step.Stepwise) plan.steps().get(0);
    assertThat(stepwise.steps()).containsExactly(
        new Step.Run("ALTER TABLE app.\"Orders\" ADD CONSTRAINT " + check + " CHECK (\"Note\" IS NOT NULL) NOT VALID"),
        new Step.Run("ALTER TABLE app.\"Orders\" VALIDATE CONSTRAINT " + check),
        new Step.User(sql, null),
        new Step.Run("ALTER TABLE app.\"Orders\" DROP CONSTRAINT " + check));
    assertThat(stepwise.completes()).isEqualTo(2);
    assertThat(stepwise.undo()).isEqualTo("ALTER TABLE app.\"Orders\" DROP CONSTRAINT IF EXISTS " + check);
    // a NULL found by VALIDATE is raised as PostgreSQL raises it for SET NOT NULL
    assertThat(stepwise.violation()).isEqualTo(
        new Step.Fail("column \"Note\" of relation \"Orders\" contains null values", SqlState.NOT_NULL_VIOLATION));
    assertThat(plan.steps()).contains(new Step.Invalidate("app.\"Orders\""));
    assertThat(plan.reports()).singleElement().asString().contains("each committed on its own");
  }

  @Test
  void plan_namedCheckAndForeignKey_addedNotValidThenValidated() throws SQLException {
    String check = "ALTER TABLE IF EXISTS app.\"Orders\" ADD CONSTRAINT positive CHECK (amount > 0)";
    Step.Stepwise stepwise = (Step.Stepwise) plan(check, large()).steps().get(0);
    assertThat(stepwise.steps()).containsExactly(new Step.User(check + " NOT VALID", null),
        new Step.Run("ALTER TABLE IF EXISTS app.\"Orders\" VALIDATE CONSTRAINT positive"));
    assertThat(stepwise.completes()).isEqualTo(1);
    assertThat(stepwise.violation()).isNull();

    String fk = "ALTER TABLE ONLY app.\"Orders\" ADD CONSTRAINT \"Fk\" FOREIGN KEY (customer) REFERENCES customers (id) "
        + "ON DELETE CASCADE";
    stepwise = (Step.Stepwise) plan(fk, large()).steps().get(0);
    assertThat(stepwise.steps()).containsExactly(new Step.User(fk + " NOT VALID", null),
        new Step.Run("ALTER TABLE ONLY app.\"Orders\" VALIDATE CONSTRAINT \"Fk\""));
    assertThat(stepwise.undo()).isEqualTo("ALTER TABLE ONLY app.\"Orders\" DROP CONSTRAINT IF EXISTS \"Fk\"");
  }

  @Test
  void plan_smallTable_null_butAlwaysWithZeroMinRows() throws SQLException {
    TestFacts small = large();
    small.rows.put("app.\"Orders\"", 99_999L);
    String sql = "ALTER TABLE app.\"Orders\" ALTER \"Note\" SET NOT NULL";
    assertThat(plan(sql, small)).isNull();
    LockLightRule always = new LockLightRule(new Options(Options.BulkUpdate.ATOMIC, 0, false, Options.NewTables.LOCAL, 0));
    assertThat(always.plan(always.match(new StatementText(sql)), small, TestFacts.AS_WRITTEN).stepwise()).isTrue();
    small.rows.put("app.\"Orders\"", -1L);
    assertThat(plan(sql, small).stepwise()).as("unknown size counts as large").isTrue();
  }

  @Test
  void plan_inTransaction_runsAsWrittenWithHowToRunItOutsideOne() throws SQLException {
    TestFacts facts = large();
    facts.inTransaction = true;
    String sql = "ALTER TABLE app.\"Orders\" ALTER COLUMN \"Note\" SET NOT NULL";
    Plan plan = plan(sql, facts);
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User(sql, null));
    assertThat(plan.reports()).singleElement().asString()
        .contains("until the transaction commits", "executeInTransaction=false", "runInTransaction=\"false\"");
  }

  @Test
  void plan_unnamedConstraint_runsAsWrittenWithAdviceToNameIt() throws SQLException {
    String sql = "ALTER TABLE app.\"Orders\" ADD CHECK (amount > 0)";
    Plan plan = plan(sql, large());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User(sql, null));
    assertThat(plan.reports()).singleElement().asString().contains("name the constraint");
  }

  @Test
  void rewriter_staleCoordinatorRows_removedFirstThenTheLockLightSteps() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "id", 8192);
    facts.rows.put("orders", 3_000_000L);
    Plan plan = Rewriter.create(0, Options.DEFAULTS).plan("ALTER TABLE orders ALTER COLUMN note SET NOT NULL", facts);
    assertThat(plan.steps().get(0)).isEqualTo(new Step.Run(
        "SELECT truncate_local_data_after_distributing_table('orders')"));
    assertThat(plan.steps()).anyMatch(step -> step instanceof Step.Stepwise);
  }

  @Test
  void plan_missingTable_null() throws SQLException {
    assertThat(plan("ALTER TABLE nope ALTER c SET NOT NULL", new TestFacts())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID",
      "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES r (id) NOT VALID",
      "ALTER TABLE t ALTER COLUMN a DROP NOT NULL",
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL",
      "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)",
      "ALTER TABLE t ADD COLUMN a int NOT NULL",
      "ALTER TABLE t VALIDATE CONSTRAINT c",
      "ALTER INDEX i RENAME TO j"})
  void match_otherStatements_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void describe_showsEachStepAndTheUndo() throws SQLException {
    String described = plan("ALTER TABLE app.\"Orders\" ADD CONSTRAINT positive CHECK (amount > 0)", large()).describe();
    assertThat(described.split("\n")).startsWith("each committed on its own:",
        "  run: ALTER TABLE app.\"Orders\" ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID",
        "  then: ALTER TABLE app.\"Orders\" VALIDATE CONSTRAINT positive",
        "if a step fails: ALTER TABLE app.\"Orders\" DROP CONSTRAINT IF EXISTS positive");
    assertThat(List.of(described.split("\n"))).anyMatch(line -> line.startsWith("note: ran as"));
  }
}
