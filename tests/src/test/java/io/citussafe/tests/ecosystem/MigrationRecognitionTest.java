package io.citussafe.tests.ecosystem;

import static io.citussafe.tests.support.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import liquibase.command.CommandScope;
import liquibase.command.core.StatusCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.ValidateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * a migration is recognised by the tool taking its lock, not by reads of its
 * history table. Through a HikariCP pool, as Spring Boot wires it: Flyway's {@code info} and
 * {@code validate} (what {@code /actuator/flyway} runs on a request thread) and Liquibase's
 * {@code status} and {@code validate} leave the application transactions of the same thread and
 * pooled connections untouched (parallel mode, no lock timeout), while {@code migrate} and
 * {@code update} still run their transactions with sequential mode (Citus) and the lock timeout,
 * as a probe migration records.
 */
class MigrationRecognitionTest {

  @BeforeAll
  static void noAnalytics() {
    System.setProperty("liquibase.analytics.enabled", "false");
  }

  private static HikariDataSource pool(Schema schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(schema.citusSafeUrl());
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /** {@code lock_timeout|shard mode} in an application transaction of this thread, on each pooled connection. */
  private static List<String> applicationTransactions(HikariDataSource pool) throws SQLException {
    List<String> seen = new ArrayList<>();
    try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
      for (Connection c : List.of(first, second)) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout') || '|'"
                + " || coalesce(current_setting('citus.multi_shard_modify_mode', true), 'no citus')")) {
          rs.next();
          seen.add(rs.getString(1));
        }
        c.commit();
        c.setAutoCommit(true);
      }
    }
    return seen;
  }

  private static String expectedInMigrations(boolean citus) {
    return "5s|" + (citus ? "sequential" : "no citus");
  }

  private static String expectedInApplications(boolean citus) {
    return "0|" + (citus ? "parallel" : "no citus");
  }

  private void flyway(TestDatabase database, boolean citus) throws Exception {
    Schema schema = database.newAppUserSchema("recognise_fw");
    try (HikariDataSource pool = pool(schema)) {
      Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:ecosystem/flyway/probe").load();
      flyway.info();
      assertThat(applicationTransactions(pool)).as("after info, before any migration")
          .containsOnly(expectedInApplications(citus));

      assertThat(flyway.migrate().migrationsExecuted).isEqualTo(1);
      try (Connection c = schema.pgjdbcConnection()) {
        assertThat(rows(c, "SELECT lock_timeout || '|' || coalesce(shard_mode, 'no citus') FROM probe"))
            .containsExactly(expectedInMigrations(citus));
      }
      assertThat(applicationTransactions(pool)).as("after migrate, on the thread that migrated")
          .containsOnly(expectedInApplications(citus));

      flyway.info();
      flyway.validate();
      assertThat(applicationTransactions(pool)).as("after info and validate").containsOnly(expectedInApplications(citus));
      assertThat(CompletableFuture.supplyAsync(() -> {
        try {
          flyway.info();
          return applicationTransactions(pool);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }).get()).as("a request thread").containsOnly(expectedInApplications(citus));
    }
  }

  @Test
  void flyway_plainPostgres_infoAndValidateMarkNothing_migrateBoundsLockWaits() throws Exception {
    flyway(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void flyway_citus_infoAndValidateMarkNothing_migrateIsSequentialWithBoundedLockWaits() throws Exception {
    flyway(PostgresServers.citus(), true);
  }

  private static void liquibase(HikariDataSource pool, String[] command) throws Exception {
    try (Connection connection = pool.getConnection()) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      new CommandScope(command)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, "ecosystem/liquibase/probe-changelog.xml")
          .execute();
    }
  }

  private void liquibase(TestDatabase database, boolean citus) throws Exception {
    Schema schema = database.newAppUserSchema("recognise_lb");
    try (HikariDataSource pool = pool(schema)) {
      liquibase(pool, StatusCommandStep.COMMAND_NAME);
      liquibase(pool, ValidateCommandStep.COMMAND_NAME);
      assertThat(applicationTransactions(pool)).as("after status and validate, before any update")
          .containsOnly(expectedInApplications(citus));

      liquibase(pool, UpdateCommandStep.COMMAND_NAME);
      try (Connection c = schema.pgjdbcConnection()) {
        assertThat(rows(c, "SELECT lock_timeout || '|' || coalesce(shard_mode, 'no citus') FROM probe"))
            .containsExactly(expectedInMigrations(citus));
      }
      liquibase(pool, StatusCommandStep.COMMAND_NAME);
      assertThat(applicationTransactions(pool)).as("after update and status, on the same thread")
          .containsOnly(expectedInApplications(citus));
    }
  }

  @Test
  void liquibase_plainPostgres_statusAndValidateMarkNothing_updateBoundsLockWaits() throws Exception {
    liquibase(PostgresServers.plain(), false);
  }

  @Test
  @RequiresCitus
  void liquibase_citus_statusAndValidateMarkNothing_updateIsSequentialWithBoundedLockWaits() throws Exception {
    liquibase(PostgresServers.citus(), true);
  }
}
