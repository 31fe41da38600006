package io.citussafe.tests.differential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading rows as text, shared by the snapshot and the placement check. */
final class Queries {

  private Queries() {}

  /** Each row as {@code col=value|…}, sorted; empty when the query yields no rows. */
  static List<String> lines(Connection connection, String query) throws SQLException {
    return rows(connection, query, null, Set.of());
  }

  /**
   * The rows of a query as sorted text. Columns of {@code table} named in {@code volatileColumns}
   * (as {@code table.column}) show only whether they hold a value.
   */
  static List<String> rows(Connection connection, String query, String table, Set<String> volatileColumns)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      int count = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= count; i++) {
          String name = rs.getMetaData().getColumnName(i);
          String value = rs.getString(i);
          if (value != null && volatileColumns.contains(table + "." + name)) {
            value = "<a value>";
          }
          row.append(i > 1 ? " | " : "").append(value);
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  /** {@code "schema"."name"}. */
  static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
