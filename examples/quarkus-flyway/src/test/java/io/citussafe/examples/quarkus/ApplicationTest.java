package io.citussafe.examples.quarkus;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Starts the application against the embedded PostgreSQL of citussafe's test harness: Flyway
 * migrates at startup through jdbc:citussafe:, as configured in application.properties.
 */
@QuarkusTest
@WithTestResource(PlainPostgresResource.class)
class ApplicationTest {

  @Inject
  AgroalDataSource dataSource;

  @Inject
  Flyway flyway;

  @Inject
  OrderStatistics statistics;

  @Inject
  MeterRegistry meters;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @Test
  void startup_runsFlywayMigrationsThroughCitusSafe() throws SQLException {
    MigratedApplication.assertStartedAndMigrated(dataSource, flyway, statistics, url);
    MigratedApplication.assertMetered(dataSource, meters);
  }
}
