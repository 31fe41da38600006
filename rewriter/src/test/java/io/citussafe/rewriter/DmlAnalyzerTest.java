package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DmlAnalyzerTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "UPDATE t SET a = ? WHERE id = ? | false",
      "update t set a = a + 1, b = 'x' where id = $1 | false",
      "DELETE FROM t WHERE id = ? | false",
      "UPDATE t SET a = '(' /* ( */ WHERE b = $$now()$$ | false",
      "UPDATE t SET \"CURRENT_DATE\" = 1 | false",
      "UPDATE t SET uid = gen_random_uuid() | true",
      "UPDATE t SET ts = CURRENT_TIMESTAMP WHERE id = ? | true",
      "update t set ts = localtime | true",
      "DELETE FROM t WHERE random() < 0.5 | true",
      // IN lists, VALUES, tuples and plain parentheses are not calls (they used to reach the parser)
      "DELETE FROM t WHERE id IN (?, ?) | false",
      "UPDATE t SET (a, b) = (1, 2) WHERE (id > 1 AND id < 9) OR id = ANY (?) | false",
      "UPDATE t SET d = ts::date | true",
      "UPDATE t SET n = v::bigint | false",
      "UPDATE t SET note = \"myFn\"(note) | true",
      "INSERT INTO t (id, v) VALUES (?, ?) | false",
      "INSERT INTO t (id, v) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v | false",
      "INSERT INTO t (id, ts) VALUES (?, now()) ON CONFLICT (id) DO NOTHING | false",
      "INSERT INTO t (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET ts = now() | true",
      "insert into t (id) values (?) on conflict (id) do update set ts = current_timestamp | true",
      "WITH s AS (SELECT 1) UPDATE t SET a = f(b) | true",
      "WITH s AS (SELECT f(a) FROM t) SELECT * FROM s | false",
      "SELECT now() | false",
      "CREATE TABLE t (id int) | false",
  })
  void mayNeedAnalysis_statement_onlyDmlWithCallsOrValueFunctions(String sql, boolean expected) {
    assertThat(RejectedDmlRule.mayNeedAnalysis(sql, 0, sql.length())).isEqualTo(expected);
  }

  @Test
  void mayNeedAnalysis_piece_looksOnlyInsideIt() {
    String sql = "SELECT now(); UPDATE t SET a = 1; UPDATE t SET b = random()";
    int[] pieces = Splitter.split(sql);
    assertThat(RejectedDmlRule.mayNeedAnalysis(sql, pieces[0], pieces[1])).isFalse();
    assertThat(RejectedDmlRule.mayNeedAnalysis(sql, pieces[2], pieces[3])).isFalse();
    assertThat(RejectedDmlRule.mayNeedAnalysis(sql, pieces[4], pieces[5])).isTrue();
  }

  /** kind | table | alias | SET columns | FROM/USING, CURRENT OF, WITH, tuple, RETURNING. */
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("UPDATE up SET uid = gen_random_uuid()",
            DmlShape.Kind.UPDATE, "up", null, List.of("uid"), "-----"),
        Arguments.of("UPDATE ONLY sales.\"Orders\" AS o SET \"Note\" = f(o.x), V = 1 WHERE o.id = ? RETURNING *",
            DmlShape.Kind.UPDATE, "sales.\"Orders\"", "o", List.of("Note", "v"), "----R"),
        Arguments.of("update Sales . Orders * o set a = now()",
            DmlShape.Kind.UPDATE, "Sales.Orders", "o", List.of("a"), "-----"),
        Arguments.of("UPDATE t SET (a, \"B\") = (SELECT 1, f(2)) WHERE id = 1",
            DmlShape.Kind.UPDATE, "t", null, List.of("a", "B"), "---T-"),
        Arguments.of("UPDATE t SET a = f(1) FROM u WHERE u.id = t.id",
            DmlShape.Kind.UPDATE, "t", null, List.of("a"), "F----"),
        Arguments.of("UPDATE t SET a = f(1) WHERE CURRENT OF c",
            DmlShape.Kind.UPDATE, "t", null, List.of("a"), "-C---"),
        Arguments.of("WITH s AS NOT MATERIALIZED (SELECT 1) UPDATE t SET a = f(1)",
            DmlShape.Kind.UPDATE, "t", null, List.of("a"), "--W--"),
        Arguments.of("/* hint */ DELETE FROM \"Sales\".\"Orders\" x WHERE random() < 0.5 RETURNING x.id;",
            DmlShape.Kind.DELETE, "\"Sales\".\"Orders\"", "x", List.of(), "----R"),
        Arguments.of("DELETE FROM ONLY t USING u WHERE u.id = t.id",
            DmlShape.Kind.DELETE, "t", null, List.of(), "F----"),
        Arguments.of("INSERT INTO up AS u (id, v) VALUES (?, ?) ON CONFLICT (id) WHERE v > 0 "
            + "DO UPDATE SET updated_at = now(), v = EXCLUDED.v WHERE u.v < 9 RETURNING id",
            DmlShape.Kind.UPSERT, "up", "u", List.of("updated_at", "v"), "----R"),
        Arguments.of("INSERT INTO public.up OVERRIDING SYSTEM VALUE SELECT * FROM s ON CONFLICT ON CONSTRAINT up_pkey "
            + "DO UPDATE SET ts = now()",
            DmlShape.Kind.UPSERT, "public.up", null, List.of("ts"), "-----"));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void analyze_statement_structure(String sql, DmlShape.Kind kind, String table, String alias,
      List<String> setColumns, String flags) {
    DmlStatement st = DmlAnalyzer.analyze(sql);
    assertThat(st).isNotNull();
    assertThat(st.kind()).isEqualTo(kind);
    assertThat(st.table()).isEqualTo(table);
    assertThat(st.shape().alias).isEqualTo(alias);
    assertThat(st.setColumns()).containsExactlyElementsOf(setColumns);
    String actual = ((st.shape().fromStart >= 0) ? "F" : "-") + (st.shape().currentOf ? "C" : "-")
        + ((st.shape().withStart >= 0) ? "W" : "-") + (st.shape().hasTuple() ? "T" : "-") + (st.hasReturning() ? "R" : "-");
    assertThat(actual).isEqualTo(flags);
  }

  /** Each use as {@code name/CLAUSE/c/k}: c = arguments reference a column, k = in CASE or COALESCE. */
  static Stream<Arguments> functionUses() {
    return Stream.of(
        // the statements Citus 13.2 rejected, as verified on the cluster
        Arguments.of("UPDATE up SET uid = gen_random_uuid()", List.of("gen_random_uuid/SET/-/-")),
        Arguments.of("UPDATE up SET note = to_char(updated_at,'YYYY')", List.of("to_char/SET/c/-")),
        Arguments.of("UPDATE up SET note = coalesce(note, now()::text)", List.of("now/SET/-/k")),
        Arguments.of("DELETE FROM up WHERE random() < 0", List.of("random/WHERE/-/-")),
        Arguments.of("UPDATE up SET v = nextval('sq') WHERE id = 5", List.of("nextval/SET/-/-")),
        Arguments.of("INSERT INTO up (id, v) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET updated_at = now()",
            List.of("now/DO_UPDATE_SET/-/-")),
        // the cast of a column expression to interval is a STABLE conversion (DESIGN.md §3)
        Arguments.of("UPDATE up SET ts = now() + (id || ' s')::interval",
            List.of("now/SET/-/-", "cast to interval/SET/c/-")),
        Arguments.of("UPDATE up SET d = CAST(ts AS date), n = v::bigint, t = '2020-01-01'::date",
            List.of("cast to date/SET/c/-")),
        // value functions, with precision, schema-qualified and quoted names
        Arguments.of("UPDATE t SET a = LOCALTIMESTAMP, b = CURRENT_DATE, c = current_time, d = localtime, "
            + "e = CURRENT_TIMESTAMP(3), f = pg_catalog.NOW(), g = \"MyFunc\"(a)",
            List.of("localtimestamp/SET/-/-", "current_date/SET/-/-", "current_time/SET/-/-",
                "localtime/SET/-/-", "current_timestamp/SET/-/-", "now/SET/-/-", "MyFunc/SET/c/-")),
        // CASE at any depth; COALESCE, GREATEST, ANY are syntax, not pg_proc functions
        Arguments.of("UPDATE t SET v = CASE WHEN v > 1 THEN abs(random()::int) END, w = greatest(v, 1) "
            + "WHERE id = ANY(?)", List.of("abs/SET/-/k", "random/SET/-/k")),
        // subqueries, special-syntax calls whose arguments JSqlParser keeps elsewhere
        Arguments.of("UPDATE t SET a = (SELECT max(x) FROM o WHERE o.id = t.id), b = substring(n from 1 for 2), "
            + "c = extract(epoch from ts) WHERE EXISTS (SELECT 1 FROM o WHERE g(o.a) > 0) RETURNING h(t.*)",
            List.of("max/SET/c/-", "substring/SET/c/-", "extract/SET/c/-", "g/WHERE/c/-", "h/RETURNING/c/-")),
        // keywords JSqlParser reads as columns are not column references
        Arguments.of("UPDATE t SET a = f(current_user, LOCALTIMESTAMP), b = DEFAULT", List.of("f/SET/-/-",
            "localtimestamp/SET/-/-")),
        // strings, comments, dollar quotes and jsonb escapes do not hide or fake calls
        Arguments.of("UPDATE t SET a = $x$random();$x$ || 'now()' -- now()\n WHERE d ?? 'k' AND d ??| "
            + "ARRAY['a'] AND e = E'\\'' AND f(d)", List.of("f/WHERE/c/-")),
        Arguments.of("INSERT INTO t AS x (id, u) VALUES (1, gen_random_uuid()), (2, DEFAULT) ON CONFLICT (id) "
            + "DO UPDATE SET u = lower(EXCLUDED.u) WHERE x.ts < CURRENT_TIMESTAMP RETURNING x.*",
            List.of("gen_random_uuid/VALUES/-/-", "lower/DO_UPDATE_SET/c/-",
                "current_timestamp/DO_UPDATE_WHERE/-/-")),
        Arguments.of("WITH s AS (SELECT id FROM t WHERE random() < 0.5) UPDATE t SET a = 1 FROM s "
            + "CROSS JOIN generate_series(1, 2) g WHERE s.id = t.id", List.of("random/OTHER/-/-",
                "generate_series/OTHER/-/-")),
        Arguments.of("UPDATE t SET a = ? WHERE id = ?", List.of()));
  }

  @ParameterizedTest
  @MethodSource("functionUses")
  void analyze_statement_functionUses(String sql, List<String> expected) {
    DmlStatement st = DmlAnalyzer.analyze(sql);
    assertThat(st).isNotNull();
    List<String> actual = new ArrayList<>();
    for (DmlStatement.FunctionUse use : st.functionUses()) {
      actual.add(use.name() + "/" + use.clause() + "/" + (use.argumentsReferenceColumn() ? "c" : "-")
          + "/" + (use.insideCaseOrCoalesce() ? "k" : "-"));
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT now()",
      "INSERT INTO t (id) VALUES (now())",
      "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO NOTHING",
      "UPDATE t SET a = now(); UPDATE t SET b = 1",
      "UPDATE t SET a = now() ORDER BY id LIMIT 1",
      "UPDATE t SET",
      "UPDATE t SET a = ",
      "UPDATE t SET a = f(",
      "UPDATE t WHERE a = 1",
      "UPDATE U&\"t\" SET a = f(1)",
      "MERGE INTO t USING s ON s.id = t.id WHEN MATCHED THEN UPDATE SET a = now()",
      // JSqlParser 5.3 cannot read these PostgreSQL expressions: the statement passes through
      "UPDATE t SET a = f(1) WHERE x BETWEEN SYMMETRIC 1 AND 2",
      "",
  })
  void analyze_notUnderstood_null(String sql) {
    assertThat(DmlAnalyzer.analyze(sql)).isNull();
  }

  @Test
  void analyze_currentAsColumnName_isNotCursorPosition() {
    DmlStatement st = DmlAnalyzer.analyze("UPDATE t SET a = f(1) WHERE current = 5");
    assertThat(st).isNotNull();
    assertThat(st.shape().currentOf).isFalse();
  }

  @Test
  void analyze_isDistinctFrom_isNotFromClause() {
    DmlStatement st = DmlAnalyzer.analyze("UPDATE t SET a = b IS DISTINCT FROM f(c), d = 1 WHERE id = 2");
    assertThat(st).isNotNull();
    assertThat((st.shape().fromStart >= 0)).isFalse();
    assertThat(st.setColumns()).containsExactly("a", "d");
  }

  @Test
  void parameterCount_jdbcPlaceholders_countedLikePgjdbc() {
    DmlStatement st = DmlAnalyzer.analyze(
        "UPDATE t SET a = f(?), b = '?' /* ? */ WHERE d ?? 'k' AND e = $$?$$ AND id = ?");
    assertThat(st.parameterCount()).isEqualTo(2);
  }
}
