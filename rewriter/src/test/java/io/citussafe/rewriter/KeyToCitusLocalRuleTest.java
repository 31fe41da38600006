package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyToCitusLocalRuleTest {

  private static final String KEY = "ALTER TABLE ONLY \"ANALYSIS\" ADD CONSTRAINT \"ANALYSIS_PROJECT_FK\" FOREIGN KEY "
      + "(\"PROJECT_ID\") REFERENCES \"PROJECT\"(\"ID\") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED";

  private final KeyToCitusLocalRule rule = new KeyToCitusLocalRule();

  private static TestFacts facts(boolean policy) {
    TestFacts facts = new TestFacts().table("\"ANALYSIS\"", TableFacts.Kind.REFERENCE, null, 0)
        .table("\"PROJECT\"", TableFacts.Kind.CITUS_LOCAL, null, 0);
    if (policy) {
      facts.rowTypeComments.put("\"ANALYSIS\"", PolicyCitusLocal.MARK);
    }
    return facts;
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    KeyToCitusLocalRule.Key key = rule.match(new StatementText(sql));
    return key == null ? null : rule.plan(key, facts, TestFacts.AS_WRITTEN);
  }

  @Test
  void plan_policyReferenceTableCascadingToCitusLocal_becomesCitusLocalThenTheKey() throws SQLException {
    Plan plan = plan(KEY, facts(true));
    List<Step> steps = ((Step.Together) plan.steps().get(0)).steps();
    assertThat(steps).containsExactly(
        new Step.Run("SELECT undistribute_table('\"ANALYSIS\"')"),
        new Step.Run("SELECT citus_add_local_table_to_metadata('\"ANALYSIS\"')"),
        new Step.User(KEY, null));
    assertThat(plan.reports()).singleElement().asString().contains("Citus-local", "cascading action");
  }

  @Test
  void plan_otherCases_leftToCitus() throws SQLException {
    assertThat(plan(KEY, facts(false))).as("a reference table the user made").isNull();
    assertThat(plan(KEY.replace(" ON DELETE CASCADE", ""), facts(true))).as("NO ACTION").isNull();
    assertThat(plan(KEY, facts(true).table("\"PROJECT\"", TableFacts.Kind.REFERENCE, null, 0))).isNull();
    assertThat(plan(KEY, facts(true).onPlainPostgres())).isNull();
  }

  /** A table the policy made that references the converted one with a cascading action is converted too. */
  @Test
  void plan_policyTableReferencingItWithCascade_convertedTooInOneTransaction() throws SQLException {
    TestFacts facts = facts(true).table("\"ANALYSISCOMMENT\"", TableFacts.Kind.REFERENCE, null, 0);
    ForeignKeyLink comment = new ForeignKeyLink("\"ANALYSISCOMMENT\"", "ANALYSISCOMMENT_ANALYSIS_FK",
        "FOREIGN KEY (\"ANALYSIS_ID\") REFERENCES \"ANALYSIS\"(\"ID\") ON DELETE CASCADE", false,
        TableFacts.Kind.REFERENCE);
    facts.links.put("\"ANALYSIS\"", List.of(comment));
    facts.links.put("\"ANALYSISCOMMENT\"", List.of(new ForeignKeyLink("\"ANALYSISCOMMENT\"",
        "ANALYSISCOMMENT_ANALYSIS_FK", comment.definition(), true, TableFacts.Kind.REFERENCE)));
    facts.rowTypeComments.put("\"ANALYSISCOMMENT\"", PolicyCitusLocal.MARK);
    List<Step> steps = ((Step.Together) plan(KEY, facts).steps().get(0)).steps();
    assertThat(steps).containsExactly(
        new Step.Run("ALTER TABLE \"ANALYSISCOMMENT\" DROP CONSTRAINT \"ANALYSISCOMMENT_ANALYSIS_FK\""),
        new Step.Run("SELECT undistribute_table('\"ANALYSIS\"')"),
        new Step.Run("SELECT undistribute_table('\"ANALYSISCOMMENT\"')"),
        new Step.Run("SELECT citus_add_local_table_to_metadata('\"ANALYSIS\"')"),
        new Step.Run("SELECT citus_add_local_table_to_metadata('\"ANALYSISCOMMENT\"')"),
        new Step.Run("ALTER TABLE \"ANALYSISCOMMENT\" ADD CONSTRAINT \"ANALYSISCOMMENT_ANALYSIS_FK\" "
            + comment.definition()),
        new Step.User(KEY, null));
    // a reference table the user made, referencing it with a cascade, stops it
    facts.rowTypeComments.remove("\"ANALYSISCOMMENT\"");
    assertThat(plan(KEY, facts).steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class,
        fail -> assertThat(fail.message()).contains("\"ANALYSISCOMMENT\" references \"ANALYSIS\"", "cascading"));
  }
}
