package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CitusLocalSubqueryRuleTest {

  private final CitusLocalSubqueryRule rule = new CitusLocalSubqueryRule();

  private static TestFacts facts() {
    return new TestFacts().table("ref", TableFacts.Kind.REFERENCE, null, 0)
        .table("loc", TableFacts.Kind.CITUS_LOCAL, null, 0)
        .table("other", TableFacts.Kind.REFERENCE, null, 0)
        .table("plain", TableFacts.Kind.LOCAL, null, 0);
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    CitusLocalSubqueryRule.Write write = rule.match(new StatementText(sql));
    return write == null ? null : rule.plan(write, facts, TestFacts.AS_WRITTEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UPDATE ref SET name = (SELECT max(status) FROM loc) WHERE id = 1",
      "UPDATE ref SET name = 'k' WHERE name <> (SELECT max(status) FROM loc)",
      "DELETE FROM ref WHERE id NOT IN (SELECT id FROM loc)",
      "UPDATE ref SET name = s.v FROM loc, LATERAL (SELECT max(status) AS v FROM loc l2 WHERE l2.id = loc.id) s "
          + "WHERE ref.id = loc.id",
      "UPDATE ref SET name = o.name FROM other o JOIN loc l ON l.id = (SELECT max(id) FROM loc) WHERE ref.id = o.id",
      "WITH p AS (SELECT id FROM ref WHERE id = 3) UPDATE ref SET name = (SELECT max(status) FROM loc) FROM p "
          + "WHERE ref.id = p.id",
      "WITH p AS (SELECT id, status FROM loc WHERE id = ?) UPDATE ref SET name = p.status FROM p WHERE ref.id = p.id"})
  void referenceTableWriteWithSubqueryOnCitusLocal_refusedBeforeItRuns(String sql) throws SQLException {
    Plan plan = plan(sql, facts());
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> {
      assertThat(fail.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
      assertThat(fail.message()).contains("coordinator's copy of ref only", "Citus-local table loc", "IN (SELECT");
    });
  }

  /** Marquez V74: the WITH query reads the Citus-local table, the UPDATE joins it. */
  @Test
  void withQueriesOnCitusLocal_computedIntoCitusLocalTablesFirst() throws SQLException {
    String sql = "WITH RECURSIVE latest AS (SELECT DISTINCT ON (id) id, status FROM loc ORDER BY id, status DESC), "
        + "\"Top\"(id) AS MATERIALIZED (SELECT id FROM latest WHERE status IS NOT NULL)\n"
        + "UPDATE ref AS r SET name = l.status FROM latest AS l JOIN \"Top\" t USING (id) WHERE r.id = l.id";
    String list = "WITH RECURSIVE latest AS (SELECT DISTINCT ON (id) id, status FROM loc ORDER BY id, status DESC), "
        + "\"Top\"(id) AS MATERIALIZED (SELECT id FROM latest WHERE status IS NOT NULL)";
    Plan plan = plan(sql, facts());
    assertThat(((Step.Together) plan.steps().get(0)).steps()).containsExactly(
        new Step.Run("CREATE TABLE citussafe_with_1 AS " + list + " SELECT * FROM latest"),
        new Step.Run("SELECT citus_add_local_table_to_metadata('citussafe_with_1')"),
        new Step.Run("CREATE TABLE citussafe_with_2 AS WITH RECURSIVE latest AS (SELECT * FROM citussafe_with_1), "
            + "\"Top\"(id) AS MATERIALIZED (SELECT id FROM latest WHERE status IS NOT NULL) SELECT * FROM \"Top\""),
        new Step.Run("SELECT citus_add_local_table_to_metadata('citussafe_with_2')"),
        new Step.User("WITH latest AS (SELECT * FROM citussafe_with_1), \"Top\" AS (SELECT * FROM citussafe_with_2) "
            + "UPDATE ref AS r SET name = l.status FROM latest AS l JOIN \"Top\" t USING (id) WHERE r.id = l.id", null),
        new Step.Run("DROP TABLE citussafe_with_1, citussafe_with_2"));
    assertThat(plan.reports()).singleElement().asString().contains("latest, \"Top\"", "Citus-local table loc",
        "concurrent");
  }

  /** Fider's 202507010800_inline_images: a grouped subquery in FROM. */
  @Test
  void fromSubqueryOnCitusLocal_computedIntoACitusLocalTableFirst() throws SQLException {
    String sql = "UPDATE ref SET name = CASE WHEN name IS NULL THEN a.md ELSE name || a.md END\nFROM (\n  SELECT id, "
        + "string_agg(status, E'\\n') AS md FROM loc WHERE status IS NOT NULL GROUP BY id\n) a, other o\n"
        + "WHERE ref.id = a.id AND o.id = a.id";
    Plan plan = plan(sql, facts());
    assertThat(((Step.Together) plan.steps().get(0)).steps()).containsExactly(
        new Step.Run("CREATE TABLE citussafe_with_1 AS SELECT * FROM (SELECT id, string_agg(status, E'\\n') AS md FROM "
            + "loc WHERE status IS NOT NULL GROUP BY id) AS citussafe_query"),
        new Step.Run("SELECT citus_add_local_table_to_metadata('citussafe_with_1')"),
        new Step.User("UPDATE ref SET name = CASE WHEN name IS NULL THEN a.md ELSE name || a.md END\nFROM "
            + "citussafe_with_1 a, other o\nWHERE ref.id = a.id AND o.id = a.id", null),
        new Step.Run("DROP TABLE citussafe_with_1"));
    assertThat(plan.reports()).singleElement().asString().contains("a subquery in FROM");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DELETE FROM ref WHERE id IN (SELECT id FROM loc)",
      "UPDATE ref SET name = o.status FROM loc o WHERE o.id = ref.id",
      "UPDATE ref SET name = (SELECT max(status) FROM other)",
      "UPDATE loc SET status = (SELECT max(name) FROM ref)",
      "UPDATE plain SET status = (SELECT max(name) FROM loc)"})
  void otherWrites_leftToTheOtherRules(String sql) throws SQLException {
    assertThat(plan(sql, facts())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPDATE ref SET name = (SELECT max(status) FROM loc)", "DELETE FROM ref WHERE id = 1"})
  void plainPostgres_orNoSubquery_null(String sql) throws SQLException {
    assertThat(plan(sql, facts().onPlainPostgres())).isNull();
  }
}
