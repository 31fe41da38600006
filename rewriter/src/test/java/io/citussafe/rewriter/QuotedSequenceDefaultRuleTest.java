package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotedSequenceDefaultRuleTest {

  private final QuotedSequenceDefaultRule rule = new QuotedSequenceDefaultRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  /** Regression: ADD COLUMN "Neue Spalte" … IDENTITY failed on the workers, Citus's text lost the quotes. */
  @Test
  void plan_quotedColumnOfACitusTable_setUnderAPlainNameAndRenamedBack() throws SQLException {
    String sql = "ALTER TABLE app.d ALTER COLUMN \"Neue Spalte\" SET DEFAULT nextval('app.\"d_Neue Spalte_seq\"')";
    Plan plan = plan(sql, new TestFacts().table("app.d", TableFacts.Kind.DISTRIBUTED, "id", 0));
    assertThat(((Step.Together) plan.steps().get(0)).steps()).containsExactly(
        new Step.Run("ALTER TABLE app.d RENAME COLUMN \"Neue Spalte\" TO citussafe_column_being_altered"),
        new Step.Run("ALTER TABLE app.d ALTER COLUMN citussafe_column_being_altered SET DEFAULT "
            + "nextval('app.\"d_Neue Spalte_seq\"')"),
        new Step.Run("ALTER TABLE app.d RENAME COLUMN citussafe_column_being_altered TO \"Neue Spalte\""));
    assertThat(plan.reports()).singleElement().asString().contains("unquoted");
  }

  @Test
  void plan_localTableOrPlainPostgres_null() throws SQLException {
    String sql = "ALTER TABLE d ALTER \"Order\" SET DEFAULT nextval('s')";
    assertThat(plan(sql, new TestFacts().table("d", TableFacts.Kind.LOCAL, null, 0))).isNull();
    TestFacts plain = new TestFacts().table("d", TableFacts.Kind.REFERENCE, null, 0).onPlainPostgres();
    assertThat(plan(sql, plain)).isNull();
    assertThat(plain.asked).isEmpty();
    assertThat(plan(sql, new TestFacts().table("d", TableFacts.Kind.CITUS_LOCAL, null, 0))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE d ALTER COLUMN position SET DEFAULT nextval('s')",
      "ALTER TABLE d ALTER COLUMN \"position\" SET DEFAULT nextval('s')",
      "ALTER TABLE d ALTER COLUMN \"Position\" SET DEFAULT 0",
      "ALTER TABLE d ALTER COLUMN \"Position\" SET DEFAULT 'nextval(1)'",
      "ALTER TABLE d ALTER COLUMN \"Position\" DROP DEFAULT",
      "ALTER TABLE d ALTER COLUMN \"Position\" SET DEFAULT nextval('s'), ADD COLUMN x int",
      "ALTER TABLE d ADD COLUMN \"Position\" bigint DEFAULT nextval('s')"})
  void match_otherStatements_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void match_reservedWordAsColumn_matches() {
    assertThat(rule.match(new StatementText("ALTER TABLE d ALTER \"order\" SET DEFAULT pg_catalog.nextval('s')")))
        .isNotNull();
    assertThat(List.of(QuotedSequenceDefaultRule.PLAIN_NAME)).allMatch(n -> Names.quoted(n).equals(n));
  }
}
