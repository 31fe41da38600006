package io.citussafe.cli;

import io.citussafe.rewriter.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference tables whose placements hold different rows. Every placement should hold the same rows;
 * a trigger run with {@code citus.enable_unsafe_triggers}, a volatile default added to a table with
 * rows, or a write on a worker's shard table makes them differ without an error.
 *
 * <p>A table with a key is read in slices of {@value #SLICE_ROWS} rows, by key range: each slice is
 * one short query per placement (an index scan), so no placement holds a lock for long and a table
 * of any size is read in bounded memory. Each placement answers a slice with its row count and the
 * md5 of its rows' md5s in key order; placements are compared pairwise by those answers. A table
 * without a key has no order to slice or sort by: it is read in one pass, and the checksum is the
 * sum of a 60-bit hash of each row, which does not depend on the order rows are read in.
 */
final class ReferenceCheck {

  static final int SLICE_ROWS = 100_000;

  /** Reference tables, each with the columns and types of its primary key, else of a unique key over NOT NULL columns. */
  private static final String TABLES = "SELECT " + CatalogSql.qualified("p.logicalrelid") + ","
      + " ARRAY(SELECT pg_catalog.quote_ident(a.attname) FROM unnest(k.indkey::int2[]) WITH ORDINALITY u(attnum, n)"
      + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = p.logicalrelid AND a.attnum = u.attnum ORDER BY u.n),"
      + " ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM unnest(k.indkey::int2[]) WITH ORDINALITY"
      + "   u(attnum, n) JOIN pg_catalog.pg_attribute a ON a.attrelid = p.logicalrelid AND a.attnum = u.attnum ORDER BY u.n)"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " LEFT JOIN LATERAL (SELECT i.indkey FROM pg_catalog.pg_index i WHERE i.indrelid = p.logicalrelid"
      + "   AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL"
      + "   AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) u(attnum) JOIN pg_catalog.pg_attribute a"
      + "     ON a.attrelid = i.indrelid AND a.attnum = u.attnum WHERE NOT a.attnotnull)"
      + "   ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1) k ON true"
      + " WHERE p.partmethod = 'n' AND p.repmodel = 't' AND NOT c.relispartition"
      + CatalogSql.inSchemas("c.relnamespace") + " ORDER BY 1";

  /** A table's key: quoted column names and their types; empty for a table without one. */
  private record Key(List<String> columns, List<String> types) {

    String list() {
      return String.join(", ", columns);
    }

    /** {@code (a, b)} or {@code a}: what a range compares. */
    String row() {
      return columns.size() == 1 ? columns.get(0) : "(" + list() + ")";
    }

    String literal(String[] values) {
      List<String> typed = new ArrayList<>();
      for (int k = 0; k < values.length; k++) {
        typed.add(SqlText.quoteLiteral(values[k]) + "::" + types.get(k));
      }
      return typed.size() == 1 ? typed.get(0) : "(" + String.join(", ", typed) + ")";
    }
  }

  private ReferenceCheck() {
  }

  static List<ClusterFinding> findings(Connection c, List<String> schemas, Progress progress) throws SQLException {
    Map<String, Key> tables = new LinkedHashMap<>();
    try (PreparedStatement s = CatalogSql.filtered(c, TABLES, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tables.put(rs.getString(1), new Key(Arrays.asList((String[]) rs.getArray(2).getArray()),
            Arrays.asList((String[]) rs.getArray(3).getArray())));
      }
    }
    List<ClusterFinding> out = new ArrayList<>();
    int done = 0;
    for (Map.Entry<String, Key> table : tables.entrySet()) {
      ClusterFinding f = compare(c, table.getKey(), table.getValue(), progress, done++, tables.size());
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Reads the table slice by slice on every placement; a finding when they differ or one cannot be read. */
  private static ClusterFinding compare(Connection c, String table, Key key, Progress progress, int done, int total)
      throws SQLException {
    PlacementComparison comparison = new PlacementComparison();
    String lower = null;
    int slice = 0;
    do {
      progress.detail(done, total, "reference table " + table + (key.columns().isEmpty() ? "" : ", slice " + (slice + 1)));
      String upper = key.columns().isEmpty() ? null : upperBound(c, table, key, lower);
      String range = range(key, lower, upper);
      List<Placements.Answer> answers = Placements.read(c, table, checksum(key, range));
      comparison.add(answers, range);
      if (comparison.unreadable() != null) {
        break;
      }
      lower = upper;
      slice++;
    } while (lower != null);
    return comparison.finding(table, key.columns());
  }

  /** The key of the last row of the slice after {@code lower}, as a typed literal; null when that slice is the last. */
  private static String upperBound(Connection c, String table, Key key, String lower) throws SQLException {
    // ORDER BY names the table's columns: a bare name would sort by the text output column of that name
    String sql = "SELECT " + String.join(", ", key.columns().stream().map(k -> "t." + k + "::text").toList())
        + " FROM " + table + " t" + (lower == null ? "" : " WHERE " + key.row() + " > " + lower)
        + " ORDER BY " + String.join(", ", key.columns().stream().map(k -> "t." + k).toList())
        + " OFFSET " + (SLICE_ROWS - 1) + " LIMIT 1";
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      String[] values = new String[key.columns().size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = rs.getString(k + 1);
      }
      return key.literal(values);
    }
  }

  private static String range(Key key, String lower, String upper) {
    String from = lower == null ? null : key.row() + " > " + lower;
    String to = upper == null ? null : key.row() + " <= " + upper;
    return from == null ? (to == null ? "" : to) : to == null ? from : from + " AND " + to;
  }

  private static String checksum(Key key, String range) {
    String where = " FROM " + Placements.TABLE + " t WHERE " + Placements.SAME_SETTINGS
        + (range.isEmpty() ? "" : " AND " + range);
    return key.columns().isEmpty()
        ? "SELECT count(*) || ' ' || COALESCE(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)" + where
        : "SELECT count(*) || ' ' || COALESCE(md5(string_agg(md5(t::text), '' ORDER BY " + key.list() + ")), '-')" + where;
  }
}
