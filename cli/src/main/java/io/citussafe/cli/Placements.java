package io.citussafe.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every placement of a Citus table with one query, through {@code run_command_on_placements}.
 *
 * <p>Why that function and not a connection of our own to each worker: it runs the query as the
 * current user over the connections Citus itself opens for that user's distributed queries, so it
 * works wherever the user's ordinary queries work, with no superuser, no worker credentials and no
 * route from this machine to the workers (whose names in {@code pg_dist_node} are often private to
 * the cluster). It is allowed in a read-only transaction, and the query it runs only reads. Each
 * call reads the shard tables {@code <table>_<shardid>} in parallel, one result per placement.
 *
 * <p>Each placement answers on a connection with its node's own defaults, and row text depends on
 * some settings (a timestamptz in another TimeZone reads differently). Every query therefore sets
 * them first, for its own transaction only, in a condition without columns that PostgreSQL
 * evaluates once before it reads a row.
 */
final class Placements {

  /** {@code WHERE} condition that fixes the settings row text depends on, on any node. */
  static final String SAME_SETTINGS = "(SELECT pg_catalog.set_config('TimeZone', 'UTC', true)"
      + " || pg_catalog.set_config('DateStyle', 'ISO, YMD', true)"
      + " || pg_catalog.set_config('IntervalStyle', 'postgres', true)"
      + " || pg_catalog.set_config('extra_float_digits', '1', true)"
      + " || pg_catalog.set_config('bytea_output', 'hex', true)"
      + " || pg_catalog.set_config('search_path', 'pg_catalog', true)) IS NOT NULL";

  /** Where {@link #read} puts the shard table's schema-qualified name in a query. */
  static final String TABLE = "%1$s";

  private static final String ON_PLACEMENTS = "SELECT nodename || ':' || nodeport, shardid, success, result"
      + " FROM pg_catalog.run_command_on_placements(pg_catalog.to_regclass(?), ?) ORDER BY shardid, nodename, nodeport";

  /** One placement's answer. */
  record Answer(String node, long shardId, boolean success, String result) {

    /** {@code host:port (shard N)}, as findings name a placement. */
    String name() {
      return node + " (shard " + shardId + ")";
    }
  }

  private Placements() {
  }

  /**
   * Runs {@code query} on every placement of {@code table}: {@link #TABLE} in it stands for the shard
   * table; its result is the first column of its first row.
   */
  static List<Answer> read(Connection c, String table, String query) throws SQLException {
    List<Answer> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ON_PLACEMENTS)) {
      s.setString(1, table);
      s.setString(2, query);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Answer(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** Runs the same {@code query} on the coordinator's own table {@code table} (its logical table, not a shard). */
  static String readCoordinator(Connection c, String table, String query) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query.replace(TABLE, table))) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
