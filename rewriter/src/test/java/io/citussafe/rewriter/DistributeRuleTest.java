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

class DistributeRuleTest {

  private final DistributeRule rule = new DistributeRule(Options.DEFAULTS);

  private DistributeRule.Call match(String sql) {
    return rule.match(new StatementText(sql));
  }

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    return rule.plan(match(sql), facts, TestFacts.AS_WRITTEN);
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        Arguments.of("SELECT create_distributed_table('orders', 'id')", "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table(table_name => 'orders', distribution_column := 'id', "
            + "colocate_with => 'none')", "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table(distribution_column => 'id', table_name => 'orders')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('public.orders', 'id')",
            "create_distributed_table", "public.orders", "id"),
        Arguments.of("SELECT create_distributed_table('sales.\"Orders\"', 'tenant_id')",
            "create_distributed_table", "sales.\"Orders\"", "tenant_id"),
        Arguments.of("SELECT create_distributed_table('orders'::regclass, 'id'::text)",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT * FROM create_reference_table('r')", "create_reference_table", "r", null),
        Arguments.of("select * from pg_catalog.create_reference_table('r')", "create_reference_table", "r", null),
        Arguments.of("SELECT CREATE_DISTRIBUTED_TABLE('Orders', 'ID')", "create_distributed_table", "Orders", "ID"),
        Arguments.of("SELECT public . create_distributed_table ( 'orders' , 'id' )",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table_concurrently('orders', 'id')",
            "create_distributed_table_concurrently", "orders", "id"),
        Arguments.of("SELECT create_distributed_table($$orders$$, $x$id$x$)", "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('it''s', 'id')", "create_distributed_table", "it's", "id"),
        // regression: E'...' without escapes was not read (Scanner.stringValue returned null)
        Arguments.of("SELECT create_distributed_table(E'orders', 'id')", "create_distributed_table", "orders", "id"),
        // non-literal arguments: no table (or column) to act on
        Arguments.of("SELECT create_distributed_table($1, $2)", "create_distributed_table", null, null),
        Arguments.of("SELECT create_distributed_table(?, 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table(format('%I', 'orders'), 'id')", "create_distributed_table",
            null, "id"),
        Arguments.of("SELECT create_distributed_table('ord' || 'ers', 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table(E'ord\\x65rs', 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table('orders', lower('ID'))", "create_distributed_table", "orders",
            null));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void match_distributionCall_readsLiteralArguments(String sql, String function, String table, String column) {
    assertThat(match(sql)).isEqualTo(new DistributeRule.Call(sql, function, table, column));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT create_distributed_table($$",
      "SELECT create_distributed_table($$orders",
      "SELECT create_distributed_table($a$x",
      "SELECT create_distributed_table('orders''",
      "SELECT create_distributed_table('orders",
      "SELECT create_distributed_table(E'orders\\'",
      "SELECT create_distributed_table(",
      "SELECT create_distributed_table(table_name =>",
      "SELECT create_distributed_table('orders'::",
  })
  void match_unterminatedCall_noTableNoException(String sql) {
    // Bug: Scanner.stringValue cut the closing tag off an unterminated dollar quote, which threw
    // StringIndexOutOfBoundsException for "$$"; only terminated literals count.
    assertThat(match(sql).table()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT truncate_local_data_after_distributing_table('t')", "SELECT 1",
      "SELECT my.create_distributed_table_log('t')"})
  void match_otherSelect_null(String sql) {
    assertThat(match(sql)).isNull();
  }

  @Test
  void plan_plainPostgres_answeredAsCitusWould() throws SQLException {
    Plan plan = plan("SELECT create_distributed_table('orders', 'id')", TestFacts.plainPostgres());
    assertThat(plan.steps()).startsWith(new Step.Answer("SELECT NULL::void AS create_distributed_table"));
    assertThat(plan.reports()).singleElement().asString().contains("plain PostgreSQL");
    assertThat(plan.inPlace()).isTrue();
  }

