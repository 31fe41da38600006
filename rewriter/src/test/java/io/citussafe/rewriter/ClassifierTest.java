package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "select * from orders where id = $1",
      "SELECT * FROM orders",
      "SELECT count(*) FROM orders o JOIN create_distributed_table_log l ON true",
      "SELECT my_schema.my_function('orders', 'id')",
      "SELECT 'create_distributed_table(''t'', ''id'')'",
      "SELECT create_distributed_table",
      "SELECT \"create_distributed_table\"",
      "INSERT INTO orders (id, note) VALUES (1, 'ALTER TABLE t ALTER COLUMN a SET NOT NULL')",
      "INSERT INTO orders VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note",
      "UPDATE orders SET note = ? WHERE id IN (?, ?)",
      "UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL",
      "DELETE FROM orders WHERE id = 5",
      "WITH s AS (SELECT create_distributed_table('t', 'id')) SELECT * FROM s",
      "SET search_path TO public",
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'",
      "SHOW search_path",
      "BEGIN",
      "BEGIN; UPDATE t SET a = 1; COMMIT",
      "START TRANSACTION ISOLATION LEVEL SERIALIZABLE",
      "COMMIT",
      "END",
      "ROLLBACK",
      "SAVEPOINT s1",
      "EXPLAIN SELECT 1",
      "VALUES (1)",
      "(SELECT 1)",
      "-- a comment\nSELECT 1",
      "",
      "   ",
      "-- only a comment",
      ";;",
  })
  void classify_ordinaryStatements_passThroughInstance(String sql) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.isPassThrough()).isTrue();
    assertThat(plan).isSameAs(Plan.passThrough(plan.flags()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT 1 | 0",
      "UPDATE orders SET tenant_id = 0 | 0",
      "INSERT INTO t (note) VALUES ('flyway_schema_history')| 0",
      "SELECT \"installed_rank\", \"version\" FROM \"public\".\"flyway_schema_history\" ORDER BY 1 | 1",
      "INSERT INTO \"public\".\"my_history\" (\"installed_rank\", \"version\") VALUES (?, ?) | 1",
      "SELECT COUNT(*) FROM public.DATABASECHANGELOGLOCK | 1",
      "UPDATE custom_lock SET LOCKED = TRUE, LOCKGRANTED = NOW() WHERE ID = 1 | 1",
      "SELECT MAX(ORDEREXECUTED) FROM my_changelog | 1",
      "BEGIN | 2",
      "begin isolation level serializable | 2",
      "START TRANSACTION | 2",
      "COMMIT | 4",
      "end | 4",
      "ROLLBACK | 4",
      "ABORT | 4",
      "PREPARE TRANSACTION 'x' | 4",
      "ROLLBACK TO SAVEPOINT s | 0",
      "COMMIT PREPARED 'x' | 0",
      "BEGIN; UPDATE t SET a = 1; COMMIT | 6",
      "SET search_path TO app, public | 8",
      "SET LOCAL search_path = x | 8",
      "SET SCHEMA 'app' | 8",
      "RESET ALL | 8",
      "DISCARD ALL | 8",
      "SET statement_timeout = 0 | 0",
      "SELECT set_config('search_path', ?, false) | 8",
      "select pg_catalog.SET_CONFIG('search_path', 'b', false) | 8",
      "SELECT 'set_config(x)' | 0",
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential' | 0"})
  void classify_flags(String sql, int flags) {
    assertThat(Classifier.classify(sql).flags()).as(sql).isEqualTo(flags);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UPDATE orders SET uid = gen_random_uuid()",
      "UPDATE orders SET uid = gen_random_uuid() WHERE id = ?",
      "DELETE FROM orders WHERE random() < 0.5",
      "UPDATE orders SET note = to_char(updated_at, 'YYYY')",
      "INSERT INTO orders VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = now()",
      "update \"Sales\".\"Orders\" set note = coalesce(note, now()::text)"})
  void classify_dmlWithFunctionCalls_isADmlStep(String sql) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Dml.class,
        dml -> assertThat(dml.statement().functionUses()).isNotEmpty());
  }

  /** SELECT … FROM fn(…) was missed: only SELECT fn(…) and SELECT * FROM fn(…) were read. */
  @Test
  void classify_selectColumnsFromRunCommandOnShards_isCitusOnly() {
    Plan plan = Classifier.classify("SELECT success, result FROM run_command_on_shards('t', $x$SELECT 1$x$)");
    assertThat(plan.steps()).singleElement().isInstanceOf(Step.CitusOnly.class);
  }

  static Stream<Arguments> distributeCalls() {
    return Stream.of(
        Arguments.of("SELECT create_distributed_table('orders', 'id')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table(table_name => 'orders', distribution_column := 'id', "
            + "colocate_with => 'none')", "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table(distribution_column => 'id', table_name => 'orders')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('orders', 'id', colocate_with := 'other')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('public.orders', 'id')",
            "create_distributed_table", "public.orders", "id"),
        Arguments.of("SELECT create_distributed_table('\"MixedCase\"', 'id')",
            "create_distributed_table", "\"MixedCase\"", "id"),
        Arguments.of("SELECT create_distributed_table('sales.\"Orders\"', 'tenant_id')",
            "create_distributed_table", "sales.\"Orders\"", "tenant_id"),
        Arguments.of("SELECT create_distributed_table('orders'::regclass, 'id')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('orders'::regclass, 'id'::text)",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT * FROM create_reference_table('r')", "create_reference_table", "r", null),
        Arguments.of("select * from pg_catalog.create_reference_table('r')", "create_reference_table", "r", null),
        Arguments.of("SELECT CREATE_DISTRIBUTED_TABLE('Orders', 'ID')", "create_distributed_table", "Orders", "ID"),
        Arguments.of("SELECT pg_catalog.create_distributed_table('orders', 'id')",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT public . create_distributed_table ( 'orders' , 'id' )",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table_concurrently('orders', 'id')",
            "create_distributed_table_concurrently", "orders", "id"),
        Arguments.of("SELECT create_distributed_table($$orders$$, $x$id$x$)",
            "create_distributed_table", "orders", "id"),
        Arguments.of("SELECT create_distributed_table('it''s', 'id')", "create_distributed_table", "it's", "id"),
        // regression: E'...' without escapes was not read (Scanner.stringValue returned null)
        Arguments.of("SELECT create_distributed_table(E'orders', 'id')", "create_distributed_table", "orders", "id"),
        Arguments.of("/* V2 */ SELECT create_distributed_table('orders',\n'id')",
            "create_distributed_table", "orders", "id"),
        // non-literal arguments: no table (or column) to act on
        Arguments.of("SELECT create_distributed_table($1, $2)", "create_distributed_table", null, null),
        Arguments.of("SELECT create_distributed_table(?, 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table(format('%I', 'orders'), 'id')",
            "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table('ord' || 'ers', 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table(tbl, col)", "create_distributed_table", null, null),
        Arguments.of("SELECT create_distributed_table(E'ord\\x65rs', 'id')", "create_distributed_table", null, "id"),
        Arguments.of("SELECT create_distributed_table('orders', lower('ID'))", "create_distributed_table", "orders",
            null),
        Arguments.of("SELECT create_reference_table(table_name => $1)", "create_reference_table", null, null));
  }

  @ParameterizedTest
  @MethodSource("distributeCalls")
  void classify_distributionCall_readsLiteralArguments(String sql, String function, String table,
      String column) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.Distribute(sql, new DistributionCall(function, table, column)));
    assertThat(plan.resultStep()).isZero();
  }

  @Test
  void classify_distributionCallWithTrailingSemicolon_stepTextWithoutSemicolon() {
    Plan plan = Classifier.classify("SELECT create_reference_table('r'); -- done");
    assertThat(plan.steps()).containsExactly(new Step.Distribute("SELECT create_reference_table('r')",
        new DistributionCall("create_reference_table", "r", null)));
    assertThat(((Step.Distribute) plan.steps().get(0)).call().isReferenceTable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT create_distributed_table($$",
      "SELECT create_distributed_table($$orders",
      "SELECT create_distributed_table($a$x",
      "SELECT create_distributed_table($a$",
      "SELECT create_distributed_table('orders''",
      "SELECT create_distributed_table('orders",
      "SELECT create_distributed_table(E'orders\\'",
      "SELECT create_distributed_table(",
      "SELECT create_distributed_table(table_name =>",
      "SELECT create_distributed_table('orders'::",
  })
  void classify_unterminatedDistributionCall_noTableNoException(String sql) {
    // Bug: Scanner.stringValue cut the closing tag off an unterminated dollar quote, which threw
    // StringIndexOutOfBoundsException for "$$" and returned a truncated value for "$$orders";
    // an unterminated '…'' gave a value too. Now only terminated literals count.
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Step.Distribute.class,
        d -> assertThat(d.call().table()).isNull());
  }

  static Stream<Arguments> citusOnlyCalls() {
    return Stream.of(
        Arguments.of("SELECT truncate_local_data_after_distributing_table($$public.orders$$)",
            "truncate_local_data_after_distributing_table"),
        Arguments.of("select TRUNCATE_LOCAL_DATA_AFTER_DISTRIBUTING_TABLE('orders')",
            "truncate_local_data_after_distributing_table"),
        Arguments.of("SELECT run_command_on_workers($cmd$ALTER TABLE t ALTER COLUMN a SET NOT NULL$cmd$)",
            "run_command_on_workers"),
        Arguments.of("SELECT * FROM run_command_on_shards('t', $x$UPDATE %s SET a = 1$x$)",
            "run_command_on_shards"),
        Arguments.of("SELECT pg_catalog.undistribute_table('t')", "undistribute_table"));
  }

  @ParameterizedTest
  @MethodSource("citusOnlyCalls")
  void classify_citusUtilityCall_citusOnlyStep(String sql, String function) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.CitusOnly(sql, function));
    assertThat(plan.resultStep()).isZero();
    assertThat(plan.onlyExecutes()).isFalse();
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
        Arguments.of("alter table if exists orders add column b int not null", "orders"),
        Arguments.of("ALTER TABLE sales.orders* ALTER COLUMN a SET NOT NULL", "sales.orders"),
        Arguments.of("ALTER TABLE \"Bestellungen\" ALTER COLUMN menge SET NOT NULL", "\"Bestellungen\""),
        Arguments.of("ALTER TABLE zählung ALTER COLUMN x SET NOT NULL", "zählung"),
        Arguments.of("ALTER TABLE \"a;\"\"b\" ADD CHECK (x > 0)", "\"a;\"\"b\""),
        Arguments.of("ALTER TABLE U&\"d\\0061t\" ADD PRIMARY KEY (id)", "U&\"d\\0061t\""),
        Arguments.of("-- c\n/* a /* nested */ b */ ALTER TABLE orders ALTER COLUMN a SET NOT NULL", "orders"),
        Arguments.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY sales.\"Orders\" USING btree (a)",
            "sales.\"Orders\""),
        Arguments.of("CREATE INDEX ON t (a)", "t"),
        Arguments.of("create index orders_a on orders using gin (a) where (a is not null)", "orders"),
        Arguments.of("CREATE INDEX i ON public.t (lower(a))", "public.t"));
  }

  @ParameterizedTest
  @MethodSource("heapScanningDdl")
  void classify_heapScanningDdl_cleanThenExecute(String sql, String table) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.CleanLocalHeap(table, sql), new Step.Execute(sql, true));
    assertThat(plan.resultStep()).isEqualTo(1);
    assertThat(plan.describe()).isEqualTo("clean the coordinator heap of " + table + "; then run as written");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE t ADD COLUMN c text",
      "ALTER TABLE t ADD COLUMN IF NOT EXISTS c text",
      "ALTER TABLE t ADD COLUMN c int DEFAULT NULL",
      "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'NOT NULL'",
      "ALTER TABLE t ADD COLUMN checked boolean",
      "ALTER TABLE t ADD COLUMN unique_code text, ADD COLUMN primary_contact text",
      "ALTER TABLE t DROP COLUMN c",
      "ALTER TABLE t RENAME COLUMN a TO b",
      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES r (id)",
      "ALTER TABLE t SET (autovacuum_enabled = false)",
      "ALTER TABLE t OWNER TO app",
      "ALTER TABLE",
      "ALTER TABLE (",
      "ALTER INDEX i RENAME TO j",
      "ALTER SEQUENCE s RESTART",
      "DROP TABLE t",
      "DROP INDEX CONCURRENTLY i",
      "TRUNCATE t",
      "COMMENT ON TABLE t IS 'x; y'",
      "CREATE TABLE orders (id int primary key, a int unique check (a > 0) not null)",
      "CREATE TABLE t (LIKE s INCLUDING INDEXES)",
      "CREATE VIEW v AS SELECT 1",
      "CREATE UNIQUE",
      "CREATE INDEX",
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER TABLE t ALTER COLUMN a SET NOT NULL $$",
      "CREATE TABLE a (id int); DROP TABLE b; -- done",
  })
  void classify_nonHeapScanningDdl_singleExecuteChangingSchema(String sql) {
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.Execute(sql, true));
    assertThat(plan.resultStep()).isZero();
    assertThat(plan.onlyExecutes()).isTrue();
    assertThat(plan.isPassThrough()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // Bug: any word TYPE at the top level counted as ALTER COLUMN … TYPE, so a column named
      // "type" (Hibernate, Rails) made ADD/DROP/RENAME COLUMN heap-scanning, and DROP NOT NULL
      // counted as SET NOT NULL. A false positive is not free: the cleanup it triggers fails
      // when a local table references the table, turning a harmless statement into an error.
      "alter table if exists orders add column type varchar(255)",
      "ALTER TABLE orders DROP COLUMN type",
      "ALTER TABLE orders RENAME COLUMN type TO kind",
      "ALTER TABLE orders ALTER COLUMN type DROP DEFAULT",
      "ALTER TABLE orders ALTER COLUMN a DROP NOT NULL",
      "ALTER TABLE orders ALTER a DROP NOT NULL",
  })
  void classify_columnNamedTypeOrDropNotNull_notHeapScanning(String sql) {
    assertThat(Classifier.classify(sql).steps()).containsExactly(new Step.Execute(sql, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DO $$ BEGIN ALTER TABLE t ALTER COLUMN a SET NOT NULL; END $$",
      "DO LANGUAGE plpgsql $x$ BEGIN EXECUTE 'CREATE INDEX ON t (a)'; END $x$",
      "do $$begin perform create_distributed_table('t', 'id'); end$$;",
  })
  void classify_doBlock_opaqueSchemaChange(String sql) {
    // Bug: DO passed through, so metadata cached by the driver (is t distributed? heap empty?)
    // stayed stale after a DO block that ran DDL or distributed a table. It is opaque: never
    // heap-scanning, but counted as a schema change.
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.Execute(sql, true));
  }

  @Test
  void classify_passThroughThenHeapScan_executeCleanExecute() {
    String sql = "UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;"
        + " ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(
        new Step.Execute("UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL", false),
        new Step.CleanLocalHeap("orders", " ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL"),
        new Step.Execute(" ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL", true));
    assertThat(plan.resultStep()).isEqualTo(2);
  }

  @Test
  void classify_flywayScript_stepsInOrderWithExactTexts() {
    String sql = "SELECT create_distributed_table('orders', 'id');\n"
        + "INSERT INTO orders VALUES (1);\n"
        + "CREATE INDEX ON orders (a);\n"
        + "SELECT count(*) FROM orders";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(
        new Step.Distribute("SELECT create_distributed_table('orders', 'id')",
            new DistributionCall("create_distributed_table", "orders", "id")),
        new Step.Execute("\nINSERT INTO orders VALUES (1)", false),
        new Step.CleanLocalHeap("orders", "\nCREATE INDEX ON orders (a)"),
        new Step.Execute("\nCREATE INDEX ON orders (a);\nSELECT count(*) FROM orders", true));
    assertThat(plan.resultStep()).isEqualTo(3);
    assertThat(plan.onlyExecutes()).isFalse();
    assertThat(plan.describe()).isEqualTo("create_distributed_table on orders and clean its coordinator heap;"
        + " then run as written; then clean the coordinator heap of orders; then run as written");
  }

  @Test
  void classify_ddlRunThenCitusOnly_runGroupedBeforeCall() {
    String sql = "CREATE TABLE a (id int); INSERT INTO a VALUES (1); "
        + "SELECT truncate_local_data_after_distributing_table('a')";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(
        new Step.Execute("CREATE TABLE a (id int); INSERT INTO a VALUES (1)", true),
        new Step.CitusOnly(" SELECT truncate_local_data_after_distributing_table('a')",
            "truncate_local_data_after_distributing_table"));
    assertThat(plan.resultStep()).isEqualTo(1);
  }

  @Test
  void classify_twoHeapScansInARow_eachCleanedBeforeItsOwnStatement() {
    String sql = "SET search_path TO sales; ALTER TABLE \"Orders\" ADD PRIMARY KEY (id);"
        + "CREATE INDEX ON items (order_id)";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(
        new Step.Execute("SET search_path TO sales", false),
        new Step.CleanLocalHeap("\"Orders\"", " ALTER TABLE \"Orders\" ADD PRIMARY KEY (id)"),
        new Step.Execute(" ALTER TABLE \"Orders\" ADD PRIMARY KEY (id)", true),
        new Step.CleanLocalHeap("items", "CREATE INDEX ON items (order_id)"),
        new Step.Execute("CREATE INDEX ON items (order_id)", true));
    assertThat(plan.resultStep()).isEqualTo(4);
  }

  @Test
  void classify_heapScanThenDistribute_resultIsLastStep() {
    String sql = "ALTER TABLE t ADD PRIMARY KEY (id); SELECT create_reference_table('t'); -- done";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(
        new Step.CleanLocalHeap("t", "ALTER TABLE t ADD PRIMARY KEY (id)"),
        new Step.Execute("ALTER TABLE t ADD PRIMARY KEY (id)", true),
        new Step.Distribute(" SELECT create_reference_table('t')",
            new DistributionCall("create_reference_table", "t", null)));
    assertThat(plan.resultStep()).isEqualTo(2);
  }

  @Test
  void classify_doBlockInScript_notHeapScanning() {
    String sql = "DO $$ BEGIN ALTER TABLE t ALTER COLUMN a SET NOT NULL; END $$; SELECT 1";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).noneMatch(step -> step instanceof Step.CleanLocalHeap);
    assertThat(plan.steps()).hasSize(1);
  }

  @Test
  void classify_onlyPassThroughPieces_sameInstanceForMultiStatement() {
    List<String> scripts = List.of("BEGIN; UPDATE t SET a = 1; COMMIT;", "SELECT 1;;SELECT 2; -- c");
    for (String sql : scripts) {
      assertThat(Classifier.classify(sql).isPassThrough()).as(sql).isTrue();
    }
  }

  @Test
  void classify_multiStatementPlainDdl_wholeTextOnce() {
    String sql = "BEGIN; DROP TABLE t; COMMIT;";
    Plan plan = Classifier.classify(sql);
    assertThat(plan.steps()).containsExactly(new Step.Execute(sql, true));
    assertThat(plan.resultStep()).isZero();
  }
}
