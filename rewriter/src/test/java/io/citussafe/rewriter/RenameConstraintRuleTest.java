package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenameConstraintRuleTest {

  private final RenameConstraintRule rule = new RenameConstraintRule(Options.DEFAULTS);

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts facts() {
    TestFacts facts = new TestFacts().table("r", TableFacts.Kind.REFERENCE, null, 0);
    facts.constraints.put("r.r_pkey", new ConstraintFacts("r_pkey", 'p', "PRIMARY KEY (id)", "app.r_pkey", true));
    facts.constraints.put("r.Pos", new ConstraintFacts("Pos", 'c', "CHECK ((n > 0)) NOT VALID", null, false));
    facts.constraints.put("r.r_k_fkey", new ConstraintFacts("r_k_fkey", 'f',
        "FOREIGN KEY (k) REFERENCES kinds(id) DEFERRABLE INITIALLY DEFERRED", null, true));
    return facts;
  }

  @Test
  void plan_primaryKey_renamesItsIndex() throws SQLException {
    Plan plan = plan("ALTER TABLE r RENAME CONSTRAINT r_pkey TO r_pk", facts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.User("ALTER INDEX app.r_pkey RENAME TO r_pk", null));
  }

  @Test
  void plan_checkNotValid_droppedAndAddedWithItsExactDefinition() throws SQLException {
    Plan plan = plan("ALTER TABLE IF EXISTS r RENAME CONSTRAINT \"Pos\" TO pos", facts());
    assertThat(plan.steps().get(0)).isEqualTo(new Step.Together(List.of(
        new Step.Run("ALTER TABLE IF EXISTS r DROP CONSTRAINT \"Pos\""),
        new Step.User("ALTER TABLE IF EXISTS r ADD CONSTRAINT pos CHECK ((n > 0)) NOT VALID", null))));
  }

  @Test
  void plan_foreignKeyOnALargeTableInAutocommit_addedNotValidThenValidated() throws SQLException {
    TestFacts facts = facts();
    facts.rows.put("r", 5_000_000L);
    Plan plan = plan("ALTER TABLE r RENAME CONSTRAINT r_k_fkey TO r_kind_fk", facts);
    assertThat(plan.steps()).startsWith(new Step.Together(List.of(new Step.Run("ALTER TABLE r DROP CONSTRAINT r_k_fkey"),
        new Step.User("ALTER TABLE r ADD CONSTRAINT r_kind_fk FOREIGN KEY (k) REFERENCES kinds(id) DEFERRABLE "
            + "INITIALLY DEFERRED NOT VALID", null))), new Step.Run("ALTER TABLE r VALIDATE CONSTRAINT r_kind_fk"));
    facts.inTransaction = true;
    assertThat(plan("ALTER TABLE r RENAME CONSTRAINT r_k_fkey TO r_kind_fk", facts).steps().get(1))
        .isInstanceOf(Step.Invalidate.class);
  }

  @Test
  void plan_localTableOrUnknownConstraint_null() throws SQLException {
    assertThat(plan("ALTER TABLE t RENAME CONSTRAINT a TO b", new TestFacts().table("t", TableFacts.Kind.LOCAL, null, 0)))
        .isNull();
    assertThat(plan("ALTER TABLE r RENAME CONSTRAINT nope TO b", facts())).isNull();
  }

  @Test
  void plan_plainPostgres_nullWithoutReadingTheCatalog() throws SQLException {
    // PostgreSQL renames any constraint itself
    TestFacts plain = facts().onPlainPostgres();
    assertThat(plan("ALTER TABLE r RENAME CONSTRAINT r_pkey TO r_pk", plain)).isNull();
    assertThat(plan("ALTER TABLE r RENAME CONSTRAINT r_k_fkey TO r_kind_fk", plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }
}
