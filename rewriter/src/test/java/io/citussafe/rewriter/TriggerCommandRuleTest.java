package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerCommandRuleTest {

  private final TriggerCommandRule rule = new TriggerCommandRule();

  private static TestFacts facts(TableFacts.Kind kind, String... triggers) {
    TestFacts facts = new TestFacts().table("app.tag", kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null, 0);
    facts.triggers.put("app.tag", List.of(triggers));
    return facts;
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DROP TRIGGER IF EXISTS tag_touch ON app.tag", "drop trigger if exists \"tag_touch\" on app.tag cascade",
      "ALTER TABLE app.tag DISABLE TRIGGER USER", "ALTER TABLE app.tag ENABLE TRIGGER ALL"})
  void plan_nothingToActOn_skippedWithAWarning(String sql) throws SQLException {
    for (TableFacts.Kind kind : List.of(TableFacts.Kind.REFERENCE, TableFacts.Kind.DISTRIBUTED)) {
      Plan plan = plan(sql, facts(kind));
      assertThat(plan.answerText()).as("%s", kind).isEqualTo(ConcurrentIndexRule.NO_OP);
      assertThat(plan.reports()).singleElement().asString().startsWith("skipped: ").contains("app.tag");
    }
  }

  @Test
  void plan_dropIfExistsOfAnotherTrigger_skipped() throws SQLException {
    Plan plan = plan("DROP TRIGGER IF EXISTS tag_touch ON app.tag", facts(TableFacts.Kind.REFERENCE, "tag_audit"));
    assertThat(plan.answerText()).isEqualTo(ConcurrentIndexRule.NO_OP);
    assertThat(plan.reports()).singleElement().asString().contains("no trigger tag_touch on app.tag");
  }

  @Test
  void plan_enableOfATriggerThatDoesNotExist_postgresError() throws SQLException {
    Plan plan = plan("ALTER TABLE app.tag ENABLE ALWAYS TRIGGER tag_touch", facts(TableFacts.Kind.REFERENCE));
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> {
      assertThat(fail.sqlState()).isEqualTo(SqlState.UNDEFINED_OBJECT);
      assertThat(fail.message()).startsWith("trigger \"tag_touch\" for table \"tag\" does not exist");
    });
  }

  @Test
  void plan_triggerExistsOrForeignKeysUnderAll_leftToCitusAndItsHint() throws SQLException {
    TestFacts withTrigger = facts(TableFacts.Kind.REFERENCE, "tag_touch");
    assertThat(plan("DROP TRIGGER IF EXISTS tag_touch ON app.tag", withTrigger)).isNull();
    assertThat(plan("ALTER TABLE app.tag DISABLE TRIGGER tag_touch", withTrigger)).isNull();
    assertThat(plan("ALTER TABLE app.tag DISABLE TRIGGER USER", withTrigger)).isNull();
    // ALL also disables the internal triggers that check foreign keys: not a no-op
    TestFacts withKey = facts(TableFacts.Kind.REFERENCE);
    withKey.links.put("app.tag", List.of(new ForeignKeyLink("app.tag", "tag_kind_fkey",
        "FOREIGN KEY (kind) REFERENCES kind(id)", true, TableFacts.Kind.REFERENCE)));
    assertThat(plan("ALTER TABLE app.tag DISABLE TRIGGER ALL", withKey)).isNull();
    assertThat(plan("ALTER TABLE app.tag DISABLE TRIGGER USER", withKey).answerText()).isEqualTo(ConcurrentIndexRule.NO_OP);
  }

  @Test
  void plan_citusLocalLocalOrPlainPostgres_null() throws SQLException {
    String sql = "DROP TRIGGER IF EXISTS tag_touch ON app.tag";
    assertThat(plan(sql, facts(TableFacts.Kind.CITUS_LOCAL))).isNull();
    assertThat(plan(sql, facts(TableFacts.Kind.LOCAL))).isNull();
    TestFacts plain = facts(TableFacts.Kind.REFERENCE).onPlainPostgres();
    assertThat(plan(sql, plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DROP TRIGGER tag_touch ON app.tag", "DROP TABLE IF EXISTS app.tag",
      "ALTER TABLE app.tag DISABLE TRIGGER tag_touch, ADD COLUMN x int", "ALTER TABLE app.tag DISABLE RULE r",
      "ALTER TABLE app.tag ENABLE ROW LEVEL SECURITY"})
  void match_otherStatements_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }
}
