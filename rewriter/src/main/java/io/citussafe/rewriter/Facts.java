package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a rule may ask of the database and the session. The driver implements it over its
 * metadata cache; rule tests implement it with fixed answers, so rules need no database. Table
 * names are passed as the statement wrote them (regclass syntax) and resolved by the server with
 * the session's search_path.
 */
public interface Facts {

  /** The database has the citus extension. */
  boolean isCitus() throws SQLException;

  /** The session is inside a transaction block (autocommit off, or after BEGIN). */
  boolean inTransaction() throws SQLException;

  /** The table as the metadata cache knows it; may be up to {@code metadataTtl} old. */
  TableFacts table(String name) throws SQLException;

  /** The table as it is now, read from the catalog (for DDL, which is rare and must not act on old facts). */
  TableFacts tableNow(String name) throws SQLException;

  /** Row key, column types and shards of a table, from the metadata cache. */
  ColumnFacts columns(String name) throws SQLException;

  /** Volatility of each named function (the most volatile overload); unknown names are volatile. */
  Map<String, Volatility> volatility(Set<String> functionNames) throws SQLException;

  /**
   * The table's rows as the planner estimates them: for a distributed or reference table the sum
   * over its shards (a round trip to the workers), else the coordinator's own estimate; a relation
   * never analysed counts one row per 100 bytes of heap, a shard never analysed its statistics' live
   * rows; -1 when unknown.
   */
  long estimatedRows(String table) throws SQLException;

  /** The table has at least one row (asked only of tables without a row key, before filling a new column). */
  boolean hasRows(String table) throws SQLException;

  /** A constraint of the table by its stored name, or null when it has none of that name. */
  ConstraintFacts constraint(String table, String name) throws SQLException;

  /**
   * A constraint of that stored name exists in the table's schema, on any table: PostgreSQL chooses
   * a constraint's default name unique per schema.
   */
  boolean constraintNameTaken(String table, String name) throws SQLException;

  /** The object (a sequence, say) is one Citus propagates to the workers ({@code pg_dist_object}). */
  boolean isDistributedObject(String name) throws SQLException;

  /** Foreign keys of plain local tables (unknown to Citus) that reference the table or its partitions. */
  List<ForeignKeyFacts> localReferences(String table) throws SQLException;

  /**
   * Every foreign key between the table and another table (or itself), in both directions, with
   * the kind of the table at the other end. Default: none known.
   */
  default List<ForeignKeyLink> foreignKeyLinks(String table) throws SQLException {
    return List.of();
  }

  /**
   * The table's columns and unique keys as they are now, or null when the table does not exist
   * (or the answer is not known). Asked only for DDL.
   */
  default TableKeys keys(String table) throws SQLException {
    return null;
  }

  /** The column of the table as it is now, or null when either does not exist or it is unknown (the default). */
  default ColumnState column(String table, String column) throws SQLException {
    return null;
  }

  /** The comment on the table's row type, where the newTables policy leaves its mark; null when none. */
  default String rowTypeComment(String table) throws SQLException {
    return null;
  }

  /** A trigger function by its name as written (it takes no arguments), or null when there is none. */
  default FunctionFacts triggerFunction(String name) throws SQLException {
    return null;
  }

  /** A relation named {@code name} (as stored) exists in the schema of {@code table}. */
  default boolean relationBeside(String table, String name) throws SQLException {
    return false;
  }

  /**
   * A table of the schema {@code schema} (as written, quotes kept; empty for the session's current
   * schema, where an unqualified new table goes) is distributed by the column {@code column} (as
   * stored). Default: none known.
   */
  default boolean distributedIn(String schema, String column) throws SQLException {
    return false;
  }

  /**
   * The schema in which the session's search_path finds the operator class {@code name} (as stored)
   * of the access method, or null when it finds none.
   */
  default String operatorClassSchema(String name, String accessMethod) throws SQLException {
    return null;
  }
  /**
   * The session's current value of each named setting ({@code current_setting}), by the name as
   * asked; a setting the answer leaves out is unknown. Default: none known.
   */
  default Map<String, String> settings(List<String> names) throws SQLException {
    return Map.of();
  }

  /**
   * The names (as stored) of the table's own triggers, the ones {@code DISABLE TRIGGER USER} acts
   * on (not the internal triggers of foreign keys or of Citus); null when unknown (the default).
   */
  default List<String> triggers(String table) throws SQLException {
    return null;
  }

  /**
   * The enabled user triggers of the table and of its partitions, with the statements that switch
   * them off and on again; {@link TriggerSwitches#NONE} when it has none or they are unknown (the default).
   */
  default TriggerSwitches enabledTriggers(String table) throws SQLException {
    return TriggerSwitches.NONE;
  }

  /**
   * The statements that set the comments of the table and its columns as they are now
   * ({@code COMMENT ON TABLE …}, {@code COMMENT ON COLUMN …}); empty when it has none or they are unknown
   * (the default).
   */
  default List<String> commentStatements(String table) throws SQLException {
    return List.of();
  }
}
