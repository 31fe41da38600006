package io.citussafe.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.driver.CitusSafeMetrics;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the application against the embedded PostgreSQL of citussafe's test harness. Only the
 * host part of {@code spring.datasource.url} changes; the prefix, the driver class and Flyway's
 * setup are those of application.properties.
 */
@SpringBootTest
class ApplicationTest {

  private static Schema schema;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    schema = PostgresServers.plain().newAppUserSchema("spring_boot");
    useSchema(registry, schema);
  }

  @Autowired
  private DataSource dataSource;

  @Autowired
  private Flyway flyway;

  @Autowired
  private OrderStatistics statistics;

  @Autowired
  private MeterRegistry meters;

  @Test
  void startup_runsFlywayMigrationsThroughCitusSafe() throws SQLException {
    assertStartedAndMigrated(dataSource, flyway, statistics, schema);
    assertMetered(dataSource, meters);
  }

  /** The application's MeterBinder bean put citussafe's counts into Boot's registry: V2's two calls rewritten. */
  static void assertMetered(DataSource dataSource, MeterRegistry meters) throws SQLException {
    String cluster;
    try (Connection connection = dataSource.getConnection()) {
      cluster = CitusSafeMetrics.of(connection).getCluster();
    }
    assertThat(meters.get("citussafe.statements").tags("cluster", cluster, "outcome", "rewritten", "rule", "Distribute")
        .functionCounter().count()).isGreaterThanOrEqualTo(2.0);
    assertThat(meters.get("citussafe.statements").tags("cluster", cluster, "outcome", "passed-through")
        .functionCounter().count()).isGreaterThan(0.0);
    assertThat(meters.get("citussafe.plans.cached").tags("cluster", cluster).gauge().value()).isGreaterThanOrEqualTo(0.0);
  }

  static void useSchema(DynamicPropertyRegistry registry, Schema schema) {
    registry.add("spring.datasource.url", schema::citusSafeUrl);
    // The URL carries the password too; pgjdbc takes URL parameters over these.
    registry.add("spring.datasource.username", schema::user);
  }

  static void assertStartedAndMigrated(DataSource dataSource, Flyway flyway, OrderStatistics statistics,
      Schema schema) throws SQLException {
    assertThat(dataSource.unwrap(HikariDataSource.class).getDriverClassName())
        .isEqualTo("io.citussafe.driver.CitusSafeDriver");
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.unwrap(Connection.class).getClass().getName()).startsWith("io.citussafe.driver.");
    }
    assertThat(flyway.info().applied()).hasSize(9);
    assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("9");

    assertThat(statistics.ordersByRegion()).isEqualTo(Map.of("eu", 1000L));
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT string_agg(column_name || '=' || is_nullable, ',' ORDER BY column_name)"
          + " FROM information_schema.columns WHERE table_schema = current_schema()"
          + " AND table_name = 'orders' AND column_name IN ('tenant_id', 'region', 'uid')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("region=NO,tenant_id=NO,uid=NO");
      }
      // V8's gen_random_uuid() backfill: one distinct uid per order, no order lost.
      try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT uid) FROM orders")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1000);
        assertThat(rs.getLong(2)).isEqualTo(1000);
      }
    }
  }
}
