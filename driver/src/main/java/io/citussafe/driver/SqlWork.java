package io.citussafe.driver;

import java.sql.SQLException;

/** A piece of work on the connection, run inside a transaction or a retry by whoever takes it. */
@FunctionalInterface
interface SqlWork {
  void run() throws SQLException;
}
