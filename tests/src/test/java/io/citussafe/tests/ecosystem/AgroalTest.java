package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import io.citussafe.tests.ecosystem.PooledConnectionState.Reset;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Agroal in front of citussafe, configured by the properties its {@link AgroalPropertiesReader}
 * documents: by {@code jdbcUrl} alone (the driver found through {@code DriverManager}) and with
 * {@code providerClassName} naming citussafe's DataSource. {@link PoolWorkload} with Flyway
 * migrating through the pool, then {@link PooledConnectionState} with {@code isValid} on every
 * borrow and Agroal's resets of what a borrower changed (auto-commit, isolation, read-only).
 * Agroal has no statement cache.
 */
class AgroalTest {

  private static final String DATA_SOURCE = "io.citussafe.driver.CitusSafeDataSource";

  @Test
  void pool_jdbcUrl_plainPostgres() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.plain(), "agroal_url", false, null);
  }

  @Test
  void pool_providerClassName_plainPostgres() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.plain(), "agroal_ds", false, DATA_SOURCE);
  }

  @Test
  @RequiresCitus
  void pool_jdbcUrl_citus() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.citus(), "agroal_url_citus", true, null);
  }

  @Test
  @RequiresCitus
  void pool_providerClassName_citus() throws Exception {
    runWorkloadAndStateChecks(PostgresServers.citus(), "agroal_ds_citus", true, DATA_SOURCE);
  }

  /** @param providerClassName the class Agroal gets connections from; null: {@code DriverManager} */
  private static void runWorkloadAndStateChecks(TestDatabase database, String prefix, boolean citus,
      String providerClassName) throws Exception {
    PoolWorkload.Schemas schemas = PoolWorkload.Schemas.create(database, prefix);
    try (AgroalDataSource pool = pool(schemas.work(), providerClassName)) {
      PoolWorkload.runThroughPool(pool, schemas, citus, () -> (int) pool.getMetrics().activeCount(),
          EnumSet.of(Reset.AUTO_COMMIT, Reset.TRANSACTION_ISOLATION, Reset.READ_ONLY), false);
      assertThat(pool.getMetrics().invalidCount()).as("connections that failed validation").isZero();
      assertThat(pool.getMetrics().creationCount()).isLessThanOrEqualTo(PoolWorkload.POOL_SIZE);
    }
  }

  private static AgroalDataSource pool(Schema schema, String providerClassName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty(AgroalPropertiesReader.JDBC_URL, schema.citusSafeUrl());
    if (providerClassName != null) {
      properties.setProperty(AgroalPropertiesReader.PROVIDER_CLASS_NAME, providerClassName);
    }
    properties.setProperty(AgroalPropertiesReader.MAX_SIZE, String.valueOf(PoolWorkload.POOL_SIZE));
    properties.setProperty(AgroalPropertiesReader.INITIAL_SIZE, String.valueOf(PoolWorkload.POOL_SIZE));
    properties.setProperty(AgroalPropertiesReader.ACQUISITION_TIMEOUT_S, String.valueOf(PoolWorkload.TIMEOUT_SECONDS));
    properties.setProperty(AgroalPropertiesReader.AUTO_COMMIT, "true");
    properties.setProperty(AgroalPropertiesReader.VALIDATE_ON_BORROW, "true");
    // isValid with a timeout of 5 s
    properties.setProperty(AgroalPropertiesReader.CONNECTION_VALIDATOR, "default5");
    properties.setProperty(AgroalPropertiesReader.VALIDATION_TIMEOUT_S, "5");
    properties.setProperty(AgroalPropertiesReader.METRICS_ENABLED, "true");
    return AgroalDataSource.from(new AgroalPropertiesReader().readProperties(properties).get());
  }
}
