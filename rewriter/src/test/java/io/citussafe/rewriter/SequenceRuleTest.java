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
    assertThat(plan("ALTER SEQUENCE app.s RESTART -5", facts).steps().get(0))
        .isEqualTo(new Step.Run("SELECT pg_catalog.setval('app.s', -5, false)"));
    assertThat(plan("ALTER SEQUENCE IF EXISTS app.s RESTART", facts).steps().get(0).toString()).contains("seqstart");
    // RESTART among other options is an option list
    assertThat(plan("ALTER SEQUENCE app.s RESTART WITH 5 INCREMENT BY 2", facts).steps().get(0).toString())
        .contains("DO $citussafe$", "' RESTART WITH 5 INCREMENT BY 2'");
  }

  /** Each option Citus refuses replaces the sequence in one statement, with the user's names and options. */
  @Test
  void plan_optionListOnADistributedSequence_replacedInOneDoBlock() throws SQLException {
    TestFacts facts = new TestFacts();
    facts.distributedObjects.add("app.\"Order Seq\"");
    Plan plan = plan("ALTER SEQUENCE app.\"Order Seq\" AS bigint INCREMENT BY 10", facts);
    String block = ((Step.Run) plan.steps().get(0)).sql();
    assertThat(block).startsWith("DO $citussafe$").endsWith("END$citussafe$").contains(
        "old pg_catalog.regclass := 'app.\"Order Seq\"'", "'_citussafe'",
        "x := ' AS bigint INCREMENT BY 10' || coalesce(owned, ''); IF x <> '' THEN EXECUTE 'ALTER SEQUENCE ' || fresh || x;",
        "INTO owned", "GRANT %s ON SEQUENCE", "COMMENT ON SEQUENCE", "DROP SEQUENCE", "RENAME TO %I', fresh, n.relname)");
    assertThat(plan.reports()).singleElement().asString().contains("replaced the sequence app.\"Order Seq\"");
    // the user's own OWNED BY replaces the old one's
    assertThat(((Step.Run) plan("ALTER SEQUENCE app.\"Order Seq\" OWNED BY orders.id", facts).steps().get(0)).sql())
        .contains("x := ' OWNED BY orders.id';");
  }

  /** RENAME, OWNER TO, SET SCHEMA and SET LOGGED Citus takes: as written, with the hint should it refuse. */
  @Test
  void plan_formsCitusTakes_asWritten() throws SQLException {
    TestFacts facts = new TestFacts();
    facts.distributedObjects.add("s");
    for (String sql : new String[] {"ALTER SEQUENCE s RENAME TO t", "ALTER SEQUENCE s OWNER TO app",
        "ALTER SEQUENCE s SET SCHEMA other", "ALTER SEQUENCE s SET LOGGED"}) {
      assertThat(plan(sql, facts).steps()).as(sql).singleElement().isInstanceOf(Step.User.class);
    }
  }

  @Test
  void plan_sequenceCitusDoesNotKnow_null() throws SQLException {
    assertThat(plan("ALTER SEQUENCE s RESTART WITH 5", new TestFacts())).isNull();
    assertThat(plan("ALTER SEQUENCE s INCREMENT BY 5", new TestFacts())).isNull();
  }
}
