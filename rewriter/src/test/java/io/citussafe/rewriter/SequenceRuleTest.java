package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SequenceRuleTest {

  private final SequenceRule rule = new SequenceRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  @Test
  void plan_restartWithOnADistributedSequence_setval() throws SQLException {
    TestFacts facts = new TestFacts();
    facts.distributedObjects.add("app.s");
    assertThat(plan("ALTER SEQUENCE app.s RESTART WITH 500", facts).steps().get(0))
        .isEqualTo(new Step.Run("SELECT pg_catalog.setval('app.s', 500, false)"));
    assertThat(plan("ALTER SEQUENCE IF EXISTS app.s RESTART", facts).steps().get(0).toString()).contains("seqstart");
    assertThat(plan("ALTER SEQUENCE app.s INCREMENT BY 2", facts).steps()).singleElement()
        .isInstanceOfSatisfying(Step.User.class, user -> assertThat(user.hint()).contains("setval"));
  }

  /** The hint spells out the replacement verified on Citus 13.2.2, with the user's names and options. */
  @Test
  void plan_otherFormOnADistributedSequence_hintReplacesTheSequenceWithTheUsersNames() throws SQLException {
    TestFacts facts = new TestFacts();
    facts.distributedObjects.add("app.\"Order Seq\"");
    assertThat(plan("ALTER SEQUENCE app.\"Order Seq\" AS bigint OWNED BY orders.id", facts).steps()).singleElement()
        .isInstanceOfSatisfying(Step.User.class, user -> assertThat(user.hint()).contains(
            "CREATE SEQUENCE app.\"Order Seq_new\" (with the settings of app.\"Order Seq\" you keep",
            "ALTER SEQUENCE app.\"Order Seq_new\" AS bigint OWNED BY orders.id;",
            "SELECT setval('app.\"Order Seq_new\"', last_value, is_called) FROM app.\"Order Seq\";",
            "SET DEFAULT nextval('app.\"Order Seq_new\"'); DROP SEQUENCE app.\"Order Seq\";",
            "RENAME TO \"Order Seq\"."));
  }

  @Test
  void plan_sequenceCitusDoesNotKnow_null() throws SQLException {
    assertThat(plan("ALTER SEQUENCE s RESTART WITH 5", new TestFacts())).isNull();
  }
}
