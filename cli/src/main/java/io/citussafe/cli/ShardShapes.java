package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shards whose definition differs from their table's, and indexes valid on one side and invalid on
 * the other. One query per Citus table reads, on the coordinator's table and on every placement,
 * one line per column (type, NOT NULL, default), per constraint (its definition) and per index (its
 * validity); the lines of each placement are compared with the coordinator's.
 *
 * <p>What Citus changes on purpose is left out of the comparison: a shard's index and constraint
 * names end in {@code _<shardid>}, a foreign key references the shard of its table, and a default
 * that calls {@code nextval} stays on the coordinator (shards have none), and a reference table's
 * foreign key to a Citus-local table exists on the coordinator's placement only (the referenced
 * rows live there, and every write to the reference table runs on that placement too).
 */
final class ShardShapes {

  private static final String TABLES = "SELECT " + CatalogSql.qualified("p.logicalrelid") + ", n.nspname::text"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE true" + CatalogSql.inSchemas("c.relnamespace")
      + " ORDER BY 1";

  /** The definition of {@link Placements#TABLE}, one line each, fields separated by tabs. */
  private static final String SHAPE = "SELECT concat_ws(E'\\n',"
      + " (SELECT 'on-coordinator' FROM pg_dist_local_group WHERE groupid = 0),"
      + " (SELECT string_agg('column' || E'\\t' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
      + "   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
      + "   || CASE WHEN d.adbin IS NULL OR strpos(pg_get_expr(d.adbin, d.adrelid), 'nextval(') > 0 THEN ''"
      + "      ELSE ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) END, E'\\n')"
      + "   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      + "   WHERE a.attrelid = '" + Placements.TABLE + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped),"
      + " (SELECT string_agg(CASE WHEN c.contype = 'f' AND EXISTS ("
      + "     SELECT FROM pg_dist_partition p JOIN pg_dist_shard s ON s.logicalrelid = p.logicalrelid"
      + "     WHERE p.partmethod = 'n' AND p.colocationid = 0 AND p.repmodel <> 't'"
      + "     AND c.confrelid IN (p.logicalrelid, to_regclass(shard_name(p.logicalrelid, s.shardid))))"
      + "   THEN 'coordinator-constraint' ELSE 'constraint' END || E'\\t' || pg_get_constraintdef(c.oid), E'\\n')"
      + "   FROM pg_constraint c WHERE c.conrelid = '" + Placements.TABLE + "'::regclass),"
      + " (SELECT string_agg('index' || E'\\t' || r.relname || E'\\t' || i.indisvalid || E'\\t' || i.indisunique, E'\\n')"
      + "   FROM pg_index i JOIN pg_class r ON r.oid = i.indexrelid WHERE i.indrelid = '" + Placements.TABLE + "'::regclass))"
      + " WHERE " + Placements.SAME_SETTINGS;

  private ShardShapes() {
  }

  static List<ClusterFinding> findings(Connection c, List<String> schemas, Progress progress) throws SQLException {
    Map<String, String> tables = new LinkedHashMap<>();
    try (PreparedStatement s = CatalogSql.filtered(c, TABLES, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tables.put(rs.getString(1), rs.getString(2));
      }
    }
    List<ClusterFinding> out = new ArrayList<>();
    int done = 0;
    for (Map.Entry<String, String> table : tables.entrySet()) {
      progress.detail(done++, tables.size(), "shards of " + table.getKey());
      compare(c, table.getKey(), table.getValue(), out);
    }
    return out;
  }

