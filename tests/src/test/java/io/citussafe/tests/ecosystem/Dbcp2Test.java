package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.ecosystem.PooledConnectionState.Reset;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/**
 * Apache Commons DBCP2 in front of citussafe, configured as its documentation does
 * ({@code driverClassName} + {@code url}): {@link PoolWorkload} with Flyway migrating through the
 * pool's own DataSource, then {@link PooledConnectionState} with a validation query on every
 * borrow, DBCP2's resets (auto-commit, isolation, read-only, schema, rollback on return) and its
 * prepared-statement pool.
 */
class Dbcp2Test {

  @Test
  void pool_driverClassName_plainPostgres() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.plain(), "dbcp2", false);
  }

  @Test
  @RequiresCitus
  void pool_driverClassName_citus() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.citus(), "dbcp2_citus", true);
  }

  // A connection Flyway used goes back idle with auto-commit off (the pool's default) and a migration
  // transaction decided while Flyway still ran: the next borrower, on another thread, must not get
  // the migration's SET LOCALs in its first transaction.
  @Test
  void pool_defaultAutoCommitOff_plainPostgres_flywayLeavesNoMigrationMark() throws Exception {
    migrateThenOpenApplicationTransactions(PostgresServers.plain(), "dbcp2_ac", false);
  }

  @Test
  @RequiresCitus
  void pool_defaultAutoCommitOff_citus_flywayLeavesNoMigrationMark() throws Exception {
    migrateThenOpenApplicationTransactions(PostgresServers.citus(), "dbcp2_ac_citus", true);
  }

  /** DBCP2 handing out connections with auto-commit off, as documented for {@code defaultAutoCommit=false}. */
  private static void migrateThenOpenApplicationTransactions(TestDatabase database, String prefix, boolean citus)
      throws Exception {
    Schema schema = database.newAppUserSchema(prefix);
    Schema migrated = database.newAppUserSchema(prefix + "_flyway");
    try (BasicDataSource pool = pool(schema)) {
      pool.setDefaultAutoCommit(false);
      pool.setAutoCommitOnReturn(false);
      assertThat(PoolWorkload.flywayThroughPool(pool, migrated).locations("classpath:ecosystem/flyway/probe").load()
          .migrate().migrationsExecuted).isEqualTo(1);
      new PooledConnectionState(pool, schema, schema, citus, EnumSet.noneOf(Reset.class), true)
          .assertApplicationTransactionsOnAllConnections();
    }
  }

  private static void runWorkloadAndStateChecks(TestDatabase database, String prefix, boolean citus)
      throws Exception {
    PoolWorkload.Schemas schemas = PoolWorkload.Schemas.create(database, prefix);
    try (BasicDataSource pool = pool(schemas.work())) {
      // defaultSchema makes DBCP2 put the schema back on every borrow
      PoolWorkload.runThroughPool(pool, schemas, citus, pool::getNumActive, EnumSet.allOf(Reset.class), true);
      assertThat(pool.getConnectionPool().getDestroyedByBorrowValidationCount())
          .as("connections that failed validation on borrow").isZero();
      assertThat(pool.getConnectionPool().getCreatedCount()).isLessThanOrEqualTo(PoolWorkload.POOL_SIZE);
    }
  }

  private static BasicDataSource pool(Schema schema) {
    BasicDataSource pool = new BasicDataSource();
    pool.setDriverClassName("io.citussafe.driver.CitusSafeDriver");
    pool.setUrl(schema.citusSafeUrl());
    pool.setMaxTotal(PoolWorkload.POOL_SIZE);
    pool.setMaxIdle(PoolWorkload.POOL_SIZE);
    pool.setMaxWait(Duration.ofSeconds(PoolWorkload.TIMEOUT_SECONDS));
    pool.setTestOnBorrow(true);
    pool.setValidationQuery("SELECT 1");
    pool.setValidationQueryTimeout(Duration.ofSeconds(5));
    pool.setDefaultAutoCommit(true);
    pool.setRollbackOnReturn(true);
    pool.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    pool.setDefaultReadOnly(false);
    pool.setDefaultSchema(schema.name());
    pool.setPoolPreparedStatements(true);
    pool.setMaxOpenPreparedStatements(64);
    return pool;
  }
}
