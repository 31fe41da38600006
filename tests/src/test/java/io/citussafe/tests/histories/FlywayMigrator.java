package io.citussafe.tests.histories;

import io.citussafe.tests.support.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/** A Flyway history: a folder of SQL migrations, the {@code flyway.*} options of the list as settings. */
final class FlywayMigrator implements Migrator {

  private final History history;
  private final Path folder;

  FlywayMigrator(History history, Path checkout) {
    this.history = history;
    this.folder = checkout.resolve(history.path());
  }

  /**
   * @param versionedOnly leave the repeatable migrations out: Flyway runs them after the versioned
   *     ones, and their newest text reads tables a migration after {@code target} makes
   */
  private Flyway flyway(String url, Schema schema, String target, boolean versionedOnly) {
    FluentConfiguration configuration = Flyway.configure().configuration(history.options("flyway.", false))
        .dataSource(url, schema.user(), null).locations("filesystem:" + folder)
        .failOnMissingLocations(true).target(target);
    if (versionedOnly) {
      configuration.repeatableSqlMigrationPrefix("-none-");
    }
    // Flyway's default lock is a transaction on a second connection, which CREATE INDEX CONCURRENTLY
    // waits for forever; applications on older Flyway versions had the session lock
    configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    return configuration.load();
  }

  @Override
  public int total(String url, Schema schema) {
    return flyway(url, schema, "latest", false).info().pending().length;
  }

  @Override
  public void migrate(String url, Schema schema, int count) {
    String target = "latest";
    if (count >= 0) {
      MigrationInfo[] versioned = Arrays.stream(flyway(url, schema, "latest", false).info().pending())
          .filter(m -> m.getVersion() != null).toArray(MigrationInfo[]::new);
      target = versioned[Math.max(0, Math.min(count, versioned.length) - 1)].getVersion().getVersion();
    }
    flyway(url, schema, target, count >= 0).migrate();
  }

  @Override
  public long applied(Connection connection) throws SQLException {
    return Catalog.count(connection, "SELECT count(*) FROM flyway_schema_history WHERE success"
        + " AND type NOT IN ('SCHEMA', 'BASELINE')");
  }

  @Override
  public boolean isToolTable(String table) {
    return table.equals("flyway_schema_history");
  }
}
