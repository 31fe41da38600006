package io.citussafe.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog queries the driver runs. All read-only, all readable by a table owner without
 * superuser; names are passed as parameters and resolved by {@code to_regclass}, so the server
 * applies the search_path and quoting rules exactly as for the user's own statement.
 */
final class CitusMetadata {

  private static final String CITUS_INSTALLED =
      "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'";

  private static final String TABLE_INFO =
      "SELECT c.oid IS NOT NULL, p.partmethod, p.repmodel,"
          + " CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END,"
          + " CASE WHEN c.oid IS NOT NULL THEN pg_catalog.pg_relation_size(c.oid) ELSE 0 END,"
          // the effective schema list, $user and pg_temp resolved: the same text can mean
          // different schemas for different users
          + " pg_catalog.current_schemas(true)::text"
          + " FROM (SELECT pg_catalog.to_regclass(?) AS oid) c"
          + " LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid";

  /** Plain local tables (not known to Citus) with a foreign key to the table. */
  private static final String LOCAL_REFERENCING_TABLES =
      "SELECT con.conrelid::pg_catalog.regclass::text, con.conname,"
          + " pg_catalog.pg_get_constraintdef(con.oid)"
          + " FROM pg_catalog.pg_constraint con"
          + " WHERE con.contype = 'f' AND con.confrelid = pg_catalog.to_regclass(?)"
          + " AND con.conrelid <> con.confrelid"
          + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = con.conrelid)"
          + " ORDER BY 1";

  private static final String VOLATILITY =
      "SELECT proname::text, max(provolatile::text) FROM pg_catalog.pg_proc"
          + " WHERE proname = ANY (?::text[]) GROUP BY proname";

  /** The primary key, else the narrowest unique index over NOT NULL columns without predicate. */
  private static final String ROW_KEY =
      "SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_catalog.pg_index i"
          + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " WHERE i.indrelid = pg_catalog.to_regclass(?) AND i.indisunique AND i.indisvalid"
          + " AND i.indpred IS NULL AND i.indexprs IS NULL"
          + " GROUP BY i.indexrelid, i.indisprimary HAVING bool_and(a.attnotnull)"
          + " ORDER BY i.indisprimary DESC, count(*), i.indexrelid LIMIT 1";

  /**
   * Column types without modifiers, for casts in rewrites: an explicit cast to {@code varchar(3)}
   * would truncate where the assignment fails. {@code character} and {@code bit} without length
   * mean length 1, so they become {@code bpchar} and {@code varbit}, which the assignment then
   * checks against the column's length.
   */
  private static final String COLUMN_TYPES =
      "SELECT a.attname::text, CASE t.typname WHEN 'bpchar' THEN 'bpchar' WHEN '_bpchar' THEN 'bpchar[]'"
          + " WHEN 'bit' THEN 'varbit' WHEN '_bit' THEN 'varbit[]'"
          + " ELSE pg_catalog.format_type(a.atttypid, NULL) END"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          + " WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";

  private static final String SHARD_COUNT =
      "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = pg_catalog.to_regclass(?)";

  private CitusMetadata() {
  }

  /** {@code pg_proc.provolatile} by function name: the most volatile of its overloads. */
  static Map<String, Character> volatilities(Connection connection, Collection<String> names)
      throws SQLException {
    Map<String, Character> found = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(VOLATILITY)) {
      statement.setArray(1, connection.createArrayOf("text", names.toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          // 'v' > 's' > 'i', so max() is the most volatile overload
          found.put(rs.getString(1), rs.getString(2).charAt(0));
        }
      }
    }
    return found;
  }

  /** Row key, column types and shard count of a table, for rewriting DML on it. */
  static DmlTable dmlTable(Connection connection, String name) throws SQLException {
    List<String> key = List.of();
    try (PreparedStatement statement = connection.prepareStatement(ROW_KEY)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        if (rs.next()) {
          key = List.of((String[]) rs.getArray(1).getArray());
        }
      }
    }
    Map<String, String> types = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMN_TYPES)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    long shards;
    try (PreparedStatement statement = connection.prepareStatement(SHARD_COUNT)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        shards = rs.getLong(1);
      }
    }
    return new DmlTable(key, Map.copyOf(types), Math.max(1, shards));
  }

  static boolean isCitusInstalled(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(CITUS_INSTALLED)) {
      return rs.next();
    }
  }

  /** Reads a table's metadata; the second element of the answer is the session's search_path. */
  static TableInfo tableInfo(Connection connection, String name, String[] searchPathOut)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(TABLE_INFO)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        String partMethod = rs.getString(2);
        String repModel = rs.getString(3);
        searchPathOut[0] = rs.getString(6);
        return new TableInfo(name, rs.getBoolean(1),
            partMethod == null ? 0 : partMethod.charAt(0),
            repModel == null ? 0 : repModel.charAt(0),
            rs.getString(4), rs.getLong(5));
      }
    }
  }

  /** A foreign key of a plain local table: the table, the constraint's name and definition. */
  record ForeignKey(String table, String name, String definition) {
  }

  /** The foreign keys of plain local tables that reference {@code name}. */
  static List<ForeignKey> localReferencingTables(Connection connection, String name) throws SQLException {
    List<ForeignKey> found = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(LOCAL_REFERENCING_TABLES)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return found;
  }

  /** Removes a distributed table's stale coordinator rows; the shards are not touched. */
  static void truncateLocalData(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT truncate_local_data_after_distributing_table(pg_catalog.to_regclass(?))")) {
      statement.setString(1, name);
      statement.execute();
    }
  }
}
