package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecursiveInsertRuleTest {

  /** Marquez's shape: recursive queries over jobs, an upsert into jobs_fqn. */
  private static final String FQN = "WITH RECURSIVE\n  fqn AS (SELECT uuid, name FROM jobs WHERE parent IS NULL UNION "
      + "SELECT j.uuid, f.name || '.' || j.name FROM jobs j JOIN fqn f ON j.parent = f.uuid),\n  \"Aliases\"(uuid, "
      + "names) AS MATERIALIZED (SELECT uuid, ARRAY_AGG(name) FROM fqn GROUP BY uuid)\nINSERT INTO jobs_fqn SELECT "
      + "f.uuid, f.name, a.names, NULL FROM fqn f JOIN \"Aliases\" a USING (uuid) ON CONFLICT (uuid) DO UPDATE SET "
      + "job_fqn = EXCLUDED.job_fqn, aliases = jobs_fqn.aliases || EXCLUDED.aliases RETURNING uuid";

  private final RecursiveInsertRule rule = new RecursiveInsertRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  @Test
  void plan_intoACitusTable_eachQueryIntoATemporaryTableThenTheInsertAsWritten() throws SQLException {
    Plan plan = plan(FQN, new TestFacts().table("jobs_fqn", TableFacts.Kind.REFERENCE, null, 0));
    assertThat(((Step.Together) plan.steps().get(0)).steps()).containsExactly(
        new Step.Run("CREATE TEMP TABLE fqn AS WITH RECURSIVE fqn AS (SELECT uuid, name FROM jobs WHERE "
            + "parent IS NULL UNION SELECT j.uuid, f.name || '.' || j.name FROM jobs j JOIN fqn f ON j.parent = "
            + "f.uuid),\n  \"Aliases\"(uuid, names) AS MATERIALIZED (SELECT uuid, ARRAY_AGG(name) FROM fqn GROUP BY "
            + "uuid) SELECT * FROM fqn"),
        new Step.Run("CREATE TEMP TABLE \"Aliases\" AS WITH RECURSIVE \"Aliases\"(uuid, names) AS MATERIALIZED "
            + "(SELECT uuid, ARRAY_AGG(name) FROM fqn GROUP BY uuid) SELECT * FROM \"Aliases\""),
        new Step.User("INSERT INTO jobs_fqn SELECT f.uuid, f.name, a.names, NULL FROM fqn f "
            + "JOIN \"Aliases\" a USING (uuid) ON CONFLICT (uuid) DO UPDATE SET job_fqn = EXCLUDED.job_fqn, aliases = "
            + "jobs_fqn.aliases || EXCLUDED.aliases RETURNING uuid", null),
        new Step.Run("DROP TABLE pg_temp.fqn, pg_temp.\"Aliases\""));
    assertThat(plan.reports()).singleElement().asString().contains("fqn, \"Aliases\"", "jobs_fqn", "concurrent");
  }

  @Test
  void plan_aTableNamedLikeAQuery_null() throws SQLException {
    assertThat(plan(FQN, new TestFacts().table("jobs_fqn", TableFacts.Kind.REFERENCE, null, 0)
        .table("fqn", TableFacts.Kind.LOCAL, null, 0))).isNull();
  }

  @Test
  void plan_localTargetOrPlainPostgres_null() throws SQLException {
    assertThat(plan(FQN, new TestFacts().table("jobs_fqn", TableFacts.Kind.LOCAL, null, 0))).isNull();
    TestFacts plain = new TestFacts().table("jobs_fqn", TableFacts.Kind.REFERENCE, null, 0).onPlainPostgres();
    assertThat(plan(FQN, plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "WITH t AS (SELECT 1) INSERT INTO x SELECT * FROM t",
      "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t",
      "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < ?) INSERT INTO x SELECT * FROM t",
      "WITH RECURSIVE d AS (DELETE FROM y RETURNING *) INSERT INTO x SELECT * FROM d",
      "WITH RECURSIVE t(id, p) AS (SELECT id, p FROM y UNION SELECT y.id, y.p FROM y JOIN t ON y.p = t.id) SEARCH "
          + "DEPTH FIRST BY id SET ord INSERT INTO x SELECT id FROM t",
      "WITH RECURSIVE t(n) AS (SELECT 1) UPDATE x SET v = 1 FROM t",
      "WITH RECURSIVE x AS (SELECT 1) INSERT INTO s.X SELECT * FROM x",
      "WITH RECURSIVE \"X\" AS (SELECT 1) INSERT INTO \"X\" SELECT 1"})
  void match_otherStatements_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  /** A temporary table of the query's name would take the INSERT's place only when the names are the same. */
  @Test
  void match_queryNamedLikeTheTargetButQuotedOtherwise_matches() {
    assertThat(rule.match(new StatementText("WITH RECURSIVE \"X\" AS (SELECT 1) INSERT INTO s.x SELECT * FROM \"X\"")))
        .isNotNull();
  }
}
