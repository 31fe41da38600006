package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast way through must never say "plain" for a text the full analysis would not pass
 * through: checked on the shapes rules read, on everyday application SQL, and on seeded random
 * DML built from the words and symbols the rules look for.
 */
class PlainDmlTest {

  private static final Analyzer ANALYZER = new Analyzer(new Rules(Options.DEFAULTS));

  /** What the full analysis says, with the fast way's answer checked against it. */
  private static boolean plain(String sql) {
    boolean fast = PlainDml.isPlain(sql, false);
    if (fast) {
      assertThat(ANALYZER.analyze(sql).isPassThrough()).as("said plain, but the analysis reads: %s", sql).isTrue();
    }
    return fast;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select u1_0.id,u1_0.name from users u1_0 where u1_0.id=?",
      "SELECT count(*), max(amount) FROM orders WHERE tenant_id = ? AND created_at > ? GROUP BY region",
      "insert into orders (id, tenant_id, amount, note) values (?, ?, ?, ?)",
      "INSERT INTO events (id, at) VALUES (1, now()), (2, now())",
      "INSERT INTO orders (id, status) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
      "INSERT INTO orders (id, created_by, last_name, xcurrent_date) VALUES (?, ?, ?, ?)",
      "update orders set amount=?, note=? where id=? and version=?",
      "UPDATE orders SET amount = amount + 1 WHERE id IN (?, ?, ?)",
      "UPDATE t SET (a, b) = (1, 2) WHERE id = ANY (?)",
      "UPDATE t SET flag = true, n = n + 1, note = 'x', m = -1 WHERE id = 7",
      "delete from orders where id=?",
      // a character above 255 whose low byte is a stop (U+013B, U+0128) stops the loop for nothing
      "UPDATE orders SET note = '\u013b\u0128' WHERE id = ?",
      // the words rules look for, inside longer names
      "UPDATE orders SET xcurrent_date = ?, total_locked = ?, selected_localtime = 1 WHERE id = ?",
      "DELETE FROM orders WHERE id = ? RETURNING id;",
      "UPDATE orders SET n = n + 1, ratio = 1 / 2, d = -1 WHERE id = ?",
      // a character above 255 continues a name, as in scan.l: these are columns, not value functions
      "DELETE FROM orders WHERE \u0128current_date = ? AND \u013blocked = ?",
      // IN (SELECT …) changes every copy of a reference table, as Citus runs it
      "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE tenant_id = ?)",
      "UPDATE orders SET n = 1 WHERE id in(select id from flags)",
      "  select 1"})
  void applicationSql_plain(String sql) {
    assertThat(plain(sql)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // any other subquery may read a Citus-local table (CitusLocalSubqueryRule)
      "UPDATE orders SET note = 'x' WHERE amount = (SELECT min(a) FROM flags)",
      "DELETE FROM orders WHERE id NOT IN (SELECT id FROM flags)",
      "DELETE FROM orders WHERE id not  in (select id from flags)",
      "UPDATE orders SET n = 1 WHERE id = ANY ((SELECT array_agg(id) FROM flags))",
      "UPDATE orders SET n = 1 FROM (SELECT 1 AS one) s WHERE id = s.one",
      "SELECT create_distributed_table('orders', 'tenant_id')",
      "select * from run_command_on_shards('t', $$select 1$$)",
      "SELECT set_config('search_path', ?, false)",
      "SELECT pg_try_advisory_xact_lock(77431457343997)",
      "SELECT \"create_reference_table\"('x')",
      "INSERT INTO r (a, b) VALUES ((SELECT id FROM x), 1)",
      "INSERT INTO t (id, at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET at = now()",
      "UPDATE orders SET touched = now() WHERE id = 1",
      "UPDATE orders SET touched = CURRENT_TIMESTAMP",
      "INSERT INTO orders (id, placed_on) VALUES (?, CURRENT_DATE)",
      "insert into audit (id, at) values (1, localtimestamp(3)) on conflict (id) do nothing",
      "UPDATE orders SET d = '2024-01-01'::date WHERE id = 1",
      "DELETE FROM orders WHERE created < localtimestamp",
      "UPDATE databasechangeloglock SET LOCKED = TRUE WHERE ID = 1",
      "UPDATE t SET note = ts WHERE id = 1",
      "update t set note=t.ts",
      "UPDATE t SET note = \"Ts\", n = 1",
      "SELECT 1; SELECT 2",
      "/* hibernate */ select 1",
      "WITH x AS (SELECT 1) SELECT * FROM x",
      "ALTER TABLE t ADD COLUMN c int",
      "selected",
      // PostgreSQL folds ASCII only: a dotless i makes a call, not IN
      "DELETE FROM orders WHERE id \u0131n (1, 2)",
      "UPDATE orders SET a = 1 WHERE (b, c) = (SELECT 1, 2) AND d = Current_Date",
      // regression: a comment after "=" hid the column assigned (said plain by the one pass)
      "UPDATE t SET note = -- the old value\n ts WHERE id = 1",
      "UPDATE t SET note = /* the old value */ ts",
      // regression: a comment between a function's name and its parenthesis hid the call
      "SELECT run_command_on_shards -- on every shard\n('t', 'SELECT 1')",
      "SELECT set_config/* the path */('search_path', 'x', false)"})
  void textsRulesRead_notPlain(String sql) {
    assertThat(plain(sql)).isFalse();
  }

  @Test
  void batchedUpdates_noUpdateIsPlain() {
    assertThat(PlainDml.isPlain("UPDATE t SET a = 1", true)).isFalse();
    assertThat(PlainDml.isPlain("DELETE FROM t WHERE a = 1", true)).isTrue();
  }

  private static final List<String> HEADS = List.of("SELECT ", "select ", "INSERT INTO t ", "UPDATE t SET ",
      "update \"T\" set ", "DELETE FROM t ");
  private static final List<String> PARTS = List.of("a", " = ", "?", "1", "(", ")", ", ", " WHERE ", " AND ", "IN",
      "VALUES", "now", "current_timestamp", "localtime", "::", "date", "'x'", "'", "\"", "$$", ";", " ", "--",
      "\n", "/*", "*/", "select", "SELECT", "on conflict", "do update set", "create_distributed_table",
      "run_command_on_shards", "set_config", "pg_advisory_lock", "random", "gen_random_uuid", "CAST", "AS",
      "timestamptz", "locked", "databasechangeloglock", "TRUE", "FROM", "x.y", "ANY", "coalesce", "CASE",
      "WHEN", "THEN", "END", "clock_timestamp", "nextval", "E'\\\\'", "U&\"a\"", "[", "]", "9",
      "\u0131n", "\u013b", "\u0128", "\u212a", "_",
      // whole pieces that rules read, so that the texts that carry one are not rare
      " x = a::date", " x = 'y'::timestamptz", " x = now()", " x = random()", " a = CURRENT_DATE", " (SELECT 1)",
      " ON CONFLICT (a) DO UPDATE SET b = now()", " create_reference_table('t')", " LOCKED = TRUE");

  @Test
  void randomDml_neverPlainWhenTheAnalysisReadsIt() {
    Random random = new Random(20261130L);
    int plainCount = 0;
    for (int k = 0; k < 50_000; k++) {
      StringBuilder sql = new StringBuilder(HEADS.get(random.nextInt(HEADS.size())));
      for (int parts = random.nextInt(25); parts > 0; parts--) {
        sql.append(PARTS.get(random.nextInt(PARTS.size())));
      }
      if (plain(sql.toString())) {
        plainCount++;
      }
    }
    assertThat(plainCount).as("the random texts reach both answers").isBetween(1_000, 49_000);
  }
}
