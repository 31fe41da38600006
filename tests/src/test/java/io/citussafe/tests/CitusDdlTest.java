package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DDL that Citus refuses or silently gets wrong, on a real cluster. Each statement is
 * first tried through plain pgjdbc (Citus's refusal, or its wrong result), then through
 * citussafe (what the user asked for).
 */
@RequiresCitus
class CitusDdlTest {

  private Schema schema;

  @BeforeEach
  void setUp() throws SQLException {
    schema = PostgresServers.citus().newSchema("ddl");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE r (id int PRIMARY KEY, code text UNIQUE, n int CONSTRAINT r_n_positive CHECK (n > 0))",
          "INSERT INTO r SELECT g, 'c' || g, g FROM generate_series(1, 40) g",
          "SELECT create_reference_table('r')",
          "SELECT truncate_local_data_after_distributing_table('r')",
          "CREATE TABLE d (tenant int, id int, rid int REFERENCES r (id), v int, PRIMARY KEY (tenant, id))",
          "INSERT INTO d SELECT g % 4, g, g, g FROM generate_series(1, 40) g",
          "SELECT create_distributed_table('d', 'tenant')",
          "SELECT truncate_local_data_after_distributing_table('d')"));
    }
  }

  private Connection citusSafe() throws SQLException {
    return DriverManager.getConnection(schema.citusSafeUrl());
  }

  private void refusedByPgjdbc(String sql, String message) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      assertThatThrownBy(() -> Sql.execute(c, List.of(sql))).hasMessageContaining(message);
    }
  }

  private String run(String sql) throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute(sql);
      return warnings(s);
    }
  }

  private List<String> query(String sql) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      return rows(c, sql);
    }
  }

  /**
   * Kestra and Tolgee create triggers on tables that are reference tables on Citus. A row-local
   * function calling only IMMUTABLE functions gives every copy the same result: the hint says the
   * setting is safe for it, and it is.
   */
  @Test
  void triggerOnAReferenceTable_immutableRowLocalFunction_hintSaysTheSettingIsSafeForIt() throws SQLException {
    String function = "CREATE FUNCTION r_upper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " NEW.code := upper(NEW.code); RETURN NEW; END $$";
    String trigger = "CREATE TRIGGER r_code_upper BEFORE INSERT ON r FOR EACH ROW EXECUTE FUNCTION r_upper()";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute(function);
      assertThatThrownBy(() -> s.execute(trigger)).hasMessageContaining("triggers are not supported on reference tables")
          .hasMessageContaining("r_upper writes only the row it fires for and calls only IMMUTABLE functions")
          .hasMessageContaining("citus.enable_unsafe_triggers = on");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&options=-c%20citus.enable_unsafe_triggers%3Don");
        Statement s = c.createStatement()) {
      s.execute(trigger);
      s.execute("INSERT INTO r VALUES (41, 'lower', 1)");
    }
    assertThat(query("SELECT code FROM r WHERE id = 41")).containsExactly("LOWER");
    assertThat(query("SELECT count(DISTINCT result) FROM run_command_on_placements('r', "
        + "$$SELECT code FROM %s WHERE id = 41$$)")).containsExactly("1");
  }

  @Test
  void renameConstraint_indexBackedAndCheckAndForeignKey() throws SQLException {
    refusedByPgjdbc("ALTER TABLE r RENAME CONSTRAINT r_pkey TO r_pk", "renaming constraints");
    run("ALTER TABLE r RENAME CONSTRAINT r_pkey TO r_pk");
    run("ALTER TABLE r RENAME CONSTRAINT r_n_positive TO r_n_check");
    run("ALTER TABLE d RENAME CONSTRAINT d_rid_fkey TO d_rid_fk");
    assertThat(query("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE conrelid IN ('r'::regclass, 'd'::regclass) ORDER BY 1")).containsExactly(
        "d_pkey PRIMARY KEY (tenant, id)", "d_rid_fk FOREIGN KEY (rid) REFERENCES r(id)",
        "r_code_key UNIQUE (code)", "r_n_check CHECK ((n > 0))", "r_pk PRIMARY KEY (id)");
    // the shards' constraints follow
    assertThat(query("SELECT DISTINCT result FROM run_command_on_shards('r', $$SELECT string_agg(conname, ',' "
        + "ORDER BY conname) FROM pg_constraint WHERE conrelid = '%s'::regclass$$)"))
        .singleElement().asString().contains("r_n_check").contains("r_pk");
  }

  @Test
  void addSerialColumn_numberedOnceAndNextValuesFollow() throws SQLException {
    refusedByPgjdbc("ALTER TABLE d ADD COLUMN s bigserial", "serial pseudotypes");
    assertThat(run("ALTER TABLE d ADD COLUMN s bigserial")).contains("sequence").contains("OWNED BY");
    assertThat(query("SELECT count(DISTINCT s) || ' ' || count(*) || ' ' || max(s) FROM d")).containsExactly("40 40 40");
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO d (tenant, id, rid, v) VALUES (1, 1000, 1, 1)");
    }
    assertThat(query("SELECT s FROM d WHERE id = 1000")).containsExactly("41");
    assertThat(query("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'd'::regclass AND attname = 's'"))
        .containsExactly("true");
  }

  @Test
  void addIdentityColumnByDefault_addedLikeSerial() throws SQLException {
    refusedByPgjdbc("ALTER TABLE r ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY", "identity");
    run("ALTER TABLE r ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY");
    assertThat(query("SELECT count(DISTINCT seq) FROM r")).containsExactly("40");
  }

  /** PostgreSQL refuses an identity column on a table with partitions: the sequence form must not succeed there. */
  @Test
  void addIdentityColumnToPartitionedTable_postgresRefusalKept() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ev (id bigint, due date NOT NULL, PRIMARY KEY (id, due)) PARTITION BY RANGE (due)");
      s.execute("CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
      s.execute("SELECT create_distributed_table('ev', 'id')");
      assertThatThrownBy(() -> s.execute("ALTER TABLE ev ADD COLUMN n integer GENERATED BY DEFAULT AS IDENTITY"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P16"))
          .hasMessageContaining("cannot recursively add identity column to table that has child tables");
    }
    assertThat(query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'ev'::regclass AND attname = 'n'"))
        .containsExactly("0");
  }

  @Test
  void alterSequenceRestart_setval() throws SQLException {
    run("ALTER TABLE d ADD COLUMN s bigserial");
    refusedByPgjdbc("ALTER SEQUENCE d_s_seq RESTART WITH 500", "Altering a distributed sequence");
    run("ALTER SEQUENCE d_s_seq RESTART WITH 500");
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO d (tenant, id, rid, v) VALUES (1, 1000, 1, 1)");
    }
    assertThat(query("SELECT s FROM d WHERE id = 1000")).containsExactly("500");
  }

  @Test
  void combinedAlter_splitInOneTransaction() throws SQLException {
    String sql = "ALTER TABLE d ALTER COLUMN v SET NOT NULL, ADD CONSTRAINT d_v_positive CHECK (v > 0)";
    refusedByPgjdbc(sql, "cannot execute ADD CONSTRAINT command with other subcommands");
    assertThat(run(sql)).contains("2 statements in one transaction");
    String drop = "ALTER TABLE d DROP CONSTRAINT d_rid_fkey, ADD CONSTRAINT d_rid_fkey FOREIGN KEY (rid) "
        + "REFERENCES r (id) ON DELETE CASCADE";
    run(drop);
    assertThat(query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'd'::regclass AND conname IN ('d_v_positive', 'd_rid_fkey')"
        + " ORDER BY conname")).containsExactly("FOREIGN KEY (rid) REFERENCES r(id) ON DELETE CASCADE", "CHECK ((v > 0))");
  }

  @Test
  void addColumnWithInlineConstraints_namedAsPostgresWould() throws SQLException {
    String sql = "ALTER TABLE d ADD COLUMN w int NOT NULL DEFAULT 1 CHECK (w > 0)";
    refusedByPgjdbc(sql, "all constraints in Citus must have explicit names");
    run(sql);
    assertThat(query("SELECT conname FROM pg_constraint WHERE conrelid = 'd'::regclass AND contype = 'c'"))
        .containsExactly("d_w_check");
  }

  @Test
  void volatileDefaultOnReferenceTable_sameValuesOnEveryPlacement() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("ALTER TABLE r ADD COLUMN created timestamptz DEFAULT clock_timestamp()"));
      // silently wrong without citussafe: each placement computed its own values
      assertThat(queryLong(c, "SELECT count(DISTINCT result) FROM run_command_on_placements('r', "
          + "$$SELECT md5(string_agg(created::text, ',' ORDER BY id)) FROM %s$$)")).isGreaterThan(1);
    }
    run("ALTER TABLE r ADD COLUMN touched timestamptz DEFAULT clock_timestamp() NOT NULL");
    run("ALTER TABLE r ADD COLUMN uid uuid DEFAULT gen_random_uuid()");
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(DISTINCT result) FROM run_command_on_placements('r', "
          + "$$SELECT md5(string_agg(touched::text || uid::text, ',' ORDER BY id)) FROM %s$$)")).isEqualTo(1);
      assertThat(queryLong(c, "SELECT count(DISTINCT uid) FROM r")).isEqualTo(40);
      assertThat(rows(c, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'r'::regclass"
          + " ORDER BY adnum")).contains("clock_timestamp()", "gen_random_uuid()");
    }
  }

  @Test
  void insertValuesWithSubquery_preparedWithGeneratedKeys_insertSelect() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE rp (id serial, report_id int, name text, PRIMARY KEY (id))",
          "SELECT create_reference_table('rp')"));
    }
    String sql = "INSERT INTO rp (report_id, name) VALUES ((SELECT id FROM r WHERE code = ?), ?)";
    refusedByPgjdbc(sql.replace("?", "'c1'"), "subqueries are not supported within INSERT queries");
    try (Connection c = citusSafe();
        java.sql.PreparedStatement p = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, "c7");
      p.setString(2, "fromDate");
      assertThat(p.executeUpdate()).isEqualTo(1);
      try (java.sql.ResultSet keys = p.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getInt("id")).isPositive();
      }
    }
    assertThat(query("SELECT report_id || ' ' || name FROM rp")).containsExactly("7 fromDate");
  }

  @Test
  void dmlJoiningALocalTableWithAReferenceTable_hintNamesTheFix() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE queue_entry (id int PRIMARY KEY, entry_id int)");
      s.execute("INSERT INTO queue_entry VALUES (1, 1), (2, 999)");
      assertThatThrownBy(() -> s.execute("DELETE FROM queue_entry q WHERE q.entry_id NOT IN (SELECT id FROM r)"))
          .hasMessageContaining("citussafe hint:").hasMessageContaining("create_reference_table('")
          .hasMessageContaining("citussafe.newTables=reference");
    }
  }

  /**
   * A reference table's write with a correlated subquery on a distributed table (Gravitee's clean-up of
   * orphaned rows): Citus refuses it; the hint's uncorrelated forms run and change PostgreSQL's rows.
   */
  @Test
  void referenceTableWriteWithCorrelatedSubqueryOnDistributedTable_notExistsRewritten_otherFormsHinted()
      throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE subs (id int PRIMARY KEY, application int, n int)");
      s.execute("SELECT create_reference_table('subs')");
      s.execute("CREATE TABLE apps (env int, id int, PRIMARY KEY (env, id))");
      s.execute("SELECT create_distributed_table('apps', 'env')");
      s.execute("INSERT INTO subs VALUES (1, 1, NULL), (2, 2, NULL), (3, NULL, NULL), (4, 1, NULL)");
      s.execute("INSERT INTO apps VALUES (1, 1), (2, 1)");
      assertThatThrownBy(() -> s.execute("UPDATE subs SET n = (SELECT count(*) FROM apps a WHERE a.id = subs.application)"))
          .hasMessageContaining("citussafe hint:").hasMessageContaining("coalesce(c.n, 0)");
      s.execute("UPDATE subs SET n = coalesce(c.n, 0) FROM subs AS t2 LEFT JOIN (SELECT id, count(*) AS n FROM apps "
          + "GROUP BY id) c ON c.id = t2.application WHERE t2.id = subs.id");
      // Gravitee 4.7.15's data fix: citussafe writes the NOT EXISTS without the row itself
      refusedByPgjdbc("DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = subs.application)",
          "only reference tables may be queried when targeting a reference table");
      assertThat(s.executeUpdate("DELETE FROM subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = "
          + "subs.application)")).isEqualTo(2);
      assertThat(warnings(s)).contains("selects the same rows");
    }
    // PostgreSQL: counts 2, 0, 0, 2; subs 2 (no application 2) and 3 (NULL) have no parent
    assertThat(query("SELECT string_agg(id || ':' || n, ' ' ORDER BY id) FROM subs")).containsExactly("1:2 4:2");
    // the same clean-up between co-located distributed tables joined on another column
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tenant_subs (env int, id int, application int, PRIMARY KEY (env, id))");
      s.execute("SELECT create_distributed_table('tenant_subs', 'env', colocate_with => 'apps')");
      s.execute("INSERT INTO tenant_subs VALUES (1, 1, 1), (1, 2, 2), (2, 3, NULL), (2, 4, 1)");
      assertThat(s.executeUpdate("DELETE FROM tenant_subs WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.id = "
          + "tenant_subs.application)")).isEqualTo(2);
      assertThat(warnings(s)).contains("selects the same rows");
    }
    assertThat(query("SELECT string_agg(id::text, ' ' ORDER BY id) FROM tenant_subs")).containsExactly("1 4");
  }

  /**
   * gridsuite-study, tables converted by hand: a Citus-local table written, its FROM joining a
   * Citus-local and a reference table. The hint's WITH form runs and gives PostgreSQL's rows.
   */
  @Test
  void citusLocalWriteJoiningCitusLocalAndReferenceTables_hintMovesTheJoinIntoAWithQuery() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE node_info (id int PRIMARY KEY, id_node int)");
      s.execute("CREATE TABLE root_info (id int PRIMARY KEY, node_info_id int)");
      s.execute("CREATE TABLE reports (id int PRIMARY KEY, node_id int, root_id int)");
      s.execute("INSERT INTO node_info VALUES (1, 10), (2, 20), (3, 30)");
      s.execute("INSERT INTO root_info VALUES (100, 10), (200, 20)");
      s.execute("INSERT INTO reports VALUES (1, 1, NULL), (2, 2, NULL), (3, 3, NULL)");
      s.execute("SELECT citus_add_local_table_to_metadata('reports')");
      s.execute("SELECT citus_add_local_table_to_metadata('node_info')");
      s.execute("SELECT create_reference_table('root_info')");
      assertThatThrownBy(() -> s.execute("UPDATE reports r SET root_id = t.id FROM node_info n JOIN root_info t ON "
          + "n.id_node = t.node_info_id WHERE r.node_id = n.id")).hasMessageContaining("complex joins")
          .hasMessageContaining("citussafe hint:").hasMessageContaining("into a WITH query");
      assertThat(s.executeUpdate("WITH x AS (SELECT n.id AS n_id, t.id AS t_id FROM node_info n JOIN root_info t ON "
          + "n.id_node = t.node_info_id) UPDATE reports r SET root_id = x.t_id FROM x WHERE r.node_id = x.n_id"))
          .isEqualTo(2);
    }
    // PostgreSQL's join: node 1 → root 100, node 2 → root 200, node 3 has none
    assertThat(query("SELECT string_agg(id || ':' || coalesce(root_id, 0), ' ' ORDER BY id) FROM reports"))
        .containsExactly("1:100 2:200 3:0");
  }

  /**
   * Found by the long run (seed 205): one statement in autocommit reads a distributed table in
   * parallel, then writes a reference table that a local table references. The hint's transaction,
   * which starts in sequential mode, runs it.
   */
  @Test
  void oneStatementReadingInParallelThenWritingAReferenceTable_hintGivesTheSequentialTransaction()
      throws SQLException {
    String update = "WITH picked AS (SELECT id FROM orders WHERE id IN (SELECT id FROM customers WHERE id < 5)) "
        + "UPDATE orders SET amount = 7 FROM picked WHERE orders.id = picked.id";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, amount int)");
      s.execute("SELECT create_reference_table('orders')");
      s.execute("CREATE TABLE customers (id bigint PRIMARY KEY)");
      s.execute("SELECT create_distributed_table('customers', 'id', colocate_with => 'none')");
      s.execute("INSERT INTO orders SELECT g, 0 FROM generate_series(1, 6) g");
      s.execute("INSERT INTO customers SELECT g FROM generate_series(1, 6) g");
      s.execute("CREATE TABLE child (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id))");
      assertThatThrownBy(() -> s.execute(update)).hasMessageContaining("because there was a parallel operation")
          .hasMessageContaining("citussafe hint:").hasMessageContaining("BEGIN; SET LOCAL "
              + "citus.multi_shard_modify_mode TO 'sequential'; the statement; COMMIT");
      c.setAutoCommit(false);
      s.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'");
      assertThat(s.executeUpdate(update)).isEqualTo(4);
      c.commit();
    }
    assertThat(query("SELECT string_agg(id || ':' || amount, ' ' ORDER BY id) FROM orders"))
        .containsExactly("1:7 2:7 3:7 4:7 5:0 6:0");
  }

  /** An INSERT … SELECT joining distributed tables on columns other than their distribution columns. */
  @Test
  void insertSelectNeedingARepartitionJoin_hintNamesTheSetting_whichGivesPostgresRows() throws SQLException {
    String insert = "INSERT INTO pairs (a_id, b_id) SELECT a.id, b.id FROM part_a a JOIN part_b b ON a.code = b.code";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE part_a (id int PRIMARY KEY, code int)");
      s.execute("CREATE TABLE part_b (id int PRIMARY KEY, code int)");
      s.execute("CREATE TABLE pairs (a_id int, b_id int)");
      for (String t : List.of("part_a", "part_b", "pairs")) {
        s.execute("SELECT create_distributed_table('" + t + "', '" + (t.equals("pairs") ? "a_id" : "id") + "')");
      }
      s.execute("INSERT INTO part_a SELECT g, g % 7 FROM generate_series(1, 50) g");
      s.execute("INSERT INTO part_b SELECT g, g % 5 FROM generate_series(1, 40) g");
      assertThatThrownBy(() -> s.execute(insert)).hasMessageContaining("requires repartitioning")
          .hasMessageContaining("citussafe hint:").hasMessageContaining("SET citus.enable_repartition_joins = on");
      s.execute("SET citus.enable_repartition_joins = on");
      s.execute(insert);
    }
    // the rows PostgreSQL's join gives: part_a's codes 0..6 against part_b's 0..4
    assertThat(query("SELECT count(*) FROM pairs")).containsExactly(
        query("SELECT count(*) FROM generate_series(1, 50) a JOIN generate_series(1, 40) b ON a % 7 = b % 5").get(0));
  }

  /**
   * A write on a plain local table reading a reference table is run on a worker (42P01); a write on a
   * reference table reading a local one fails with {@code relation … is not distributed}. Both hints
   * offer the Citus-local form, which keeps the rows on the coordinator, and with it both run.
   */
  @Test
  void writesMixingALocalTableAndAReferenceTable_hintKeepsItOnTheCoordinator_thenTheyRun() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE prices (id int PRIMARY KEY, amount int)");
      s.execute("SELECT create_reference_table('prices')");
      s.execute("INSERT INTO prices VALUES (1, 10), (2, 20)");
      s.execute("CREATE TABLE price_overrides (id int PRIMARY KEY, amount int)");
      s.execute("INSERT INTO price_overrides VALUES (1, 15), (3, 30)");
      String readsReference = "UPDATE price_overrides SET amount = (SELECT max(amount) FROM prices) WHERE id = 3";
      String readsLocal = "UPDATE prices SET amount = o.amount FROM price_overrides o WHERE o.id = prices.id";
      assertThatThrownBy(() -> s.execute(readsReference)).hasMessageContaining("citussafe hint:")
          .hasMessageContaining("SELECT citus_add_local_table_to_metadata('");
      assertThatThrownBy(() -> s.execute(readsLocal)).hasMessageContaining("is not distributed")
          .hasMessageContaining("SELECT citus_add_local_table_to_metadata('price_overrides')");
      s.execute("SELECT citus_add_local_table_to_metadata('price_overrides')");
      assertThat(s.executeUpdate(readsReference)).isEqualTo(1);
      assertThat(s.executeUpdate(readsLocal)).isEqualTo(1);
    }
    assertThat(query("SELECT string_agg(id || ':' || amount, ' ' ORDER BY id) FROM prices")).containsExactly("1:15 2:20");
    assertThat(query("SELECT string_agg(id || ':' || amount, ' ' ORDER BY id) FROM price_overrides"))
        .containsExactly("1:15 3:20");
  }

  /**
   * A function that takes a table's name as text, in a {@code WHERE} Citus pushes down, looks the
   * name up in the workers' search_path, which is not the session's: {@code relation "d" does not
   * exist}. The hint used to call the distributed table a local one; it now says where the name was
   * looked up, and the schema-qualified name it advises gives PostgreSQL's rows. A name the
   * coordinator has not either gets no hint (PostgreSQL refuses it too); in a transaction the error
   * aborted, with nothing known of the name, the hint names both causes.
   */
  @Test
  void tableNameResolvedOnTheWorkers_hintSaysSearchPathNotLocalTable() throws SQLException {
    String unqualified = "SELECT count(*) FROM d WHERE has_table_privilege('d', 'SELECT')";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery(unqualified)).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("42P01"))
          .hasMessageContaining("relation \"d\" does not exist")
          .hasMessageContaining("citussafe hint: Citus ran this statement on the workers: a function ran on the "
              + "workers and looked up the name d in their own search_path")
          .hasMessageNotContaining("local table");
      assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM d WHERE has_table_privilege('nowhere', 'SELECT')"))
          .hasMessageContaining("relation \"nowhere\" does not exist").hasMessageNotContaining("citussafe hint");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM d WHERE has_table_privilege('" + schema.name()
          + ".d', 'SELECT')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(40);
      }
    }
    // r's facts were never read: in the transaction the error aborted, nothing says what r is
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM d WHERE has_table_privilege('r', 'SELECT')"))
          .hasMessageContaining("citussafe hint: If r is a table Citus manages, a function ran on the workers")
          .hasMessageContaining("Otherwise: Citus ran");
      c.rollback();
    }
  }

  /**
   * Regression: a write whose subquery reads a distributed table not co-located with its target got
   * Citus's error without a word on what to do. The hint names both tables, keeps Citus's SQLSTATE,
   * and what it advises makes the statement run.
   */
  @Test
  void writeReadingNonColocatedTable_hintNamesTheColocationCall() throws SQLException {
    String update = "WITH picked AS (SELECT id FROM audit_log WHERE id IN (SELECT id FROM orders WHERE id < 5)) "
        + "UPDATE audit_log SET amount = coalesce(amount, 0) + 1 FROM picked WHERE audit_log.id = picked.id";
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE orders (id bigint PRIMARY KEY)",
          "CREATE TABLE audit_log (id bigint PRIMARY KEY, amount numeric(12,2))",
          "SELECT create_distributed_table('orders', 'id')",
          "SELECT create_distributed_table('audit_log', 'id', colocate_with => 'none')",
          "INSERT INTO orders VALUES (1), (2)", "INSERT INTO audit_log VALUES (1, 1), (2, 2)"));
    }
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(update)).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("are not colocated")
          .hasMessageContaining("update_distributed_table_colocation('audit_log', colocate_with => 'orders')");
      assertThatThrownBy(() -> s.execute("DELETE FROM audit_log WHERE id IN (SELECT id FROM orders WHERE id = 2)"))
          .hasMessageContaining("citussafe hint:").hasMessageContaining("co-located");
      s.execute("SELECT update_distributed_table_colocation('audit_log', colocate_with => 'orders')");
      assertThat(s.executeUpdate(update)).isEqualTo(2);
      assertThat(rows(c, "SELECT id, amount FROM audit_log ORDER BY id")).containsExactly("1|2.00", "2|3.00");
    }
  }

  /**
   * Regression: a foreign key between a plain local table and a Citus-local or reference table makes
   * Citus turn the local table Citus-local, which dropped the comments on it and its columns.
   */
  @Test
  void foreignKeyTurningALocalTableCitusLocal_commentsKept() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE parent (id bigint PRIMARY KEY, amount numeric)",
          "CREATE TABLE child (id bigint, ref_7 bigint)", "SELECT citus_add_local_table_to_metadata('child')",
          "CREATE TABLE notes (id bigint, kind_id int, \"Größe\" int)",
          "CREATE TABLE lines (id bigint, parent_id bigint REFERENCES parent (id))",
          "COMMENT ON COLUMN lines.parent_id IS 'Verweis'"));
    }
    String comments = "SELECT c.relname, a.attname, col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class') "
        + "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
        + "WHERE c.oid IN ('parent'::regclass, 'notes'::regclass, 'lines'::regclass) ORDER BY 1, 2";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("COMMENT ON COLUMN parent.amount IS 'Spalte'");
      s.execute("COMMENT ON TABLE parent IS 'Eltern'");
      s.execute("COMMENT ON COLUMN notes.\"Größe\" IS 'it''s big'");
      c.commit();
      s.execute("ALTER TABLE child ADD CONSTRAINT fk_8 FOREIGN KEY (ref_7) REFERENCES parent (id) ON DELETE CASCADE");
      assertThat(warnings(s)).contains("comments of parent");
      s.execute("ALTER TABLE notes ADD FOREIGN KEY (kind_id) REFERENCES r (id)");
      c.commit();
      // lines references parent: Citus converts it along with parent
      assertThat(rows(c, "SELECT logicalrelid::text FROM pg_dist_partition WHERE logicalrelid IN "
          + "('parent'::regclass, 'notes'::regclass, 'lines'::regclass) ORDER BY 1"))
          .containsExactly("lines", "notes", "parent");
      assertThat(rows(c, comments)).containsExactly("lines|id|null|null", "lines|parent_id|Verweis|null",
          "notes|Größe|it's big|null", "notes|id|null|null", "notes|kind_id|null|null", "parent|amount|Spalte|Eltern",
          "parent|id|null|Eltern");
    }
  }

  /**
   * Regression (the differential tester, seed 206): with {@code newTables=reference}, a new table
   * that references local tables makes them Citus-local (and every local table joined to them by
   * foreign keys), which dropped their comments.
   */
  @Test
  void newTablesReference_referencedLocalTablesKeepTheirComments() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE orders (id bigint PRIMARY KEY, flag boolean)",
          "COMMENT ON COLUMN orders.flag IS 'Spalte flag'", "COMMENT ON TABLE orders IS 'Aufträge'",
          "CREATE TABLE \"Posten\" (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id))",
          "COMMENT ON COLUMN \"Posten\".order_id IS 'Auftrag'"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE child_6 (id bigint PRIMARY KEY, parent_id bigint REFERENCES orders (id))");
      assertThat(warnings(s)).contains("set the comments of orders again");
      assertThat(rows(c, "SELECT logicalrelid::text FROM pg_dist_partition WHERE logicalrelid IN "
          + "('orders'::regclass, '\"Posten\"'::regclass, 'child_6'::regclass) ORDER BY logicalrelid::text COLLATE \"C\""))
          .containsExactly("\"Posten\"", "child_6", "orders");
      assertThat(rows(c, "SELECT col_description('orders'::regclass, 2) || ' ' || obj_description('orders'::regclass, "
          + "'pg_class') || ' ' || col_description('\"Posten\"'::regclass, 2)"))
          .containsExactly("Spalte flag Aufträge Auftrag");
    }
  }

  /**
   * Regression (the differential tester, seed 207): on a partitioned table the lock-light form of a
   * foreign key fails (PostgreSQL has no NOT VALID key there) and the statement runs as written;
   * Citus's refusal then came without the hint.
   */
  @Test
  void foreignKeyFromPartitionedDistributedTableToLocalTable_hintNamesTheWayOut() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE ev (id bigint NOT NULL, due date NOT NULL, customer bigint, "
          + "PRIMARY KEY (id, due)) PARTITION BY RANGE (due)", "CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM "
          + "('2020-01-01') TO ('2030-01-01')", "SELECT create_distributed_table('ev', 'id')",
          "CREATE TABLE customers (id bigint PRIMARY KEY)"));
    }
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE ev ADD CONSTRAINT ev_customer_fkey FOREIGN KEY (customer) "
          + "REFERENCES customers (id)"))
          .hasMessageContaining("must be a distributed table or a reference table")
          .hasMessageContaining("citussafe hint: Citus does not keep a foreign key from the distributed table ev to "
              + "the local table customers: make customers a reference table first");
    }
  }

  /** Regression (the differential tester, seed 208): each foreign key Citus refuses gets the hint of its own case. */
  @Test
  void foreignKeysCitusRefuses_hintOfEachCase() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE acct (id int PRIMARY KEY)",
          "SELECT create_distributed_table('acct', 'id', colocate_with => 'd')",
          "CREATE TABLE kinds (id bigint PRIMARY KEY)", "SELECT citus_add_local_table_to_metadata('kinds')",
          "CREATE TABLE codes (id bigint PRIMARY KEY, kind bigint)", "SELECT create_reference_table('codes')"));
    }
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE d ADD CONSTRAINT d_acct_fkey FOREIGN KEY (v) REFERENCES acct (id)"))
          .hasMessageContaining("citussafe hint: Citus keeps a foreign key between co-located distributed tables only "
              + "when it pairs their distribution columns in the same position: make it FOREIGN KEY (tenant, v) "
              + "REFERENCES acct (id, …)");
      assertThatThrownBy(() -> s.execute("ALTER TABLE d ADD CONSTRAINT d_kind_fkey FOREIGN KEY (tenant) REFERENCES kinds (id)"))
          .hasMessageContaining("citussafe hint: Citus does not keep a foreign key from the distributed table d to the "
              + "Citus-local table kinds");
      assertThatThrownBy(() -> s.execute("ALTER TABLE codes ADD CONSTRAINT codes_kind_fkey FOREIGN KEY (kind) "
          + "REFERENCES kinds (id) ON DELETE CASCADE"))
          .hasMessageContaining("citussafe hint: Citus keeps a foreign key from the reference table codes to the "
              + "Citus-local table kinds only with NO ACTION or RESTRICT");
    }
  }

  @Test
  void uniqueWithoutDistributionColumn_hintNamesIt() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE d ADD CONSTRAINT d_v_key UNIQUE (v)"))
          .hasMessageContaining("cannot create constraint")
          .hasMessageContaining("citussafe hint:")
          .hasMessageContaining("(tenant, v)");
    }
  }

  @Test
  void distributionColumnTypeChange_hintSaysHow() throws SQLException {
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("ALTER TABLE d ALTER COLUMN tenant TYPE bigint"))
          .hasMessageContaining("partition column").hasMessageContaining("undistribute_table('d')");
    }
  }

  @Test
  void newTablesReference_newTableReferencedByAReferenceTable() throws SQLException {
    String create = "CREATE TABLE kinds (id int PRIMARY KEY, name text)";
    String fk = "ALTER TABLE r ADD COLUMN kind int REFERENCES kinds (id) ON DELETE SET NULL";
    try (Connection c = citusSafe(); Statement s = c.createStatement()) {
      s.execute(create);
      assertThatThrownBy(() -> s.execute(fk)).hasMessageContaining("NO ACTION or RESTRICT")
          .hasMessageContaining("citussafe.newTables=reference");
      s.execute("DROP TABLE kinds");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      s.execute(create);
      assertThat(warnings(s)).contains("reference table");
      s.execute(fk);
      // an explicit call wins over the policy
      s.execute("CREATE TABLE events (tenant int, id int, PRIMARY KEY (tenant, id))");
      s.execute("SELECT create_distributed_table('events', 'tenant')");
    }
    assertThat(query("SELECT logicalrelid::text || ' ' || partmethod::text FROM pg_dist_partition"
        + " WHERE logicalrelid IN ('kinds'::regclass, 'events'::regclass) ORDER BY 1"))
        .containsExactly("events h", "kinds n");
  }
}
