package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code check} reads from a live cluster: read-only listings over every Citus table that a
 * table owner without superuser can run. The driver's catalog queries answer for the one table a
 * statement names, while it runs, through {@code to_regclass} and the session's search_path; these
 * list the whole cluster with schema-qualified names, so they are queries of their own.
 */
final class ClusterCatalog {

  /** The bytes in the heaps of {@code relid} and its partitions (pg_partition_tree is empty for a plain table). */
  private static String treeBytes(String relid) {
    return "(SELECT COALESCE(sum(pg_catalog.pg_relation_size(t.relid)), 0) FROM (SELECT " + relid + " AS relid"
        + " UNION SELECT relid FROM pg_catalog.pg_partition_tree(" + relid + ")) t)::bigint";
  }

  private static final String FACTS = "SELECT current_user, current_database(), current_setting('server_version'),"
      + " (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'citus')";

  /** Distributed and reference tables (partition roots) whose coordinator heaps hold bytes. */
  private static final String STALE = "SELECT " + CatalogSql.qualified("p.logicalrelid") + ", " + CatalogSql.KIND + ", "
      + treeBytes("p.logicalrelid") + " AS bytes"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " WHERE " + CatalogSql.SHARDED + " AND NOT c.relispartition" + CatalogSql.inSchemas("c.relnamespace")
      + " ORDER BY bytes DESC, 1";

