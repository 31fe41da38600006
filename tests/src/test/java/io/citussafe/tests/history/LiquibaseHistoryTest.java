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
import java.util.List;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.exception.CommandExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Issues 11 and 15, the proof on a Liquibase history: 27 changesets in XML and YAML with
 * built-in change types, as real applications write them ({@code valueComputed} inserts,
 * {@code autoIncrement} columns and their widening, foreign keys from new tables to reference
 * tables and dropped again, quoted upper-case names, {@code loadData}, computed defaults, DML
 * joining a new table with a reference table). After the first four, the tables become reference
 * tables. Through pgjdbc the history stops at changeset 5 (Citus refuses the subquery in
 * {@code INSERT … VALUES}); through citussafe with citussafe.newTables=reference it applies
 * completely and leaves the catalog the same history leaves on plain PostgreSQL, except that
 * identity columns of tables that became reference tables are serial columns.
 */
@RequiresCitus
class LiquibaseHistoryTest {

  static final String SETUP = "history/liquibase/setup.xml";
  static final String CHANGELOG = "history/liquibase/changelog.xml";
  static final int CHANGESETS = 27;

  /** {@link FlywayHistoryTest#CATALOG}, an identity column and a sequence default both shown as "by sequence". */
  static final String CATALOG = FlywayHistoryTest.CATALOG
      .replace("|| coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')",
          "|| CASE WHEN a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' THEN ' by sequence'"
              + " ELSE coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') END")
      .replace("NOT LIKE '%\\\\_history'", "NOT LIKE 'databasechangelog%'");

  private static void update(String url, Schema schema, String changelog) throws CommandExecutionException {
    new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, url)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, schema.user())
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DRIVER_ARG,
            url.startsWith("jdbc:citussafe:") ? "io.citussafe.driver.CitusSafeDriver" : "org.postgresql.Driver")
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
        .execute();
  }

  private static Schema adopted(String prefix) throws Exception {
    Schema schema = PostgresServers.citus().newSchema(prefix);
    update(schema.pgjdbcUrl(), schema, SETUP);
    try (Connection c = schema.pgjdbcConnection()) {
      for (String table : List.of("report", "parameter", "report_parameter")) {
        Sql.execute(c, List.of("SELECT create_reference_table('" + table + "')",
            "SELECT truncate_local_data_after_distributing_table('" + table + "')"));
      }
    }
    return schema;
  }

  @Test
  void history_throughPgjdbc_stopsAtTheComputedInsert() throws Exception {
    Schema schema = adopted("lbpg");
    assertThatThrownBy(() -> update(schema.pgjdbcUrl(), schema, CHANGELOG))
        .hasStackTraceContaining("5-report-parameters")
        .hasStackTraceContaining("subqueries are not supported within INSERT queries");
  }

  @Test
  void history_throughCitusSafe_appliesAndMatchesPlainPostgres() throws Exception {
    Schema citus = adopted("lbcs");
    update(citus.citusSafeUrl() + "&citussafe.newTables=reference", citus, CHANGELOG);
    Schema plain = PostgresServers.plain().newSchema("lbpg");
    update(plain.citusSafeUrl(), plain, CHANGELOG);
    try (Connection onCitus = citus.pgjdbcConnection(); Connection onPostgres = plain.pgjdbcConnection()) {
      assertThat(queryLong(onCitus, "SELECT count(*) FROM databasechangelog")).isEqualTo(CHANGESETS);
      assertThat(queryLong(onPostgres, "SELECT count(*) FROM databasechangelog")).isEqualTo(CHANGESETS);
      List<String> catalog = rows(onPostgres, CATALOG);
      assertThat(catalog).hasSizeGreaterThan(25).contains("column GROUPS.ID integer not null by sequence",
          "column asset.id bigint not null by sequence");
      // a table dropped on Citus leaves the sequence it got instead of an identity column
      List<String> onCitusCatalog = rows(onCitus, CATALOG);
      onCitusCatalog.remove("sequence queue_entry_id_seq");
      assertThat(onCitusCatalog).isEqualTo(catalog);
      for (String query : List.of("SELECT count(*) FROM report_parameter", "SELECT count(*) FROM parameter",
          "SELECT count(DISTINCT uid) FROM asset", "SELECT count(*) FROM asset WHERE title <> 'untitled'",
          "SELECT count(*) FROM report WHERE created_at IS NOT NULL", "SELECT count(*) FROM \"GROUPS\"")) {
        assertThat(queryLong(onCitus, query)).as(query).isEqualTo(queryLong(onPostgres, query)).isPositive();
      }
      FlywayHistoryTest.assertReferencePlacementsEqual(onCitus);
    }
  }
}
