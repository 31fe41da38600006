package io.citussafe.tests.histories;

import io.citussafe.tests.support.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** How one migration tool applies a history to a schema, through the URL of the route's driver. */
interface Migrator {

  /** The migrations (Flyway) or changesets (Liquibase) the history has for a new schema. */
  int total(String url, Schema schema) throws Exception;

  /**
   * Applies the first {@code count} pending migrations, or all of them when {@code count < 0}.
   *
   * @throws Exception what the tool threw where the history stopped
   */
  void migrate(String url, Schema schema, int count) throws Exception;

  /** The migrations the tool's own history table records as applied. */
  long applied(Connection connection) throws SQLException;

  /** The tables the tool keeps its own history in, which no layout touches. */
  boolean isToolTable(String table);

  static Migrator of(History history, Path checkout) {
    return history.tool().equals("flyway") ? new FlywayMigrator(history, checkout)
        : new LiquibaseMigrator(history, checkout);
  }
}
