package io.citussafe.examples.quarkus;

import io.citussafe.tests.support.Schema;
import java.sql.SQLException;
import java.util.Map;

/** The datasource settings that send the application to a schema of the test harness. */
final class HarnessSchemas {

  /** Makes a schema; {@link SQLException} is checked, so a plain supplier will not do. */
  @FunctionalInterface
  interface SchemaMaker {
    Schema make() throws SQLException;
  }

  private HarnessSchemas() {}

  /**
   * Only the host part of the URL changes; the prefix, the driver class and Flyway's setup are those
   * of application.properties. The URL carries the password too; pgjdbc takes URL parameters over
   * the username and password Agroal passes.
   *
   * @throws IllegalStateException if the schema cannot be made
   */
  static Map<String, String> datasource(SchemaMaker maker) {
    Schema schema;
    try {
      schema = maker.make();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not make the test schema: " + e.getMessage(), e);
    }
    return Map.of(
        "quarkus.datasource.jdbc.url", schema.citusSafeUrl(),
        "quarkus.datasource.username", schema.user());
  }
}
