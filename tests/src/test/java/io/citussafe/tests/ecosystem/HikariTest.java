package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HikariCP 7 in front of citussafe, configured by {@code jdbcUrl} and by
 * {@code dataSourceClassName}, running {@link PoolWorkload} while Flyway migrates the incident set
 * on a connection of its own.
 */
class HikariTest {

  private static final int POOL_SIZE = PoolWorkload.POOL_SIZE;

  @Test
  void pool_jdbcUrl_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("hikari_url");
    Schema migrated = PostgresServers.plain().newAppUserSchema("hikari_url_flyway");

    runWorkloadDuringMigration(schema, jdbcUrlConfig(schema), migrated, false);
  }

  @Test
  void pool_dataSourceClassName_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("hikari_ds");
    Schema migrated = PostgresServers.plain().newAppUserSchema("hikari_ds_flyway");

    runWorkloadDuringMigration(schema, dataSourceClassNameConfig(schema), migrated, false);
  }

  @Test
  @RequiresCitus
  void pool_jdbcUrl_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("hikari_url_citus");
    Schema migrated = PostgresServers.citus().newAppUserSchema("hikari_url_citus_flyway");

    runWorkloadDuringMigration(schema, jdbcUrlConfig(schema), migrated, true);
  }

  @Test
  @RequiresCitus
  void pool_dataSourceClassName_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("hikari_ds_citus");
    Schema migrated = PostgresServers.citus().newAppUserSchema("hikari_ds_citus_flyway");

    runWorkloadDuringMigration(schema, dataSourceClassNameConfig(schema), migrated, true);
  }

  private static HikariConfig jdbcUrlConfig(Schema schema) {
    HikariConfig config = baseConfig("citussafe-url");
    config.setJdbcUrl(schema.citusSafeUrl());
    return config;
  }

  private static HikariConfig dataSourceClassNameConfig(Schema schema) {
    HikariConfig config = baseConfig("citussafe-ds");
    config.setDataSourceClassName("io.citussafe.driver.CitusSafeDataSource");
    config.addDataSourceProperty("url", schema.citusSafeUrl());
    return config;
  }

  private static HikariConfig baseConfig(String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(PoolWorkload.TIMEOUT_SECONDS));
    config.setRegisterMbeans(false);
    return config;
  }

  private static void runWorkloadDuringMigration(Schema schema, HikariConfig config, Schema migrated,
      boolean citus) throws Exception {
    try (HikariDataSource pool = new HikariDataSource(config)) {
      PoolWorkload.runDuringMigration(pool, schema, PoolWorkload.flywayByUrl(migrated), migrated, citus,
          () -> pool.getHikariPoolMXBean().getActiveConnections());
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(POOL_SIZE);
    }
  }
}
