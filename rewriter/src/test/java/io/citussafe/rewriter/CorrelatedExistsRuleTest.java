package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelatedExistsRuleTest {

  private final CorrelatedExistsRule rule = new CorrelatedExistsRule();

  private static TestFacts facts() {
    return new TestFacts().table("subs", TableFacts.Kind.REFERENCE, null, 0)
        .table("apps", TableFacts.Kind.DISTRIBUTED, "env", 0)
        .table("tenant_subs", TableFacts.Kind.DISTRIBUTED, "env", 0)
        .table("other_subs", TableFacts.Kind.DISTRIBUTED, "id", 0)
        .table("codes", TableFacts.Kind.REFERENCE, null, 0);
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    CorrelatedExistsRule.Write write = rule.match(new StatementText(sql));
    return write == null ? null : rule.plan(write, facts, TestFacts.AS_WRITTEN);
  }

  /** Gravitee 4.7.15: subscriptions whose application is gone. */
  @Test
  void notExistsOnADistributedTable_writtenWithoutTheRow() throws SQLException {
    Plan plan = plan("DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = subs.application)", facts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User("DELETE FROM subs WHERE (subs.application IS NULL OR "
        + "subs.application NOT IN (SELECT a.id FROM apps a WHERE a.id IS NOT NULL))", null));
    assertThat(plan.reports()).singleElement().asString().contains("selects the same rows");
  }

  @Test
  void existsWithAnAlias_becomesIn_andOtherTermsStay() throws SQLException {
    Plan plan = plan("UPDATE subs AS s SET n = 0 WHERE s.n IS NULL AND EXISTS (SELECT * FROM apps AS a WHERE "
        + "s.application = a.id)", facts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User("UPDATE subs AS s SET n = 0 WHERE s.n IS NULL AND "
        + "(s.application IS NOT NULL AND s.application IN (SELECT a.id FROM apps AS a WHERE a.id IS NOT NULL))", null));
  }

  /** Co-located tables joined on another column than the distribution columns: Citus refuses that too. */
  @Test
  void colocatedButJoinedOnAnotherColumn_rewritten_onTheDistributionColumns_asWritten() throws SQLException {
    assertThat(plan("DELETE FROM tenant_subs t WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = t.application)",
        facts())).isNotNull();
    assertThat(plan("DELETE FROM tenant_subs t WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.env = t.env)",
        facts())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM codes c WHERE c.id = subs.application)",
      // an aggregate gives a row even when nothing matches
      "DELETE FROM subs WHERE NOT EXISTS (SELECT max(a.x) FROM apps a WHERE a.id = subs.application)",
      "DELETE FROM subs WHERE NOT EXISTS (SELECT count(*) FROM apps a WHERE a.id = subs.application)",
      "DELETE FROM subs WHERE NOT EXISTS (SELECT 1 AS one FROM apps a WHERE a.id = subs.application)",
      "DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = subs.application AND a.env = 1)",
      "DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = application)",
      "DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a JOIN codes c ON c.id = a.id WHERE a.id = subs.x)",
      "DELETE FROM subs WHERE id IN (SELECT id FROM subs s2 WHERE EXISTS (SELECT 1 FROM apps a WHERE a.id = s2.x))",
      "DELETE FROM plain WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = plain.application)"})
  void otherShapesOrTables_leftToCitus(String sql) throws SQLException {
    assertThat(plan(sql, facts())).isNull();
  }

  /** Both forms are never NULL, as EXISTS is: a comparison around them means the same. */
  @Test
  void existsComparedWithFalse_rowsWithANullColumnStillCount() throws SQLException {
    Plan plan = plan("UPDATE subs SET n = 1 WHERE EXISTS (SELECT a.id FROM apps a WHERE a.id = subs.c) = false",
        facts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User("UPDATE subs SET n = 1 WHERE (subs.c IS NOT NULL AND "
        + "subs.c IN (SELECT a.id FROM apps a WHERE a.id IS NOT NULL)) = false", null));
  }

  @Test
  void plainPostgres_null() throws SQLException {
    assertThat(plan("DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = subs.application)",
        facts().onPlainPostgres())).isNull();
  }
}
