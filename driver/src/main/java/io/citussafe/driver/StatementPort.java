package io.citussafe.driver;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What the {@link PlanExecutor} needs of the user's statement, so that it depends on no wrapper
 * class: run the user's JDBC call, substitute results, report, and read bound values.
 */
interface StatementPort extends RewriteLog.Reporter {

  /**
   * Runs the JDBC call the user made (execute, executeQuery, executeUpdate, executeBatch…) with
   * {@code sql}; its results are the caller's. A prepared statement runs its prepared text,
   * preparing {@code sql} instead first when it differs, with the user's parameters bound through
   * {@code parameterMap} (null: one to one).
   */
  void runUser(String sql, int[] parameterMap) throws SQLException;

  /** This execution's results come from {@code substitute} (closed with the statement). */
  void substituteResults(Statement substitute) throws SQLException;

  /** This execution's result is an update count the driver computed, and no result set. */
  void substituteCount(long count);

  /**
   * The user's bound values 1..{@code count} as SQL literals, or null when one is unset or of a
   * kind that cannot be written as a literal; an empty list for a plain statement.
   */
  List<String> literals(int count);

  /** A prepared statement: its parameters are bound, not written into the text. */
  boolean isPrepared();

  /** The user's call is a JDBC batch (its entries' values are not ours to see). */
  boolean isBatch();

  /**
   * A prepared upsert: prepares {@code sql} (as {@link #runUser} does) and binds the values of the
   * timestamp parameters appended after the user's, from placeholder {@code first} on.
   */
  void bindAppended(String sql, int[] parameterMap, int first, List<String> values) throws SQLException;
}
