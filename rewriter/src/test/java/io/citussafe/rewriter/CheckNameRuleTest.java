package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckNameRuleTest {

  private final CheckNameRule rule = new CheckNameRule();

  private static TestFacts facts(String table, TableFacts.Kind kind) {
    return new TestFacts().table(table, kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null, 0)
        .keyed(table, List.of("id"), Map.of("id", "bigint", "tenant_id", "integer", "Name", "text", "due", "date"), 1);
  }

  private String named(String sql, TestFacts facts) throws SQLException {
    Plan plan = rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
    return plan == null ? null : plan.userText();
  }

  /** Regression: Citus named this "Order Items_check"; PostgreSQL names it after the one column it reads. */
  @Test
  void plan_oneColumn_namedAfterIt() throws SQLException {
    assertThat(named("ALTER TABLE s.\"Order Items\" ADD CHECK (tenant_id >= 0) NOT VALID",
        facts("s.\"Order Items\"", TableFacts.Kind.CITUS_LOCAL)))
        .isEqualTo("ALTER TABLE s.\"Order Items\" ADD CONSTRAINT \"Order Items_tenant_id_check\" CHECK (tenant_id >= 0) "
            + "NOT VALID");
    TestFacts d = facts("t", TableFacts.Kind.DISTRIBUTED);
    // a call, a cast, a qualifier and a literal read no column of their own
    assertThat(named("alter table t add check (length(\"Name\"::text) > 0 AND t.\"Name\" <> 'due')", d))
        .isEqualTo("alter table t ADD CONSTRAINT \"t_Name_check\" check (length(\"Name\"::text) > 0 AND t.\"Name\" <> 'due')");
    assertThat(named("ALTER TABLE t ADD CHECK (due BETWEEN date '2020-01-01' AND current_date)", d))
        .isEqualTo("ALTER TABLE t ADD CONSTRAINT t_due_check CHECK (due BETWEEN date '2020-01-01' AND current_date)");
  }

  @Test
  void plan_noColumnOrSeveral_tableCheck() throws SQLException {
    TestFacts d = facts("t", TableFacts.Kind.REFERENCE);
    assertThat(named("ALTER TABLE t ADD CHECK (tenant_id < id)", d))
        .isEqualTo("ALTER TABLE t ADD CONSTRAINT t_check CHECK (tenant_id < id)");
    assertThat(named("ALTER TABLE t ADD CHECK (true)", d)).isEqualTo("ALTER TABLE t ADD CONSTRAINT t_check CHECK (true)");
  }

  @Test
  void plan_nameTakenInTheSchema_numberedAsPostgresNumbersIt() throws SQLException {
    TestFacts d = facts("t", TableFacts.Kind.DISTRIBUTED);
    d.takenConstraintNames.addAll(List.of("t_tenant_id_check", "t_tenant_id_check1"));
    assertThat(named("ALTER TABLE t ADD CHECK (tenant_id > 0)", d))
        .isEqualTo("ALTER TABLE t ADD CONSTRAINT t_tenant_id_check2 CHECK (tenant_id > 0)");
  }

  @Test
  void plan_localTableOrPlainPostgres_null() throws SQLException {
    assertThat(named("ALTER TABLE t ADD CHECK (id > 0)", facts("t", TableFacts.Kind.LOCAL))).isNull();
    TestFacts plain = facts("t", TableFacts.Kind.DISTRIBUTED).onPlainPostgres();
    assertThat(named("ALTER TABLE t ADD CHECK (id > 0)", plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0)",
      "ALTER TABLE t ADD COLUMN c int CHECK (c > 0)",
      "ALTER TABLE t ADD CHECK (id > 0), ADD COLUMN x int",
      "ALTER TABLE t VALIDATE CONSTRAINT c"})
  void match_otherStatements_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }
}
