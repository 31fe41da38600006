package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.driver.CitusSafeDriver;
import io.citussafe.flyway.CitusSafeFlywayDatabaseType;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.core.internal.jdbc.DriverDataSource;
import org.junit.jupiter.api.Test;

/**
 * Flyway 13 (flyway-core + flyway-database-postgresql) with default settings, so each migration
 * runs in its own transaction, on the incident set of issue 5. Both ways in: the URL (found
 * through citussafe's Flyway plugin) and a {@link CitusSafeDataSource}.
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

  private static Flyway flywayByUrl(String url, Schema schema) {
    // The URLs carry user and password; the user is given again as applications do.
    return Flyway.configure().dataSource(url, schema.user(), null).locations(Incident.FLYWAY_LOCATION).load();
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
}
