package io.citussafe.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same start on the Citus cluster of the harness, when it finds one (skipped otherwise). */
@SpringBootTest
@RequiresCitus
class ApplicationCitusTest {

  private static Schema schema;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    schema = PostgresServers.citus().newAppUserSchema("spring_boot_citus");
    ApplicationTest.useSchema(registry, schema);
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
  void startup_runsFlywayMigrationsThroughCitusSafe_citus() throws SQLException {
    ApplicationTest.assertStartedAndMigrated(dataSource, flyway, statistics, schema);
    ApplicationTest.assertMetered(dataSource, meters);
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_dist_partition"
            + " WHERE logicalrelid IN ('orders'::regclass, 'tenants'::regclass) AND partmethod = 'h'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(2);
    }
  }
}
