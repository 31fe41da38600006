package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences of distributed and reference tables whose values would fail or collide between nodes.
 * Citus hands each worker group {@code g} its own slice of a bigint sequence, from
 * {@code (g << 48) + 1} to {@code (g + 1) << 48}, while the coordinator (group 0) counts from 1: a
 * coordinator sequence that passed {@code 1 << 48} gives values a worker gives too. Smallint and
 * integer sequences get no slice (an insert that runs on a worker fails), nor does a bigint sequence
 * feeding an integer column (a worker's values do not fit).
 */
final class SequenceCheck {

  private static final long SLICE_BITS = 48;

  /** Sequences behind column defaults (serial, nextval) and identity columns of distributed and reference tables. */
  private static final String SEQUENCES = "WITH used AS ("
      + " SELECT d.refobjid AS seq, ad.adrelid AS rel, ad.adnum AS attnum FROM pg_catalog.pg_attrdef ad"
      + "   JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid"
      + "   AND d.refclassid = 'pg_catalog.pg_class'::regclass"
      + " UNION SELECT d.objid, d.refobjid, d.refobjsubid FROM pg_catalog.pg_depend d"
      + "   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass"
      + "   AND d.deptype = 'i')"
      + " SELECT " + CatalogSql.qualified("u.seq") + ", " + CatalogSql.qualified("p.logicalrelid") + ","
      + " a.attname::text, pg_catalog.format_type(s.seqtypid, NULL), pg_catalog.format_type(a.atttypid, NULL),"
      + " CASE WHEN pg_catalog.has_sequence_privilege(u.seq, 'SELECT') THEN pg_catalog.pg_sequence_last_value(u.seq) END,"
      + " (SELECT min(groupid) FROM pg_dist_node WHERE groupid > 0)"
      + " FROM used u JOIN pg_catalog.pg_sequence s ON s.seqrelid = u.seq"
      + " JOIN pg_dist_partition p ON p.logicalrelid = u.rel JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " JOIN pg_catalog.pg_attribute a ON a.attrelid = u.rel AND a.attnum = u.attnum"
      + " WHERE " + CatalogSql.SHARDED + CatalogSql.inSchemas("c.relnamespace") + " ORDER BY 2, 3";

  private SequenceCheck() {
  }

  static List<ClusterFinding> findings(Connection c, List<String> schemas) throws SQLException {
    List<ClusterFinding> out = new ArrayList<>();
    try (PreparedStatement s = CatalogSql.filtered(c, SEQUENCES, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String sequence = rs.getString(1);
        String table = rs.getString(2);
        String column = table + "." + SqlText.quoteIdentifier(rs.getString(3));
        String sequenceType = rs.getString(4);
        String columnType = rs.getString(5);
        long lastValue = rs.getLong(6);
        long firstWorkerGroup = rs.getLong(7);
        boolean narrow = !sequenceType.equals("bigint") || columnType.equals("integer") || columnType.equals("smallint");
        if (narrow) {
          out.add(new ClusterFinding(Level.WARNING, "sequence-type", table, "the sequence " + sequence + " of " + column
              + " is " + sequenceType + " and the column " + columnType + ": Citus gives workers a range only for bigint "
              + "sequences and bigint columns, so an insert that runs on a worker fails (nextval on a worker, or a value "
              + "out of " + columnType + " range), and the coordinator's values run out sooner.",
              "ALTER TABLE " + table + " ALTER COLUMN " + SqlText.quoteIdentifier(rs.getString(3)) + " TYPE bigint "
                  + "(rewrites the table); then, since Citus refuses ALTER SEQUENCE on a sequence in use, on the "
                  + "coordinator and on each worker: SET citus.enable_ddl_propagation = off; ALTER SEQUENCE " + sequence
                  + " AS bigint;", null));
          continue;
        }
        long workerStart = (firstWorkerGroup << SLICE_BITS) + 1;
        if (firstWorkerGroup > 0 && lastValue >= workerStart) {
          out.add(new ClusterFinding(Level.ERROR, "sequence-range", table, "the coordinator's sequence " + sequence
              + " of " + column + " is at " + lastValue + ", inside the range Citus gives worker group " + firstWorkerGroup
              + " (from " + workerStart + "): an insert on that worker and one on the coordinator can take the same "
              + "value.", "no automatic repair: first look for duplicates (SELECT " + SqlText.quoteIdentifier(rs.getString(3))
              + ", count(*) FROM " + table + " GROUP BY 1 HAVING count(*) > 1); then move the coordinator's sequence past "
              + "every worker's range: SELECT setval('" + sequence.replace("'", "''") + "', ((SELECT max(groupid) FROM "
              + "pg_dist_node) + 1)::bigint << 48); a worker added later gets the next range, so run check again then.",
              null));
        }
      }
    }
    return out;
  }
}
