package org.flywaydb;

import java.sql.Connection;
import java.sql.Statement;

/**
 * A migration run as the driver sees Flyway's: the tool's package on the call stack and its
 * advisory lock taken (key 77431708279161 plus the hash of the history table's quoted name), for
 * tests of what migration connections get without a full Flyway run.
 */
public final class MigrationToolStandIn {

  /** The key Flyway 13 takes for {@code "public"."flyway_schema_history"}. */
  public static final long LOCK_KEY = 77_431_708_279_161L + "\"public\".\"flyway_schema_history\"".hashCode();

  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private MigrationToolStandIn() {
  }

  /** Runs {@code work} as the tool would, after taking the tool's lock on {@code connection}. */
  public static void migrate(Connection connection, Work work) throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")");
    }
    work.run();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
    }
  }

  /** Runs {@code work} with the tool on the call stack but without its lock, as Flyway's info or validate. */
  public static void read(Work work) throws Exception {
    work.run();
  }
}
