package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachPartitionRuleTest {

  private static final String ATTACH = "ALTER TABLE events ATTACH PARTITION events_2025 "
      + "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";

  private final AttachPartitionRule rule = new AttachPartitionRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    AttachPartitionRule.Attach attach = rule.match(new StatementText(sql));
    return attach == null ? null : rule.plan(attach, facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts facts(TableFacts.Kind parent, boolean byThePolicy) {
    TestFacts facts = new TestFacts().table("events", parent, parent == TableFacts.Kind.DISTRIBUTED ? "id" : null)
        .table("events_2025", TableFacts.Kind.REFERENCE, null);
    if (byThePolicy) {
      facts.rowTypeComments.put("events_2025", PolicyCitusLocal.MARK);
    }
    return facts;
  }

  @ParameterizedTest
  @ValueSource(strings = {ATTACH, "alter table if exists public.events attach partition events_2025 default"})
  void match_attachPartition_readsParentAndPartition(String sql) {
    AttachPartitionRule.Attach attach = rule.match(new StatementText(sql));
    assertThat(attach.partition()).isEqualTo("events_2025");
    assertThat(attach.parent()).endsWith("events");
  }

  @Test
  void match_otherAlter_null() {
    assertThat(rule.match(new StatementText("ALTER TABLE events DETACH PARTITION events_2025"))).isNull();
    assertThat(rule.match(new StatementText("ALTER TABLE events ADD COLUMN x int"))).isNull();
  }

  /** Regression: a partition newTables=reference made a reference table could not be attached to a local parent. */
  @ParameterizedTest
  @ValueSource(strings = {"LOCAL", "DISTRIBUTED", "CITUS_LOCAL"})
  void plan_partitionMadeReferenceByThePolicy_turnedBackLocalThenAttached(String parent) throws SQLException {
    Plan plan = plan(ATTACH, facts(TableFacts.Kind.valueOf(parent), true));
    Step.Together together = (Step.Together) plan.steps().get(0);
    assertThat(together.steps()).containsExactly(new Step.Run("SELECT undistribute_table('events_2025')"),
        new Step.User(ATTACH, null));
    assertThat(plan.steps()).hasAtLeastOneElementOfType(Step.Report.class);
  }

  @Test
  void plan_referenceTableTheUserMade_null() throws SQLException {
    assertThat(plan(ATTACH, facts(TableFacts.Kind.LOCAL, false))).isNull();
  }

  @Test
  void plan_plainPostgres_null() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.LOCAL, true);
    facts.citus = false;
    assertThat(plan(ATTACH, facts)).isNull();
  }
}