  /** Plain local tables (unknown to Citus) with a foreign key to a distributed or reference table. */
  private static final String LOCAL_FOREIGN_KEYS = "SELECT " + CatalogSql.qualified("con.conrelid") + ", con.conname::text,"
      + " pg_catalog.pg_get_constraintdef(con.oid), " + CatalogSql.qualified("p.logicalrelid") + ", " + CatalogSql.KIND + ","
      + " (SELECT ca.attname::text FROM unnest(con.conkey, con.confkey) AS k(c, f)"
      + "    JOIN pg_catalog.pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.c"
      + "    JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.f"
      + "   WHERE p.partmethod = 'h' AND fa.attname = column_to_column_name(p.logicalrelid, p.partkey) LIMIT 1),"
      + " ARRAY(SELECT pg_catalog.quote_ident(ca.attname) FROM unnest(con.conkey) WITH ORDINALITY k(c, n)"
      + "   JOIN pg_catalog.pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.c ORDER BY k.n),"
      + " ARRAY(SELECT pg_catalog.quote_ident(fa.attname) FROM unnest(con.confkey) WITH ORDINALITY k(f, n)"
      + "   JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.f ORDER BY k.n)"
      + " FROM pg_catalog.pg_constraint con JOIN pg_dist_partition p ON p.logicalrelid = con.confrelid"
      + " WHERE con.contype = 'f' AND con.conparentid = 0 AND " + CatalogSql.SHARDED
      + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition d WHERE d.logicalrelid = con.conrelid)"
      + CatalogSql.inSchemas("(SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = con.conrelid)")
      + " ORDER BY 1, 2";

  /** Distributed and reference tables without a primary key or a unique key over NOT NULL columns. */
  private static final String NO_KEY = "SELECT " + CatalogSql.qualified("p.logicalrelid") + ", " + CatalogSql.KIND
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " WHERE " + CatalogSql.SHARDED + " AND NOT c.relispartition"
      + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = p.logicalrelid"
      + "   AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL"
      + "   AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) k(attnum)"
      + "     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE NOT a.attnotnull))"
      + CatalogSql.inSchemas("c.relnamespace")
      + " ORDER BY 1";

  private static final String HEAP_BYTES = "SELECT " + treeBytes("pg_catalog.to_regclass(?)");

  private ClusterCatalog() {
  }

  static String[] facts(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FACTS)) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
    }
  }

  static List<ClusterFinding> findings(Connection c, List<String> schemas, Progress progress) throws SQLException {
    List<ClusterFinding> out = new ArrayList<>();
    progress.step(0, 8, "stale coordinator rows");
    List<String> staleTables = new ArrayList<>();
    List<String> blocked = new ArrayList<>();
    try (PreparedStatement s = CatalogSql.filtered(c, STALE, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long bytes = rs.getLong(3);
        if (bytes == 0) {
          continue;
        }
        String table = rs.getString(1);
        staleTables.add(table);
        String truncate = "SELECT truncate_local_data_after_distributing_table(" + SqlText.quoteLiteral(table) + ")";
        out.add(new ClusterFinding(Level.WARNING, "stale-rows", table, "the " + rs.getString(2) + " table " + table
            + " keeps " + CheckReport.size(bytes) + " of stale rows in the coordinator's heap (copied into the shards when it "
            + "was distributed, no longer visible). DDL that scans the table (SET NOT NULL, ADD PRIMARY KEY, "
            + "CHECK, CREATE UNIQUE INDEX) reads them and fails or finds duplicates, unless it runs through "
            + "citussafe, which removes them first.", truncate + "; -- the shards are not touched (check --fix)",
            truncate));
      }
    }
    progress.step(1, 8, "local tables referencing Citus tables");
    try (PreparedStatement s = CatalogSql.filtered(c, LOCAL_FOREIGN_KEYS, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String child = rs.getString(1);
        String parent = rs.getString(4);
        boolean distributed = rs.getString(5).equals("distributed");
        String column = rs.getString(6);
        boolean blocking = staleTables.contains(parent);
        if (blocking) {
          blocked.add(parent);
        }
        String fixText = distributed
            ? "SELECT create_distributed_table(" + SqlText.quoteLiteral(child) + ", "
                + SqlText.quoteLiteral(column != null ? column : "<its column referencing " + parent + ">")
                + ", colocate_with => " + SqlText.quoteLiteral(parent) + "); -- or make " + parent
                + " a reference table: SELECT create_reference_table(" + SqlText.quoteLiteral(parent) + ")"
            : "SELECT create_reference_table(" + SqlText.quoteLiteral(child) + "); -- or SELECT "
                + "citus_add_local_table_to_metadata(" + SqlText.quoteLiteral(child) + ")";
        long orphans = orphans(c, child, (String[]) rs.getArray(7).getArray(), parent, (String[]) rs.getArray(8).getArray());
        out.add(new ClusterFinding(blocking || orphans > 0 ? Level.ERROR : Level.WARNING, "local-foreign-key", child,
            "the plain local table " + child + " has a foreign key to the " + rs.getString(5) + " table " + parent + " ("
            + rs.getString(2) + ": " + rs.getString(3) + "). Citus checks it against the coordinator's own copy of "
            + parent + " and, while it exists, refuses to remove the stale rows of " + parent
            + (blocking ? "; " + parent + " has stale rows now, so citussafe refuses the DDL that needs them removed."
                : ": distributing or altering " + parent + " with rows will be refused.")
            + " Nor does Citus enforce it when rows of " + parent + " are deleted: " + PlanReport.plural((int) orphans,
                "row") + " of " + child + (orphans == 1 ? " points" : " point") + " at a parent row that is gone"
            + (orphans == 0 ? "." : " (delete them or restore their parents before distributing " + child + ")."),
            fixText, null));
      }
    }
    // a stale table that a local table references cannot be cleaned until that key is gone
    for (int k = 0; k < out.size(); k++) {
      ClusterFinding f = out.get(k);
      if (f.code().equals("stale-rows") && blocked.contains(f.table())) {
        out.set(k, new ClusterFinding(f.level(), f.code(), f.table(), f.message(), "first fix the local foreign key below; "
            + "then " + f.fixSql() + ";", null));
      }
    }
    progress.step(2, 8, "tables without a key");
    try (PreparedStatement s = CatalogSql.filtered(c, NO_KEY, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString(1);
        out.add(new ClusterFinding(Level.WARNING, "no-row-key", table, "the " + rs.getString(2) + " table " + table
            + " has no primary key and no unique key over NOT NULL columns: an UPDATE or DELETE that Citus rejects "
            + "for a VOLATILE call (gen_random_uuid(), clock_timestamp(), …) or for a call in its WHERE cannot be "
            + "rewritten by citussafe, which matches each row with its new values by key (STABLE values such as "
            + "to_char(col, …) are matched on the columns they read).", "ALTER TABLE " + table + " ADD PRIMARY KEY (<columns, including the "
            + "distribution column>)", null));
      }
    }
    progress.step(3, 8, "reference table placements");
    out.addAll(ReferenceCheck.findings(c, schemas, progress));
    progress.step(4, 8, "shards and indexes");
    out.addAll(ShardShapes.findings(c, schemas, progress));
    progress.step(5, 8, "sequences");
    out.addAll(SequenceCheck.findings(c, schemas));
    progress.step(6, 8, "defaults");
    out.addAll(TimeKeywordDefaults.findings(c, schemas));
    progress.step(7, 8, "settings");
    out.addAll(ClusterSettings.findings(c));
    return out;
  }

  /**
   * Rows of {@code child} whose key columns are all set and match no row of {@code parent}: an
   * anti-join. The child's keys go first into a materialized CTE, the one form Citus plans for every
   * kind of parent (it ships them to the parent's shards as an intermediate result); a plain
   * {@code NOT EXISTS} is refused as a direct join between a local and a distributed table.
   */
  private static long orphans(Connection c, String child, String[] columns, String parent, String[] parentColumns)
      throws SQLException {
    StringBuilder set = new StringBuilder();
    StringBuilder match = new StringBuilder();
    for (int k = 0; k < columns.length; k++) {
      set.append(k == 0 ? "" : " AND ").append(columns[k]).append(" IS NOT NULL");
      match.append(k == 0 ? "" : " AND ").append("p.").append(parentColumns[k]).append(" = c.").append(columns[k]);
    }
    String sql = "WITH c AS MATERIALIZED (SELECT " + String.join(", ", columns) + " FROM " + child + " WHERE " + set
        + ") SELECT count(*) FROM c LEFT JOIN " + parent + " p ON " + match + " WHERE p." + parentColumns[0] + " IS NULL";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The bytes in the coordinator heaps of {@code table} (regclass text) and its partitions. */
  static long heapBytes(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(HEAP_BYTES)) {
      s.setString(1, table);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
