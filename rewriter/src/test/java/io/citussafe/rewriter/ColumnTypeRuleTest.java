package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnTypeRuleTest {

  private final ColumnTypeRule rule = new ColumnTypeRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts facts(TableFacts.Kind kind) {
    TestFacts facts = new TestFacts().table("asset", kind, null, 0);
    facts.columns.put("asset", new ColumnFacts(List.of("id"), Map.of("id", "integer"),
        Map.of("id", "nextval('asset_id_seq'::regclass)", "n", "0"), 1, 3));
    return facts;
  }

  @Test
  void plan_sequenceDefault_theChangeRunsInsideTheBlockThatMovesTheSequenceAside() throws SQLException {
    String sql = "ALTER TABLE asset ALTER COLUMN id TYPE BIGINT USING (id::BIGINT)";
    Step.Together together = (Step.Together) plan(sql, facts(TableFacts.Kind.REFERENCE)).steps().get(0);
    String block = ((Step.Run) together.steps().get(0)).sql();
    assertThat(together.steps()).hasSize(1);
    // a sequence no column owns: only the defaults are dropped around the change
    assertThat(block).startsWith("DO $citussafe$").contains("old pg_catalog.regclass := 'asset_id_seq'",
        "ALTER COLUMN %I DROP DEFAULT", "IF owned IS NULL THEN EXECUTE " + SqlText.quoteLiteral(sql)
            + "; FOREACH x IN ARRAY old_defaults LOOP EXECUTE x; END LOOP; RETURN; END IF;",
        "DROP SEQUENCE %s', old); EXECUTE " + SqlText.quoteLiteral(sql), "RENAME TO %I', fresh, n.relname)");
    assertThat(SequenceReplacement.ofDefault("nextval('app.\"Order Seq\"'::regclass)")).isEqualTo("app.\"Order Seq\"");
    assertThat(SequenceReplacement.ofDefault("nextval('it''s'::regclass)")).isEqualTo("it's");
    assertThat(SequenceReplacement.ofDefault("(nextval('s'::regclass) * 2)")).isNull();
  }

  @Test
  void plan_otherDefaultLocalTableOrNoTypeChange_null() throws SQLException {
    assertThat(plan("ALTER TABLE asset ALTER n SET DATA TYPE bigint", facts(TableFacts.Kind.REFERENCE))).isNull();
    assertThat(plan("ALTER TABLE asset ALTER COLUMN id TYPE bigint", facts(TableFacts.Kind.LOCAL))).isNull();
    assertThat(rule.match(new StatementText("ALTER TABLE asset ALTER COLUMN id SET DEFAULT 1"))).isNull();
  }

  @Test
  void plan_plainPostgres_nullWithoutReadingTheCatalog() throws SQLException {
    // PostgreSQL changes the type of a column with a sequence default itself
    TestFacts plain = facts(TableFacts.Kind.REFERENCE).onPlainPostgres();
    assertThat(plan("ALTER TABLE asset ALTER COLUMN id TYPE BIGINT USING (id::BIGINT)", plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }
}
