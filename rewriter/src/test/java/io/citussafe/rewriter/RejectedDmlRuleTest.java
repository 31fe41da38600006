package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RejectedDmlRuleTest {

  private final RejectedDmlRule rule = new RejectedDmlRule(Options.DEFAULTS);

  private static TestFacts facts() {
    TestFacts facts = new TestFacts()
        .table("t", TableFacts.Kind.DISTRIBUTED, "tenant", 0)
        .keyed("t", List.of("id"), Map.of("note", "text", "ts", "timestamp with time zone"), 1)
        .table("r", TableFacts.Kind.REFERENCE, null, 0)
        .keyed("r", List.of("id"), Map.of(), 3)
        .table("nokey", TableFacts.Kind.DISTRIBUTED, "id", 0);
    return facts;
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    DmlStatement st = rule.match(new StatementText(sql));
    return st == null ? null : rule.plan(st, facts, TestFacts.AS_WRITTEN);
  }

  /** The mirror of Citus's DML rules: which statements Citus rejects, with its own wording. */
  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', nullValues = "-", value = {
      "UPDATE t SET u = gen_random_uuid() => must not be VOLATILE",
      "UPDATE t SET u = gen_random_uuid() WHERE id = 5 => must not be VOLATILE",
      "UPDATE t SET v = nextval('s') => must not be VOLATILE",
      "UPDATE t SET ts = clock_timestamp() => must not be VOLATILE",
      "UPDATE t SET ts = now() => -",
      "UPDATE t SET ts = now() + interval '1 s' => -",
      "UPDATE t SET ts = now() + (id || ' s')::interval => cannot be called with column references",
      "UPDATE t SET d = CAST(ts AS date) => cannot be called with column references",
      "UPDATE t SET v = v::bigint => -",
      "UPDATE t SET note = to_char(ts, 'YYYY') => cannot be called with column references",
      "UPDATE t SET note = lower(note) => -",
      "UPDATE t SET note = coalesce(note, to_char(now(), 'YYYY')) => non-IMMUTABLE functions are not allowed in CASE or COALESCE",
      "UPDATE t SET note = CASE WHEN id > 1 THEN lower(note) ELSE 'x' END => -",
      "UPDATE t SET v = CASE WHEN id IN (SELECT id FROM loc) THEN 1 ELSE 2 END => non-IMMUTABLE functions are not allowed in CASE or COALESCE statements (subquery on loc)",
      "UPDATE t SET v = CASE WHEN EXISTS (SELECT 1 FROM loc WHERE loc.id = t.id) THEN 1 END => (subquery on loc)",
      "UPDATE t SET v = CASE WHEN id IN (SELECT id FROM r) THEN 1 ELSE 2 END => -",
      "UPDATE t SET v = CASE WHEN id IN (SELECT id FROM t) THEN 1 ELSE 2 END => (subquery on t)",
      "WITH p AS (SELECT 1 AS id) UPDATE t SET v = CASE WHEN id IN (SELECT id FROM p) THEN 1 ELSE 2 END => -",
      "UPDATE t SET v = 1 WHERE random() < 0.5 => WHERE/ON/WHEN clause of modification queries",
      "DELETE FROM t WHERE random() < 0.5 => WHERE/ON/WHEN clause of modification queries",
      "DELETE FROM t WHERE abs(v) > 3 => -",
      "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = now() => DO UPDATE SET clause of INSERTs",
      "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = CURRENT_TIMESTAMP => DO UPDATE SET clause of INSERTs",
      "INSERT INTO t (id, ts) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET ts = EXCLUDED.ts + abs(1) * interval '1 s' => -",
      "UPDATE t SET note = my_function(note) => must not be VOLATILE"})
  void judge_mirrorsCitus(String sql, String expected) throws SQLException {
    DmlStatement st = rule.match(new StatementText(sql));
    String why = st == null ? null : RejectedDmlRule.judge(st, facts()).why();
    if (expected == null) {
      assertThat(why).isNull();
    } else {
      assertThat(why).contains(expected);
    }
  }

  @Test
  void plan_rejectedUpdate_rewrittenReusable() throws SQLException {
    Plan plan = plan("UPDATE t SET u = gen_random_uuid() WHERE u IS NULL", facts());
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Dml.class, dml -> {
      assertThat(dml.plan().action()).isEqualTo(DmlPlan.Action.REWRITTEN);
      assertThat(dml.plan().perShardAllowed()).isTrue();
      assertThat(dml.plan().differences()).isNull();
    });
  }

  @Test
  void plan_referenceTable_rewrittenNeverPerShard() throws SQLException {
    Plan plan = plan("UPDATE r SET u = gen_random_uuid()", facts());
    assertThat(((Step.Dml) plan.steps().get(0)).plan().perShardAllowed()).isFalse();
  }

  @Test
  void plan_statementReplicatedShards_neverPerShard() throws SQLException {
    // run_command_on_shards would update one placement of each shard only
    TestFacts facts = facts().keyed("t", List.of("id"), Map.of(), 2);
    Plan plan = plan("UPDATE t SET u = gen_random_uuid()", facts);
    assertThat(((Step.Dml) plan.steps().get(0)).plan().perShardAllowed()).isFalse();
  }

  @Test
  void plan_upsertWithNow_timestampParameters() throws SQLException {
    Plan plan = plan("INSERT INTO t (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET ts = now()", facts());
    DmlPlan dml = ((Step.Dml) plan.steps().get(0)).plan();
    assertThat(dml.action()).isEqualTo(DmlPlan.Action.UPSERT_TIMESTAMPS);
    assertThat(dml.sql()).endsWith("DO UPDATE SET ts = CAST(? AS timestamptz)");
    assertThat(dml.timestampExpressions()).containsExactly("now()");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UPDATE t SET tenant = gen_random_uuid() | distribution column tenant",
      "UPDATE nokey SET u = gen_random_uuid() | no primary key",
      "UPDATE t SET u = f(1) FROM o WHERE o.id = t.id | joins other tables"})
  void plan_noFaithfulRewrite_runsAsWrittenWithAHint(String sql, String reason) throws SQLException {
    Plan plan = plan(sql, facts());
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.User.class, user -> {
      assertThat(user.sql()).isEqualTo(sql);
      assertThat(user.hint()).contains("cannot rewrite it faithfully").contains(reason);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPDATE local SET u = gen_random_uuid()", "UPDATE t SET ts = now()"})
  void plan_localTableOrAcceptedStatement_null(String sql) throws SQLException {
    assertThat(plan(sql, facts())).isNull();
  }

  /** Citus plans a plain local table's write that reads a Citus table as a whole, with the same checks. */
  @ParameterizedTest
  @ValueSource(strings = {
      "UPDATE loc SET note = to_char(ts, 'YYYY') WHERE id IN (SELECT id FROM t WHERE id < 5)",
      "UPDATE loc SET u = gen_random_uuid() FROM r WHERE r.id = loc.id AND r.id > 2",
      "DELETE FROM loc WHERE random() < 0.5 AND EXISTS (SELECT 1 FROM r WHERE r.id = loc.id)"})
  void plan_localTableReadingACitusTable_rewrittenAsOnCitusTables(String sql) throws SQLException {
    TestFacts facts = facts().table("loc", TableFacts.Kind.LOCAL, null, 0)
        .keyed("loc", List.of("id"), Map.of("note", "text", "ts", "timestamp with time zone"), 1);
    Plan plan = plan(sql, facts);
    assertThat(plan).isNotNull();
    if (sql.startsWith("UPDATE loc SET u")) {
      // as on a Citus table: UPDATE … FROM has no faithful rewrite, and the hint says so
      assertThat(((Step.User) plan.steps().get(0)).hint()).contains("cannot rewrite it faithfully", "joins other tables");
    } else {
      assertThat(((Step.Dml) plan.steps().get(0)).plan().action()).isEqualTo(DmlPlan.Action.REWRITTEN);
    }
    String onlyLocal = sql.replace(" t ", " loc2 ").replace(" r ", " loc2 ").replace("r.id", "loc2.id");
    assertThat(plan(onlyLocal, facts.table("loc2", TableFacts.Kind.LOCAL, null, 0))).isNull();
  }

  @Test
  void plan_plainPostgres_null() throws SQLException {
    TestFacts plain = facts().onPlainPostgres();
    assertThat(plan("UPDATE t SET u = gen_random_uuid()", plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @Test
  void plan_backfillsOn_acceptedUpdateOfDistributedTablePlannedAsWritten() throws SQLException {
    RejectedDmlRule batching = new RejectedDmlRule(new Options(Options.BulkUpdate.ATOMIC, 100, false, Options.NewTables.LOCAL, 100_000));
    DmlStatement st = batching.match(new StatementText("UPDATE t SET v = 0 WHERE v IS NULL"));
    Plan plan = batching.plan(st, facts(), TestFacts.AS_WRITTEN);
    DmlPlan dml = ((Step.Dml) plan.steps().get(0)).plan();
    assertThat(dml.action()).isEqualTo(DmlPlan.Action.AS_WRITTEN);
    assertThat(dml.batchable()).isTrue();
  }

  /** A table without a key, reference and distributed: STABLE values are computed per distinct argument tuple. */
  @ParameterizedTest
  @ValueSource(strings = {"nokey", "refnokey"})
  void plan_stableCallOnColumnsWithoutKey_rewrittenJoinedOnTheArguments(String table) throws SQLException {
    TestFacts facts = facts()
        .keyed("nokey", List.of(), Map.of("string_val", "character varying", "date_val", "date"), 1)
        .table("refnokey", TableFacts.Kind.REFERENCE, null, 0)
        .keyed("refnokey", List.of(), Map.of("string_val", "character varying", "date_val", "date"), 3);
    Plan plan = plan("UPDATE " + table + " SET string_val = to_char(date_val, 'YYYY') WHERE string_val IS NULL", facts);
    DmlPlan dml = ((Step.Dml) plan.steps().get(0)).plan();
    assertThat(dml.action()).isEqualTo(DmlPlan.Action.REWRITTEN);
    assertThat(dml.sql()).contains("SELECT DISTINCT " + table + ".date_val FROM " + table)
        .contains(table + ".date_val IS NOT DISTINCT FROM citussafe_rows.citussafe_a1");
    assertThat(dml.batchable()).isFalse();
  }

  /** Regression: SET varchar_col = timestamptz_col ran as written and Citus refused its STABLE conversion. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UPDATE c SET label = ts WHERE id = 1 | cast to character varying | CAST(ts AS character varying)",
      "update c set label = c.\"When\" | cast to character varying | CAST(c.\"When\" AS character varying)",
      "UPDATE c SET d = ts, n = n + 1 | cast to date | CAST(ts AS date)"})
  void plan_assignmentWithStableConversion_computedOnTheCoordinator(String sql, String use, String computed)
      throws SQLException {
    TestFacts facts = facts().table("c", TableFacts.Kind.REFERENCE, null, 0).keyed("c", List.of("id"), Map.of(
        "label", "character varying", "ts", "timestamp with time zone", "When", "timestamp with time zone",
        "d", "date", "n", "integer"), 3);
    Plan plan = plan(sql, facts);
    DmlPlan dml = ((Step.Dml) plan.steps().get(0)).plan();
    assertThat(dml.why()).contains("cannot be called with column references (" + use + ")");
    assertThat(dml.sql()).contains(computed + " AS citussafe_v1 FROM citussafe_src");
  }

  /**
   * Regression: an operator or cast on a column that runs a STABLE function (timestamptz + interval,
   * timestamptz::text) ran as written, Citus refused it and the hint said citussafe did not see it.
   */
  @ParameterizedTest
  @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
      "UPDATE c SET ts = ts + interval '1 day' | operator timestamp with time zone +/- interval | ts + interval '1 day'",
      "UPDATE c SET ts = interval '2 hours' + c.ts WHERE id = 1 | operator timestamp with time zone +/- interval "
          + "| interval '2 hours' + c.ts",
      "UPDATE c SET label = 'at ' || ts::text | cast to text | 'at ' || ts::text",
      "UPDATE c SET label = d::varchar(10), n = n + 1 | cast to text | d::varchar(10)"})
  void plan_stableOperatorOrCastOnColumn_computedOnTheCoordinator(String sql, String use, String computed)
      throws SQLException {
    TestFacts facts = facts().table("c", TableFacts.Kind.REFERENCE, null, 0).keyed("c", List.of("id"), Map.of(
        "label", "character varying", "ts", "timestamp with time zone", "d", "date", "n", "integer"), 3);
    assertThat(rule.match(new StatementText(sql))).isNotNull();
    assertThat(PlainDml.isPlain(sql, false)).isFalse();
    Plan plan = plan(sql, facts);
    DmlPlan dml = ((Step.Dml) plan.steps().get(0)).plan();
    assertThat(dml.why()).contains("cannot be called with column references (" + use + ")");
    assertThat(dml.sql()).contains("CAST(" + computed + " AS ").contains("AS citussafe_v1 FROM citussafe_src");
  }

  /** Operators on columns of other types, and on no column, stay as written. */
  @ParameterizedTest
  @ValueSource(strings = {"UPDATE c SET n = n + 1", "UPDATE c SET d = d + 1", "UPDATE c SET ts = now() + interval '1 day'",
      "UPDATE c SET label = n::text", "UPDATE c SET label = label || 'x'"})
  void plan_operatorWithoutStableFunctionOfColumn_null(String sql) throws SQLException {
    TestFacts facts = facts().table("c", TableFacts.Kind.REFERENCE, null, 0).keyed("c", List.of("id"), Map.of(
        "label", "character varying", "ts", "timestamp with time zone", "d", "date", "n", "integer"), 3);
    assertThat(plan(sql, facts)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPDATE c SET label = other_label", "UPDATE c SET ts = ts2", "UPDATE c SET label = ts || ''"})
  void plan_assignmentWithImmutableConversion_null(String sql) throws SQLException {
    TestFacts facts = facts().table("c", TableFacts.Kind.REFERENCE, null, 0).keyed("c", List.of("id"), Map.of(
        "label", "character varying", "other_label", "text", "ts", "timestamp with time zone",
        "ts2", "timestamp with time zone"), 3);
    assertThat(plan(sql, facts)).isNull();
  }

  @Test
  void match_plainDml_notRead() {
    assertThat(rule.match(new StatementText("UPDATE t SET a = ? WHERE id = ?"))).isNull();
    assertThat(rule.match(new StatementText("INSERT INTO t VALUES (1)"))).isNull();
  }
}
