package io.citussafe.driver;

import io.citussafe.rewriter.ColumnFacts;
import io.citussafe.rewriter.ConstraintFacts;
import io.citussafe.rewriter.ForeignKeyFacts;
import io.citussafe.rewriter.TableFacts;
import io.citussafe.rewriter.Volatility;
import java.sql.Array;
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
 * applies the search_path and quoting rules exactly as for the user's own statement. Each query
 * runs on a side statement that carries the user's query timeout ({@link SideStatements}).
 */
final class CitusMetadata {

  private static final String CITUS_INSTALLED =
      "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'";

  /** The table, its partition tree's non-empty heaps, and its place in Citus. */
  private static final String TABLE = "WITH c AS (SELECT pg_catalog.to_regclass(?) AS oid),"
      + " tree AS (SELECT oid AS relid FROM c WHERE oid IS NOT NULL"
      + "   UNION SELECT t.relid FROM c, pg_catalog.pg_partition_tree(c.oid) t WHERE c.oid IS NOT NULL),"
      + " heaps AS (SELECT relid, pg_catalog.pg_relation_size(relid) AS bytes FROM tree)"
      + " SELECT c.oid IS NOT NULL, %s,"
      // the effective schema list, $user and pg_temp resolved: the same text can mean
      // different schemas for different users
      + " pg_catalog.current_schemas(true)::text,"
      + " ARRAY(SELECT relid::pg_catalog.regclass::text FROM heaps WHERE bytes > 0 ORDER BY bytes DESC, relid),"
      + " ARRAY(SELECT bytes FROM heaps WHERE bytes > 0 ORDER BY bytes DESC, relid),"
      // never analysed (reltuples -1): about one row per 100 bytes of heap, so that a table loaded
      // since the last ANALYZE still counts as large
      + " (SELECT COALESCE(sum(CASE WHEN r.reltuples >= 0 THEN r.reltuples ELSE heaps.bytes / 100 END), -1)::bigint"
      + "   FROM heaps JOIN pg_catalog.pg_class r ON r.oid = heaps.relid WHERE r.relkind <> 'p')"
      + " FROM c %s";

  private static final String TABLE_ON_CITUS = String.format(TABLE,
      "p.partmethod, p.repmodel, CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END,"
          + " COALESCE(p.colocationid, 0)",
      "LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid");

  private static final String TABLE_ON_POSTGRES = String.format(TABLE, "NULL, NULL, NULL, 0", "");

  /** Plain local tables (not known to Citus) with a foreign key to the table or its partitions. */
  private static final String LOCAL_REFERENCING_TABLES =
      "SELECT con.conrelid::pg_catalog.regclass::text, con.conname,"
          + " pg_catalog.pg_get_constraintdef(con.oid)"
          + " FROM pg_catalog.pg_constraint con"
          + " WHERE con.contype = 'f' AND con.conparentid = 0 AND con.conrelid <> con.confrelid"
          + " AND con.confrelid IN (SELECT pg_catalog.to_regclass(?) UNION"
          + "   SELECT relid FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(?)))"
          + " AND con.conrelid NOT IN (SELECT relid FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(?)))"
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
          + " ELSE pg_catalog.format_type(a.atttypid, NULL) END, pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";

  /** How many shards, and the most placements any shard has. */
  private static final String SHARDS =
      "SELECT count(*), COALESCE(max(n), 1) FROM (SELECT s.shardid, count(pl.placementid) AS n"
          + " FROM pg_dist_shard s LEFT JOIN pg_dist_placement pl ON pl.shardid = s.shardid"
          + " WHERE s.logicalrelid = pg_catalog.to_regclass(?) GROUP BY s.shardid) x";

  private static final String CONSTRAINT =
      "SELECT con.contype::text, pg_catalog.pg_get_constraintdef(con.oid),"
          + " CASE WHEN con.conindid <> 0 THEN con.conindid::pg_catalog.regclass::text END, con.convalidated"
          + " FROM pg_catalog.pg_constraint con WHERE con.conrelid = pg_catalog.to_regclass(?) AND con.conname = ?";

  /**
   * The planner's estimate summed over the shards of every leaf of the partition tree, one
   * placement each, read on the workers. run_command_on_shards opens connections of its own, outside
   * this session's transaction, so the query must take no lock: a shard this transaction has
   * altered would block it for good. Hence, for a shard never analysed, the statistics counter of live
   * rows ({@code pg_stat_get_live_tuples}) and never {@code pg_relation_size}.
   */
  private static final String SHARD_ROWS =
      "SELECT COALESCE(sum(CASE WHEN r.success THEN r.result::numeric END), -1)::bigint"
          // the table and its partition tree (empty for a table that is not partitioned), leaves only
          + " FROM (SELECT pg_catalog.to_regclass(?) AS relid"
          + "   UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(?)) t) leaves"
          + " JOIN pg_catalog.pg_class k ON k.oid = leaves.relid AND k.relkind <> 'p',"
          + " LATERAL run_command_on_shards(leaves.relid, $$SELECT CASE WHEN reltuples >= 0 THEN reltuples::bigint"
          + " ELSE pg_catalog.pg_stat_get_live_tuples(oid) END FROM pg_catalog.pg_class WHERE oid = '%s'::regclass$$) r";

