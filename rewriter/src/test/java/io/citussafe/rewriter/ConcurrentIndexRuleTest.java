package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentIndexRuleTest {

  private final ConcurrentIndexRule rule = new ConcurrentIndexRule();

  private ConcurrentIndexRule.Index match(String sql) {
    return rule.match(new StatementText(sql));
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(match(sql), facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts schema() {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "tenant_id")
        .table("notes", TableFacts.Kind.LOCAL, null);
    facts.relations.add("orders.orders_note_idx");
    facts.operatorClasses.put("gin_trgm_ops", "app");
    facts.operatorClasses.put("text_pattern_ops", "pg_catalog");
    return facts;
  }

  static Stream<Arguments> operatorClasses() {
    return Stream.of(
        Arguments.of("CREATE INDEX CONCURRENTLY i ON orders USING gin (note gin_trgm_ops)", List.of("gin_trgm_ops")),
        Arguments.of("CREATE INDEX CONCURRENTLY i ON orders USING gist (lower(note) gist_trgm_ops(siglen = 32), "
            + "b DESC NULLS LAST)", List.of("gist_trgm_ops")),
        Arguments.of("CREATE INDEX CONCURRENTLY i ON orders (a COLLATE \"C\" text_pattern_ops DESC, (b + 1), c)",
            List.of("text_pattern_ops")),
        Arguments.of("CREATE INDEX CONCURRENTLY i ON orders USING gin (note public.gin_trgm_ops)", List.of()),
        Arguments.of("CREATE INDEX CONCURRENTLY i ON orders (a COLLATE pg_catalog.\"C\", b ASC)", List.of()));
  }

  @ParameterizedTest
  @MethodSource("operatorClasses")
  void match_elements_findsTheUnqualifiedOperatorClasses(String sql, List<String> names) {
    assertThat(match(sql).operatorClasses()).extracting(ConcurrentIndexRule.OperatorClass::name)
        .containsExactlyElementsOf(names);
  }

  @Test
  void match_ifNotExists_readsNameTableAndMethod() {
    ConcurrentIndexRule.Index index = match("create unique index concurrently if not exists \"Orders_Key\" "
        + "on only sales.orders using btree (tenant_id, id)");
    assertThat(index.name()).isEqualTo("Orders_Key");
    assertThat(index.ifNotExists()).isTrue();
    assertThat(index.table()).isEqualTo("sales.orders");
    assertThat(index.method()).isEqualTo("btree");
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE INDEX i ON orders (a)", "CREATE INDEX IF NOT EXISTS i ON orders (a)",
      "CREATE TABLE concurrently (a int)"})
  void match_notConcurrent_null(String sql) {
    assertThat(match(sql)).isNull();
  }

  @Test
  void plan_ifNotExistsOfAnExistingIndex_skippedWithAWarning() throws SQLException {
    Plan plan = plan("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note)", schema());
    assertThat(plan.answerText()).isEqualTo(ConcurrentIndexRule.NO_OP);
    assertThat(plan.reports()).singleElement().asString().contains("orders_note_idx already exists", "invalid");
  }

  @Test
  void plan_ifNotExistsOfANewIndex_orInATransaction_runs() throws SQLException {
    assertThat(plan("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_b_idx ON orders (b)", schema())).isNull();
    TestFacts inTransaction = schema();
    inTransaction.inTransaction = true;
    // PostgreSQL refuses CONCURRENTLY in a transaction block before it looks for the index
    assertThat(plan("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note)", inTransaction))
        .isNull();
  }

  @Test
  void plan_operatorClassFromTheSearchPath_qualifiedOnce() throws SQLException {
    Plan plan = plan("CREATE INDEX CONCURRENTLY orders_note_trgm ON orders USING GIN (note gin_trgm_ops, "
        + "code text_pattern_ops)", schema());
    assertThat(plan.userText()).isEqualTo("CREATE INDEX CONCURRENTLY orders_note_trgm ON orders USING GIN "
        + "(note app.gin_trgm_ops, code text_pattern_ops)");
    assertThat(plan.reports()).singleElement().asString().contains("app.gin_trgm_ops", "search_path");
    assertThat(plan(plan.userText(), schema())).isNull();
  }

  @Test
  void plan_localTableOrPlainPostgres_unchanged() throws SQLException {
    assertThat(plan("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON notes USING gin (n gin_trgm_ops)", schema()))
        .isNull();
    assertThat(plan("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders USING gin (n gin_trgm_ops)",
        schema().onPlainPostgres())).isNull();
  }
}
