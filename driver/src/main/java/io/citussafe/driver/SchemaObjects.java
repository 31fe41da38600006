package io.citussafe.driver;

import io.citussafe.rewriter.ColumnState;
import io.citussafe.rewriter.ForeignKeyLink;
import io.citussafe.rewriter.FunctionFacts;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.TableKeys;
import io.citussafe.rewriter.TriggerSwitches;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalog queries about objects around a table (its foreign keys both ways, the tables of its
 * schema distributed by a column, its row type's comment, its comments, a trigger function, index
 * and operator class names), for the rules that keep triggers, foreign keys, the distribution
 * column's layout and concurrent indexes faithful on Citus. Read-only, readable by a table owner
 * without superuser, names resolved by the server with the session's search_path.
 */
final class SchemaObjects {

  /** Foreign keys held by the table or referencing it, with the kind of the table at the other end (Citus only). */
  private static final String FOREIGN_KEY_LINKS = "WITH t AS (SELECT pg_catalog.to_regclass(?) AS oid)"
      + " SELECT con.conrelid::pg_catalog.regclass::text, con.conname::text, pg_catalog.pg_get_constraintdef(con.oid),"
      + " con.conrelid = t.oid, p.partmethod::text, p.repmodel::text"
      + " FROM pg_catalog.pg_constraint con CROSS JOIN t"
      + " LEFT JOIN pg_dist_partition p"
      + "   ON p.logicalrelid = CASE WHEN con.conrelid = t.oid THEN con.confrelid ELSE con.conrelid END"
      + " WHERE con.contype = 'f' AND con.conparentid = 0 AND (con.conrelid = t.oid OR con.confrelid = t.oid)"
      + " ORDER BY con.conrelid = t.oid DESC, 1, 2";

  /** The table's name as printed, and each column with its type, in order; no row when it does not exist. */
  private static final String COLUMNS = "SELECT c.oid::pg_catalog.regclass::text, a.attname::text,"
      + " pg_catalog.format_type(a.atttypid, a.atttypmod)"
      + " FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_attribute a"
      + "   ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
      + " WHERE c.oid = pg_catalog.to_regclass(?) ORDER BY a.attnum";

  /** Unique indexes and exclusion constraints with their constraint, if any, and key columns (not INCLUDE). */
  private static final String UNIQUE_KEYS = "SELECT COALESCE(con.conname, ic.relname)::text,"
      + " COALESCE(con.contype::text, 'i'),"
      + " CASE WHEN con.oid IS NULL THEN pg_catalog.pg_get_indexdef(i.indexrelid)"
      + "   ELSE pg_catalog.pg_get_constraintdef(con.oid) END,"
      + " ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
      + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
      + "   WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)"
      + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
      + " LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid"
      + "   AND con.contype IN ('p', 'u', 'x')"
      + " WHERE i.indrelid = pg_catalog.to_regclass(?) AND (i.indisunique OR con.contype = 'x')"
      + " ORDER BY i.indisprimary DESC, 1";

  private static final String COLUMN_STATE = "SELECT pg_catalog.format_type(a.atttypid, NULL), a.attnotnull,"
      + " a.attidentity <> '', a.atthasdef FROM pg_catalog.pg_attribute a"
      + " WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";

  private static final String ROW_TYPE_COMMENT = "SELECT pg_catalog.obj_description(c.reltype, 'pg_type')"
      + " FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)";

  /** A trigger function takes no declared arguments. */
  private static final String TRIGGER_FUNCTION = "SELECT l.lanname::text, p.prosrc FROM pg_catalog.pg_proc p"
      + " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
      + " WHERE p.oid = pg_catalog.to_regprocedure(?::text || '()')";

  private static final String RELATION_BESIDE = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class r"
      + " WHERE r.relname = ? AND r.relnamespace ="
      + " (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)))";

  /**
   * A table distributed by the column in the schema as written, or, when that is empty, in the
   * session's current schema, where an unqualified new table goes (Citus only).
   */
  private static final String DISTRIBUTED_IN = "SELECT EXISTS (SELECT 1 FROM pg_dist_partition p"
      + " JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid WHERE p.partmethod = 'h'"
      + " AND c.relnamespace = CASE WHEN ? = '' THEN (SELECT n.oid FROM pg_catalog.pg_namespace n"
      + "   WHERE n.nspname = pg_catalog.current_schema()) ELSE pg_catalog.to_regnamespace(?) END"
      + " AND column_to_column_name(p.logicalrelid, p.partkey) = ?)";

  private static final String OPERATOR_CLASS_SCHEMA = "SELECT n.nspname::text FROM pg_catalog.pg_opclass c"
      + " JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace"
      + " WHERE c.opcname = ? AND a.amname = ? AND pg_catalog.pg_opclass_is_visible(c.oid)";

  /** The session's value of each named setting, in the order asked. */

  /** The table's own triggers: not the internal ones of foreign keys or of Citus. */
  private static final String TRIGGERS = "SELECT t.tgname::text FROM pg_catalog.pg_trigger t"
      + " WHERE t.tgrelid = pg_catalog.to_regclass(?) AND NOT t.tgisinternal ORDER BY 1";

