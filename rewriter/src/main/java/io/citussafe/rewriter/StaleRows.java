package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;

/**
 * Removing a distributed table's stale coordinator rows, shared by the rules that need it (R1
 * after distributing, R2 before heap-scanning DDL). Citus refuses the truncate when a plain local
 * table has a foreign key to the table; that is checked first and explained with the fix.
 */
final class StaleRows {

  private StaleRows() {
  }

  /**
   * The statement that empties the coordinator heaps of {@code table} and its partitions; the
   * shards are not touched.
   */
  static Step truncate(String table) {
    return new Step.Run(truncateStatement(table));
  }

  static String truncateStatement(String table) {
    return "SELECT truncate_local_data_after_distributing_table(" + SqlText.quoteLiteral(table) + ")";
  }

  /** A refusal when plain local tables reference {@code table}; null when none does. */
  static Step refusal(String table, String sql, Facts facts) throws SQLException {
    List<ForeignKeyFacts> children = facts.localReferences(table);
    if (children.isEmpty()) {
      return null;
    }
    StringBuilder described = new StringBuilder();
    for (ForeignKeyFacts key : children) {
      described.append(described.length() == 0 ? "" : ", ").append(key.table()).append(" (constraint ")
          .append(key.name()).append(": ").append(key.definition()).append(')');
    }
    String child = children.get(0).table();
    return new Step.Fail("citussafe: " + table + " holds stale rows on the coordinator that "
        + "must be removed before this statement, but the plain local table " + described
        + " has a foreign key to it, and Citus refuses to truncate a table referenced by a local table"
        + " (Table \"" + child + "\" references \"" + table + "\"). Nothing was changed. Fix: "
        + "distribute the referencing table co-located with it (SELECT create_distributed_table('"
        + child + "', '<its column referencing " + table + ">', colocate_with => '" + table
        + "')), or make " + table + " a reference table (SELECT create_reference_table('" + table
        + "')), then run the statement again. Statement: " + sql, SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
  }
}
