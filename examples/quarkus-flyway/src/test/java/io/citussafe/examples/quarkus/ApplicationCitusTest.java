package io.citussafe.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.citussafe.tests.support.RequiresCitus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The same start on the Citus cluster of the harness, when it finds one (skipped otherwise, before
 * Quarkus starts). Through plain pgjdbc V5 fails here: the coordinator still holds the rows V2
 * copied into the shards.
 */
@QuarkusTest
@WithTestResource(CitusResource.class)
@RequiresCitus
class ApplicationCitusTest {

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
  void startup_runsFlywayMigrationsThroughCitusSafe_citus() throws SQLException {
    MigratedApplication.assertStartedAndMigrated(dataSource, flyway, statistics, url);
    MigratedApplication.assertMetered(dataSource, meters);
    try (Connection c = MigratedApplication.pgjdbcConnection(url); Statement s = c.createStatement()) {
      assertThat(MigratedApplication.string(s, "SELECT string_agg(logicalrelid::text || '=' || partmethod::text, ','"
          + " ORDER BY logicalrelid::text) FROM pg_dist_partition"
          + " WHERE logicalrelid IN ('orders'::regclass, 'tenants'::regclass)"))
          .isEqualTo("orders=h,tenants=h");
      // The coordinator's own heaps are empty: the copies V2 left there are gone, the rows live in
      // the shards (the counts above were read from them).
      assertThat(MigratedApplication.string(s,
          "SELECT pg_relation_size('orders'::regclass) + pg_relation_size('tenants'::regclass)")).isEqualTo("0");
    }
  }
}
