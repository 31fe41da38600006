package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CitusOnlyCallRuleTest {

  private final CitusOnlyCallRule rule = new CitusOnlyCallRule(Options.DEFAULTS);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT truncate_local_data_after_distributing_table($$public.orders$$) | truncate_local_data_after_distributing_table",
      "select TRUNCATE_LOCAL_DATA_AFTER_DISTRIBUTING_TABLE('orders') | truncate_local_data_after_distributing_table",
      "SELECT run_command_on_workers($cmd$ALTER TABLE t ALTER COLUMN a SET NOT NULL$cmd$) | run_command_on_workers",
      "SELECT * FROM run_command_on_shards('t', $x$UPDATE %s SET a = 1$x$) | run_command_on_shards",
      "SELECT success, result FROM run_command_on_shards('t', $x$SELECT 1$x$) | run_command_on_shards",
      "SELECT pg_catalog.undistribute_table('t') | undistribute_table"})
  void match_citusUtilityCall_namesTheFunction(String sql, String function) {
    assertThat(rule.match(new StatementText(sql))).isEqualTo(new CitusOnlyCallRule.Call(sql, function, null));
  }

  @Test
  void plan_plainPostgres_answeredWithTheFunctionsColumnsAndNoRows() throws SQLException {
    CitusOnlyCallRule.Call call = rule.match(new StatementText("SELECT * FROM run_command_on_shards('t', 'x')"));
    Plan plan = rule.plan(call, TestFacts.plainPostgres(), TestFacts.AS_WRITTEN);
    assertThat(plan.steps().get(0)).isEqualTo(new Step.Answer(
        "SELECT NULL::bigint AS shardid, NULL::boolean AS success, NULL::text AS result WHERE false"));
  }

  @Test
  void plan_citus_runsAndForgetsEveryTable() throws SQLException {
    String sql = "SELECT undistribute_table('t')";
    Plan plan = rule.plan(rule.match(new StatementText(sql)), new TestFacts(), TestFacts.AS_WRITTEN);
    assertThat(plan.steps()).containsExactly(new Step.User(sql, null), new Step.Invalidate(null));
  }
}