  private static void compare(Connection c, String table, String schema, List<ClusterFinding> out) throws SQLException {
    Shape coordinator = Shape.of(Placements.readCoordinator(c, table, SHAPE), -1);
    // placements grouped by what differs, so 32 shards with one drift make one finding
    Map<String, List<String>> drift = new LinkedHashMap<>();
    Map<String, List<String>> invalid = new LinkedHashMap<>();
    Set<String> invalidUnique = new LinkedHashSet<>();
    for (Placements.Answer a : Placements.read(c, table, SHAPE)) {
      if (!a.success()) {
        out.add(new ClusterFinding(Level.WARNING, "shard-drift", table, "could not read the shard of " + table + " on "
            + a.name() + ": " + a.result(), "run check as the table's owner, with every node up", null));
        continue;
      }
      Shape shard = Shape.of(a.result(), a.shardId());
      String difference = difference(coordinator.expectedOn(shard), shard.definition);
      if (difference != null) {
        drift.computeIfAbsent(difference, d -> new ArrayList<>()).add(a.name());
      }
      for (Map.Entry<String, Boolean> index : shard.indexValid.entrySet()) {
        if (!index.getValue()) {
          invalid.computeIfAbsent(index.getKey(), i -> new ArrayList<>()).add(a.name());
          if (Boolean.TRUE.equals(coordinator.indexUnique.get(index.getKey()))) {
            invalidUnique.add(index.getKey());
          }
        }
      }
    }
    drift.forEach((difference, placements) -> out.add(new ClusterFinding(Level.ERROR, "shard-drift", table,
        "the shards of " + table + " differ from its definition on the coordinator: on " + String.join(", ", placements)
            + " " + difference + ". Queries and DDL through the coordinator assume the coordinator's definition.",
        "no automatic repair: decide which side is right. If the table is, make each shard match it on the shard's node "
            + "as the table's owner (ALTER TABLE " + PlacementComparison.shardTable(table, "<shardid>")
            + " ...); if the shards are, change the table through the coordinator (Citus then applies the change to "
            + "every shard).", null)));
    for (Map.Entry<String, Boolean> index : coordinator.indexValid.entrySet()) {
      String name = index.getKey();
      List<String> shardsInvalid = invalid.getOrDefault(name, List.of());
      if (index.getValue() && shardsInvalid.isEmpty()) {
        continue;
      }
      String qualified = SqlText.quoteIdentifier(schema) + "." + SqlText.quoteIdentifier(name);
      String message = !index.getValue() && shardsInvalid.isEmpty()
          ? "the index " + qualified + " of " + table + " is invalid on the coordinator (indisvalid = false) while every "
              + "shard's index is valid: a re-run CREATE INDEX CONCURRENTLY IF NOT EXISTS leaves this (a Citus defect); "
              + "later DDL and migrations that look for the index see a broken one."
          : "the index " + qualified + " of " + table + " is invalid on " + String.join(", ", shardsInvalid)
              + (index.getValue() ? " while the coordinator's is valid" : " and on the coordinator")
              + (invalidUnique.contains(name) ? ": those shards do not enforce its uniqueness." : ": queries on those "
              + "shards cannot use it.");
      String reindex = "REINDEX INDEX CONCURRENTLY " + qualified;
      out.add(new ClusterFinding(invalidUnique.contains(name) ? Level.ERROR : Level.WARNING, "invalid-index", table,
          message, reindex + "; -- rebuilds it on the coordinator and every shard, without blocking writes (check --fix)",
          reindex));
    }
  }

  /** What the shard has that the table has not, and the reverse; null when they agree. */
  private static String difference(Set<String> table, Set<String> shard) {
    Set<String> missing = new LinkedHashSet<>(table);
    missing.removeAll(shard);
    Set<String> extra = new LinkedHashSet<>(shard);
    extra.removeAll(table);
    if (missing.isEmpty() && extra.isEmpty()) {
      return null;
    }
    return (missing.isEmpty() ? "" : "the table has [" + String.join("; ", missing) + "]" + (extra.isEmpty() ? "" : " and "))
        + (extra.isEmpty() ? "" : "the shard has [" + String.join("; ", extra) + "]");
  }

  /** One side's lines: columns and constraints as text, indexes by name with validity and uniqueness. */
  private record Shape(Set<String> definition, Set<String> coordinatorOnly, boolean onCoordinator,
      Map<String, Boolean> indexValid, Map<String, Boolean> indexUnique) {

    /** The coordinator's definition as a placement must have it: keys to Citus-local tables only on the coordinator. */
    Set<String> expectedOn(Shape placement) {
      if (!placement.onCoordinator || coordinatorOnly.isEmpty()) {
        return definition;
      }
      Set<String> all = new LinkedHashSet<>(definition);
      all.addAll(coordinatorOnly);
      return all;
    }

    static Shape of(String lines, long shardId) {
      String[] all = lines == null ? new String[0] : lines.split("\n");
      boolean onCoordinator = all.length > 0 && all[0].equals("on-coordinator");
      Shape shape = new Shape(new LinkedHashSet<>(), new LinkedHashSet<>(), onCoordinator, new LinkedHashMap<>(),
          new LinkedHashMap<>());
      for (String line : all) {
        String[] f = line.split("\t");
        switch (f[0]) {
          case "column" -> shape.definition.add("column " + f[1]);
          case "coordinator-constraint" -> (onCoordinator && shardId >= 0 ? shape.definition : shape.coordinatorOnly)
              .add(constraint(f[1], shardId));
          case "constraint" -> shape.definition.add(constraint(f[1], shardId));
          case "index" -> {
            String suffix = "_" + shardId;
            String name = shardId >= 0 && f[1].endsWith(suffix) ? f[1].substring(0, f[1].length() - suffix.length()) : f[1];
            shape.indexValid.put(name, Boolean.parseBoolean(f[2]));
            shape.indexUnique.put(name, Boolean.parseBoolean(f[3]));
          }
          default -> { }
        }
      }
      return shape;
    }

    /** A shard's foreign key references the shard of the other table: its suffix is not drift. */
    private static String constraint(String definition, long shardId) {
      return "constraint " + (shardId < 0 ? definition : definition.replaceFirst("(REFERENCES \\S+?)_\\d+(\"?)\\(", "$1$2("));
    }
  }
}
