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
 * Column defaults of distributed and reference tables written {@code CURRENT_TIMESTAMP}, {@code
 * CURRENT_DATE}, {@code CURRENT_TIME}, {@code LOCALTIME} or {@code LOCALTIMESTAMP}. Citus computes
 * a default's STABLE calls on the coordinator, but sends these keywords to the placements as written:
 * each computes them with its own transaction start and its own TimeZone, not the session's. A
 * Citus-local table's one placement is on the coordinator, in the session, and is left out; so are
 * partitions, which {@code SET DEFAULT} on their parent reaches.
 */
final class TimeKeywordDefaults {

  private static final String DEFAULTS = "SELECT " + CatalogSql.qualified("p.logicalrelid") + ", " + CatalogSql.KIND
      + ", a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " JOIN pg_catalog.pg_attrdef d ON d.adrelid = p.logicalrelid"
      + " JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum AND NOT a.attisdropped"
      + " WHERE " + CatalogSql.SHARDED + " AND NOT c.relispartition"
      + " AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) ~ '(CURRENT_(DATE|TIME)|LOCALTIME)'"
      + CatalogSql.inSchemas("c.relnamespace") + " ORDER BY 1, a.attnum";

  private TimeKeywordDefaults() {
  }

  static List<ClusterFinding> findings(Connection c, List<String> schemas) throws SQLException {
    List<ClusterFinding> out = new ArrayList<>();
    try (PreparedStatement s = CatalogSql.filtered(c, DEFAULTS, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String expression = rs.getString(4);
        String functionForm = SqlText.timeKeywordsAsFunctions(expression);
        if (functionForm == expression) {
          continue; // the words were in a string or a quoted name
        }
        String table = rs.getString(1);
        boolean reference = rs.getString(2).equals("reference");
        String column = SqlText.quoteIdentifier(rs.getString(3));
        out.add(new ClusterFinding(reference ? Level.ERROR : Level.WARNING, "time-keyword-default", table,
            "the default of " + table + "." + column + " is " + expression + ": Citus sends this keyword to the "
            + "placements as written, and each computes it with its own transaction start and its own TimeZone, not "
            + "your session's. " + (reference
                ? "Every insert that takes the default stores a different value on each placement of the reference table "
                    + table + " (check its placements above), and in a session zone other than the workers' a different date."
                : "An insert that takes the default stores the worker's time, in the worker's zone: in a session whose "
                    + "TimeZone is not the workers' (pgjdbc sets the JVM's zone) dates and local times differ from "
                    + "PostgreSQL's, and rows of one statement on several shards get different times.")
            + " The function form means the same in PostgreSQL and Citus computes it once, on the coordinator.",
            "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + functionForm + ";", null));
      }
    }
    return out;
  }
}
