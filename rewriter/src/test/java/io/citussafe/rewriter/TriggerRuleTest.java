package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerRuleTest {

  private static final String TOUCH = "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW "
      + "EXECUTE FUNCTION touch()";

  private final TriggerRule rule = new TriggerRule();

  private TriggerRule.Trigger match(String sql) {
    return rule.match(new StatementText(sql));
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(match(sql), facts, TestFacts.AS_WRITTEN);
  }

  /** items of the given kind; touch() sets NEW.updated = now(); upper_code() only upper(); audit() inserts. */
  private static TestFacts schema(TableFacts.Kind kind) {
    TestFacts facts = new TestFacts().table("items", kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null);
    facts.triggerFunctions.put("touch", new FunctionFacts("touch", "plpgsql",
        " BEGIN NEW.updated = now(); RETURN NEW; END "));
    facts.triggerFunctions.put("upper_code", new FunctionFacts("upper_code", "plpgsql",
        " BEGIN NEW.code := upper(NEW.code)::varchar(10); RETURN NEW; END "));
    facts.triggerFunctions.put("audit", new FunctionFacts("audit", "plpgsql",
        " BEGIN INSERT INTO audit_log VALUES (NEW.id); IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF; RETURN NEW; END "));
    return facts;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CREATE TRIGGER t BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()|items|touch",
      "create or replace trigger t after insert or update of a, b on public.\"Items\" for each statement "
          + "execute procedure app.log('x')|public.\"Items\"|app.log",
      "CREATE TRIGGER t AFTER TRUNCATE ON items EXECUTE FUNCTION audit()|items|audit",
      "CREATE CONSTRAINT TRIGGER t AFTER DELETE ON items DEFERRABLE FOR EACH ROW EXECUTE FUNCTION audit()|items|audit"})
  void match_createTrigger_readsTableAndFunction(String sql, String table, String function) {
    assertThat(match(sql)).isEqualTo(new TriggerRule.Trigger(sql, table, function));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE TABLE trigger (a int)", "CREATE FUNCTION touch() RETURNS trigger AS $$ $$ "
      + "LANGUAGE plpgsql", "CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()"})
  void match_otherStatements_null(String sql) {
    assertThat(match(sql)).isNull();
  }

  @Test
  void plan_policyMadeReferenceTable_becomesCitusLocalWithItsKeysThenTheTrigger() throws SQLException {
    TestFacts facts = schema(TableFacts.Kind.REFERENCE);
    facts.rowTypeComments.put("items", PolicyCitusLocal.MARK);
    facts.links.put("items", List.of(
        new ForeignKeyLink("items", "items_kind_fkey", "FOREIGN KEY (kind) REFERENCES kinds(id)", true,
            TableFacts.Kind.REFERENCE),
        new ForeignKeyLink("tags", "tags_item_fkey", "FOREIGN KEY (item_id) REFERENCES items(id)", false,
            TableFacts.Kind.REFERENCE)));
    Plan plan = plan(TOUCH, facts);
    assertThat(plan.describe()).isEqualTo("""
        in one transaction:
          then: ALTER TABLE items DROP CONSTRAINT items_kind_fkey
          then: ALTER TABLE tags DROP CONSTRAINT tags_item_fkey
          then: SELECT undistribute_table('items')
          then: SELECT citus_add_local_table_to_metadata('items')
          then: ALTER TABLE items ADD CONSTRAINT items_kind_fkey FOREIGN KEY (kind) REFERENCES kinds(id)
          then: ALTER TABLE tags ADD CONSTRAINT tags_item_fkey FOREIGN KEY (item_id) REFERENCES items(id)
          run: %s
        forget cached facts of every table
        note: %s""".formatted(TOUCH, plan.reports().get(0)));
    assertThat(plan.reports().get(0)).contains("Citus-local", "fires once", "2 foreign key(s)");
  }

  @Test
  void plan_policyMadeReferenceTableReferencedByADistributedTable_refused() throws SQLException {
    TestFacts facts = schema(TableFacts.Kind.REFERENCE);
    facts.rowTypeComments.put("items", PolicyCitusLocal.MARK);
    facts.links.put("items", List.of(new ForeignKeyLink("lines", "lines_item_fkey",
        "FOREIGN KEY (item_id) REFERENCES items(id)", false, TableFacts.Kind.DISTRIBUTED)));
    assertThat(plan(TOUCH, facts).steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class,
        fail -> assertThat(fail.message()).contains("lines references it", "from a distributed table"));
  }

  @Test
  void plan_userMadeReferenceTableWithNow_refusedWithTheChoiceNotTheSetting() throws SQLException {
    Plan plan = plan(TOUCH, schema(TableFacts.Kind.REFERENCE));
    String hint = refusal(plan);
    assertThat(hint).contains("touch calls now()", "would leave the copies different; do not use it",
        "SELECT undistribute_table('items')", "citus_add_local_table_to_metadata('items')",
        "create_distributed_table('items', '<column>')");
  }

  @Test
  void plan_userMadeReferenceTableWithImmutableFunction_settingIsSafe() throws SQLException {
    TestFacts facts = schema(TableFacts.Kind.REFERENCE);
    String hint = ((Step.User) plan("CREATE TRIGGER c BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION "
        + "upper_code()", facts).steps().get(0)).hint();
    assertThat(hint).contains("upper_code writes only the row it fires for and calls only IMMUTABLE functions",
        "citus.enable_unsafe_triggers = on");
  }

  @Test
  void plan_distributedTable_settingSafeForRowLocalNotForWrites() throws SQLException {
    TestFacts facts = schema(TableFacts.Kind.DISTRIBUTED);
    assertThat(((Step.User) plan(TOUCH, facts).steps().get(0)).hint())
        .contains("one placement", "touch writes only the row it fires for", "SET citus.enable_unsafe_triggers = on");
    String audit = refusal(plan("CREATE TRIGGER a AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION audit()",
        facts));
    assertThat(audit).contains("not safe here", "audit runs INSERT").doesNotContain("UPDATE");
  }

  @Test
  void plan_unknownFunction_neverCalledSafe() throws SQLException {
    String hint = refusal(plan("CREATE TRIGGER x BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION gone()",
        schema(TableFacts.Kind.REFERENCE)));
    assertThat(hint).contains("gone could not be read", "do not use it");
  }

  @Test
  void plan_localOrCitusLocalTableOrPlainPostgres_unchanged() throws SQLException {
    assertThat(plan(TOUCH, schema(TableFacts.Kind.LOCAL))).isNull();
    assertThat(plan(TOUCH, schema(TableFacts.Kind.CITUS_LOCAL))).isNull();
    TestFacts plain = schema(TableFacts.Kind.REFERENCE);
    plain.rowTypeComments.put("items", PolicyCitusLocal.MARK);
    assertThat(plan(TOUCH, plain.onPlainPostgres())).isNull();
  }

  /** The message of a plan that refuses before anything runs. */
  private static String refusal(Plan plan) {
    Step.Fail fail = (Step.Fail) plan.steps().get(0);
    assertThat(fail.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
    return fail.message();
  }
}
