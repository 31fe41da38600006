package io.citussafe.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.citussafe.driver.CitusSafeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** What both tests expect of the started application, on plain PostgreSQL and on Citus. */
final class MigratedApplication {

  private static final String CITUSSAFE_PREFIX = "jdbc:citussafe:";

  private MigratedApplication() {}

  /** The MeterBinder bean put citussafe's counts into Quarkus's registry: V2's two Citus calls rewritten. */
  static void assertMetered(AgroalDataSource dataSource, MeterRegistry meters) throws SQLException {
    String cluster;
    try (Connection connection = dataSource.getConnection()) {
      cluster = CitusSafeMetrics.of(connection).getCluster();
    }
    assertThat(meters.get("citussafe.statements").tags("cluster", cluster, "outcome", "rewritten", "rule", "Distribute")
        .functionCounter().count()).isGreaterThanOrEqualTo(2.0);
    assertThat(meters.get("citussafe.statements").tags("cluster", cluster, "outcome", "passed-through")
        .functionCounter().count()).isGreaterThan(0.0);
  }

  /**
   * Checks that Agroal connects through citussafe, that Flyway applied V1 to V9 at startup, that
   * the schema has what they make, and that the application's bean reads it through the pool.
   */
  static void assertStartedAndMigrated(AgroalDataSource dataSource, Flyway flyway, OrderStatistics statistics,
      String url) throws SQLException {
    assertThat(url).startsWith("jdbc:citussafe:postgresql://");
    assertThat(dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration()
        .connectionProviderClass().getName()).isEqualTo("io.citussafe.driver.CitusSafeDriver");
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.unwrap(Connection.class).getClass().getName()).startsWith("io.citussafe.driver.");
    }

    MigrationInfo[] applied = flyway.info().applied();
    assertThat(applied).extracting(m -> m.getVersion().getVersion())
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(applied).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);

    assertThat(statistics.ordersByRegion()).isEqualTo(Map.of("eu", 1000L));

    try (Connection c = pgjdbcConnection(url); Statement s = c.createStatement()) {
      // Flyway's own record, read past citussafe and Flyway.
      assertThat(string(s, "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
          + " FROM flyway_schema_history"))
          .isEqualTo("1:true,2:true,3:true,4:true,5:true,6:true,7:true,8:true,9:true");
      assertThat(string(s, "SELECT string_agg(column_name || '=' || is_nullable, ',' ORDER BY column_name)"
          + " FROM information_schema.columns WHERE table_schema = current_schema()"
          + " AND table_name = 'orders' AND column_name IN ('tenant_id', 'region', 'uid')"))
          .isEqualTo("region=NO,tenant_id=NO,uid=NO");
      assertThat(string(s, "SELECT pg_get_constraintdef(oid) || ' validated=' || convalidated FROM pg_constraint"
          + " WHERE conrelid = 'orders'::regclass AND conname = 'orders_amount_positive'"))
          .isEqualTo("CHECK ((amount > (0)::numeric)) validated=true");
      assertThat(string(s, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
          + " AND indexname = 'orders_tenant_region_idx'"))
          .endsWith("ON " + c.getSchema() + ".orders USING btree (tenant_id, region)");
      // V4's backfill reached every order without a tenant (every 7th); V8's gen_random_uuid()
      // gave each order a uid of its own.
      assertThat(string(s, "SELECT count(*) || ' ' || count(*) FILTER (WHERE tenant_id = 0)"
          + " || ' ' || count(DISTINCT uid) FROM orders")).isEqualTo("1000 142 1000");
    }

    // The constraints hold for the application's own writes, on every node that stores rows.
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO orders (id, tenant_id, region, amount, uid)"
          + " VALUES (1001, 1, 'eu', -1, '00000000-0000-0000-0000-000000000001')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO orders (id, tenant_id, region, amount, uid)"
          + " VALUES (1001, NULL, 'eu', 1, '00000000-0000-0000-0000-000000000001')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
    }
  }

  /**
   * A plain pgjdbc connection to the datasource's database and schema, bypassing citussafe, to look
   * at what the migrations left.
   *
   * @throws SQLException if the connection fails
   */
  static Connection pgjdbcConnection(String citusSafeUrl) throws SQLException {
    // pgjdbc's Driver directly: DriverManager would hand jdbc:postgresql: to pgjdbc too, but only
    // if the test's class loader sees its registration.
    return new org.postgresql.Driver().connect(
        "jdbc:" + citusSafeUrl.substring(CITUSSAFE_PREFIX.length()), new Properties());
  }

  static String string(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }
}
