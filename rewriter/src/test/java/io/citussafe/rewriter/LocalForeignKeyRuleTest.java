package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalForeignKeyRuleTest {

  private final LocalForeignKeyRule rule = new LocalForeignKeyRule();

  private LocalForeignKeyRule.Keys match(String sql) {
    return rule.match(new StatementText(sql));
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(match(sql), facts, TestFacts.AS_WRITTEN);
  }

  /** orders distributed by tenant_id with key (tenant_id, id); notes a plain local table; regions a reference table. */
  private static TestFacts schema() {
    TestFacts facts = new TestFacts()
        .table("orders", TableFacts.Kind.DISTRIBUTED, "tenant_id")
        .table("notes", TableFacts.Kind.LOCAL, null)
        .table("regions", TableFacts.Kind.REFERENCE, null)
        .table("lines", TableFacts.Kind.DISTRIBUTED, "tenant_id");
    facts.keyed("orders", List.of("tenant_id", "id"), Map.of(), 1);
    return facts;
  }

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of("CREATE TABLE notes (id int, order_id int REFERENCES orders (id))", "notes",
            List.of(new LocalForeignKeyRule.Reference(List.of("order_id"), "orders", List.of("id")))),
        Arguments.of("CREATE TABLE IF NOT EXISTS public.notes (tenant_id int, order_id int, CONSTRAINT n_fk "
            + "FOREIGN KEY (tenant_id, order_id) REFERENCES public.orders (tenant_id, id) ON DELETE CASCADE, "
            + "note text)", "public.notes",
            List.of(new LocalForeignKeyRule.Reference(List.of("tenant_id", "order_id"), "public.orders",
                List.of("tenant_id", "id")))),
        Arguments.of("ALTER TABLE notes ADD CONSTRAINT n_fk FOREIGN KEY (\"Order\") REFERENCES orders", "notes",
            List.of(new LocalForeignKeyRule.Reference(List.of("Order"), "orders", List.of()))),
        Arguments.of("ALTER TABLE notes ADD FOREIGN KEY (a) REFERENCES orders (id), ADD COLUMN r int REFERENCES "
            + "regions (id)", "notes",
            List.of(new LocalForeignKeyRule.Reference(List.of("a"), "orders", List.of("id")),
                new LocalForeignKeyRule.Reference(List.of("r"), "regions", List.of("id")))),
        Arguments.of("ALTER TABLE notes ADD COLUMN IF NOT EXISTS order_id bigint NOT NULL REFERENCES orders(id)",
            "notes", List.of(new LocalForeignKeyRule.Reference(List.of("order_id"), "orders", List.of("id")))));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void match_foreignKeys_readsEachKey(String sql, String table, List<LocalForeignKeyRule.Reference> references) {
    assertThat(match(sql).table()).isEqualTo(table);
    assertThat(match(sql).references()).isEqualTo(references);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE notes (id int PRIMARY KEY, note text)",
      "CREATE TEMP TABLE notes (id int REFERENCES orders (id))",
      "ALTER TABLE notes ADD CONSTRAINT u UNIQUE (a)",
      "ALTER TABLE notes ADD COLUMN a int",
      "CREATE INDEX ON notes (order_id)"})
  void match_noForeignKey_null(String sql) {
    assertThat(match(sql)).isNull();
  }

  @Test
  void plan_localTableToDistributedTable_refusedWithTheColocatedCall() throws SQLException {
    Plan plan = plan("ALTER TABLE notes ADD CONSTRAINT n_fk FOREIGN KEY (tenant_id, order_id) "
        + "REFERENCES orders (tenant_id, id)", schema());
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> {
      assertThat(fail.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
      assertThat(fail.message()).contains("local table notes", "distributed table orders", "not enforce",
          "SELECT create_distributed_table('notes', 'tenant_id', colocate_with => 'orders')", "leave the key out");
    });
  }

  @Test
  void plan_keyToThePrimaryKey_findsTheColumnThroughTheKey() throws SQLException {
    Plan plan = plan("CREATE TABLE notes (t int, o int, FOREIGN KEY (t, o) REFERENCES orders)", schema());
    assertThat(((Step.Fail) plan.steps().get(0)).message())
        .contains("create it without the key, then SELECT create_distributed_table('notes', 't', colocate_with => "
            + "'orders')");
  }

  @Test
  void plan_keyWithoutTheDistributionColumn_saysTheKeyMustIncludeIt() throws SQLException {
    Plan plan = plan("CREATE TABLE notes (id int, order_id int REFERENCES orders (id))", schema());
    assertThat(((Step.Fail) plan.steps().get(0)).message())
        .contains("'<its column holding orders.tenant_id>'", "must include the distribution column tenant_id of orders");
  }

  @Test
  void plan_keyToAReferenceTableOrFromADistributedTable_leftToCitus() throws SQLException {
    assertThat(plan("ALTER TABLE notes ADD FOREIGN KEY (r) REFERENCES regions (id)", schema())).isNull();
    assertThat(plan("ALTER TABLE lines ADD FOREIGN KEY (tenant_id, o) REFERENCES orders (tenant_id, id)", schema()))
        .isNull();
  }

  @Test
  void plan_existingTableOfCreateIfNotExists_leftAlone() throws SQLException {
    assertThat(plan("CREATE TABLE IF NOT EXISTS notes (o int REFERENCES orders (id))", schema())).isNull();
  }

  @Test
  void plan_plainPostgres_unchanged() throws SQLException {
    assertThat(plan("ALTER TABLE notes ADD FOREIGN KEY (o) REFERENCES orders (id)", schema().onPlainPostgres()))
        .isNull();
  }
}
