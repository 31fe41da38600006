package io.citussafe.driver;

import io.citussafe.rewriter.DmlRewrite;
import io.citussafe.rewriter.DmlStatement;
import io.citussafe.rewriter.DmlStatement.FunctionUse;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before running it, whether Citus would reject a DML statement on a distributed or
 * reference table (DESIGN.md §3), from the functions' volatility and where they are used, and
 * how to run it instead. Deciding first matters: inside a transaction, trying the statement and
 * catching the error would abort the transaction.
 */
final class DmlPlanner {

  /** SQL value functions are not in pg_proc under these names; all are STABLE. */
  private static final Set<String> VALUE_FUNCTIONS =
      Set.of("current_timestamp", "current_date", "current_time", "localtimestamp", "localtime");

  private DmlPlanner() {
  }

  static DmlDecision decide(CitusSafeConnection connection, DmlStatement statement) throws SQLException {
    if (connection.settings.bulkUpdate() == Settings.BulkUpdate.OFF
        || !connection.cluster.isCitus(connection.delegate)) {
      return DmlDecision.asWritten(statement, null, false);
    }
    TableInfo table = connection.cluster.table(connection.delegate, statement.table(), connection);
    if (!table.isDistributed() && !table.isReference()) {
      return DmlDecision.asWritten(statement, null, false);
    }
    boolean hash = table.isDistributed();
    DmlTable dmlTable = connection.cluster.dmlTable(connection.delegate, statement.table(), connection);
    Set<String> names = new LinkedHashSet<>();
    for (FunctionUse use : statement.functionUses()) {
      if (!isStableByName(use.name())) {
        names.add(use.name());
      }
    }
    Map<String, Character> volatility = names.isEmpty() ? Map.of()
        : connection.cluster.volatilities(connection.delegate, names);
    String rule = citusRule(statement, volatility);
    if (rule == null) {
      return DmlDecision.asWritten(statement, dmlTable, hash);
    }
    if (statement.kind() == DmlStatement.Kind.UPSERT) {
      DmlRewrite rewrite = statement.upsertTimestampParameters();
      return rewrite.isRefused()
          ? refused(statement, dmlTable, rule, rewrite.refusal())
          : new DmlDecision(DmlDecision.Action.UPSERT_TIMESTAMPS, statement, rewrite.sql(),
              rewrite.appendedParameters(), dmlTable, hash, rule);
    }
    if (table.isDistributed() && statement.setColumns().contains(table.distributionColumn())) {
      return refused(statement, dmlTable, rule, "it assigns the distribution column "
          + table.distributionColumn() + ", which moves rows between shards");
    }
    if (dmlTable.rowKey().isEmpty()) {
      return refused(statement, dmlTable, rule, statement.table() + " has no primary key and no "
          + "unique key over NOT NULL columns to match each row with its new values; add one");
    }
    DmlRewrite rewrite = statement.atomicRewrite(dmlTable.rowKey(), dmlTable.columnTypes());
    return rewrite.isRefused()
        ? refused(statement, dmlTable, rule, rewrite.refusal())
        : new DmlDecision(DmlDecision.Action.ATOMIC, statement, rewrite.sql(), List.of(), dmlTable, hash, rule);
  }

  /** SQL value functions and date/time casts: STABLE, and not in pg_proc under these names. */
  private static boolean isStableByName(String name) {
    return VALUE_FUNCTIONS.contains(name) || name.startsWith(DmlStatement.CAST_PREFIX);
  }

  private static DmlDecision refused(DmlStatement statement, DmlTable table, String rule, String reason) {
    return new DmlDecision(DmlDecision.Action.REFUSED, statement, statement.sql(), List.of(), table, false,
        rule + "; citussafe cannot rewrite it faithfully because " + reason);
  }

  /**
   * The Citus rule (its own error text) that the statement breaks, or null when Citus accepts
   * it. Mirrors Citus 13's checks for modifications of distributed tables.
   */
  static String citusRule(DmlStatement statement, Map<String, Character> volatility) {
    for (FunctionUse use : statement.functionUses()) {
      char v = isStableByName(use.name()) ? 's' : volatility.getOrDefault(use.name(), 'v');
      switch (use.clause()) {
        case SET:
          // checked in the order Citus checks them, so the message matches its error
          if (v != 'i' && use.insideCaseOrCoalesce()) {
            return "non-IMMUTABLE functions are not allowed in CASE or COALESCE statements (" + use.name() + ")";
          }
          if (v == 'v') {
            return "functions used in UPDATE queries on distributed tables must not be VOLATILE ("
                + use.name() + ")";
          }
          if (v == 's' && use.argumentsReferenceColumn()) {
            return "STABLE functions used in UPDATE queries cannot be called with column references ("
                + use.name() + ")";
          }
          break;
        case WHERE:
          if (v == 'v') {
            return "functions used in the WHERE/ON/WHEN clause of modification queries on distributed "
                + "tables must not be VOLATILE (" + use.name() + ")";
          }
          if (v == 's' && use.argumentsReferenceColumn()) {
            return "STABLE functions used in the WHERE clause of modification queries cannot be called "
                + "with column references (" + use.name() + ")";
          }
          if (v != 'i' && use.insideCaseOrCoalesce()) {
            return "non-IMMUTABLE functions are not allowed in CASE or COALESCE statements (" + use.name() + ")";
          }
          break;
        case DO_UPDATE_SET:
        case DO_UPDATE_WHERE:
          if (v != 'i') {
            return "functions used in the DO UPDATE SET clause of INSERTs on distributed tables must be "
                + "marked IMMUTABLE (" + use.name() + ")";
          }
          break;
        default:
          break;
      }
    }
    return null;
  }
}
