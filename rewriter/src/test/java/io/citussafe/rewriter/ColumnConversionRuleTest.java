package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ColumnConversionRuleTest {

  private final ColumnConversionRule rule = new ColumnConversionRule();

  private static final Map<String, String> TYPES = Map.of("id", "integer", "at", "timestamp without time zone",
      "n", "integer", "note", "character varying", "paid", "timestamp with time zone");

  private static TestFacts facts(TableFacts.Kind kind) {
    TestFacts facts = new TestFacts().table("ev", kind, kind == TableFacts.Kind.DISTRIBUTED ? "id" : null, 0)
        .keyed("ev", List.of("id"), TYPES, kind == TableFacts.Kind.REFERENCE ? 3 : 1);
    facts.settings.put("TimeZone", "Asia/Tokyo");
    return facts;
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(rule.match(new StatementText(sql)), facts, TestFacts.AS_WRITTEN);
  }

  private static List<Step> together(Plan plan) {
    return ((Step.Together) plan.steps().get(0)).steps();
  }

  private static final List<Step> SETTINGS = List.of(new Step.Run("SET LOCAL citus.propagate_set_commands TO 'local'"),
      new Step.Run("SET LOCAL TimeZone TO 'Asia/Tokyo'"), new Step.Run("SET LOCAL DateStyle TO 'ISO, MDY'"),
      new Step.Run("SET LOCAL IntervalStyle TO 'postgres'"));

  private static List<Step> settingsThen(Step... steps) {
    List<Step> all = new ArrayList<>(SETTINGS);
    all.addAll(List.of(steps));
    return all;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ALTER TABLE ev ALTER COLUMN at TYPE timestamptz",
      "ALTER TABLE ev ALTER COLUMN paid TYPE timestamp",
      "ALTER TABLE ev ALTER COLUMN paid SET DATA TYPE date",
      "ALTER TABLE ev ALTER paid TYPE text",
      "ALTER TABLE ev ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'",
      "ALTER TABLE ev ALTER COLUMN n TYPE bigint, ALTER COLUMN at TYPE timestamp with time zone"})
  void plan_conversionReadingSettings_sessionSettingsSentToTheWorkersFirst(String sql) throws SQLException {
    for (TableFacts.Kind kind : List.of(TableFacts.Kind.REFERENCE, TableFacts.Kind.DISTRIBUTED)) {
      Plan plan = plan(sql, facts(kind));
      assertThat(together(plan)).as("%s", kind).isEqualTo(settingsThen(new Step.Run(sql)));
      assertThat(plan.reports()).singleElement().asString().contains("TimeZone 'Asia/Tokyo'", "ev");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ALTER TABLE ev ALTER COLUMN n TYPE bigint", "ALTER TABLE ev ALTER COLUMN note TYPE text",
      "ALTER TABLE ev ALTER COLUMN id TYPE numeric(12, 2)", "ALTER TABLE ev ALTER COLUMN note TYPE varchar(40)"})
  void plan_conversionWithoutSettings_null(String sql) throws SQLException {
    assertThat(plan(sql, facts(TableFacts.Kind.REFERENCE))).isNull();
  }

  @Test
  void plan_distributionColumn_nullForCitusErrorAndItsHint() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.DISTRIBUTED).keyed("ev", List.of("id"), Map.of("id", "text"), 1);
    assertThat(plan("ALTER TABLE ev ALTER COLUMN id TYPE timestamptz USING id::timestamptz + random() * "
        + "interval '1 s'", facts)).isNull();
  }

  @Test
  void plan_citusLocalLocalOrPlainPostgres_null() throws SQLException {
    // a Citus-local table's one copy is converted by this session, in its settings
    String sql = "ALTER TABLE ev ALTER COLUMN at TYPE timestamptz";
    assertThat(plan(sql, facts(TableFacts.Kind.CITUS_LOCAL))).isNull();
    assertThat(plan(sql, facts(TableFacts.Kind.LOCAL))).isNull();
    TestFacts plain = facts(TableFacts.Kind.REFERENCE).onPlainPostgres();
    assertThat(plan(sql, plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @Test
  void plan_volatileUsing_computedOnceIntoAHelperColumn() throws SQLException {
    String sql = "ALTER TABLE ev ALTER COLUMN n TYPE bigint USING (n + (random() * 10)::int)";
    Plan plan = plan(sql, facts(TableFacts.Kind.REFERENCE));
    assertThat(together(plan)).isEqualTo(settingsThen(
        new Step.Run("ALTER TABLE ev ADD COLUMN citussafe_n bigint"),
        new Step.Run("UPDATE ev SET citussafe_n = (n + (random() * 10)::int)"),
        new Step.Run("ALTER TABLE ev ALTER COLUMN n TYPE bigint USING citussafe_n"),
        new Step.Run("ALTER TABLE ev DROP COLUMN citussafe_n")));
    assertThat(plan.reports()).singleElement().asString().contains("random", "once from the coordinator");
  }

  @Test
  void plan_stableUsingWithCollationAndTakenHelperName_helperOfTheNewType() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.DISTRIBUTED);
    facts.keyed("ev", List.of("id"), Map.of("at", "timestamp without time zone", "citussafe_at", "text"), 1);
    String sql = "ALTER TABLE ev ALTER COLUMN at TYPE text COLLATE \"C\" USING to_char(at, 'YYYY') || now()";
    assertThat(together(plan(sql, facts))).isEqualTo(settingsThen(
        new Step.Run("ALTER TABLE ev ADD COLUMN citussafe_2_at text COLLATE \"C\""),
        new Step.Run("UPDATE ev SET citussafe_2_at = to_char(at, 'YYYY') || now()"),
        new Step.Run("ALTER TABLE ev ALTER COLUMN at TYPE text COLLATE \"C\" USING citussafe_2_at"),
        new Step.Run("ALTER TABLE ev DROP COLUMN citussafe_2_at")));
  }

  @Test
  void plan_volatileUsingOnTableWithRowsAndNoKey_refused() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.REFERENCE).keyed("ev", List.of(), TYPES, 3);
    Plan plan = plan("ALTER TABLE ev ALTER COLUMN n TYPE bigint USING n + (random() * 10)::int", facts);
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> {
      assertThat(fail.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
      assertThat(fail.message()).contains("random", "no primary key", "SELECT undistribute_table('ev')",
          "SELECT create_reference_table('ev')", "Nothing was changed");
    });
    facts.emptyTables.add("ev");
    assertThat(together(plan("ALTER TABLE ev ALTER COLUMN n TYPE bigint USING n + random()::int", facts)))
        .contains(new Step.Run("ALTER TABLE ev ALTER COLUMN n TYPE bigint USING citussafe_n"));
  }

  @Test
  void plan_volatileUsingAmongOtherActions_refusedAskingForAStatementOfItsOwn() throws SQLException {
    Plan plan = plan("ALTER TABLE ev ALTER COLUMN n TYPE bigint USING n + random()::int, ALTER COLUMN at "
        + "TYPE timestamptz", facts(TableFacts.Kind.DISTRIBUTED));
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> assertThat(
        fail.message()).contains("statement of its own", "create_distributed_table('ev', 'id')"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ALTER TABLE ev ALTER COLUMN n SET DEFAULT 1", "ALTER TABLE ev ADD COLUMN x timestamp",
      "ALTER TABLE ev ALTER COLUMN at SET NOT NULL", "ALTER INDEX ev_pkey RENAME TO ev_pk"})
  void match_noTypeChange_null(String sql) {
    assertThat(rule.match(new StatementText(sql))).isNull();
  }
}
