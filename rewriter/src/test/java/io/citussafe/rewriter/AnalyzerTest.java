package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyzerTest {

  private static Analysis analyze(String sql) {
    return new Analyzer(new Rules(Options.DEFAULTS)).analyze(sql);
  }

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
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'",
      "SHOW search_path",
      "SAVEPOINT s1",
      "EXPLAIN SELECT 1",
      "VALUES (1)",
      "(SELECT 1)",
      "-- a comment\nSELECT 1",
      "",
      "   ",
      "-- only a comment",
      ";;",
      "SELECT 1;;SELECT 2; -- c",
  })
  void analyze_ordinaryStatements_sharedPassThroughInstance(String sql) {
    Analysis analysis = analyze(sql);
    assertThat(analysis.isPassThrough()).as(sql).isTrue();
    assertThat(analysis).isSameAs(Analysis.PASS_THROUGH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT 1 | 0",
      "UPDATE orders SET tenant_id = 0 | 0",
      "INSERT INTO t (note) VALUES ('flyway_schema_history')| 0",
      // reading or writing the history tables marks nothing (info, validate, status); taking the lock does
      "SELECT \"installed_rank\", \"version\" FROM \"public\".\"flyway_schema_history\" ORDER BY 1 | 0",
      "INSERT INTO \"public\".\"my_history\" (\"installed_rank\", \"version\") VALUES (?, ?) | 0",
      "SELECT COUNT(*) FROM public.DATABASECHANGELOGLOCK | 0",
      "SELECT MAX(ORDEREXECUTED) FROM my_changelog | 0",
      "SELECT pg_try_advisory_xact_lock(77431457343997) | 1",
      "select pg_try_advisory_lock( 77433571419932 ) | 1",
      "SELECT pg_advisory_unlock(77433571419932) | 32",
      "SELECT pg_try_advisory_xact_lock(42) | 0",
      "SELECT pg_try_advisory_lock(77433855762809) | 0",
      "UPDATE public.databasechangeloglock SET LOCKED = TRUE, LOCKEDBY = 'h', LOCKGRANTED = NOW() WHERE ID = 1 | 1",
      "UPDATE custom_lock SET LOCKED = TRUE, LOCKGRANTED = NOW() WHERE ID = 1 | 1",
      "UPDATE public.databasechangeloglock SET LOCKED = FALSE, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1 | 32",
      "UPDATE jobs SET locked = true WHERE id = 1 | 0",
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
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential' | 0",
      "DROP TABLE t | 80",
      "TRUNCATE t | 80",
      "CREATE TABLE a (id int) | 80",
      "ALTER TABLE t ADD COLUMN c int | 80",
      "CREATE INDEX CONCURRENTLY i ON t (a) | 16",
      "DROP INDEX CONCURRENTLY i | 16",
      "CREATE DATABASE d | 16",
      "ALTER SYSTEM SET work_mem = '1MB' | 16",
      "CREATE TABLE a (id int); CREATE TABLE b (id int) | 16",
      "DO $$ BEGIN ALTER TABLE t ALTER COLUMN a SET NOT NULL; END $$ | 16",
      "CALL refresh() | 16",
      "COMMENT ON TABLE t IS 'x; y' | 0"})
  void analyze_flags(String sql, int flags) {
    assertThat(analyze(sql).flags()).as(sql).isEqualTo(flags);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ALTER TABLE IF EXISTS ONLY sales.\"Orders\" ADD COLUMN c int | sales.\"Orders\"",
      "CREATE TABLE IF NOT EXISTS public.t (id int) | public.t",
      "CREATE UNLOGGED TABLE t (id int) | t",
      "CREATE UNIQUE INDEX CONCURRENTLY i ON ONLY items (a) | items",
      "DROP TABLE IF EXISTS t CASCADE | t",
      "TRUNCATE TABLE ONLY t RESTART IDENTITY | t"})
  void analyze_ddlOnOneTable_namesTheTable(String sql, String table) {
    Analysis analysis = analyze(sql);
    assertThat(analysis.flags() & Analysis.SCHEMA_CHANGE).isNotZero();
    assertThat(analysis.changedTables()).containsExactly(table);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DROP TABLE a, b",
      "ALTER INDEX i RENAME TO j",
      "CREATE VIEW v AS SELECT 1",
      "DO $$ BEGIN PERFORM create_distributed_table('t', 'id'); END $$",
      // Citus makes the referenced local table Citus-local
      "ALTER TABLE customers ADD CONSTRAINT fk FOREIGN KEY (ref) REFERENCES orders (id) NOT VALID",
      "CREATE TABLE items (id int, order_id int REFERENCES orders)",
  })
  void analyze_ddlOnUnknownTables_changesAny(String sql) {
    Analysis analysis = analyze(sql);
    assertThat(analysis.flags() & Analysis.SCHEMA_CHANGE).isNotZero();
    assertThat(analysis.changedTables()).isEmpty();
  }

  @Test
  void analyze_scriptChangingSeveralTables_namesEach() {
    assertThat(analyze("CREATE TABLE a (id int); DROP TABLE b; -- done").changedTables()).containsExactly("a", "b");
  }

  @Test
  void analyze_rulesReadingTheFirstKeyword_matchedInRegistryOrder() {
    assertThat(analyze("SELECT create_distributed_table('t', 'id')").matchedRules())
        .containsExactly("DistributionGraphRule", "DistributeRule");
    assertThat(analyze("SELECT success, result FROM run_command_on_shards('t', $x$SELECT 1$x$)").matchedRules())
        .containsExactly("CitusOnlyCallRule");
    assertThat(analyze("ALTER TABLE t ALTER COLUMN a SET NOT NULL").matchedRules())
        .containsExactly("StaleHeapRule", "LockLightRule");
    assertThat(analyze("UPDATE t SET u = gen_random_uuid()").matchedRules()).containsExactly("RejectedDmlRule");
  }

  @Test
  void analyze_scriptWithRuleStatements_keepsEveryPieceWithItsOffsets() {
    String sql = "CREATE TABLE a (id int); INSERT INTO a VALUES (1); SELECT create_reference_table('a')";
    Analysis analysis = analyze(sql);
    assertThat(analysis.statementCount()).isEqualTo(3);
    List<Analysis.Piece> pieces = analysis.pieces();
    for (Analysis.Piece piece : pieces) {
      assertThat(sql.substring(piece.start(), piece.end())).isEqualTo(piece.statement().text);
    }
    assertThat(pieces.get(2).matches()).hasSize(1);
    assertThat(analysis.flags()).isEqualTo(Analysis.SCHEMA_CHANGE);
  }

  @Test
  void analyze_bulkUpdateOff_dmlNotRead() {
    Analysis analysis = new Analyzer(new Rules(new Options(Options.BulkUpdate.OFF, 0, false, Options.NewTables.LOCAL, 100_000)))
        .analyze("UPDATE t SET u = gen_random_uuid()");
    assertThat(analysis.isPassThrough()).isTrue();
  }

  @Test
  void analyze_backfillBatches_everyUpdateRead() {
    Analysis analysis = new Analyzer(new Rules(new Options(Options.BulkUpdate.ATOMIC, 100, false, Options.NewTables.LOCAL, 100_000)))
        .analyze("UPDATE t SET v = 0 WHERE v IS NULL");
    assertThat(analysis.matchedRules()).containsExactly("RejectedDmlRule");
  }
}