  @Test
  void plan_plainPostgresFailOnMissingCitus_refused() throws SQLException {
    Plan plan = new DistributeRule(new Options(Options.BulkUpdate.ATOMIC, 0, true, Options.NewTables.LOCAL, 100_000))
        .plan(match("SELECT create_reference_table('r')"), TestFacts.plainPostgres(), TestFacts.AS_WRITTEN);
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class,
        fail -> assertThat(fail.sqlState()).isEqualTo(SqlState.UNDEFINED_FUNCTION));
  }

  @Test
  void plan_localTableWithRows_distributeAndTruncateInOneTransaction() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 8192);
    String sql = "SELECT create_distributed_table('orders', 'id')";
    Plan plan = plan(sql, facts);
    assertThat(plan.steps()).startsWith(new Step.Together(List.of(new Step.User(sql, null),
        new Step.Run("SELECT truncate_local_data_after_distributing_table('orders')"))), new Step.Invalidate("orders"));
    assertThat(plan.reports()).singleElement().asString().contains("orders: 8192 bytes");
    assertThat(facts.asked).containsExactly("tableNow orders", "columns orders");
  }

  @Test
  void plan_partitionedTableRowsInPartitions_cleanedThroughParent() throws SQLException {
    // Bug: the parent's own heap is 0 bytes, the rows sit in the partitions; the
    // cleanup was skipped and the seed incident failed on the partition
    TestFacts facts = new TestFacts().table("ev", TableFacts.Kind.LOCAL, null, 0, 4096, 8192);
    Plan plan = plan("SELECT create_distributed_table('ev', 'id')", facts);
    assertThat(plan.steps().get(0)).isInstanceOf(Step.Together.class);
    assertThat(plan.reports()).singleElement().asString().contains("ev_p1: 4096 bytes").contains("ev_p2: 8192 bytes");
  }

  @Test
  void plan_concurrently_cleanupAfterTheCallNotInOneTransaction() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 8192);
    String sql = "SELECT create_distributed_table_concurrently('orders', 'id')";
    assertThat(plan(sql, facts).steps()).startsWith(new Step.User(sql, null),
        new Step.Run("SELECT truncate_local_data_after_distributing_table('orders')"));
  }

  @Test
  void plan_emptyOrMissingTable_runAsWritten() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 0);
    String sql = "SELECT create_distributed_table('orders', 'id')";
    assertThat(plan(sql, facts).steps()).containsExactly(new Step.User(sql, null), new Step.Invalidate("orders"));
    assertThat(plan("SELECT create_reference_table('nothing')", facts).steps())
        .startsWith(new Step.User("SELECT create_reference_table('nothing')", null));
  }

  @Test
  void plan_alreadyDistributedSameColumn_skippedWithAnswer() throws SQLException {
    TestFacts facts = new TestFacts().table("Orders", TableFacts.Kind.DISTRIBUTED, "Id", 0);
    Plan plan = plan("SELECT create_distributed_table('Orders', '\"Id\"')", facts);
    assertThat(plan.steps()).startsWith(new Step.Answer("SELECT NULL::void AS create_distributed_table"));
    assertThat(plan.reports()).singleElement().asString().contains("already distributed on column Id");
  }

  @Test
  void plan_distributedOnAnotherColumn_runsForCitusToAnswer() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.DISTRIBUTED, "tenant_id", 0);
    String sql = "SELECT create_distributed_table('orders', 'id')";
    assertThat(plan(sql, facts).steps()).startsWith(new Step.User(sql, null));
  }

  @Test
  void plan_localTableReferencesIt_refusedNamingBothTablesAndTheFix() throws SQLException {
    TestFacts facts = new TestFacts().table("orders", TableFacts.Kind.LOCAL, null, 8192);
    facts.references.put("orders", List.of(new ForeignKeyFacts("invoices", "invoices_order_id_fkey",
        "FOREIGN KEY (order_id) REFERENCES orders(id)")));
    Plan plan = plan("SELECT create_distributed_table('orders', 'id')", facts);
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Fail.class, fail -> {
      assertThat(fail.sqlState()).isEqualTo(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
      assertThat(fail.message()).contains("invoices_order_id_fkey")
          .contains("create_distributed_table('invoices', '<its column referencing orders>', colocate_with => 'orders')")
          .contains("create_reference_table('orders')");
    });
  }
}
