package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeKeywordRuleTest {

  private final TimeKeywordRule rule = new TimeKeywordRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CURRENT_TIMESTAMP | now()",
      "current_timestamp(3) | CAST(now() AS timestamp(3) with time zone)",
      "Current_Date | CAST(now() AS date)",
      "CURRENT_TIME | CAST(now() AS time with time zone)",
      "CURRENT_TIME (0) | CAST(now() AS time(0) with time zone)",
      "LOCALTIME | CAST(now() AS time without time zone)",
      "LOCALTIME(2) | CAST(now() AS time(2) without time zone)",
      "LOCALTIMESTAMP | CAST(now() AS timestamp without time zone)",
      "LOCALTIMESTAMP(6) | CAST(now() AS timestamp(6) without time zone)",
      "(CURRENT_DATE)::character varying | (CAST(now() AS date))::character varying",
      "CURRENT_DATE + 7 | CAST(now() AS date) + 7",
  })
  void functionForms_eachKeyword_itsFunctionFormOnly(String written, String functionForm) {
    assertThat(TimeKeywords.functionForms(written)).isEqualTo(functionForm);
    assertThat(TimeKeywords.present(written)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "now()", "'CURRENT_DATE'", "\"current_date\"", "-- CURRENT_DATE\nnow()", "/* LOCALTIME */ 1",
      "$$CURRENT_TIMESTAMP$$", "current_timestamps", "statement_timestamp()", "'today'::date",
      "t.current_date", "x AS localtime", "now() as current_timestamp",
  })
  void functionForms_noKeyword_sameInstance(String sql) {
    assertThat(TimeKeywords.functionForms(sql)).isSameAs(sql);
    assertThat(TimeKeywords.present(sql)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE orders ADD COLUMN created_at timestamp DEFAULT CURRENT_TIMESTAMP",
      "ALTER TABLE orders ALTER COLUMN due SET DEFAULT CURRENT_DATE",
      "alter table if exists only orders alter due set default current_date, add column t time default localtime(0)",
  })
  void plan_citusTable_keywordsInFunctionFormThenTheLaterRules(String sql) throws SQLException {
    for (TableFacts.Kind kind : List.of(TableFacts.Kind.REFERENCE, TableFacts.Kind.DISTRIBUTED,
        TableFacts.Kind.CITUS_LOCAL)) {
      Plan plan = plan(sql, new TestFacts().table("orders", kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null, 0));
      String rewritten = TimeKeywords.functionForms(sql);
      assertThat(rewritten).isNotEqualTo(sql).doesNotContainIgnoringCase("current_").contains("now()");
      assertThat(plan.steps()).startsWith(new Step.User(rewritten, null));
      assertThat(plan.reports()).singleElement().asString()
          .contains("orders", "own transaction start", "TimeZone", rewritten);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UPDATE orders SET touched = CURRENT_TIMESTAMP WHERE id = ? | UPDATE orders SET touched = now() WHERE id = ?",
      "update only orders set due = current_date + 1, n = n + 1 | update only orders set due = CAST(now() AS date) + 1, n = n + 1",
      "DELETE FROM orders WHERE due < CURRENT_DATE RETURNING id | DELETE FROM orders WHERE due < CAST(now() AS date) RETURNING id",
      "INSERT INTO orders (id, at) VALUES (?, LOCALTIMESTAMP) | INSERT INTO orders (id, at) VALUES (?, CAST(now() AS timestamp without time zone))",
      "WITH x AS (SELECT 1) UPDATE orders SET touched = CURRENT_TIMESTAMP | WITH x AS (SELECT 1) UPDATE orders SET touched = now()",
      "WITH RECURSIVE p (id) AS (SELECT id FROM orders WHERE due < CURRENT_DATE), q AS MATERIALIZED (SELECT 1) DELETE FROM orders USING p WHERE orders.id = p.id"
          + " | WITH RECURSIVE p (id) AS (SELECT id FROM orders WHERE due < CAST(now() AS date)), q AS MATERIALIZED (SELECT 1) DELETE FROM orders USING p WHERE orders.id = p.id",
  })
  void plan_writeOnCitusTable_onlyTheKeywordChanges(String sql, String expected) throws SQLException {
    for (TableFacts.Kind kind : List.of(TableFacts.Kind.REFERENCE, TableFacts.Kind.DISTRIBUTED)) {
      TestFacts facts = new TestFacts().table("orders", kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null, 0);
      Plan plan = plan(sql, facts);
      assertThat(plan.steps()).startsWith(new Step.User(expected, null));
      assertThat(facts.asked).containsExactly("table orders");
      assertThat(plan(sql, new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 0))).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "WITH x AS (SELECT CURRENT_TIMESTAMP) SELECT * FROM x",
      "WITH x AS (SELECT 1) UPDATE orders SET touched = now()",
      "UPDATE orders SET touched = now()",
      "INSERT INTO orders (id, note) VALUES (1, 'CURRENT_DATE')",
  })
  void match_writeWithoutABareKeywordOrAQuery_notMatched(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void plan_localTableOrPlainPostgres_leftToTheLaterRules() throws SQLException {
    String sql = "ALTER TABLE orders ALTER COLUMN due SET DEFAULT CURRENT_DATE";
    assertThat(plan(sql, new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 0))).isNull();
    assertThat(plan(sql, new TestFacts().table("orders", TableFacts.Kind.REFERENCE, null, 0).onPlainPostgres()))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE orders ALTER COLUMN due SET DEFAULT now()",
      "ALTER TABLE orders ADD COLUMN note text DEFAULT 'CURRENT_DATE'",
      "ALTER INDEX current_date_idx RENAME TO i",
      "ALTER TABLE orders ALTER COLUMN t SET DEFAULT CURRENT_TIMESTAMP(p)",
  })
  void match_noKeywordOrNotItsForm_notMatched(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }

  @Test
  void distribute_defaultsWithKeywords_setInFunctionFormFirstInTheSameTransaction() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 8192)
        .defaults("orders", Map.of("created", "CURRENT_TIMESTAMP", "id", "nextval('orders_id_seq'::regclass)",
            "due", "CURRENT_DATE"));
    String sql = "SELECT create_reference_table('orders')";
    DistributeRule distribute = new DistributeRule(Options.DEFAULTS);
    Plan plan = distribute.plan(distribute.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
    assertThat(plan.steps()).startsWith(new Step.Together(List.of(
        new Step.Run("ALTER TABLE orders ALTER COLUMN created SET DEFAULT now()"),
        new Step.Run("ALTER TABLE orders ALTER COLUMN due SET DEFAULT CAST(now() AS date)"),
        new Step.User(sql, null),
        new Step.Run("SELECT truncate_local_data_after_distributing_table('orders')"))));
    assertThat(plan.reports()).hasSize(2).first().asString().contains("orders", "before create_reference_table");
  }

  @Test
  void addLocalTable_defaultWithKeyword_setInFunctionFormFirst() throws SQLException {
    TestFacts facts = new TestFacts().defaults("\"Events\"", Map.of("At", "LOCALTIMESTAMP(3)"));
    String sql = "SELECT citus_add_local_table_to_metadata('\"Events\"')";
    CitusOnlyCallRule call = new CitusOnlyCallRule(Options.DEFAULTS);
    Plan plan = call.plan(call.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
    assertThat(plan.steps()).startsWith(new Step.Together(List.of(
        new Step.Run("ALTER TABLE \"Events\" ALTER COLUMN \"At\" SET DEFAULT CAST(now() AS timestamp(3) without time zone)"),
        new Step.User(sql, null))));
    assertThat(plan.reports()).singleElement().asString().contains("citus_add_local_table_to_metadata");
  }

  @Test
  void addLocalTable_noKeywordDefaults_asBefore() throws SQLException {
    TestFacts facts = new TestFacts().defaults("events", Map.of("at", "now()"));
    String sql = "SELECT citus_add_local_table_to_metadata('events')";
    CitusOnlyCallRule call = new CitusOnlyCallRule(Options.DEFAULTS);
    assertThat(call.plan(call.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN).steps())
        .containsExactly(new Step.User(sql, null), new Step.Invalidate(null));
  }

  @Test
  void newTablesReference_createTableDefaults_inFunctionForm() throws SQLException {
    NewTablesRule newTables = new NewTablesRule(
        new Options(Options.BulkUpdate.ATOMIC, 0, false, Options.NewTables.REFERENCE, 100_000));
    String sql = "CREATE TABLE audit (id bigint PRIMARY KEY, created_at timestamp DEFAULT CURRENT_TIMESTAMP)";
    Plan plan = newTables.plan(newTables.match(new StatementText(sql)), new TestFacts(), TestFacts.AS_WRITTEN);
    assertThat(((Step.Together) plan.steps().get(0)).steps()).first().isEqualTo(new Step.User(
        "CREATE TABLE audit (id bigint PRIMARY KEY, created_at timestamp DEFAULT now())", null));
    assertThat(plan.reports()).singleElement().asString().contains("reference table", "own transaction start");
  }
}
