package io.citussafe.tests.histories;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The catalog questions the runner asks about a history's schema. */
final class Catalog {

  private Catalog() {}

  /** Tables of the schema (not partitions) that are not Citus tables yet, as the layouts see them. */
  static final String TABLES = "SELECT c.relname FROM pg_class c WHERE c.relnamespace = '%1$s'::regnamespace"
      + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
      + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid) ORDER BY 1";

  /** Tables of {@link #TABLES} that hold the column named second. */
  static final String HOLDING = "SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
      + " WHERE c.relnamespace = '%1$s'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
      + " AND a.attname = '%2$s' AND NOT a.attisdropped"
      + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid) ORDER BY 1";

  /** Foreign keys between tables of the schema: referencing table, referenced table. */
  static final String FOREIGN_KEYS = "SELECT c.relname, r.relname FROM pg_constraint k"
      + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid"
      + " WHERE k.contype = 'f' AND c.relnamespace = '%1$s'::regnamespace AND r.relnamespace = '%1$s'::regnamespace";

  /**
   * What schema {@code public} holds, as the DROP statement of each object: a history that writes
   * there (a pg_dump with {@code SET search_path = public}) leaves these behind for the next route.
   */
  static final String IN_PUBLIC = "SELECT 'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'"
      + " WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END || ' IF EXISTS ' || c.oid::regclass || ' CASCADE' FROM pg_class c"
      + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
      + " UNION ALL SELECT 'DROP ROUTINE IF EXISTS ' || p.oid::regprocedure || ' CASCADE' FROM pg_proc p"
      + " WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_depend d"
      + " WHERE d.objid = p.oid AND d.deptype = 'e')"
      + " UNION ALL SELECT 'DROP TYPE IF EXISTS ' || t.oid::regtype || ' CASCADE' FROM pg_type t"
      + " WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'c', 'd') AND t.typrelid = 0"
      + " UNION ALL SELECT 'DROP EXTENSION IF EXISTS ' || quote_ident(e.extname) || ' CASCADE' FROM pg_extension e"
      + " WHERE e.extnamespace = 'public'::regnamespace";

  /**
   * Tables of the schema Citus makes neither reference nor (by a key alone) distributed tables:
   * those with triggers of their own, and partitioned tables.
   */
  static final String CITUS_LOCAL = "SELECT c.relname FROM pg_class c WHERE c.relnamespace = '%1$s'::regnamespace"
      + " AND (c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal))";

  /**
   * One-column foreign keys from a table without the column named second to a table holding it:
   * table, referenced table, its referencing column, the referenced column, the column's type.
   */
  static final String WITHOUT_COLUMN = "SELECT c.relname, p.relname, ca.attname, pa.attname,"
      + " format_type(ta.atttypid, ta.atttypmod) FROM pg_constraint k"
      + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
      + " JOIN pg_attribute ca ON ca.attrelid = c.oid AND ca.attnum = k.conkey[1]"
      + " JOIN pg_attribute pa ON pa.attrelid = p.oid AND pa.attnum = k.confkey[1]"
      + " JOIN pg_attribute ta ON ta.attrelid = p.oid AND ta.attname = '%2$s' AND NOT ta.attisdropped"
      + " WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND c.relnamespace = '%1$s'::regnamespace"
      + " AND NOT EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attname = '%2$s'"
      + " AND NOT x.attisdropped) ORDER BY 1, 2";

  /** Foreign keys of the schema's tables: table, constraint, definition. */
  static final String FOREIGN_KEY_DEFINITIONS = "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)"
      + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
      + " WHERE k.contype = 'f' AND k.conparentid = 0 AND c.relnamespace = '%1$s'::regnamespace"
      + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid) ORDER BY 1, 2";

  /**
   * The tables whose primary key is one column that every unique index of the table holds: the
   * column, which Citus accepts as the distribution column.
   */
  static final String DISTRIBUTABLE = "SELECT c.relname, a.attname FROM pg_index x"
      + " JOIN pg_class c ON c.oid = x.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]"
      + " WHERE x.indisprimary AND x.indnatts = 1 AND c.relnamespace = '%1$s'::regnamespace"
      + " AND NOT EXISTS (SELECT 1 FROM pg_index u WHERE u.indrelid = c.oid AND u.indisunique"
      + " AND NOT (a.attnum = ANY (u.indkey::int2[])))"
      + " AND NOT EXISTS (SELECT 1 FROM pg_constraint e WHERE e.conrelid = c.oid AND e.contype = 'x')";

  /** Tables of the schema per Citus table kind. */
  static final String CITUS_KINDS = "SELECT CASE WHEN p.partmethod = 'h' THEN 'distributed'"
      + " WHEN p.repmodel = 't' THEN 'reference' WHEN p.partmethod IS NOT NULL THEN 'Citus-local' ELSE 'local' END,"
      + " count(*) FROM pg_class c LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid"
      + " WHERE c.relnamespace = '%1$s'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
      + " GROUP BY 1 ORDER BY 1";

  /** Primary keys, unique constraints and foreign keys: table.name, type, definition. */
  static final String KEYS = "SELECT c.relname || '.' || k.conname, k.contype, pg_get_constraintdef(k.oid)"
      + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
      + " WHERE k.contype IN ('p', 'u', 'f') AND c.relnamespace = '%1$s'::regnamespace ORDER BY 1";

  /** The query with the schema's name (and a column's) filled in. */
  static String in(String query, String schema, String... column) {
    return String.format(query, schema, column.length == 0 ? "" : column[0].replace("'", "''"));
  }

  static long count(Connection connection, String query) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Each row's columns, as text. */
  static List<String[]> rows(Connection connection, String query) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getString(i + 1);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
