package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import io.citussafe.tests.ecosystem.PooledConnectionState.Reset;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.beans.PropertyVetoException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * c3p0 in front of citussafe, configured as its documentation does ({@code driverClass} +
 * {@code jdbcUrl}): {@link PoolWorkload} with Flyway migrating through the pool's own DataSource,
 * then {@link PooledConnectionState} with a test query on every checkout, c3p0's resets on check-in
 * (roll back with {@code autoCommitOnClose=false}, auto-commit, isolation, read-only) and its
 * statement cache ({@code maxStatements}, {@code maxStatementsPerConnection}).
 */
class C3p0Test {

  @Test
  void pool_driverClass_plainPostgres() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.plain(), "c3p0", false);
  }

  @Test
  @RequiresCitus
  void pool_driverClass_citus() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.citus(), "c3p0_citus", true);
  }

  private static void runWorkloadAndStateChecks(TestDatabase database, String prefix, boolean citus)
      throws Exception {
    PoolWorkload.Schemas schemas = PoolWorkload.Schemas.create(database, prefix);
    try (ComboPooledDataSource pool = pool(schemas.work())) {
      // c3p0 resets no schema
      PoolWorkload.runThroughPool(pool, schemas, citus, () -> busy(pool),
          EnumSet.of(Reset.AUTO_COMMIT, Reset.TRANSACTION_ISOLATION, Reset.READ_ONLY), true);
      assertThat(pool.getNumFailedCheckoutsDefaultUser()).as("checkouts that failed, also by the test query")
          .isZero();
      assertThat(pool.getNumConnectionsDefaultUser()).isLessThanOrEqualTo(PoolWorkload.POOL_SIZE);
    }
  }

  private static int busy(ComboPooledDataSource pool) {
    try {
      return pool.getNumBusyConnectionsDefaultUser();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ComboPooledDataSource pool(Schema schema) throws PropertyVetoException {
    ComboPooledDataSource pool = new ComboPooledDataSource();
    pool.setDriverClass("io.citussafe.driver.CitusSafeDriver");
    pool.setJdbcUrl(schema.citusSafeUrl());
    pool.setMinPoolSize(PoolWorkload.POOL_SIZE);
    pool.setInitialPoolSize(PoolWorkload.POOL_SIZE);
    pool.setMaxPoolSize(PoolWorkload.POOL_SIZE);
    pool.setCheckoutTimeout((int) TimeUnit.SECONDS.toMillis(PoolWorkload.TIMEOUT_SECONDS));
    pool.setTestConnectionOnCheckout(true);
    pool.setPreferredTestQuery("SELECT 1");
    pool.setConnectionIsValidTimeout(5);
    pool.setAutoCommitOnClose(false);
    pool.setMaxStatements(256);
    pool.setMaxStatementsPerConnection(16);
    // c3p0 checks connections in on its helper threads by default: a connection just closed may
    // still count as busy, and the workload's "none still borrowed" would race with it
    pool.setForceSynchronousCheckins(true);
    return pool;
  }
}
