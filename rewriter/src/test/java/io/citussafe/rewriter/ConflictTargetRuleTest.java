package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflictTargetRuleTest {

  private static final ConflictTargetRule RULE =
      new ConflictTargetRule(Options.DEFAULTS.withDistributionColumn("company_id"));

  private static Plan plan(String sql, TestFacts facts) throws SQLException {
    ConflictTargetRule.Upsert upsert = RULE.match(new StatementText(sql));
    return upsert == null ? null : RULE.plan(upsert, facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts facts() {
    return new TestFacts().table("campaigns", TableFacts.Kind.DISTRIBUTED, "company_id")
        .keyed("campaigns", List.of("company_id", "id"), Map.of(), 1);
  }

  @Test
  void plan_targetOfTheWidenedKey_getsTheColumn_reusable() throws SQLException {
    Plan plan = plan("INSERT INTO campaigns (id, company_id, name) VALUES (?, ?, ?) ON CONFLICT (id) "
        + "DO UPDATE SET name = EXCLUDED.name", facts());
    assertThat(plan.userText()).isEqualTo("INSERT INTO campaigns (id, company_id, name) VALUES (?, ?, ?) "
        + "ON CONFLICT (company_id, id) DO UPDATE SET name = EXCLUDED.name");
    assertThat(plan.reusable()).isTrue();
    assertThat(plan("INSERT INTO campaigns VALUES (1, 2, 'x') ON CONFLICT (id) DO NOTHING", facts()).userText())
        .isEqualTo("INSERT INTO campaigns VALUES (1, 2, 'x') ON CONFLICT (company_id, id) DO NOTHING");
  }

  @Test
  void plan_columnNotSupplied_clearError() throws SQLException {
    Step.Fail fail = (Step.Fail) plan("INSERT INTO campaigns (id, name) VALUES (1, 'x') ON CONFLICT (id) DO NOTHING",
        facts()).steps().get(0);
    assertThat(fail.message()).contains("does not supply company_id", "ON CONFLICT ON CONSTRAINT");
  }

  @Test
  void plan_otherKeysOrTablesOrPlainPostgres_passThrough() throws SQLException {
    assertThat(plan("INSERT INTO campaigns (id, company_id) VALUES (1, 2) ON CONFLICT (name) DO NOTHING", facts()))
        .isNull();
    assertThat(plan("INSERT INTO other (id, company_id) VALUES (1, 2) ON CONFLICT (id) DO NOTHING", facts())).isNull();
    assertThat(plan("INSERT INTO campaigns (id, company_id) VALUES (1, 2) ON CONFLICT (id) DO NOTHING",
        facts().onPlainPostgres())).isNull();
    assertThat(RULE.match(new StatementText("INSERT INTO campaigns VALUES (1) ON CONFLICT ON CONSTRAINT "
        + "campaigns_pkey DO NOTHING"))).isNull();
    assertThat(RULE.match(new StatementText("INSERT INTO campaigns VALUES (1) ON CONFLICT (lower(name)) DO NOTHING")))
        .isNull();
  }

  @Test
  void fastPath_readsUpsertsOnlyWithTheSetting() {
    String upsert = "INSERT INTO campaigns (id, company_id) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";
    assertThat(PlainDml.isPlain(upsert, false, false)).isTrue();
    assertThat(PlainDml.isPlain(upsert, false, true)).isFalse();
    assertThat(PlainDml.isPlain("INSERT INTO conflicts (id) VALUES (?)", false, true)).isTrue();
  }
}
