package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CommandExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Liquibase 4.33 ({@code update}, each changeset in its own transaction) on the incident set as a
 * changelog of {@code sql}, {@code addColumn}, {@code addNotNullConstraint} and {@code createIndex}
 * changes. Two ways in: URL plus {@code driver} argument, and a {@link JdbcConnection} around a
 * citussafe connection. Then the sequences ({@link RefusedSequence}), one {@code sql}
 * changeset each, which need the migration connection recognised without configuration.
 */
class LiquibaseTest {

  static final String DRIVER = "io.citussafe.driver.CitusSafeDriver";
  private static final String DEFAULT_NULL_VALUE_CHANGELOG = "ecosystem/liquibase/default-null-value-changelog.xml";

  @BeforeAll
  static void noAnalytics() {
    // Also set by tests/pom.xml; repeated so a run from an IDE sends nothing either.
    System.setProperty("liquibase.analytics.enabled", "false");
  }

  @Test
  void update_urlAndDriverClass_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("liquibase_url");

    updateByUrl(schema.citusSafeUrl(), schema.user(), DRIVER);

    Incident.assertMigrated(schema, false);
    assertChangeSetsRan(schema);
  }

  @Test
  void update_jdbcConnection_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("liquibase_conn");

    updateByConnection(schema);

    Incident.assertMigrated(schema, false);
    assertChangeSetsRan(schema);
  }

  /** Why the driver setting is needed: Liquibase knows a default driver only for URLs it knows. */
  @Test
  void update_urlWithoutDriverClass_liquibaseCannotPickADriver() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("liquibase_nodriver");

    assertThatThrownBy(() -> updateByUrl(schema.citusSafeUrl(), schema.user(), null))
        .rootCause().hasMessageContaining("Driver class was not specified and could not be determined from the url");
  }

  @Test
  @RequiresCitus
  void update_urlAndDriverClass_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_url_citus");

    updateByUrl(schema.citusSafeUrl(), schema.user(), DRIVER);

    Incident.assertMigrated(schema, true);
    assertChangeSetsRan(schema);
  }

  @Test
  @RequiresCitus
  void update_jdbcConnection_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_conn_citus");

    updateByConnection(schema);

    Incident.assertMigrated(schema, true);
    assertChangeSetsRan(schema);
  }

  @Test
  void update_addNotNullConstraintWithDefaultNullValue_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("liquibase_default");

    updateByUrl(schema.citusSafeUrl(), schema.user(), DRIVER, DEFAULT_NULL_VALUE_CHANGELOG);

    assertTenantBackfilledAndNotNull(schema);
  }

  /** The backfill and SET NOT NULL in one transaction, right after distributing the table. */
  @Test
  @RequiresCitus
  void update_addNotNullConstraintWithDefaultNullValue_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_default_citus");

    updateByUrl(schema.citusSafeUrl(), schema.user(), DRIVER, DEFAULT_NULL_VALUE_CHANGELOG);

    assertTenantBackfilledAndNotNull(schema);
  }

  /** The incident through Liquibase: plain pgjdbc stops at addNotNullConstraint. */
  @Test
  @RequiresCitus
  void update_pgjdbcUrl_citus_failsOnStaleCoordinatorRows() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_pgjdbc_citus");

    assertThatThrownBy(() -> updateByUrl(schema.pgjdbcUrl(), schema.user(), "org.postgresql.Driver"))
        .satisfies(thrown -> {
          SQLException cause = Incident.sqlCause(thrown);
          assertThat((Throwable) cause).as("SQLException under %s", thrown).isNotNull();
          assertThat(cause.getSQLState()).isEqualTo("23502");
          assertThat(cause.getMessage()).contains("column \"tenant_id\" of relation \"orders\" contains null values");
        });
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.number(s, "SELECT count(*) FROM databasechangelog")).isEqualTo(4);
    }
  }

  /** Through plain pgjdbc, Citus refuses the sequence's changeset after the setup. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  @RequiresCitus
  void update_refusedSequencePgjdbcUrl_citus_failsOnParallelOperation(RefusedSequence sequence)
      throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_seq_pgjdbc");

    assertThatThrownBy(() -> updateSequence(schema.pgjdbcUrl(), schema.user(), "org.postgresql.Driver", sequence))
        .satisfies(sequence::assertRefusedByCitus);
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.number(s, "SELECT count(*) FROM databasechangelog"))
          .isEqualTo(RefusedSequence.SETUP_MIGRATIONS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  @RequiresCitus
  void update_refusedSequence_citus_succeedsWithoutConfiguration(RefusedSequence sequence) throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_seq_citus");

    updateSequence(schema.citusSafeUrl(), schema.user(), DRIVER, sequence);

    sequence.assertRan(schema);
    assertSetupAndSequenceRan(schema, "databasechangelog", sequence);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  void update_refusedSequence_plainPostgres(RefusedSequence sequence) throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("liquibase_seq");

    updateSequence(schema.citusSafeUrl(), schema.user(), DRIVER, sequence);

    sequence.assertRan(schema);
    assertSetupAndSequenceRan(schema, "databasechangelog", sequence);
  }

  /**
   * Both table names are configurable; the columns of the lock table and the changelog table are
   * what gives Liquibase away.
   */
  @Test
  @RequiresCitus
  void update_customTableNames_citus_isRecognisedAsMigrationTool() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("liquibase_seq_tables");
    RefusedSequence sequence = RefusedSequence.REFERENCE_DDL_AFTER_UPDATE;

    Scope.child(Map.of(
        GlobalConfiguration.DATABASECHANGELOG_TABLE_NAME.getKey(), "my_changelog",
        GlobalConfiguration.DATABASECHANGELOGLOCK_TABLE_NAME.getKey(), "my_changelog_lock"),
        () -> updateSequence(schema.citusSafeUrl(), schema.user(), DRIVER, sequence));

    sequence.assertRan(schema);
    assertSetupAndSequenceRan(schema, "my_changelog", sequence);
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT concat_ws(',', to_regclass('my_changelog_lock'),"
          + " to_regclass('databasechangelog'), to_regclass('databasechangeloglock'))"))
          .isEqualTo("my_changelog_lock");
    }
  }

  private static void updateByUrl(String url, String user, String driver) throws Exception {
    updateByUrl(url, user, driver, Incident.LIQUIBASE_CHANGELOG);
  }

  private static void updateByUrl(String url, String user, String driver, String changelog) throws Exception {
    updateCommand(url, user, driver, changelog).execute();
  }

  /** Runs the setup changesets and the sequence's, selected by its context. */
  private static void updateSequence(String url, String user, String driver, RefusedSequence sequence)
      throws Exception {
    updateCommand(url, user, driver, RefusedSequence.LIQUIBASE_CHANGELOG)
        .addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, sequence.key)
        .execute();
  }

  private static CommandScope updateCommand(String url, String user, String driver, String changelog)
      throws CommandExecutionException {
    CommandScope update = new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, url)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, user)
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog);
    if (driver != null) {
      update.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DRIVER_ARG, driver);
    }
    return update;
  }

  private static void updateByConnection(Schema schema) throws Exception {
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setUrl(schema.citusSafeUrl());
    try (Connection connection = dataSource.getConnection()) {
      Database database = DatabaseFactory.getInstance()
          .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      assertThat(database).isInstanceOf(PostgresDatabase.class);
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, Incident.LIQUIBASE_CHANGELOG)
          .execute();
    }
  }

  private static void assertTenantBackfilledAndNotNull(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT is_nullable FROM information_schema.columns"
          + " WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name = 'tenant_id'"))
          .isEqualTo("NO");
      assertThat(Incident.number(s, "SELECT count(*) FROM orders")).isEqualTo(Incident.ORDERS);
      assertThat(Incident.number(s, "SELECT count(*) FROM orders WHERE tenant_id = 0"))
          .isEqualTo(Incident.ORDERS_WITHOUT_TENANT);
    }
  }

  private static void assertSetupAndSequenceRan(Schema schema, String changelogTable, RefusedSequence sequence)
      throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT string_agg(split_part(id, '-', 1) || ':' || exectype, ','"
          + " ORDER BY orderexecuted) FROM " + changelogTable))
          .isEqualTo("1:EXECUTED,2:EXECUTED,3:EXECUTED,4:EXECUTED," + sequence.version + ":EXECUTED");
    }
  }

  private static void assertChangeSetsRan(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT string_agg(id || ':' || exectype, ',' ORDER BY orderexecuted)"
          + " FROM databasechangelog"))
          .isEqualTo("1-create-tenants-and-orders:EXECUTED,2-distribute-tenants-and-orders:EXECUTED,"
              + "3-add-region:EXECUTED,4-backfill-tenant-and-region:EXECUTED,"
              + "5-tenant-and-region-not-null:EXECUTED,6-amount-check-and-tenant-region-index:EXECUTED,"
              + "7-add-uid:EXECUTED,8-backfill-uid:EXECUTED,9-uid-not-null:EXECUTED");
    }
  }
}
