package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitAlterRuleTest {

  private final SplitAlterRule rule = new SplitAlterRule();

  private List<String> pieces(String sql) {
    SplitAlterRule.Split split = rule.match(new StatementText(sql));
    return split == null ? null : split.pieces();
  }

  @Test
  void match_constraintWithOtherActions_onePerAction() {
    assertThat(pieces("ALTER TABLE IF EXISTS ONLY s.\"T\" ALTER COLUMN v SET NOT NULL, ADD CONSTRAINT c CHECK (v > 0)"))
        .containsExactly("ALTER TABLE IF EXISTS ONLY s.\"T\" ALTER COLUMN v SET NOT NULL",
            "ALTER TABLE IF EXISTS ONLY s.\"T\" ADD CONSTRAINT c CHECK (v > 0)");
    assertThat(pieces("alter table t drop constraint f, add constraint f foreign key (a) references r (id) on delete cascade"))
        .containsExactly("alter table t drop constraint f",
            "alter table t add constraint f foreign key (a) references r (id) on delete cascade");
  }

  @Test
  void match_inlineUnnamedConstraints_namedAsPostgresNamesThem() {
    assertThat(pieces("ALTER TABLE orders ADD COLUMN w int NOT NULL DEFAULT 1 CHECK (w > 0) UNIQUE "
        + "REFERENCES r (id) ON DELETE SET NULL"))
        .containsExactly("ALTER TABLE orders ADD COLUMN w int NOT NULL DEFAULT 1",
            "ALTER TABLE orders ADD CHECK (w > 0)",
            "ALTER TABLE orders ADD CONSTRAINT orders_w_key UNIQUE (w)",
            "ALTER TABLE orders ADD CONSTRAINT orders_w_fkey FOREIGN KEY (w) REFERENCES r (id) ON DELETE SET NULL");
    assertThat(pieces("ALTER TABLE \"Orders\" ADD \"Id\" bigint PRIMARY KEY"))
        .containsExactly("ALTER TABLE \"Orders\" ADD COLUMN \"Id\" bigint",
            "ALTER TABLE \"Orders\" ADD CONSTRAINT \"Orders_pkey\" PRIMARY KEY (\"Id\")");
  }

  /** A CHECK is named when planned: from the column it reads (added by the statement or not), after the names taken. */
  @Test
  void plan_unnamedChecks_namedAsPostgresNamesThem() throws SQLException {
    String sql = "ALTER TABLE t ADD COLUMN w int CHECK (w > 0), ADD COLUMN v int CHECK (w < v) CHECK (w < 10), "
        + "ADD CHECK (a > 0)";
    TestFacts facts = new TestFacts().table("t", TableFacts.Kind.REFERENCE, null, 0)
        .keyed("t", List.of("a"), java.util.Map.of("a", "integer"), 3);
    facts.takenConstraintNames.add("t_a_check");
    Plan plan = rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
    assertThat(((Step.Together) plan.steps().get(0)).steps()).containsExactly(
        new Step.Run("ALTER TABLE t ADD COLUMN w int"),
        new Step.Run("ALTER TABLE t ADD CONSTRAINT t_w_check CHECK (w > 0)"),
        new Step.Run("ALTER TABLE t ADD COLUMN v int"),
        new Step.Run("ALTER TABLE t ADD CONSTRAINT t_check CHECK (w < v)"),
        new Step.Run("ALTER TABLE t ADD CONSTRAINT t_w_check1 CHECK (w < 10)"),
        new Step.Run("ALTER TABLE t ADD CONSTRAINT t_a_check1 CHECK (a > 0)"));
  }

  @Test
  void match_dropIndexes_oneEach() {
    assertThat(pieces("DROP INDEX IF EXISTS a, s.b CASCADE"))
        .containsExactly("DROP INDEX IF EXISTS a CASCADE", "DROP INDEX IF EXISTS s.b CASCADE");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int",
      "ALTER TABLE t ADD CONSTRAINT c CHECK (v > 0)",
      "ALTER TABLE t ADD COLUMN w int CONSTRAINT wpos CHECK (w > 0)",
      "ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b DROP NOT NULL",
      "DROP INDEX a",
      "DROP TABLE a, b"})
  void match_whatCitusAccepts_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void name_longNames_shortenedLikePostgres() {
    String table = "a".repeat(40);
    String column = "b".repeat(40);
    assertThat(Names.defaultName(table, column, "check")).hasSize(63).endsWith("_check");
  }

  @Test
  void plan_citusTable_inOneTransaction_localTableAsWritten() throws SQLException {
    String sql = "ALTER TABLE t ALTER COLUMN v SET NOT NULL, ADD CONSTRAINT c CHECK (v > 0)";
    SplitAlterRule.Split split = rule.match(new StatementText(sql));
    Plan plan = rule.plan(split, new TestFacts().table("t", TableFacts.Kind.REFERENCE, null, 0), TestFacts.AS_WRITTEN);
    assertThat(plan.steps().get(0)).isEqualTo(new Step.Together(List.of(
        new Step.Run("ALTER TABLE t ALTER COLUMN v SET NOT NULL"), new Step.Run("ALTER TABLE t ADD CONSTRAINT c CHECK (v > 0)"))));
    assertThat(rule.plan(split, new TestFacts().table("t", TableFacts.Kind.LOCAL, null, 0), TestFacts.AS_WRITTEN)).isNull();
    TestFacts plain = new TestFacts().table("t", TableFacts.Kind.REFERENCE, null, 0).onPlainPostgres();
    assertThat(rule.plan(split, plain, TestFacts.AS_WRITTEN)).isNull();
    assertThat(plain.asked).isEmpty();
  }
}
