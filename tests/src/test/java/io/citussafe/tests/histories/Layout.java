package io.citussafe.tests.histories;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a team adopting Citus converts the tables a history has made so far, as it would by hand
 * through pgjdbc: the foreign keys among them dropped first (Citus turns a local table that
 * references a new reference table into a Citus-local table, which it then cannot distribute when it
 * has an identity column), each table converted by its own statement, referenced tables first, the
 * copied local rows removed, the foreign keys re-added.
 */
enum Layout {

  /** Every table a reference table (one with triggers, or partitioned, a Citus-local table). */
  REFERENCE,

  /**
   * The tables no foreign key references, whose primary key is one column every unique index holds,
   * distributed by that column; every other table a reference table. (citussafe has no setting for
   * this: newTables knows local and reference only.)
   */
  LARGE_DISTRIBUTED;

  /**
   * Converts the schema's tables, except the tool's own, and says what it did.
   *
   * @throws SQLException if a conversion fails: the layout cannot be made
   */
  String apply(Connection connection, String schema, Predicate<String> toolTable) throws SQLException {
    List<String> tables = new ArrayList<>();
    for (String[] row : Catalog.rows(connection, Catalog.in(Catalog.TABLES, schema))) {
      if (!toolTable.test(row[0])) {
        tables.add(row[0]);
      }
    }
    Map<String, String> distributed = new HashMap<>();
    if (this == LARGE_DISTRIBUTED) {
      Set<String> referenced = new HashSet<>();
      for (String[] fk : Catalog.rows(connection, Catalog.in(Catalog.FOREIGN_KEYS, schema))) {
        referenced.add(fk[1]);
      }
      for (String[] row : Catalog.rows(connection, Catalog.in(Catalog.DISTRIBUTABLE, schema))) {
        if (tables.contains(row[0]) && !referenced.contains(row[0])) {
          distributed.put(row[0], row[1]);
        }
      }
    }
    List<String> statements = new ArrayList<>();
    List<String> readd = new ArrayList<>();
    for (String[] fk : Catalog.rows(connection, Catalog.in(Catalog.FOREIGN_KEY_DEFINITIONS, schema))) {
      String table = Catalog.quote(schema) + "." + Catalog.quote(fk[0]);
      statements.add("ALTER TABLE " + table + " DROP CONSTRAINT " + Catalog.quote(fk[1]));
      readd.add("ALTER TABLE " + table + " ADD CONSTRAINT " + Catalog.quote(fk[1]) + " " + fk[2]);
    }
    // Citus makes a reference table of neither a table with triggers nor a partitioned table; as a
    // Citus-local table a trigger fires once, and foreign keys with reference tables keep working
    Set<String> local = new HashSet<>();
    Catalog.rows(connection, Catalog.in(Catalog.CITUS_LOCAL, schema)).forEach(row -> local.add(row[0]));
    local.retainAll(tables);
    distributed.keySet().removeAll(local);
    for (String table : tables) {
      String name = literal(Catalog.quote(schema) + "." + Catalog.quote(table));
      statements.add(local.contains(table) ? "SELECT citus_add_local_table_to_metadata(" + name + ")"
          : distributed.containsKey(table)
          ? "SELECT create_distributed_table(" + name + ", " + literal(distributed.get(table)) + ")"
          : "SELECT create_reference_table(" + name + ")");
    }
    for (String table : tables) {
      if (!local.contains(table)) {
        statements.add("SELECT truncate_local_data_after_distributing_table("
            + literal(Catalog.quote(schema) + "." + Catalog.quote(table)) + ")");
      }
    }
    statements.addAll(readd);
    try (Statement s = connection.createStatement()) {
      for (String sql : statements) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
    }
    return "made " + distributed.size() + " distributed " + distributed.keySet().stream().sorted().toList() + ", "
        + local.size() + " Citus-local (triggers, partitioned), the other " + (tables.size() - distributed.size()
        - local.size()) + " reference";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