  private static final String CONSTRAINT_NAME_TAKEN =
      "SELECT 1 FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.relnamespace = con.connamespace"
          + " WHERE c.oid = pg_catalog.to_regclass(?) AND con.conname = ?";

  private static final String DISTRIBUTED_OBJECT =
      "SELECT 1 FROM pg_dist_object WHERE classid = 'pg_catalog.pg_class'::regclass"
          + " AND objid = pg_catalog.to_regclass(?)";

  private final SideStatements side;

  CitusMetadata(SideStatements side) {
    this.side = side;
  }

  boolean isCitusInstalled() throws SQLException {
    try (Statement statement = side.create(); ResultSet rs = statement.executeQuery(CITUS_INSTALLED)) {
      return rs.next();
    }
  }

  /** A table's facts, and in {@code schemasOut[0]} the session's effective schema list. */
  TableFacts table(String name, boolean citus, String[] schemasOut) throws SQLException {
    try (PreparedStatement statement = side.prepare(citus ? TABLE_ON_CITUS : TABLE_ON_POSTGRES)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        schemasOut[0] = rs.getString(6);
        if (!rs.getBoolean(1)) {
          return TableFacts.missing(name);
        }
        String[] relations = (String[]) rs.getArray(7).getArray();
        Object[] sizes = (Object[]) rs.getArray(8).getArray();
        List<TableFacts.Heap> heaps = new ArrayList<>(relations.length);
        for (int i = 0; i < relations.length; i++) {
          heaps.add(new TableFacts.Heap(relations[i], ((Number) sizes[i]).longValue()));
        }
        return new TableFacts(name, kind(rs.getString(2), rs.getString(3)), rs.getString(4), rs.getInt(5), heaps,
            rs.getLong(9));
      }
    }
  }

  static TableFacts.Kind kind(String partitionMethod, String replicationModel) {
    if (partitionMethod == null) {
      return TableFacts.Kind.LOCAL;
    }
    if (partitionMethod.equals("h")) {
      return TableFacts.Kind.DISTRIBUTED;
    }
    return "t".equals(replicationModel) ? TableFacts.Kind.REFERENCE : TableFacts.Kind.CITUS_LOCAL;
  }

  /** {@code pg_proc.provolatile} by function name: the most volatile of its overloads. */
  Map<String, Volatility> volatility(Collection<String> names) throws SQLException {
    Map<String, Volatility> found = new HashMap<>();
    try (PreparedStatement statement = side.prepare(VOLATILITY)) {
      Array array = statement.getConnection().createArrayOf("text", names.toArray());
      statement.setArray(1, array);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          // 'v' > 's' > 'i', so max() is the most volatile overload
          found.put(rs.getString(1), Volatility.of(rs.getString(2).charAt(0)));
        }
      }
    }
    return found;
  }

  /** Row key, column types and shards of a table, for rewriting DML on it. */
  ColumnFacts columns(String name) throws SQLException {
    List<String> key = List.of();
    try (PreparedStatement statement = side.prepare(ROW_KEY)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        if (rs.next()) {
          key = List.of((String[]) rs.getArray(1).getArray());
        }
      }
    }
    Map<String, String> types = new HashMap<>();
    Map<String, String> defaults = new HashMap<>();
    try (PreparedStatement statement = side.prepare(COLUMN_TYPES)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
          if (rs.getString(3) != null) {
            defaults.put(rs.getString(1), rs.getString(3));
          }
        }
      }
    }
    try (PreparedStatement statement = side.prepare(SHARDS)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new ColumnFacts(key, types, defaults, Math.max(1, rs.getLong(1)), rs.getInt(2));
      }
    }
  }

  /** A constraint of the table by its stored name, or null. */
  ConstraintFacts constraint(String table, String name) throws SQLException {
    try (PreparedStatement statement = side.prepare(CONSTRAINT)) {
      statement.setString(1, table);
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new ConstraintFacts(name, rs.getString(1).charAt(0), rs.getString(2), rs.getString(3),
            rs.getBoolean(4)) : null;
      }
    }
  }

  /** A constraint of that name exists in the table's schema. */
  boolean constraintNameTaken(String table, String name) throws SQLException {
    try (PreparedStatement statement = side.prepare(CONSTRAINT_NAME_TAKEN)) {
      statement.setString(1, table);
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Rows of a distributed or reference table as its shards' statistics estimate them; -1 when unknown. */
  long shardRows(String table) throws SQLException {
    try (PreparedStatement statement = side.prepare(SHARD_ROWS)) {
      statement.setString(1, table);
      statement.setString(2, table);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /**
   * Whether the table has a row. The name is the statement's own (identifiers the lexer read), so
   * it can stand in the query text, where a bind parameter cannot name a table.
   */
  boolean hasRows(String table) throws SQLException {
    try (Statement statement = side.create();
        ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  boolean isDistributedObject(String name) throws SQLException {
    try (PreparedStatement statement = side.prepare(DISTRIBUTED_OBJECT)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The foreign keys of plain local tables that reference {@code name} or its partitions. */
  List<ForeignKeyFacts> localReferences(String name) throws SQLException {
    List<ForeignKeyFacts> found = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(LOCAL_REFERENCING_TABLES)) {
      statement.setString(1, name);
      statement.setString(2, name);
      statement.setString(3, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(new ForeignKeyFacts(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return found;
  }
}
