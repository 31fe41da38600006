package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.driver.CitusSafeDriver;
import io.citussafe.flyway.CitusSafeFlywayDatabaseType;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.core.internal.jdbc.DriverDataSource;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway 13 (flyway-core + flyway-database-postgresql) with default settings, so each migration
 * runs in its own transaction, on the incident set. Both ways in: the URL (found
 * through citussafe's Flyway plugin) and a {@link CitusSafeDataSource}. Then the refused sequences
 * ({@link RefusedSequence}), one V-file each, which need the migration connection
 * recognised without configuration.
 */
class FlywayTest {

  @Test
  void databaseTypes_citusSafeUrl_isClaimedByTheCitusSafePluginOnly() {
    String url = "jdbc:citussafe:postgresql://localhost/db";

    assertThat(DatabaseTypeRegister.getDatabaseTypesForUrl(url, null))
        .singleElement().isInstanceOf(CitusSafeFlywayDatabaseType.class);
    assertThat(DatabaseTypeRegister.getDatabaseTypesForUrl("jdbc:postgresql://localhost/db", null))
        .extracting(GeneralDatabaseType::getName).contains("PostgreSQL")
        .noneMatch(name -> name.contains("citussafe"));
  }

  @Test
  void migrate_urlRoute_plainPostgres() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_url");

    Flyway flyway = flywayByUrl(schema.citusSafeUrl(), schema);
    MigrateResult result = flyway.migrate();

    assertThat(((DriverDataSource) flyway.getConfiguration().getDataSource()).getDriver())
        .isInstanceOf(CitusSafeDriver.class);
    assertMigratedEverything(result);
    Incident.assertMigrated(schema, false);
  }

  @Test
  void migrate_dataSourceRoute_plainPostgres() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_ds");

    MigrateResult result = flywayByDataSource(schema).migrate();

    assertMigratedEverything(result);
    Incident.assertMigrated(schema, false);
  }

  @Test
  void migrate_again_plainPostgres_isUpToDate() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_again");
    flywayByUrl(schema.citusSafeUrl(), schema).migrate();

    MigrateResult again = flywayByUrl(schema.citusSafeUrl(), schema).migrate();

    assertThat(again.migrationsExecuted).isZero();
    assertThat(again.success).isTrue();
    Incident.assertMigrated(schema, false);
  }

  @Test
  @RequiresCitus
  void migrate_urlRoute_citus() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_url_citus");

    MigrateResult result = flywayByUrl(schema.citusSafeUrl(), schema).migrate();

    assertMigratedEverything(result);
    Incident.assertMigrated(schema, true);
  }

  @Test
  @RequiresCitus
  void migrate_dataSourceRoute_citus() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_ds_citus");

    MigrateResult result = flywayByDataSource(schema).migrate();

    assertMigratedEverything(result);
    Incident.assertMigrated(schema, true);
  }

  /** The incident itself: the same set through plain pgjdbc stops at SET NOT NULL. */
  @Test
  @RequiresCitus
  void migrate_pgjdbcUrl_citus_failsOnStaleCoordinatorRows() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_pgjdbc_citus");
    Flyway flyway = flywayByUrl(schema.pgjdbcUrl(), schema);

    assertThatThrownBy(flyway::migrate).satisfies(thrown -> {
      SQLException cause = Incident.sqlCause(thrown);
      assertThat((Throwable) cause).as("SQLException under %s", thrown).isNotNull();
      assertThat(cause.getSQLState()).isEqualTo("23502");
      assertThat(cause.getMessage()).contains("column \"tenant_id\" of relation \"orders\" contains null values");
    });
    // V5 rolled back; the backfill before it had reached every shard.
    assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
  }

  /** Through plain pgjdbc, Citus refuses the sequence's migration after the setup. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  @RequiresCitus
  void migrate_refusedSequencePgjdbcUrl_citus_failsOnParallelOperation(RefusedSequence sequence)
      throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_seq_pgjdbc");
    Flyway flyway = configureByUrl(schema.pgjdbcUrl(), schema).locations(sequence.flywayLocations()).load();

    assertThatThrownBy(flyway::migrate).satisfies(sequence::assertRefusedByCitus);
    assertThat(flyway.info().current().getVersion().getVersion())
        .isEqualTo(Integer.toString(RefusedSequence.SETUP_MIGRATIONS));
  }

  /**
   * Flyway's default PostgreSQL setup (transactional lock) runs the migrations on a second
   * connection, which never reads or writes the history table: that one must be recognised too.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  @RequiresCitus
  void migrate_refusedSequence_citus_succeedsWithoutConfiguration(RefusedSequence sequence) throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_seq_citus");

    MigrateResult result = configureByUrl(schema.citusSafeUrl(), schema)
        .locations(sequence.flywayLocations()).load().migrate();

    assertMigratedSetupAnd(sequence, result);
    sequence.assertRan(schema);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RefusedSequence.class)
  void migrate_refusedSequence_plainPostgres(RefusedSequence sequence) throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_seq");

    MigrateResult result = configureByUrl(schema.citusSafeUrl(), schema)
        .locations(sequence.flywayLocations()).load().migrate();

    assertMigratedSetupAnd(sequence, result);
    sequence.assertRan(schema);
  }

  /** The history table's name is configurable; its column names are what gives Flyway away. */
  @Test
  @RequiresCitus
  void migrate_customHistoryTable_citus_isRecognisedAsMigrationTool() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_seq_table");
    RefusedSequence sequence = RefusedSequence.REFERENCE_DDL_AFTER_UPDATE;

    MigrateResult result = configureByUrl(schema.citusSafeUrl(), schema)
        .table("my_history").locations(sequence.flywayLocations()).load().migrate();

    assertMigratedSetupAnd(sequence, result);
    sequence.assertRan(schema);
    assertHistoryIn(schema, "my_history");
  }

  /**
   * With {@code postgresql.transactional.lock=false} Flyway migrates on the connection that reads
   * and writes its history table; with the default (true) it opens a second connection for the
   * migrations, which never touches that table.
   */
  @Test
  @RequiresCitus
  void migrate_transactionalLockOffAndCustomHistoryTable_citus_isRecognisedAsMigrationTool() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("flyway_seq_lock_off");
    RefusedSequence sequence = RefusedSequence.FK_AFTER_BACKFILL;
    FluentConfiguration configuration = configureByUrl(schema.citusSafeUrl(), schema)
        .table("my_history").locations(sequence.flywayLocations());
    configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);

    MigrateResult result = configuration.load().migrate();

    assertMigratedSetupAnd(sequence, result);
    sequence.assertRan(schema);
    assertHistoryIn(schema, "my_history");
  }

  private static Flyway flywayByUrl(String url, Schema schema) {
    return configureByUrl(url, schema).locations(Incident.FLYWAY_LOCATION).load();
  }

  private static FluentConfiguration configureByUrl(String url, Schema schema) {
    // The URLs carry user and password; the user is given again as applications do.
    return Flyway.configure().dataSource(url, schema.user(), null);
  }

  private static Flyway flywayByDataSource(Schema schema) {
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setUrl(schema.citusSafeUrl());
    return Flyway.configure().dataSource(dataSource).locations(Incident.FLYWAY_LOCATION).load();
  }

  private static void assertMigratedEverything(MigrateResult result) {
    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isEqualTo(Incident.MIGRATIONS);
    assertThat(result.targetSchemaVersion).isEqualTo(Integer.toString(Incident.MIGRATIONS));
    assertThat(result.databaseType).isEqualTo("PostgreSQL");
  }

  private static void assertHistoryIn(Schema schema, String table) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.number(s, "SELECT count(*) FROM " + table + " WHERE success"))
          .isEqualTo(RefusedSequence.SETUP_MIGRATIONS + 1);
      assertThat(Incident.string(s, "SELECT coalesce(to_regclass('flyway_schema_history')::text, 'none')"))
          .isEqualTo("none");
    }
  }

  private static void assertMigratedSetupAnd(RefusedSequence sequence, MigrateResult result) {
    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isEqualTo(RefusedSequence.SETUP_MIGRATIONS + 1);
    assertThat(result.targetSchemaVersion).isEqualTo(Integer.toString(sequence.version));
  }
}
