package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewTablesRuleTest {

  private final NewTablesRule rule = new NewTablesRule(
      new Options(Options.BulkUpdate.ATOMIC, 0, false, Options.NewTables.REFERENCE, 100_000));

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  @Test
  void plan_createTable_referenceTableInTheSameTransaction() throws SQLException {
    String sql = "CREATE TABLE app.kinds (id int PRIMARY KEY)";
    assertThat(plan(sql, new TestFacts()).steps().get(0)).isEqualTo(new Step.Together(List.of(
        new Step.User(sql, null), new Step.Run("SELECT create_reference_table('app.kinds')"))));
  }

  @Test
  void plan_createTableAs_copiedRowsRemovedFromTheCoordinator() throws SQLException {
    Plan plan = plan("CREATE TABLE k AS SELECT 1 AS id", new TestFacts());
    assertThat(((Step.Together) plan.steps().get(0)).steps()).last()
        .isEqualTo(new Step.Run("SELECT truncate_local_data_after_distributing_table('k')"));
  }

  @Test
  void plan_partitionedTable_staysLocalWithAWarning() throws SQLException {
    Plan plan = plan("CREATE TABLE ev (at date) PARTITION BY RANGE (at)", new TestFacts());
    assertThat(plan.reports()).singleElement().asString().contains("partitioned");
  }

  @Test
  void plan_ifNotExistsOnAnExistingTable_null() throws SQLException {
    TestFacts facts = new TestFacts().table("k", TableFacts.Kind.REFERENCE, null, 0);
    assertThat(plan("CREATE TABLE IF NOT EXISTS k (id int)", facts)).isNull();
    assertThat(plan("CREATE TABLE k2 (id int)", TestFacts.plainPostgres())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE TEMP TABLE t (id int)", "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)",
      "CREATE TABLE flyway_schema_history (installed_rank int)", "CREATE TABLE public.DATABASECHANGELOGLOCK (id int)",
      "CREATE INDEX i ON t (a)", "CREATE VIEW v AS SELECT 1"})
  void match_notANewApplicationTable_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void match_policyLocal_null() {
    assertThat(new NewTablesRule(Options.DEFAULTS).match(new StatementText("CREATE TABLE t (id int)"))).isNull();
  }
}
