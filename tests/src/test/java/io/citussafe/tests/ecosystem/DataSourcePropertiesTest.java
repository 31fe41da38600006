package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.driver.CitusSafeObjectFactory;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.Reference;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A pool configured with data-source properties exactly as pgjdbc's documentation and Spring
 * Boot's {@code spring.datasource.hikari.data-source-properties} show them, with
 * {@code io.citussafe.driver.CitusSafeDataSource} where {@code org.postgresql.ds.PGSimpleDataSource}
 * stood: nothing else changes, and the incident migration applies through the pool.
 */
class DataSourcePropertiesTest {

  @Test
  void hikari_dataSourceProperties_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("ds_props");
    migrateThroughPool(schema, false);
  }

  @Test
  @RequiresCitus
  void hikari_dataSourceProperties_citus() throws Exception {
    Schema schema = PostgresServers.citus().newAppUserSchema("ds_props_citus");
    migrateThroughPool(schema, true);
  }

  @Test
  void getConnectionWithUser_overridesTheUserProperty() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("ds_user");
    CitusSafeDataSource dataSource = fromProperties(schema);
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setUrl(PostgresServers.plain().pgjdbcUrl());

    try (Connection c = dataSource.getConnection(superuser.getUser(), superuser.getPassword())) {
      assertThat(Incident.string(c.createStatement(), "SELECT current_user")).isEqualTo(superuser.getUser());
      assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
    }
    try (Connection c = dataSource.getConnection()) {
      assertThat(Incident.string(c.createStatement(), "SELECT current_user")).isEqualTo(TestDatabase.APP_USER);
    }
  }

  @Test
  void jndiReference_looksUpADataSourceThatConnectsWithTheSameSettings() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("ds_jndi");
    CitusSafeDataSource bound = fromProperties(schema);
    bound.setFailOnMissingCitus("true");
    Reference reference = bound.getReference();

    CitusSafeDataSource looked = (CitusSafeDataSource) new CitusSafeObjectFactory()
        .getObjectInstance(reference, null, null, null);

    try (Connection c = looked.getConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT current_schema()")).isEqualTo(schema.name());
      assertThat(Incident.string(s, "SHOW application_name")).isEqualTo("orders-service");
      s.execute("CREATE TABLE looked_up (id int PRIMARY KEY)");
      // failOnMissingCitus came through the reference: on plain PostgreSQL the Citus call fails
      assertThatThrownBy(() -> s.execute("SELECT create_distributed_table('looked_up', 'id')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42883"));
    }
  }

  private static void migrateThroughPool(Schema schema, boolean citus) throws Exception {
    PGSimpleDataSource parts = parts(schema);
    HikariConfig config = new HikariConfig();
    config.setPoolName("citussafe-ds-properties");
    config.setMaximumPoolSize(4);
    config.setRegisterMbeans(false);
    config.setDataSourceClassName("io.citussafe.driver.CitusSafeDataSource");
    config.addDataSourceProperty("serverName", parts.getServerNames()[0]);
    config.addDataSourceProperty("portNumber", parts.getPortNumbers()[0]);
    config.addDataSourceProperty("databaseName", parts.getDatabaseName());
    config.addDataSourceProperty("user", parts.getUser());
    config.addDataSourceProperty("password", parts.getPassword());
    config.addDataSourceProperty("currentSchema", schema.name());
    config.addDataSourceProperty("applicationName", "orders-service");
    config.addDataSourceProperty("sslmode", "disable");

    try (HikariDataSource pool = new HikariDataSource(config)) {
      MigrateResult result = Flyway.configure().dataSource(pool).locations(Incident.FLYWAY_LOCATION).load().migrate();
      assertThat(result.migrationsExecuted).isEqualTo(Incident.MIGRATIONS);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        assertThat(Incident.string(s, "SHOW application_name")).isEqualTo("orders-service");
        assertThat(Incident.number(s, "SELECT count(*) FROM orders")).isEqualTo(Incident.ORDERS);
      }
    }
    Incident.assertMigrated(schema, citus);
  }

  /** A CitusSafeDataSource set up by bean properties alone, as a pool would. */
  private static CitusSafeDataSource fromProperties(Schema schema) {
    PGSimpleDataSource parts = parts(schema);
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setServerNames(parts.getServerNames());
    dataSource.setPortNumbers(parts.getPortNumbers());
    dataSource.setDatabaseName(parts.getDatabaseName());
    dataSource.setUser(parts.getUser());
    dataSource.setPassword(parts.getPassword());
    dataSource.setCurrentSchema(schema.name());
    dataSource.setApplicationName("orders-service");
    return dataSource;
  }

  /** The schema's URL read by pgjdbc's own data source: host, port, database, user and password. */
  private static PGSimpleDataSource parts(Schema schema) {
    PGSimpleDataSource parts = new PGSimpleDataSource();
    parts.setUrl(schema.pgjdbcUrl());
    return parts;
  }
}