  /**
   * The enabled user triggers of the table and its partitions as name, the statement that switches
   * one off and the one that puts it back. A clone of an enabled parent's trigger follows the
   * parent's statements; one whose own state differs gets it back after them (no name, no switch).
   */
  private static final String ENABLED_TRIGGERS = "WITH tree AS (SELECT pg_catalog.to_regclass(?) AS relid, 0 AS level"
      + " UNION ALL SELECT p.relid, p.level FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(?)) p"
      + "   WHERE p.level > 0),"
      + " t AS (SELECT g.oid, g.tgname, g.tgenabled, g.tgparentid, tree.level, g.tgrelid::pg_catalog.regclass AS rel,"
      + "   CASE g.tgenabled WHEN 'A' THEN 'ENABLE ALWAYS' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'D' THEN 'DISABLE'"
      + "   ELSE 'ENABLE' END AS state FROM tree JOIN pg_catalog.pg_trigger g ON g.tgrelid = tree.relid"
      + "   WHERE NOT g.tgisinternal),"
      + " u AS (SELECT c.*, p.tgenabled AS parent FROM t c LEFT JOIN t p ON p.oid = c.tgparentid)"
      + " SELECT pg_catalog.format('%s.%I', rel, tgname),"
      + "   pg_catalog.format('ALTER TABLE %s%s DISABLE TRIGGER %I', CASE WHEN tgparentid = 0 THEN '' ELSE 'ONLY ' END,"
      + "     rel, tgname),"
      + "   pg_catalog.format('ALTER TABLE %s%s %s TRIGGER %I', CASE WHEN tgparentid = 0 THEN '' ELSE 'ONLY ' END, rel,"
      + "     state, tgname), 0 AS pass, level"
      + " FROM u WHERE tgenabled <> 'D' AND (parent IS NULL OR parent = 'D')"
      + " UNION ALL SELECT NULL, NULL, pg_catalog.format('ALTER TABLE ONLY %s %s TRIGGER %I', rel, state, tgname), 1, level"
      + " FROM u WHERE parent <> 'D' AND parent <> tgenabled"
      + " ORDER BY 4, 5, 3";

  /** COMMENT ON the table and on each of its columns that has one, as statements. */
  private static final String COMMENTS = "SELECT CASE WHEN d.objsubid = 0"
      + " THEN pg_catalog.format('COMMENT ON TABLE %s IS %L', c.oid::pg_catalog.regclass, d.description)"
      + " ELSE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', c.oid::pg_catalog.regclass, a.attname, d.description)"
      + " END FROM pg_catalog.pg_class c JOIN pg_catalog.pg_description d"
      + "   ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
      + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
      + " WHERE c.oid = pg_catalog.to_regclass(?) AND (d.objsubid = 0 OR NOT a.attisdropped) ORDER BY d.objsubid";

  private final SideStatements side;

  SchemaObjects(SideStatements side) {
    this.side = side;
  }

  List<ForeignKeyLink> foreignKeyLinks(String table) throws SQLException {
    List<ForeignKeyLink> links = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(FOREIGN_KEY_LINKS)) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          links.add(new ForeignKeyLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
              CitusMetadata.kind(rs.getString(5), rs.getString(6))));
        }
      }
    }
    return links;
  }

  TableKeys keys(String table) throws SQLException {
    String name = null;
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = side.prepare(COLUMNS)) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          name = rs.getString(1);
          if (rs.getString(2) != null) {
            columns.put(rs.getString(2), rs.getString(3));
          }
        }
      }
    }
    if (name == null) {
      return null;
    }
    List<TableKeys.UniqueKey> keys = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(UNIQUE_KEYS)) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          keys.add(new TableKeys.UniqueKey(rs.getString(1), rs.getString(2).charAt(0),
              List.of((String[]) rs.getArray(4).getArray()), rs.getString(3)));
        }
      }
    }
    return new TableKeys(name, columns, keys);
  }

  ColumnState column(String table, String column) throws SQLException {
    try (PreparedStatement statement = side.prepare(COLUMN_STATE)) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new ColumnState(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)) : null;
      }
    }
  }

  String rowTypeComment(String table) throws SQLException {
    return first(ROW_TYPE_COMMENT, table);
  }

  FunctionFacts triggerFunction(String name) throws SQLException {
    try (PreparedStatement statement = side.prepare(TRIGGER_FUNCTION)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new FunctionFacts(name, rs.getString(1), rs.getString(2)) : null;
      }
    }
  }

  boolean relationBeside(String table, String name) throws SQLException {
    return "t".equals(first(RELATION_BESIDE, name, table));
  }

  boolean distributedIn(String schema, String column) throws SQLException {
    return "t".equals(first(DISTRIBUTED_IN, schema, schema, column));
  }

  String operatorClassSchema(String name, String accessMethod) throws SQLException {
    return first(OPERATOR_CLASS_SCHEMA, name, accessMethod);
  }

  /** The session's current value of each setting (names the driver's own, never the user's). */
  Map<String, String> settings(List<String> names) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    StringBuilder sql = new StringBuilder("SELECT s, pg_catalog.current_setting(s) FROM (VALUES ");
    for (int i = 0; i < names.size(); i++) {
      sql.append(i == 0 ? "(" : ", (").append(SqlText.quoteLiteral(names.get(i))).append(", ").append(i).append(')');
    }
    sql.append(") AS v(s, n) ORDER BY n");
    try (PreparedStatement statement = side.prepare(sql.toString())) {
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          values.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return values;
  }

  List<String> triggers(String table) throws SQLException {
    return texts(TRIGGERS, table);
  }

  TriggerSwitches enabledTriggers(String table) throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> off = new ArrayList<>();
    List<String> on = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(ENABLED_TRIGGERS)) {
      statement.setString(1, table);
      statement.setString(2, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            names.add(rs.getString(1));
            off.add(rs.getString(2));
          }
          on.add(rs.getString(3));
        }
      }
    }
    return new TriggerSwitches(names, off, on);
  }

  List<String> commentStatements(String table) throws SQLException {
    return texts(COMMENTS, table);
  }

  /** The first column of every row, as text. */
  private List<String> texts(String sql, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(sql)) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  /** The first column of the first row as text, or null when there is none. */
  private String first(String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = side.prepare(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
