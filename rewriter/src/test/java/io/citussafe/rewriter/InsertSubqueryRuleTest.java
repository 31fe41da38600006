package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InsertSubqueryRuleTest {

  private final InsertSubqueryRule rule = new InsertSubqueryRule();

  private static TestFacts facts() {
    return new TestFacts().table("rp", TableFacts.Kind.REFERENCE, null, 0)
        .keyed("rp", List.of("a", "b"), Map.of("a", "integer", "b", "integer", "d", "date"), 3);
  }

  private Step plan(String sql) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts(), TestFacts.AS_WRITTEN).steps().get(0);
  }

  @Test
  void plan_singleRow_insertSelect() throws SQLException {
    assertThat(plan("INSERT INTO rp (a, b, n) VALUES ((SELECT r.id FROM r WHERE r.name = 'x, y'), ?, 'fromDate')"))
        .isEqualTo(new Step.User("INSERT INTO rp (a, b, n) SELECT (SELECT r.id FROM r WHERE r.name = 'x, y'), ?, "
            + "'fromDate'", null));
  }

  @Test
  void plan_singleRowWithDefaultConflictAndReturning_columnDroppedTailKept() throws SQLException {
    assertThat(plan("insert into rp as t (a, b, d) values ((select 1), DEFAULT, '2024-01-01') "
        + "on conflict (a, b) do update set d = excluded.d returning a"))
        .isEqualTo(new Step.User("insert into rp as t (a, d) SELECT (select 1), '2024-01-01' "
            + "on conflict (a, b) do update set d = excluded.d returning a", null));
  }

  @Test
  void plan_severalRows_valuesInFromWithTheFirstRowCast() throws SQLException {
    assertThat(plan("INSERT INTO rp (a, b, d) VALUES ((SELECT 1), 2, '2024-01-01'), (3, 4, ?)"))
        .isEqualTo(new Step.User("INSERT INTO rp (a, b, d) SELECT * FROM (VALUES (CAST((SELECT 1) AS integer), "
            + "CAST(2 AS integer), CAST('2024-01-01' AS date)), (3, 4, ?)) citussafe_values", null));
  }

  @Test
  void plan_severalRowsWithoutColumnList_runsWithAHint() throws SQLException {
    assertThat(plan("INSERT INTO rp VALUES ((SELECT 1), 2), (3, 4)"))
        .isInstanceOfSatisfying(Step.User.class, user -> assertThat(user.hint()).contains("list the columns"));
  }

  @Test
  void plan_localTableOrPlainPostgres_null() throws SQLException {
    InsertSubqueryRule.Insert insert = rule.match(new StatementText("INSERT INTO loc (a) VALUES ((SELECT 1))"));
    assertThat(rule.plan(insert, facts(), TestFacts.AS_WRITTEN)).isNull();
    TestFacts plain = facts().onPlainPostgres();
    InsertSubqueryRule.Insert onReference = rule.match(new StatementText("INSERT INTO rp (a, b) VALUES ((SELECT 1), 2)"));
    assertThat(rule.plan(onReference, plain, TestFacts.AS_WRITTEN)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"INSERT INTO t (a) VALUES (1)", "INSERT INTO t (a) SELECT 1", "INSERT INTO t VALUES ('select')",
      "INSERT INTO t (a) VALUES (1) RETURNING (SELECT 1)", "INSERT INTO t DEFAULT VALUES"})
  void match_noSubqueryInTheRows_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  /** Regression: an empty item after a comma, as in {@code ((SELECT 1),,2)}, threw StringIndexOutOfBoundsException. */
  @ParameterizedTest
  @ValueSource(strings = {"INSERT INTO t VALUES ((SELECT 1),,2)", "INSERT INTO t VALUES (,(SELECT 1))",
      "INSERT INTO t (a,,b) VALUES ((SELECT 1), 2)"})
  void match_emptyItem_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }
}
