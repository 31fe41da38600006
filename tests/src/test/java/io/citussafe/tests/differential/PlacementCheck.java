package io.citussafe.tests.differential;

import io.citussafe.tests.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Citus must keep equal behind the coordinator's back: every placement of a reference table
 * holds the same rows (volatile columns too: copies of one row must agree), and every shard has
 * the columns and constraints of its table. Reads each placement on its own node.
 */
final class PlacementCheck {

  private static final String PLACEMENTS = "SELECT c.relname, s.shardid, n.nodename || ':' || n.nodeport,"
      + " CASE WHEN p.partmethod = 'n' AND p.repmodel = 't' THEN 'reference'"
      + " WHEN p.partmethod = 'n' AND p.colocationid = 0 THEN 'citus-local' ELSE 'other' END, n.groupid = 0"
      + " FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid"
      + " JOIN pg_dist_shard s ON s.logicalrelid = p.logicalrelid JOIN pg_dist_placement pl ON pl.shardid = s.shardid"
      + " JOIN pg_dist_node n ON n.groupid = pl.groupid"
      + " WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = '{schema}') ORDER BY 1, 2, 3";

  /**
   * Columns and constraints of one relation, with shard ids removed from names and definitions. A
   * default that calls nextval counts as none: Citus creates shards without such defaults by design
   * (the coordinator or a worker's shell table computes the value before a row reaches a shard).
   */
  private static final String SHAPE = "SELECT 'column', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
      + " CASE WHEN pg_get_expr(d.adbin, d.adrelid) NOT LIKE '%%nextval(%%' THEN pg_get_expr(d.adbin, d.adrelid) END"
      + " FROM pg_attribute a LEFT JOIN pg_attrdef d"
      + " ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = '%1$s'::regclass AND a.attnum > 0"
      + " AND NOT a.attisdropped UNION ALL SELECT 'constraint', regexp_replace(conname, '_[0-9]{6,}', '', 'g'),"
      + " contype::text, convalidated, regexp_replace(pg_get_constraintdef(oid), '_[0-9]{6,}', '', 'g')"
      + " FROM pg_constraint WHERE conrelid = '%1$s'::regclass";

  /**
   * A reference table's foreign keys to Citus-local tables, which Citus creates on the coordinator's
   * placement only: the referenced rows live there, and every write to a reference table runs on
   * that placement too, so the key is enforced.
   */
  private static final String KEYS_TO_CITUS_LOCAL = "SELECT regexp_replace(c.conname, '_[0-9]{6,}', '', 'g')"
      + " FROM pg_constraint c JOIN pg_dist_partition p ON p.logicalrelid = c.confrelid"
      + " WHERE c.contype = 'f' AND c.conrelid = '%s'::regclass AND p.partmethod = 'n' AND p.colocationid = 0"
      + " AND p.repmodel <> 't'";

  private PlacementCheck() {}

  /** One line per problem found; empty when every placement agrees with its table. */
  static List<String> check(TestDatabase coordinator, Connection coordinatorConnection, String schema,
      Set<String> volatileColumns) throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, Connection> nodes = new HashMap<>();
    try {
      setSearchPath(coordinatorConnection, schema);
      Map<String, List<String>> referenceRows = new HashMap<>();
      Map<String, String> referenceFirst = new HashMap<>();
      for (String line : Queries.lines(coordinatorConnection, PLACEMENTS.replace("{schema}", schema))) {
        String[] f = line.split(" \\| ");
        String table = f[0];
        String shard = Queries.qualified(schema, table + "_" + f[1]);
        Connection node = nodes.computeIfAbsent(f[2], hostPort -> open(coordinator, hostPort, schema));
        String literal = Queries.qualified(schema, table).replace("'", "''");
        List<String> tableShape = Queries.lines(coordinatorConnection, SHAPE.formatted(literal));
        if (f[3].equals("citus-local")) {
          // Citus drops nextval() defaults from a Citus-local table's shard: inserts go through the
          // table on the coordinator, which fills them.
          tableShape = withoutNextvalDefaults(tableShape);
        } else if (f[3].equals("reference") && f[4].equals("f")) {
          tableShape = withoutConstraints(tableShape,
              Queries.lines(coordinatorConnection, KEYS_TO_CITUS_LOCAL.formatted(literal)));
        }
        List<String> shardShape = Queries.lines(node, SHAPE.formatted(shard.replace("'", "''")));
        if (f[3].equals("citus-local")) {
          shardShape = withoutNextvalDefaults(shardShape);
        }
        if (!tableShape.equals(shardShape)) {
          problems.add("shard " + shard + " on " + f[2] + " differs from its table: " + Comparer.lineDiff(tableShape,
              shardShape));
        }
        if (f[3].equals("reference")) {
          List<String> rows = Queries.rows(node, "SELECT * FROM " + shard, table, Set.of());
          List<String> first = referenceRows.putIfAbsent(table, rows);
          referenceFirst.putIfAbsent(table, f[2]);
          if (first != null && !first.equals(rows)) {
            problems.add("reference table " + table + ": the placement on " + f[2]
                + " holds other rows than the one on "
                + referenceFirst.get(table) + ": " + Comparer.lineDiff(first, rows));
          }
        }
      }
    } finally {
      for (Connection c : nodes.values()) {
        c.close();
      }
    }
    return problems;
  }

  private static List<String> withoutNextvalDefaults(List<String> shape) {
    return shape.stream().map(line -> line.startsWith("column | ") && line.contains("nextval(")
        ? line.substring(0, line.lastIndexOf(" | ")) + " | null" : line).toList();
  }

  private static List<String> withoutConstraints(List<String> shape, List<String> names) {
    return shape.stream().filter(line -> names.stream()
        .noneMatch(name -> line.startsWith("constraint | " + name + " | f | "))).toList();
  }

  private static Connection open(TestDatabase coordinator, String hostPort, String schema) {
    try {
      Connection c = coordinator.superuserConnectionTo(hostPort);
      setSearchPath(c, schema);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the node " + hostPort + ": " + e.getMessage(), e);
    }
  }

  /** Defaults and constraints name other objects of the schema; the same path shows them alike. */
  private static void setSearchPath(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path = " + Queries.quote(schema) + ", public");
    }
  }
}
