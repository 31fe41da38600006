package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DmlRewriterTest {

  private static DmlStatement analyze(String sql) {
    DmlStatement st = DmlAnalyzer.analyze(sql);
    assertThat(st).as("analysis of %s", sql).isNotNull();
    return st;
  }

  /** What Citus rejects in {@code st}, with the test functions' volatility (unknown names are volatile). */
  private static Rejections rejections(DmlStatement st) {
    try {
      return RejectedDmlRule.judge(st, new TestFacts()).rejections();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static DmlRewrite atomic(String sql, List<String> keys, Map<String, String> types) {
    DmlStatement st = analyze(sql);
    return DmlRewriter.atomic(st, keys, types, rejections(st));
  }

  /** 'p1', 'p2', … one per placeholder. */
  private static List<String> markers(int count) {
    List<String> literals = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      literals.add("'p" + i + "'");
    }
    return literals;
  }

  /** The text with each placeholder replaced by the literal of the user parameter the map gives it. */
  private static String inline(String sql, int[] map, List<String> literals) {
    List<String> perPlaceholder = new ArrayList<>();
    for (int user : map) {
      perPlaceholder.add(literals.get(user - 1));
    }
    return new SliceWriter(sql, perPlaceholder).slice(0, sql.length()).toString();
  }

  // ---------------------------------------------------------------- atomic

  static Stream<Arguments> atomicCases() {
    return Stream.of(
        // the form verified on Citus 13.2 (distinct uuids per row), now re-checking the WHERE
        Arguments.of("UPDATE up SET uid = gen_random_uuid() WHERE uid IS NULL", List.of("id"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT up.id AS citussafe_k1 FROM up WHERE (uid IS NULL)), "
                + "citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, gen_random_uuid() AS citussafe_v1 FROM "
                + "citussafe_src AS up WHERE clock_timestamp() IS NOT NULL) UPDATE up SET uid = "
                + "citussafe_rows.citussafe_v1 FROM citussafe_rows WHERE up.id = citussafe_rows.citussafe_k1 AND "
                + "(uid IS NULL)", new int[0]),
        // n + 1 stays in the outer UPDATE, evaluated on the row version that committed first
        Arguments.of("UPDATE q SET n = n + 1, touched = clock_timestamp() WHERE id = ?", List.of("id"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT q.id AS citussafe_k1 FROM q WHERE (id = ?)), "
                + "citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, clock_timestamp() AS citussafe_v1 FROM "
                + "citussafe_src AS q WHERE clock_timestamp() IS NOT NULL) UPDATE q SET n = n + 1, touched = "
                + "citussafe_rows.citussafe_v1 FROM citussafe_rows WHERE q.id = citussafe_rows.citussafe_k1 AND "
                + "(id = ?)", new int[] {1, 1}),
        // quoted mixed case, schema, ONLY, alias, a STABLE call with a column: its whole expression
        // moves; the parameter of the kept assignment stays outer
        Arguments.of("UPDATE ONLY sales.\"Orders\" AS o SET \"Note\" = to_char(o.updated_at, 'YYYY'), qty = ? "
                + "WHERE o.\"Id\" = ? RETURNING *", List.of("Id", "tenant"), Map.of("qty", "integer"),
            "WITH citussafe_src AS MATERIALIZED (SELECT o.\"Id\" AS citussafe_k1, o.tenant AS citussafe_k2 "
                + "FROM ONLY sales.\"Orders\" AS o WHERE (o.\"Id\" = ?)), citussafe_rows AS MATERIALIZED (SELECT "
                + "citussafe_k1, citussafe_k2, to_char(o.updated_at, 'YYYY') AS citussafe_v1 FROM citussafe_src "
                + "AS o WHERE clock_timestamp() IS NOT NULL) UPDATE ONLY sales.\"Orders\" AS o SET \"Note\" = "
                + "citussafe_rows.citussafe_v1, qty = ? FROM citussafe_rows WHERE o.\"Id\" = "
                + "citussafe_rows.citussafe_k1 AND o.tenant = citussafe_rows.citussafe_k2 AND (o.\"Id\" = ?) "
                + "RETURNING o.*", new int[] {2, 1, 2}),
        // a volatile WHERE cannot be repeated; RETURNING * among other items
        Arguments.of("DELETE FROM sales.\"Orders\" WHERE random() < ? RETURNING *, \"Orders\".id", List.of("id"),
            Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT \"Orders\".id AS citussafe_k1 FROM "
                + "sales.\"Orders\"), citussafe_rows AS MATERIALIZED (SELECT citussafe_k1 FROM citussafe_src AS "
                + "\"Orders\" WHERE clock_timestamp() IS NOT NULL AND (random() < ?)) DELETE FROM "
                + "sales.\"Orders\" USING citussafe_rows WHERE \"Orders\".id = citussafe_rows.citussafe_k1 "
                + "RETURNING \"Orders\".*, \"Orders\".id",
            new int[] {1}),
        // the AND terms Citus accepts are repeated
        Arguments.of("DELETE FROM ev WHERE created < ? AND random() < 0.1", List.of("id"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT ev.id AS citussafe_k1 FROM ev WHERE (created < ?)), "
                + "citussafe_rows AS MATERIALIZED (SELECT citussafe_k1 FROM citussafe_src AS ev WHERE "
                + "clock_timestamp() IS NOT NULL AND (random() < 0.1)) DELETE FROM ev USING citussafe_rows WHERE "
                + "ev.id = citussafe_rows.citussafe_k1 AND (created < ?)", new int[] {1, 1}),
        // a STABLE call inside COALESCE moves alone
        Arguments.of("UPDATE t SET created = coalesce(created, now()) WHERE id = 1", List.of("id"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT t.id AS citussafe_k1 FROM t WHERE (id = 1)), "
                + "citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, now() AS citussafe_v1 FROM citussafe_src "
                + "AS t WHERE clock_timestamp() IS NOT NULL) UPDATE t SET created = coalesce(created, "
                + "citussafe_rows.citussafe_v1) FROM citussafe_rows WHERE t.id = citussafe_rows.citussafe_k1 AND "
                + "(id = 1)", new int[0]),
        // a volatile call in a CASE branch runs only where the branch is taken: the whole CASE moves
        Arguments.of("UPDATE t SET v = CASE WHEN v IS NULL THEN nextval('s') ELSE v END", List.of("id"),
            Map.of("v", "bigint"),
            "WITH citussafe_src AS MATERIALIZED (SELECT t.id AS citussafe_k1, t.v FROM t), citussafe_rows "
                + "AS MATERIALIZED (SELECT citussafe_k1, CAST(CASE WHEN v IS NULL THEN nextval('s') ELSE v END AS "
                + "bigint) AS citussafe_v1 FROM citussafe_src AS t WHERE clock_timestamp() IS NOT NULL) UPDATE t "
                + "SET v = citussafe_rows.citussafe_v1 FROM citussafe_rows WHERE t.id = "
                + "citussafe_rows.citussafe_k1", new int[0]),
        // nested: only the rejected inner call moves
        Arguments.of("UPDATE t SET code = md5(random()::text) || ?", List.of("id"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT t.id AS citussafe_k1 FROM t), citussafe_rows AS "
                + "MATERIALIZED (SELECT citussafe_k1, md5(random()::text) || ? AS citussafe_v1 FROM citussafe_src "
                + "AS t WHERE clock_timestamp() IS NOT NULL) UPDATE t SET code = citussafe_rows.citussafe_v1 FROM "
                + "citussafe_rows WHERE t.id = citussafe_rows.citussafe_k1", new int[] {1}),
        // leading comment, dollar quote with ? and ;, DEFAULT kept, trailing ;
        Arguments.of("/* job 7 */ update up u set note = $q$it's ?;$q$ || clock_timestamp()::text, v = default "
                + "-- ? here\nwhere u.id > ? ;", List.of("id"), Map.of(),
            "/* job 7 */ WITH citussafe_src AS MATERIALIZED (SELECT u.id AS citussafe_k1 FROM up u WHERE "
                + "(u.id > ?)), citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, $q$it's ?;$q$ || "
                + "clock_timestamp()::text AS citussafe_v1 FROM citussafe_src AS u WHERE clock_timestamp() IS NOT "
                + "NULL) update up u SET note = citussafe_rows.citussafe_v1, v = default FROM citussafe_rows "
                + "WHERE u.id = citussafe_rows.citussafe_k1 AND (u.id > ?) ;", new int[] {1, 1}),
        // inheritance star, a reserved-word key, tuple and array-element targets keep their form
        Arguments.of("UPDATE t * SET (a, b) = (f(1), 2), c[1] = g() WHERE b", List.of("order"), Map.of(),
            "WITH citussafe_src AS MATERIALIZED (SELECT t.\"order\" AS citussafe_k1 FROM t * WHERE (b)), "
                + "citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, f(1) AS citussafe_v1, g() AS citussafe_v2 "
                + "FROM citussafe_src AS t WHERE clock_timestamp() IS NOT NULL) UPDATE t * SET (a, b) = "
                + "(citussafe_rows.citussafe_v1, 2), c[1] = citussafe_rows.citussafe_v2 FROM citussafe_rows WHERE "
                + "t.\"order\" = citussafe_rows.citussafe_k1 AND (b)", new int[0]));
  }

  @ParameterizedTest
  @MethodSource("atomicCases")
  void atomic_rejectedStatement_onlyRejectedCallsInTheCte(String sql, List<String> keys, Map<String, String> types,
      String expected, int[] map) {
    DmlRewrite rewrite = atomic(sql, keys, types);
    assertThat(rewrite.refusal()).isNull();
    assertThat(rewrite.sql()).isEqualTo(expected);
    assertThat(rewrite.parameterMap()).containsExactly(map);
  }

  static Stream<Arguments> widenedCases() {
    Map<String, String> types = Map.of("note", "text", "n", "integer", "ts", "timestamp with time zone");
    return Stream.of(
        // the STABLE cast around the call moves with it: no cast of the CTE's column is left outside
        Arguments.of("UPDATE t SET note = clock_timestamp()::text", types, "clock_timestamp()::text", "note = "
            + "citussafe_rows.citussafe_v1 FROM"),
        Arguments.of("UPDATE t SET note = (clock_timestamp() + interval '1 day')::text || '!'", types,
            "(clock_timestamp() + interval '1 day')::text || '!'", "note = citussafe_rows.citussafe_v1 FROM"),
        // text || anynonarray is by definition text || operand::text: computed as text, the outer || is textcat
        Arguments.of("UPDATE t SET note = note || clock_timestamp()", types, "CAST(clock_timestamp() AS text)",
            "note = note || citussafe_rows.citussafe_v1 FROM"),
        Arguments.of("UPDATE t SET note = note || ' at ' || to_char(clock_timestamp(), 'HH24:MI')", types,
            "CAST(to_char(clock_timestamp(), 'HH24:MI') AS text)",
            "note = note || ' at ' || citussafe_rows.citussafe_v1 FROM"),
        // not beside || to a text column: no cast; the column argument stops the widening
        Arguments.of("UPDATE t SET ts = coalesce(ts, now() - interval '1 h')", types,
            "now() - interval '1 h'", "ts = coalesce(ts, citussafe_rows.citussafe_v1) FROM"),
        Arguments.of("UPDATE t SET n = n + length(gen_random_uuid()::text)", types,
            "length(gen_random_uuid()::text)", "n = n + citussafe_rows.citussafe_v1 FROM"));
  }

  @ParameterizedTest
  @MethodSource("widenedCases")
  void atomic_rejectedCallInsideColumnFreeExpression_wholeSubexpressionMoved(String sql, Map<String, String> types,
      String computed, String outer) {
    DmlRewrite rewrite = atomic(sql, List.of("id"), types);
    assertThat(rewrite.sql()).contains(computed + " AS citussafe_v1 FROM citussafe_src").contains(outer);
    assertThat(rewrite.differences()).isNull();
  }

  @Test
  void atomic_stableCallOnColumnsWithoutKey_computedPerDistinctArguments() {
    DmlRewrite rewrite = atomic("UPDATE batch_params SET string_val = to_char(date_val, 'YYYY-MM-DD') "
        + "WHERE type_cd = 'DATE'", List.of(), Map.of("string_val", "character varying", "date_val",
        "timestamp without time zone", "type_cd", "character varying"));
    assertThat(rewrite.sql()).isEqualTo("WITH citussafe_src AS MATERIALIZED (SELECT DISTINCT batch_params.date_val FROM batch_params "
                                            + "WHERE (type_cd = 'DATE')), citussafe_rows AS MATERIALIZED (SELECT batch_params.date_val AS "
                                            + "citussafe_a1, CAST(to_char(date_val, 'YYYY-MM-DD') AS character varying) AS citussafe_v1 FROM "
                                            + "citussafe_src AS batch_params WHERE clock_timestamp() IS NOT NULL) UPDATE batch_params SET "
                                            + "string_val = citussafe_rows.citussafe_v1 FROM citussafe_rows WHERE batch_params.date_val IS "
                                            + "NOT DISTINCT FROM citussafe_rows.citussafe_a1 AND (type_cd = 'DATE')");
    assertThat(rewrite.differences()).contains("left unchanged");
  }

  static Stream<Arguments> withoutKeyRefusals() {
    return Stream.of(
        Arguments.of("UPDATE t SET note = gen_random_uuid()::text", "VOLATILE"),
        Arguments.of("UPDATE t SET note = to_char(amount, '999')", "\"amount\" of type numeric"),
        Arguments.of("DELETE FROM t WHERE to_char(ts, 'YYYY') = '2024'", "WHERE calls to_char"),
        Arguments.of("UPDATE t SET note = to_char(ts, 'x') || t::text", "whole row"));
  }

  @ParameterizedTest
  @MethodSource("withoutKeyRefusals")
  void atomic_withoutKeyNotByArguments_refused(String sql, String reasonPart) {
    DmlRewrite rewrite = atomic(sql, List.of(), Map.of("note", "text", "amount", "numeric",
        "ts", "timestamp with time zone"));
    assertThat(rewrite.refusal()).contains(reasonPart);
  }

  /** Regression: a WITH prefix was refused; its list now goes first and the rewrite's CTEs follow it. */
  @Test
  void atomic_withPrefix_mergedBeforeTheRewritesOwnQueries() {
    DmlRewrite rewrite = atomic("WITH s AS (SELECT ? AS sep) -- separator\nUPDATE t SET note = format('%s%s%s', a, "
        + "(SELECT sep FROM s), b) WHERE id > ?", List.of("id"), Map.of("note", "text", "a", "text", "b", "text"));
    assertThat(rewrite.sql()).isEqualTo("WITH s AS (SELECT ? AS sep) -- separator\n, citussafe_src AS MATERIALIZED "
        + "(SELECT t.id AS citussafe_k1, t.a, t.b FROM t WHERE (id > ?)), citussafe_rows AS MATERIALIZED (SELECT "
        + "citussafe_k1, CAST(format('%s%s%s', a, (SELECT sep FROM s), b) AS text) AS citussafe_v1 FROM citussafe_src "
        + "AS t WHERE clock_timestamp() IS NOT NULL) UPDATE t SET note = citussafe_rows.citussafe_v1 FROM citussafe_rows WHERE t.id = "
        + "citussafe_rows.citussafe_k1 AND (id > ?)");
    assertThat(rewrite.parameterMap()).containsExactly(1, 2, 2);
  }

  @Test
  void atomic_rejectedWhereTerm_evaluatedOnTheCoordinatorWithItsColumns() {
    DmlRewrite rewrite = atomic("DELETE FROM t WHERE kind = ? AND to_char(ts, 'YYYY') = ?", List.of("id"),
        Map.of("kind", "text", "ts", "timestamp with time zone"));
    assertThat(rewrite.sql()).isEqualTo("WITH citussafe_src AS MATERIALIZED (SELECT t.id AS citussafe_k1, t.ts FROM t WHERE (kind = "
                                            + "?)), citussafe_rows AS MATERIALIZED (SELECT citussafe_k1 FROM citussafe_src AS t WHERE "
                                            + "clock_timestamp() IS NOT NULL AND (to_char(ts, 'YYYY') = ?)) DELETE FROM t USING "
                                            + "citussafe_rows WHERE t.id = citussafe_rows.citussafe_k1 AND (kind = ?)");
    assertThat(rewrite.parameterMap()).containsExactly(1, 2, 1);
  }

  @Test
  void atomic_faithfulForm_noDifferences() {
    assertThat(atomic("UPDATE q SET n = n + 1, touched = clock_timestamp() WHERE id = ?", List.of("id"), Map.of())
        .differences()).isNull();
  }

  @Test
  void atomic_wholeExpressionMoved_differencesNameTheColumn() {
    assertThat(atomic("UPDATE t SET note = to_char(ts, 'YYYY') WHERE id = 1", List.of("id"), Map.of())
        .differences()).contains("note").contains("snapshot");
  }

  @Test
  void atomic_volatileWhere_differencesSayItIsNotRechecked() {
    assertThat(atomic("DELETE FROM t WHERE random() < 0.5", List.of("id"), Map.of()).differences())
        .contains("deleted even if it no longer matches");
    assertThat(atomic("DELETE FROM t WHERE a = 1 AND random() < 0.5", List.of("id"), Map.of()).differences())
        .contains("only the parts");
  }

  static Stream<Arguments> atomicRefusals() {
    return Stream.of(
        Arguments.of("UPDATE up SET v = f(1) FROM other o WHERE o.id = up.id", "FROM"),
        Arguments.of("DELETE FROM up USING other o WHERE o.id = up.id AND random() < 1", "USING"),
        Arguments.of("UPDATE up SET v = f(1) WHERE CURRENT OF c", "CURRENT OF"),
        Arguments.of("UPDATE up SET (v, note) = (to_char(ts, 'Y'), 'x')", "tuple assignment"),
        Arguments.of("INSERT INTO up (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = now()", "INSERT"));
  }

  @ParameterizedTest
  @MethodSource("atomicRefusals")
  void atomic_unsupportedForm_refusedWithReason(String sql, String reasonPart) {
    DmlRewrite rewrite = atomic(sql, List.of("id", "Id"), Map.of());
    assertThat(rewrite.isRefused()).isTrue();
    assertThat(rewrite.sql()).isNull();
    assertThat(rewrite.refusal()).contains(reasonPart);
  }

  /** Gravitee 3.0.0 renumbers permissions, a primary-key column, with concat (STABLE) on a reference table. */
  @Test
  void atomic_keyColumnAssigned_rowsMatchedByTheKeyTheCteRead() {
    DmlRewrite rewrite = atomic("update role_permissions set role_scope = 'ENVIRONMENT', permission = "
        + "CONCAT('29',substring(permission, 3, length(permission))) where role_scope = 'PORTAL' and permission "
        + "like '10%'", List.of("role_scope", "role_name", "permission"), Map.of("role_scope", "character varying",
        "role_name", "character varying", "permission", "character varying"));
    assertThat(rewrite.isRefused()).isFalse();
    assertThat(rewrite.sql())
        .contains("CAST(CONCAT('29',substring(permission, 3, length(permission))) AS character varying) AS "
            + "citussafe_v1 FROM citussafe_src AS role_permissions WHERE clock_timestamp() IS NOT NULL) update")
        .contains("SET role_scope = 'ENVIRONMENT', permission = citussafe_rows.citussafe_v1 FROM citussafe_rows "
            + "WHERE role_permissions.role_scope = citussafe_rows.citussafe_k1 AND role_permissions.role_name = "
            + "citussafe_rows.citussafe_k2 AND role_permissions.permission = citussafe_rows.citussafe_k3 AND "
            + "(role_scope = 'PORTAL' and permission like '10%')");
  }

  /**
   * Regression: a WHERE of several AND terms, none rejected, was evaluated again on the coordinator,
   * so its columns joined the match of a table without a key, and a numeric one refused the rewrite.
   */
  @Test
  void atomic_noKeyWhereOfAcceptedTerms_onlyTheValuesColumnsMatch() {
    DmlRewrite rewrite = atomic("UPDATE t SET note = to_char(ts, 'YYYY') WHERE amount > 1.5 AND note IS NULL",
        List.of(), Map.of("ts", "timestamp with time zone", "note", "text", "amount", "numeric"));
    assertThat(rewrite.refusal()).isNull();
    assertThat(rewrite.sql()).contains("SELECT DISTINCT t.ts FROM t WHERE (amount > 1.5 AND note IS NULL)")
        .contains("WHERE clock_timestamp() IS NOT NULL)")
        .endsWith("WHERE t.ts IS NOT DISTINCT FROM citussafe_rows.citussafe_a1 AND (amount > 1.5 AND note IS NULL)");
  }

  @Test
  void atomic_noKey_refusedNamingTable() {
    DmlRewrite rewrite = atomic("UPDATE sales.\"Orders\" SET uid = gen_random_uuid()", List.of(), Map.of());
    assertThat(rewrite.refusal()).contains("sales.\"Orders\"").contains("no primary key");
  }

  @Test
  void atomic_nulInKeyName_throws() {
    assertThatThrownBy(() -> atomic("UPDATE up SET uid = gen_random_uuid()", List.of("a\0"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<String> parameterStatements() {
    return Stream.of(
        "UPDATE t SET a = f(?), b = ? WHERE c = ? AND d IN (?, ?) RETURNING e + ?",
        "UPDATE ONLY sales.\"Orders\" AS o SET \"Note\" = to_char(o.updated_at, ?), qty = ? WHERE o.id = ? RETURNING *",
        "DELETE FROM t WHERE random() < ? AND note <> '?' /* ? */ AND d ?? 'k' RETURNING ?",
        "update t set a = coalesce(?, now()) , b = default where id = any(?)");
  }

  /**
   * Binding by index must mean the same after the rewrite: the rewrite with each placeholder
   * given its user parameter's value is the rewrite of the statement with the values written in.
   */
  @ParameterizedTest
  @MethodSource("parameterStatements")
  void atomic_placeholders_mappedToTheUsersParameters(String sql) {
    DmlStatement st = analyze(sql);
    List<String> literals = markers(st.parameterCount());
    DmlRewrite rewrite = DmlRewriter.atomic(st, List.of("id"), Map.of(), rejections(st));
    assertThat(SqlText.countParameters(rewrite.sql())).isEqualTo(rewrite.parameterMap().length);
    String inlinedAfter = inline(rewrite.sql(), rewrite.parameterMap(), literals);
    String inlinedBefore = atomic(inline(sql, identity(literals.size()), literals), List.of("id"), Map.of()).sql();
    assertThat(inlinedAfter).isEqualTo(inlinedBefore);
  }

  private static int[] identity(int count) {
    int[] map = new int[count];
    for (int i = 0; i < count; i++) {
      map[i] = i + 1;
    }
    return map;
  }

  // ---------------------------------------------------------------- per shard

  static Stream<Arguments> perShardCases() {
    return Stream.of(
        // the form verified on Citus 13.2 (one row per shard, result "UPDATE n")
        Arguments.of("UPDATE up SET note = 'x' WHERE note IS NULL", List.of(),
            "SELECT shardid, success, result FROM run_command_on_shards('up', "
                + "$citussafe$UPDATE %s AS up SET note = 'x' WHERE note IS NULL$citussafe$)"),
        // quoted schema-qualified table, inlined parameters, % in literals and text
        Arguments.of("UPDATE sales.\"Orders\" SET note = ? WHERE \"Orders\".id = ? AND note LIKE '10%'",
            List.of("'it''s 5%'", "7"),
            "SELECT shardid, success, result FROM run_command_on_shards('sales.\"Orders\"', $citussafe$UPDATE %s AS \"Orders\" "
                + "SET note = 'it''s 5%%' WHERE \"Orders\".id = 7 AND note LIKE '10%%'$citussafe$)"),
        // alias kept, ONLY and upper case kept, a trailing ; dropped
        Arguments.of("UPDATE ONLY up AS u SET v = v + 1 WHERE u.id > ?;", List.of("3"),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe$UPDATE ONLY %s AS u SET v = v + 1 "
                + "WHERE u.id > 3$citussafe$)"),
        Arguments.of("DELETE FROM up x WHERE random() < 0.5", List.of(),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe$DELETE FROM %s x "
                + "WHERE random() < 0.5$citussafe$)"),
        // tags in the text are avoided
        Arguments.of("UPDATE up SET note = $citussafe$x$citussafe$ WHERE note <> '$citussafe1$'", List.of(),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe2$UPDATE %s AS up "
                + "SET note = $citussafe$x$citussafe$ WHERE note <> '$citussafe1$'$citussafe2$)"),
        // a dollar-quoted string holding %, ;, ? and the tag: % doubled, ? not a placeholder
        Arguments.of("UPDATE up SET note = $x$50%; ? $citussafe$$x$ WHERE id = ?", List.of("1"),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe1$UPDATE %s AS up "
                + "SET note = $x$50%%; ? $citussafe$$x$ WHERE id = 1$citussafe1$)"),
        // text ending in "$citussafe" would close a $citussafe$ quote early
        Arguments.of("UPDATE up SET v = 1 WHERE w = a$citussafe", List.of(),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe1$UPDATE %s AS up SET v = 1 "
                + "WHERE w = a$citussafe$citussafe1$)"),
        // pgjdbc does not look into dollar quotes, so its ?? escape is undone; ? in comments stays
        Arguments.of("UPDATE up SET note = 'k' /* 50% ? */ WHERE data ?? 'k' AND x = ?", List.of("1"),
            "SELECT shardid, success, result FROM run_command_on_shards('up', $citussafe$UPDATE %s AS up "
                + "SET note = 'k' /* 50%% ? */ WHERE data ? 'k' AND x = 1$citussafe$)"));
  }

  @ParameterizedTest
  @MethodSource("perShardCases")
  void perShardCommand_statement_runCommandOnShardsCall(String sql, List<String> literals, String expected) {
    DmlRewrite rewrite = PerShardCommand.of(analyze(sql), literals);
    assertThat(rewrite.refusal()).isNull();
    assertThat(rewrite.sql()).isEqualTo(expected);
    // the whole command is one statement that pgjdbc sends without placeholders
    assertThat(Splitter.split(rewrite.sql())).hasSize(2);
    assertThat(SqlText.countParameters(rewrite.sql())).isZero();
  }

  static Stream<Arguments> perShardRefusals() {
    return Stream.of(
        Arguments.of("UPDATE up SET v = 1 WHERE id = 1 RETURNING id", "RETURNING"),
        Arguments.of("UPDATE up SET v = o.v FROM other o WHERE o.id = up.id", "FROM/USING"),
        Arguments.of("UPDATE up SET v = (SELECT max(v) FROM up)", "subquery"),
        Arguments.of("WITH s AS (SELECT 1) UPDATE up SET v = 1", "WITH"),
        Arguments.of("UPDATE up SET v = 1 WHERE CURRENT OF c", "cursor"),
        Arguments.of("INSERT INTO up (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET v = 1", "INSERT"));
  }

  @ParameterizedTest
  @MethodSource("perShardRefusals")
  void perShardCommand_unsafeStatement_refused(String sql, String reasonPart) {
    DmlRewrite rewrite = PerShardCommand.of(analyze(sql), List.of());
    assertThat(rewrite.isRefused()).isTrue();
    assertThat(rewrite.refusal()).contains(reasonPart);
  }

  @Test
  void perShardCommand_literalCountMismatch_throws() {
    DmlStatement st = analyze("UPDATE up SET v = ? WHERE id = ?");
    assertThatThrownBy(() -> PerShardCommand.of(st, List.of("1"))).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- upsert timestamps

  static Stream<Arguments> upsertCases() {
    return Stream.of(
        // the ORM upsert Citus rejects
        Arguments.of("INSERT INTO up (id, v) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = now()",
            "INSERT INTO up (id, v) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = CAST(? AS timestamptz)",
            List.of("now()")),
        // every form, in SET and WHERE; strings, comments, VALUES and other schemas are left alone
        Arguments.of("insert into up (id, ts) values (?, now()) on conflict on constraint up_pkey do update set "
                + "ts = pg_catalog.now(), d = current_date, l = LOCALTIMESTAMP(2), q = other.now(), "
                + "r = 'now()' /* now() */, s = statement_timestamp(), t = CURRENT_TIME, u = localtime "
                + "where up.ts < transaction_timestamp() - interval '1 day' returning id",
            "insert into up (id, ts) values (?, now()) on conflict on constraint up_pkey do update set "
                + "ts = CAST(? AS timestamptz), d = CAST(? AS date), l = CAST(? AS timestamp), q = other.now(), "
                + "r = 'now()' /* now() */, s = CAST(? AS timestamptz), t = CAST(? AS timetz), u = CAST(? AS time) "
                + "where up.ts < CAST(? AS timestamptz) - interval '1 day' returning id",
            List.of("pg_catalog.now()", "current_date", "LOCALTIMESTAMP(2)", "statement_timestamp()",
                "CURRENT_TIME", "localtime", "transaction_timestamp()")),
        Arguments.of("INSERT INTO \"Sales\".\"Orders\" AS o (\"Id\") VALUES (?) ON CONFLICT (\"Id\") "
                + "DO UPDATE SET \"UpdatedAt\" = CURRENT_TIMESTAMP, n = o.n + 1",
            "INSERT INTO \"Sales\".\"Orders\" AS o (\"Id\") VALUES (?) ON CONFLICT (\"Id\") "
                + "DO UPDATE SET \"UpdatedAt\" = CAST(? AS timestamptz), n = o.n + 1",
            List.of("CURRENT_TIMESTAMP")));
  }

  @ParameterizedTest
  @MethodSource("upsertCases")
  void upsertTimestampParameters_timestampCalls_placeholdersAfterUsers(String sql, String expected,
      List<String> expressions) {
    DmlStatement st = analyze(sql);
    DmlRewrite rewrite = UpsertTimestamps.of(st, null);
    assertThat(rewrite.sql()).isEqualTo(expected);
    assertThat(rewrite.appendedParameters()).containsExactlyElementsOf(expressions);
    assertThat(SqlText.countParameters(rewrite.sql())).isEqualTo(st.parameterCount() + expressions.size());
  }

  @Test
  void upsertTimestampLiterals_values_castLiteralsInPlace() {
    DmlStatement st = analyze("INSERT INTO up (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET ts = now(), "
        + "v = ?, d = CURRENT_DATE");
    DmlRewrite rewrite = UpsertTimestamps.of(st, List.of("'2024-05-01 10:00:00.123456+00'", "'2024-05-01'"));
    assertThat(rewrite.sql()).isEqualTo("INSERT INTO up (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET "
        + "ts = CAST('2024-05-01 10:00:00.123456+00' AS timestamptz), v = ?, d = CAST('2024-05-01' AS date)");
    assertThat(rewrite.appendedParameters()).isEmpty();
  }

  @Test
  void upsertTimestampLiterals_countMismatch_throws() {
    DmlStatement st = analyze("INSERT INTO up (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = now()");
    assertThatThrownBy(() -> UpsertTimestamps.of(st, List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> upsertRefusals() {
    return Stream.of(
        Arguments.of("INSERT INTO up (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET ts = now(), v = ?",
            "follows now()"),
        Arguments.of("INSERT INTO up (id, ts) VALUES (?, now()) ON CONFLICT (id) DO UPDATE SET ts = EXCLUDED.ts",
            "calls none"),
        Arguments.of("INSERT INTO up (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = clock_timestamp()",
            "calls none"),
        Arguments.of("UPDATE up SET ts = now()", "only the DO UPDATE"));
  }

  @ParameterizedTest
  @MethodSource("upsertRefusals")
  void upsertTimestampParameters_notApplicable_refused(String sql, String reasonPart) {
    DmlRewrite rewrite = UpsertTimestamps.of(analyze(sql), null);
    assertThat(rewrite.isRefused()).isTrue();
    assertThat(rewrite.refusal()).contains(reasonPart);
  }

  // ---------------------------------------------------------------- batches

  @Test
  void batch_rewrittenValues_userParametersInlinedWatermarkPlaceholderWhereRepeated() {
    DmlStatement st = analyze("UPDATE up SET uid = gen_random_uuid(), v = ? WHERE uid IS NULL AND note <> ?");
    DmlRewrite rewrite = DmlRewriter.batch(st, List.of("id"), Map.of("v", "integer"), rejections(st), 500,
        List.of("5", "'x?'"), true);
    assertThat(rewrite.sql()).isEqualTo("WITH citussafe_src AS MATERIALIZED (SELECT up.id AS citussafe_k1 FROM up WHERE (uid IS NULL "
                                            + "AND note <> 'x?') AND up.id > ? ORDER BY up.id LIMIT 500), citussafe_rows AS MATERIALIZED "
                                            + "(SELECT citussafe_k1, gen_random_uuid() AS citussafe_v1 FROM citussafe_src AS up WHERE "
                                            + "clock_timestamp() IS NOT NULL) UPDATE up SET uid = citussafe_rows.citussafe_v1, v = 5 FROM "
                                            + "citussafe_rows WHERE up.id = citussafe_rows.citussafe_k1 AND (uid IS NULL AND note <> 'x?') "
                                            + "RETURNING up.id");
    assertThat(SqlText.countParameters(rewrite.sql())).isEqualTo(1);
  }

  @Test
  void batch_compositeKeyOriginalValues_rowComparisonWatermark() {
    DmlStatement st = analyze("update \"Sales\".\"Orders\" o set tenant_id = 0 where tenant_id is null");
    DmlRewrite rewrite = DmlRewriter.batch(st, List.of("Region", "id"), Map.of(), Rejections.none(st),
        1000, List.of(), true);
    assertThat(rewrite.sql()).isEqualTo("WITH citussafe_src AS MATERIALIZED (SELECT o.\"Region\" AS citussafe_k1, o.id AS citussafe_k2 "
                                            + "FROM \"Sales\".\"Orders\" o WHERE (tenant_id is null) AND (o.\"Region\", o.id) > (?, ?) ORDER "
                                            + "BY o.\"Region\", o.id LIMIT 1000), citussafe_rows AS MATERIALIZED (SELECT citussafe_k1, "
                                            + "citussafe_k2 FROM citussafe_src AS o WHERE clock_timestamp() IS NOT NULL) update "
                                            + "\"Sales\".\"Orders\" o SET tenant_id = 0 FROM citussafe_rows WHERE o.\"Region\" = "
                                            + "citussafe_rows.citussafe_k1 AND o.id = citussafe_rows.citussafe_k2 AND (tenant_id is null) "
                                            + "RETURNING o.\"Region\", o.id");
    assertThat(SqlText.countParameters(rewrite.sql())).isEqualTo(2);
  }

  @Test
  void batch_firstWithoutWhere_noWatermarkNoPlaceholders() {
    DmlStatement st = analyze("UPDATE up SET note = 'a%?' || f(?) ");
    DmlRewrite rewrite = DmlRewriter.batch(st, List.of("id"), Map.of(), Rejections.none(st), 10,
        List.of("'b'"), false);
    assertThat(rewrite.sql()).isEqualTo("WITH citussafe_src AS MATERIALIZED (SELECT up.id AS citussafe_k1 FROM up ORDER BY up.id LIMIT "
                                            + "10), citussafe_rows AS MATERIALIZED (SELECT citussafe_k1 FROM citussafe_src AS up WHERE "
                                            + "clock_timestamp() IS NOT NULL) UPDATE up SET note = 'a%?' || f('b') FROM citussafe_rows WHERE "
                                            + "up.id = citussafe_rows.citussafe_k1 RETURNING up.id");
    assertThat(SqlText.countParameters(rewrite.sql())).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DELETE FROM up WHERE random() < 0.5",
      "UPDATE up SET v = f(1) RETURNING id",
      "UPDATE up SET id = id + 1",
      "UPDATE up SET (a, b) = (to_char(ts, 'Y'), 2)",
  })
  void batch_unsupportedStatement_refused(String sql) {
    DmlStatement st = analyze(sql);
    DmlRewrite rewrite = DmlRewriter.batch(st, List.of("id"), Map.of(), rejections(st), 100, List.of(), true);
    assertThat(rewrite.isRefused()).isTrue();
    assertThat(rewrite.refusal()).isNotBlank();
  }

  @Test
  void batch_keyColumnAssigned_refusedSinceRowsWouldPassTheWatermarkAgain() {
    DmlStatement st = analyze("UPDATE up SET \"Id\" = f(1)");
    assertThat(DmlRewriter.batch(st, List.of("Id"), Map.of(), rejections(st), 100, List.of(), true).refusal())
        .contains("key column \"Id\"");
  }

  @Test
  void batch_nonPositiveRows_throws() {
    DmlStatement st = analyze("UPDATE up SET v = f(1)");
    assertThatThrownBy(() -> DmlRewriter.batch(st, List.of("id"), Map.of(), rejections(st), 0, List.of(), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }

  @Test
  void andTerms_splitsOnlyWhereSafe() {
    String sql = "a = 1 AND b BETWEEN 1 AND 2 AND CASE WHEN c AND d THEN true END";
    assertThat(WhereTerms.andTerms(sql, 0, sql.length())).hasSize(3);
    String or = "a = 1 AND b = 2 OR c = 3";
    assertThat(WhereTerms.andTerms(or, 0, or.length())).hasSize(1);
  }

  @Test
  void dmlRewrite_bothOrNeither_throws() {
    assertThatThrownBy(() -> new DmlRewrite("x", null, List.of(), null, "y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DmlRewrite(null, null, List.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
