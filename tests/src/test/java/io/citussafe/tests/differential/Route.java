package io.citussafe.tests.differential;

import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A way to run a migration: a server, and the driver the migration goes through.
 *
 * @param name how reports name it
 * @param database the server
 * @param citusSafe the migration goes through {@code jdbc:citussafe:postgresql:}, else plain pgjdbc
 * @param citus the server is a Citus coordinator: the Citus-only setup runs and placements are checked
 */
record Route(String name, TestDatabase database, boolean citusSafe, boolean citus) {

  static Route oracle(TestDatabase plain) {
    return new Route("pgjdbc on PostgreSQL", plain, false, false);
  }

  static Route citusSafeOnPlain(TestDatabase plain) {
    return new Route("citussafe on PostgreSQL", plain, true, false);
  }

  static Route citusSafeOnCitus(TestDatabase citus) {
    return new Route("citussafe on Citus", citus, true, true);
  }

  Connection migrationConnection(Schema schema, Scenario scenario) throws SQLException {
    if (!citusSafe) {
      return schema.pgjdbcConnection();
    }
    String policy = citus && scenario.newTablesReference() ? "&citussafe.newTables=reference" : "";
    // The tester is a hand-written migration runner, not Flyway or Liquibase, whose lock would
    // mark the transaction as a migration's: the README's setting for such runners.
    String runner = scenario.inTransaction() ? "&citussafe.sequentialTransactions=always" : "";
    return DriverManager.getConnection(schema.citusSafeUrl() + policy + runner);
  }
}
