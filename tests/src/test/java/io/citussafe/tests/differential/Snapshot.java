package io.citussafe.tests.differential;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state a migration left in its schema, normalized so that two servers can be compared: the
 * rows of every table, and the catalog (columns with types and defaults, constraints, indexes with
 * their validity, sequences, triggers, views, comments). Names of the run's schema become
 * {@code @s}; objects Citus adds for itself are left out.
 */
public final class Snapshot {

  /** Relations of the run's schema, without the shards a Citus coordinator keeps beside them. */
  private static final String IN_SCHEMA = "c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = '{schema}')"
      + " AND c.relname !~ '_[0-9]{6,}$'";

  private static final Map<String, String> CATALOG = catalogQueries();

  private Snapshot() {}

  /** Section name → sorted lines. */
  static Map<String, List<String>> read(Connection connection, String schema, Set<String> volatileColumns)
      throws SQLException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    catalog(connection, schema).forEach((section, lines) ->
        sections.put(section, lines.stream().map(Snapshot::timeKeywordsAsFunctions).toList()));
    List<String> tables = Queries.lines(connection, ("SELECT c.relname FROM pg_class c WHERE " + IN_SCHEMA
        + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition").replace("{schema}", schema));
    for (String table : tables) {
      sections.put("rows of " + table, Queries.rows(connection,
          "SELECT * FROM " + Queries.qualified(schema, table), table, volatileColumns));
    }
    return sections;
  }

  /**
   * citussafe writes a Citus table's defaults {@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE}… in
   * their function forms, which PostgreSQL defines the same way but prints otherwise: both sides
   * are compared in the function form, as {@code pg_get_expr} prints it.
   */
  static String timeKeywordsAsFunctions(String line) {
    return line.replaceAll("\\bCURRENT_TIMESTAMP\\((\\d+)\\)", "(now())::timestamp($1) with time zone")
        .replaceAll("\\bCURRENT_TIMESTAMP\\b", "now()")
        .replaceAll("\\bCURRENT_DATE\\b", "(now())::date")
        .replaceAll("\\bCURRENT_TIME\\((\\d+)\\)", "(now())::time($1) with time zone")
        .replaceAll("\\bCURRENT_TIME\\b", "(now())::time with time zone")
        .replaceAll("\\bLOCALTIMESTAMP\\((\\d+)\\)", "(now())::timestamp($1) without time zone")
        .replaceAll("\\bLOCALTIMESTAMP\\b", "(now())::timestamp without time zone")
        .replaceAll("\\bLOCALTIME\\((\\d+)\\)", "(now())::time($1) without time zone")
        .replaceAll("\\bLOCALTIME\\b", "(now())::time without time zone");
  }

  /**
   * The catalog sections alone (section name → sorted lines), for comparing the schemas two routes
   * of a migration history left.
   *
   * @throws SQLException if a catalog query fails
   */
  public static Map<String, List<String>> catalog(Connection connection, String schema) throws SQLException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    for (Map.Entry<String, String> query : CATALOG.entrySet()) {
      List<String> lines = Queries.lines(connection, query.getValue().replace("{schema}", schema));
      sections.put(query.getKey(), lines.stream().map(l -> l.replace(schema, "@s")).toList());
    }
    return sections;
  }

  private static Map<String, String> catalogQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("columns", "SELECT c.relname, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,"
        + " format_type(a.atttypid, a.atttypmod), a.attnotnull,"
        + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated"
        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        + " WHERE " + IN_SCHEMA + " AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped");
    queries.put("constraints", "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), k.convalidated,"
        + " k.condeferrable, k.condeferred FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
        + " WHERE " + IN_SCHEMA);
    queries.put("indexes", "SELECT c.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisvalid, x.indisready"
        + " FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid"
        + " WHERE " + IN_SCHEMA);
    queries.put("sequences", "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,"
        + " s.seqmin, s.seqmax, s.seqcycle, o.relname, a.attname, d.deptype"
        + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
        + " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')"
        + " LEFT JOIN pg_class o ON o.oid = d.refobjid"
        + " LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE " + IN_SCHEMA);
    queries.put("triggers", "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled"
        + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        + " WHERE " + IN_SCHEMA + " AND NOT t.tgisinternal AND t.tgfoid::regproc::text NOT LIKE '%citus%'");
    queries.put("views", "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c WHERE " + IN_SCHEMA
        + " AND c.relkind = 'v'");
    queries.put("comments", "SELECT c.relname, d.objsubid, d.description FROM pg_description d"
        + " JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass WHERE " + IN_SCHEMA);
    queries.put("partitions", "SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid)"
        + " FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_class p ON p.oid = h.inhparent"
        + " WHERE " + IN_SCHEMA);
    return queries;
  }
}
