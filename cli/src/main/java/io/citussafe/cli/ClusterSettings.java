package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The cluster's settings that matter to migrations, {@code create_distributed_table_concurrently} above all. */
final class ClusterSettings {

  private static final String SETTINGS = "SELECT name, setting FROM pg_catalog.pg_settings"
      + " WHERE name IN ('wal_level', 'citus.multi_shard_modify_mode', 'citus.shard_replication_factor',"
      + " 'max_replication_slots') ORDER BY name";

  private ClusterSettings() {
  }

  static List<ClusterFinding> findings(Connection c) throws SQLException {
    List<ClusterFinding> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SETTINGS)) {
      while (rs.next()) {
        ClusterFinding f = setting(rs.getString(1), rs.getString(2));
        if (f != null) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static ClusterFinding setting(String name, String value) {
    switch (name) {
      case "wal_level":
        return value.equals("logical")
            ? new ClusterFinding(Level.INFO, "wal-level", null, "wal_level = logical: create_distributed_table_concurrently "
                + "can run here, outside a transaction block (give it a migration of its own without a transaction).",
                null, null)
            : new ClusterFinding(Level.INFO, "wal-level", null, "wal_level = " + value + ": create_distributed_table_concurrently"
                + " needs wal_level = logical on every node (a restart); until then use create_distributed_table, which"
                + " blocks writes to the table while it copies.", "ALTER SYSTEM SET wal_level = logical; -- on each "
                + "node, then restart", null);
      case "citus.multi_shard_modify_mode":
        return value.equals("parallel")
            ? new ClusterFinding(Level.INFO, "multi-shard-modify-mode", null, "citus.multi_shard_modify_mode = parallel (the "
                + "default): citussafe starts each migration transaction in sequential mode itself, so a foreign key, "
                + "a reference-table change or CREATE TYPE after a multi-shard statement does not fail.", null, null)
            : new ClusterFinding(Level.INFO, "multi-shard-modify-mode", null, "citus.multi_shard_modify_mode = " + value
                + " for every session: multi-shard statements run one shard at a time everywhere, which is slower; "
                + "citussafe needs it only in migration transactions and sets it there.", null, null);
      case "citus.shard_replication_factor":
        return value.equals("1") ? null : new ClusterFinding(Level.INFO, "shard-replication-factor", null,
            "citus.shard_replication_factor = " + value + ": create_distributed_table_concurrently supports only 1.",
            null, null);
      default:
        return null;
    }
  }
}
