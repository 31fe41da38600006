package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CitusRefusalHintRuleTest {

  private final CitusRefusalHintRule rule = new CitusRefusalHintRule(Options.DEFAULTS);

  private static TestFacts facts() {
    TestFacts facts = new TestFacts()
        .table("d", TableFacts.Kind.DISTRIBUTED, "tenant", 0)
        .table("r", TableFacts.Kind.REFERENCE, null, 0)
        .table("l", TableFacts.Kind.LOCAL, null, 0);
    facts.tables.put("e", new TableFacts("e", TableFacts.Kind.DISTRIBUTED, "id", 7, java.util.List.of(), 0));
    return facts;
  }

  private String hint(String sql) throws SQLException {
    return hint(sql, facts());
  }

  private String hint(String sql, TestFacts facts) throws SQLException {
    CitusRefusalHintRule.Ddl ddl = rule.match(new StatementText(sql));
    if (ddl == null) {
      return null;
    }
    Plan plan = rule.plan(ddl, facts, TestFacts.AS_WRITTEN);
    return plan == null ? null : ((Step.User) plan.steps().get(0)).hint();
  }

  @Test
  void uniqueWithoutDistributionColumn_namesItAndBothWaysOut() throws SQLException {
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT d_v_key UNIQUE (v)")).contains("(tenant, v)")
        .contains("create_reference_table('d')");
    assertThat(hint("CREATE UNIQUE INDEX CONCURRENTLY i ON d USING btree (v)")).contains("(tenant, v)");
    assertThat(hint("ALTER TABLE d ADD PRIMARY KEY (tenant, id)")).isNull();
    assertThat(hint("ALTER TABLE r ADD UNIQUE (v)")).isNull();
  }

  /** Regression: the operator class of an index element was listed as a column, "make it (tenant, v, text_pattern_ops)". */
  @Test
  void uniqueIndexWithOperatorClassCollationOrExpression_hintKeepsEachElementWhole() throws SQLException {
    assertThat(hint("CREATE UNIQUE INDEX IF NOT EXISTS i ON d (v text_pattern_ops)"))
        .contains("make it (tenant, v text_pattern_ops), or");
    assertThat(hint("CREATE UNIQUE INDEX i ON d (lower(v), \"W\" COLLATE \"C\" DESC NULLS LAST)"))
        .contains("make it (tenant, lower(v), \"W\" COLLATE \"C\" DESC NULLS LAST), or");
    // the distribution column is found in its element, not in an operator class or expression
    assertThat(hint("CREATE UNIQUE INDEX i ON d (tenant text_pattern_ops, v)")).isNull();
    assertThat(hint("CREATE UNIQUE INDEX i ON d (lower(tenant))")).contains("make it (tenant, lower(tenant))");
    assertThat(CitusRefusalHintRule.columnList(scannerOn("(v text_pattern_ops, lower(w), (x + y), \"Z\" DESC)")))
        .containsExactly("v", "Z");
  }

  /** Regression (seed 208): three foreign keys Citus refuses came without a hint, or with the wrong one. */
  @Test
  void foreignKeysCitusRefuses_eachGetsItsOwnHint() throws SQLException {
    TestFacts facts = facts();
    facts.tables.put("d2", new TableFacts("d2", TableFacts.Kind.DISTRIBUTED, "tenant", 1, java.util.List.of(), 0));
    facts.table("cl", TableFacts.Kind.CITUS_LOCAL, null, 0);
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT fk FOREIGN KEY (ref) REFERENCES d2 (id)", facts))
        .contains("pairs their distribution columns in the same position: make it FOREIGN KEY (tenant, ref) "
            + "REFERENCES d2 (tenant, …)");
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT fk FOREIGN KEY (tenant, ref) REFERENCES d2 (tenant, id)", facts))
        .isNull();
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT fk FOREIGN KEY (tenant) REFERENCES cl (id)", facts))
        .contains("to the Citus-local table cl").contains("SELECT create_reference_table('cl')");
    assertThat(hint("ALTER TABLE r ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES cl (id) ON DELETE CASCADE", facts))
        .contains("from the reference table r to the Citus-local table cl only with NO ACTION or RESTRICT");
    assertThat(hint("ALTER TABLE r ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES cl (id)", facts)).isNull();
  }

  /**
   * Regression (seed 207): the lock-light steps of a foreign key fall back to the statement as
   * written (PostgreSQL has no NOT VALID key on a partitioned table), which lost the hint.
   */
  @Test
  void withHint_lockLightSteps_theStatementAsWrittenKeepsIt() {
    String sql = "ALTER TABLE d ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES l (id)";
    Step.Stepwise stepwise = new Step.Stepwise(sql, "d", java.util.List.of(new Step.Run("ALTER TABLE d ADD … NOT VALID"),
        new Step.Run("ALTER TABLE d VALIDATE CONSTRAINT fk"), new Step.User(sql, null)), 2, "ALTER TABLE d DROP …", null);
    assertThat(stepwise.hint()).isNull();
    java.util.List<Step> hinted = CitusRefusalHintRule.withHint(java.util.List.of(stepwise), sql, "make l a reference table");
    assertThat(((Step.Stepwise) hinted.get(0)).hint()).isEqualTo("make l a reference table");
  }

  private static Scanner scannerOn(String list) {
    Scanner s = new Scanner(list);
    s.next();
    return s;
  }

  @Test
  void foreignKeys_eachCaseCitusRefuses() throws SQLException {
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES e (id)"))
        .contains("update_distributed_table_colocation('d', colocate_with => 'e')");
    assertThat(hint("ALTER TABLE r ADD FOREIGN KEY (x) REFERENCES d (tenant)")).contains("co-located");
    assertThat(hint("ALTER TABLE d ADD FOREIGN KEY (x) REFERENCES l (id)")).contains("create_reference_table('l')");
    assertThat(hint("ALTER TABLE r ADD FOREIGN KEY (x) REFERENCES l (id) ON DELETE CASCADE"))
        .contains("citussafe.newTables=reference");
    assertThat(hint("ALTER TABLE r ADD FOREIGN KEY (x) REFERENCES l (id)")).isNull();
    assertThat(hint("ALTER TABLE d ADD FOREIGN KEY (x) REFERENCES r (id)")).isNull();
  }

  @Test
  void distributionColumnTypeAndUnsupportedActions() throws SQLException {
    assertThat(hint("ALTER TABLE d ALTER COLUMN tenant TYPE bigint")).contains("undistribute_table('d')");
    assertThat(hint("ALTER TABLE d ALTER tenant SET DATA TYPE bigint")).contains("undistribute_table('d')");
    assertThat(hint("ALTER TABLE d ALTER COLUMN v TYPE bigint")).isNull();
    assertThat(hint("ALTER TABLE d ALTER COLUMN v SET STATISTICS 500")).contains("run_command_on_shards('d'");
    assertThat(hint("ALTER TABLE l ALTER COLUMN v SET STORAGE PLAIN")).isNull();
  }

  @Test
  void plan_plainPostgres_noHintWithoutReadingTheCatalog() throws SQLException {
    TestFacts plain = facts().onPlainPostgres();
    assertThat(hint("ALTER TABLE d ADD CONSTRAINT d_v_key UNIQUE (v)", plain)).isNull();
    assertThat(hint("ALTER TABLE d ADD FOREIGN KEY (x) REFERENCES l (id)", plain)).isNull();
    assertThat(hint("ALTER TABLE d ALTER COLUMN tenant TYPE bigint", plain)).isNull();
    assertThat(hint("ALTER TABLE d ALTER COLUMN v SET STATISTICS 500", plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }
}
