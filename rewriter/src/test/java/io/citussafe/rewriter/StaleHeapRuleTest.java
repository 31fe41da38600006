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

class StaleHeapRuleTest {

  private final StaleHeapRule rule = new StaleHeapRule();

  private StaleHeapRule.Ddl match(String sql) {
    return rule.match(new StatementText(sql));
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(match(sql), facts, TestFacts.AS_WRITTEN);
  }

  static Stream<Arguments> heapScanningDdl() {
    return Stream.of(
        Arguments.of("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL", "orders"),
        Arguments.of("ALTER TABLE orders ADD CONSTRAINT c CHECK (a > 0) NOT VALID", "orders"),
        Arguments.of("ALTER TABLE orders ADD CHECK (a > 0)", "orders"),
        Arguments.of("ALTER TABLE orders VALIDATE CONSTRAINT c", "orders"),
        Arguments.of("ALTER TABLE orders ADD PRIMARY KEY (id)", "orders"),
        Arguments.of("ALTER TABLE orders ADD CONSTRAINT u UNIQUE (a)", "orders"),
        Arguments.of("ALTER TABLE orders ALTER COLUMN a TYPE bigint", "orders"),
        Arguments.of("ALTER TABLE orders ALTER a TYPE bigint USING a::bigint", "orders"),
        Arguments.of("ALTER TABLE orders ALTER COLUMN a SET DATA TYPE text", "orders"),
        Arguments.of("ALTER TABLE orders ALTER COLUMN type TYPE bigint", "orders"),
        Arguments.of("ALTER TABLE orders ALTER COLUMN type SET NOT NULL", "orders"),
        Arguments.of("ALTER TABLE orders ADD COLUMN b int NOT NULL DEFAULT 0", "orders"),
        Arguments.of("ALTER TABLE orders ADD COLUMN c text, ALTER COLUMN d SET NOT NULL", "orders"),
        Arguments.of("ALTER TABLE IF EXISTS ONLY public.\"Orders\" ALTER COLUMN a SET NOT NULL", "public.\"Orders\""),
        Arguments.of("ALTER TABLE sales.orders* ALTER COLUMN a SET NOT NULL", "sales.orders"),
        Arguments.of("ALTER TABLE zählung ALTER COLUMN x SET NOT NULL", "zählung"),
        Arguments.of("ALTER TABLE \"a;\"\"b\" ADD CHECK (x > 0)", "\"a;\"\"b\""),
        Arguments.of("-- c\n/* a /* nested */ b */ ALTER TABLE orders ALTER COLUMN a SET NOT NULL", "orders"),
        Arguments.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY sales.\"Orders\" USING btree (a)",
            "sales.\"Orders\""),
        Arguments.of("CREATE INDEX ON t (a)", "t"),
        Arguments.of("create index orders_a on orders using gin (a) where (a is not null)", "orders"));
  }

  @ParameterizedTest
  @MethodSource("heapScanningDdl")
  void match_heapScanningDdl_namesTheTable(String sql, String table) {
    assertThat(match(sql)).isEqualTo(new StaleHeapRule.Ddl(sql, table));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE t ADD COLUMN c text",
      "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'NOT NULL'",
      "ALTER TABLE t ADD COLUMN checked boolean",
      "ALTER TABLE t ADD COLUMN unique_code text, ADD COLUMN primary_contact text",
      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES r (id)",
      "ALTER TABLE",
      "ALTER TABLE (",
      "ALTER TABLE U&\"d\\0061t\" ADD PRIMARY KEY (id)",
      "ALTER INDEX i RENAME TO j",
      "CREATE TABLE orders (id int primary key, a int unique check (a > 0) not null)",
      "CREATE UNIQUE",
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER TABLE t ALTER COLUMN a SET NOT NULL $$",
      // Bug: any word TYPE at the top level counted as ALTER COLUMN … TYPE, so a column named
      // "type" made ADD/DROP/RENAME COLUMN heap-scanning, and DROP NOT NULL counted as SET NOT
      // NULL; the cleanup such a false positive triggers fails when a local table references it.
      "alter table if exists orders add column type varchar(255)",
      "ALTER TABLE orders DROP COLUMN type",
      "ALTER TABLE orders RENAME COLUMN type TO kind",
      "ALTER TABLE orders ALTER COLUMN type DROP DEFAULT",
      "ALTER TABLE orders ALTER COLUMN a DROP NOT NULL",
  })
  void match_otherDdl_null(String sql) {
    assertThat(match(sql)).isNull();
  }

  @Test
  void plan_staleRows_truncateThenTheStatement() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "id", 16384);
    String sql = "ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL";
    Plan plan = plan(sql, facts);
    assertThat(plan.steps()).containsSubsequence(
        new Step.Run("SELECT truncate_local_data_after_distributing_table('orders')"),
        new Step.Invalidate("orders"), new Step.User(sql, null));
    assertThat(plan.reports()).singleElement().asString().contains("orders: 16384 bytes");
    assertThat(facts.asked).containsExactly("tableNow orders");
  }

  @Test
  void plan_rowsOnlyInPartitions_cleanedAndEachPartitionReported() throws SQLException {
    TestFacts facts = new TestFacts().table("ev", TableFacts.Kind.DISTRIBUTED, "id", 0, 8192, 24576);
    Plan plan = plan("ALTER TABLE ev ALTER COLUMN k SET NOT NULL", facts);
    assertThat(plan.steps().get(0)).isEqualTo(new Step.Run("SELECT truncate_local_data_after_distributing_table('ev')"));
    assertThat(plan.reports().get(0)).contains("ev_p1: 8192 bytes, ev_p2: 24576 bytes");
  }

  @Test
  void plan_emptyHeapLocalTableCitusLocalOrPlainPostgres_null() throws SQLException {
    String sql = "ALTER TABLE t ALTER COLUMN a SET NOT NULL";
    assertThat(plan(sql, new TestFacts().table("t", TableFacts.Kind.DISTRIBUTED, "id", 0))).isNull();
    assertThat(plan(sql, new TestFacts().table("t", TableFacts.Kind.LOCAL, null, 8192))).isNull();
    // a Citus-local table's coordinator heap is its data
    assertThat(plan(sql, new TestFacts().table("t", TableFacts.Kind.CITUS_LOCAL, null, 8192))).isNull();
    TestFacts plain = new TestFacts().table("t", TableFacts.Kind.DISTRIBUTED, "id", 8192).onPlainPostgres();
    assertThat(plan(sql, plain)).isNull();
    assertThat(plain.asked).isEmpty();
  }

  @Test
  void plan_quotedSchemaQualifiedName_literalKeepsQuotes() throws SQLException {
    TestFacts facts = new TestFacts().table("sales.\"O'Rders\"", TableFacts.Kind.REFERENCE, null, 8192);
    Plan plan = plan("CREATE INDEX ON sales.\"O'Rders\" (a)", facts);
    assertThat(plan.steps().get(0))
        .isEqualTo(new Step.Run("SELECT truncate_local_data_after_distributing_table('sales.\"O''Rders\"')"));
  }

  @Test
  void plan_localTableReferencesIt_refused() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "id", 8192);
    facts.references.put("orders", List.of(new ForeignKeyFacts("invoices", "fk", "FOREIGN KEY (o) REFERENCES orders(id)")));
    Plan plan = plan("ALTER TABLE orders ADD PRIMARY KEY (id)", facts);
    assertThat(plan.steps()).singleElement().isInstanceOf(Step.Fail.class);
  }
}
