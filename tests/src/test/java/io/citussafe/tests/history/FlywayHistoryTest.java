package io.citussafe.tests.history;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proof on a migration history: 22 Flyway migrations written as applications write
 * them for PostgreSQL (constraint, index and column renames, serial columns, combined ALTERs,
 * defaults calling now() and gen_random_uuid(), type changes, foreign keys to new tables and
 * dropped again, DML backfills). After the first two, the tables are made Citus tables, as a team
 * adopting Citus does: all reference tables, or reference and co-located distributed tables.
 * Through pgjdbc the history stops at V3 with Citus's refusal; through citussafe (with
 * citussafe.newTables=reference) it applies completely and leaves the catalog the same history
 * leaves on plain PostgreSQL, and every placement of each reference table holds the same rows.
 */
@RequiresCitus
class FlywayHistoryTest {

  static final String LOCATION = "classpath:history/flyway";
  static final int MIGRATIONS = 22;

  /** How the tables become Citus tables after V2. */
  enum Layout {
    REFERENCE(List.of("SELECT create_reference_table('countries')", "SELECT create_reference_table('accounts')",
        "SELECT create_reference_table('projects')", "SELECT create_reference_table('tasks')")),
    DISTRIBUTED(List.of("SELECT create_reference_table('countries')", "SELECT create_reference_table('accounts')",
        // Citus distributes a table that a local table references only once that one is distributed too
        "ALTER TABLE tasks DROP CONSTRAINT tasks_project_fk",
        "SELECT create_distributed_table('projects', 'account_id')",
        "SELECT create_distributed_table('tasks', 'account_id', colocate_with => 'projects')",
        "ALTER TABLE tasks ADD CONSTRAINT tasks_project_fk FOREIGN KEY (account_id, project_id)"
            + " REFERENCES projects (account_id, id)"));

    final List<String> statements;

    Layout(List<String> statements) {
      this.statements = statements;
    }
  }

  /** Columns, constraints, indexes and sequences of the schema, one line each, in order. */
  static final String CATALOG = "SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid,"
      + " a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
      + " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
      + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
      + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0"
      + " AND NOT a.attisdropped AND c.relname NOT LIKE '%\\_history'"
      + " UNION ALL SELECT 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)"
      + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
      + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname NOT LIKE '%\\_history'"
      + " UNION ALL SELECT 'index ' || indexname || ' ' || regexp_replace(indexdef, ' ON \\S+\\.', ' ON ')"
      + " FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE '%\\_history'"
      + " UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = current_schema()"
      + " ORDER BY 1";

  private static Flyway flyway(String url, Schema schema, String target) {
    return Flyway.configure().dataSource(url, schema.user(), null).locations(LOCATION).target(target).load();
  }

  /** V1 and V2 through pgjdbc, then the tables made Citus tables, their copied rows removed. */
  static void adopt(Schema schema, Layout layout) throws SQLException {
    flyway(schema.pgjdbcUrl(), schema, "2").migrate();
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, layout.statements);
      for (String table : List.of("countries", "accounts", "projects", "tasks")) {
        Sql.execute(c, List.of("SELECT truncate_local_data_after_distributing_table('" + table + "')"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void history_throughPgjdbc_stopsAtTheCombinedAlter(Layout layout) throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("histpg");
    adopt(schema, layout);
    assertThatThrownBy(() -> flyway(schema.pgjdbcUrl(), schema, "latest").migrate())
        .hasMessageContaining("V3__task_priority.sql")
        .hasMessageContaining("cannot execute ADD CONSTRAINT command with other subcommands");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void history_throughCitusSafe_appliesAndMatchesPlainPostgres(Layout layout) throws SQLException {
    Schema citus = PostgresServers.citus().newSchema("histcs");
    adopt(citus, layout);
    MigrateResult result = flyway(citus.citusSafeUrl() + "&citussafe.newTables=reference", citus, "latest").migrate();
    assertThat(result.migrationsExecuted).isEqualTo(MIGRATIONS - 2);

    Schema plain = PostgresServers.plain().newSchema("histpg");
    assertThat(flyway(plain.citusSafeUrl(), plain, "latest").migrate().migrationsExecuted).isEqualTo(MIGRATIONS);

    try (Connection onCitus = citus.pgjdbcConnection(); Connection onPostgres = plain.pgjdbcConnection()) {
      List<String> catalog = rows(onPostgres, CATALOG);
      assertThat(catalog).hasSizeGreaterThan(40).contains("constraint tasks.tasks_priority_check CHECK "
          + "(((priority >= 0) AND (priority <= 5)))", "column tasks.number bigint not null default "
          + "nextval('tasks_number_seq'::regclass)", "constraint projects.projects_budget_check CHECK ((budget >= (0)::numeric))");
      assertThat(rows(onCitus, CATALOG)).isEqualTo(catalog);
      for (String count : List.of("SELECT count(*) FROM tasks", "SELECT count(DISTINCT number) FROM tasks",
          "SELECT count(*) FROM tasks WHERE completed_at IS NOT NULL", "SELECT count(DISTINCT public_id) FROM projects",
          "SELECT count(*) FROM projects WHERE name = 'unnamed'", "SELECT count(*) FROM tags WHERE name = 'urgent!'")) {
        assertThat(queryLong(onCitus, count)).as(count).isEqualTo(queryLong(onPostgres, count));
      }
      assertReferencePlacementsEqual(onCitus);
    }
  }

  /** Each shard of a reference table holds the same rows on every placement. */
  static void assertReferencePlacementsEqual(Connection c) throws SQLException {
    for (String table : rows(c, "SELECT logicalrelid::text FROM pg_dist_partition WHERE repmodel = 't'"
        + " AND logicalrelid::regclass::text NOT LIKE '%.%'")) {
      assertThat(queryLong(c, "SELECT count(*) FROM (SELECT shardid FROM run_command_on_placements('" + table
          + "', $$SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM %s t$$)"
          + " GROUP BY shardid HAVING count(DISTINCT result) > 1) x")).as(table).isZero();
    }
  }
}
