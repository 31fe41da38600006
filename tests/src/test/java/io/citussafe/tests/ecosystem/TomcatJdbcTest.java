package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.ecosystem.PooledConnectionState.Reset;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.junit.jupiter.api.Test;

/**
 * The Tomcat JDBC pool in front of citussafe, configured as its documentation does
 * ({@code driverClassName} + {@code url}): {@link PoolWorkload} with Flyway migrating through the
 * pool's own DataSource, then {@link PooledConnectionState} with a validation query on every
 * borrow, {@code rollbackOnReturn}, the {@code ConnectionState} interceptor's resets (auto-commit,
 * isolation, read-only) and the {@code StatementCache} interceptor.
 */
class TomcatJdbcTest {

  @Test
  void pool_driverClassName_plainPostgres() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.plain(), "tomcat", false);
  }

  @Test
  @RequiresCitus
  void pool_driverClassName_citus() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.citus(), "tomcat_citus", true);
  }

  private static void runWorkloadAndStateChecks(TestDatabase database, String prefix, boolean citus)
      throws Exception {
    PoolWorkload.Schemas schemas = PoolWorkload.Schemas.create(database, prefix);
    DataSource pool = new DataSource(properties(schemas.work()));
    try {
      // the Tomcat pool resets no schema
      PoolWorkload.runThroughPool(pool, schemas, citus, pool::getActive,
          EnumSet.of(Reset.AUTO_COMMIT, Reset.TRANSACTION_ISOLATION, Reset.READ_ONLY), true);
      assertThat(pool.getCreatedCount()).as("connections made, none replaced after a failed validation")
          .isLessThanOrEqualTo(PoolWorkload.POOL_SIZE);
    } finally {
      pool.close();
    }
  }

  private static PoolProperties properties(Schema schema) {
    PoolProperties properties = new PoolProperties();
    properties.setDriverClassName("io.citussafe.driver.CitusSafeDriver");
    properties.setUrl(schema.citusSafeUrl());
    properties.setMaxActive(PoolWorkload.POOL_SIZE);
    properties.setMaxIdle(PoolWorkload.POOL_SIZE);
    properties.setInitialSize(PoolWorkload.POOL_SIZE);
    properties.setMaxWait((int) TimeUnit.SECONDS.toMillis(PoolWorkload.TIMEOUT_SECONDS));
    properties.setTestOnBorrow(true);
    properties.setValidationQuery("SELECT 1");
    properties.setValidationQueryTimeout(5);
    // validate on every borrow, not once per 3 s
    properties.setValidationInterval(0);
    properties.setDefaultAutoCommit(true);
    properties.setRollbackOnReturn(true);
    properties.setDefaultReadOnly(false);
    properties.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    properties.setJdbcInterceptors("org.apache.tomcat.jdbc.pool.interceptor.ConnectionState;"
        + "org.apache.tomcat.jdbc.pool.interceptor.StatementCache(prepared=true,callable=false,max=256)");
    properties.setJmxEnabled(false);
    return properties;
  }
}
