package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of a reference table's placements, slice by slice ({@code "<rows> <checksum>"} each),
 * and the finding they make: which placements agree with which, their row counts, and where the
 * rows differ.
 */
final class PlacementComparison {

  private static final int SHOWN_RANGES = 3;

  /** Per placement (by name): its answers to every slice so far, and its rows. */
  private final Map<String, StringBuilder> signatures = new LinkedHashMap<>();
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final List<String> differing = new ArrayList<>();
  private int differingCount;
  private String unreadable;
  private Placements.Answer first;

  /** The answers to one slice; {@code range} is its condition, empty when the table is read in one slice. */
  void add(List<Placements.Answer> answers, String range) {
    String seen = null;
    boolean differs = false;
    for (Placements.Answer a : answers) {
      if (!a.success()) {
        unreadable = a.name() + ": " + a.result();
        return;
      }
      first = first == null ? a : first;
      String[] countAndSum = a.result().split(" ", 2);
      rows.merge(a.name(), Long.parseLong(countAndSum[0]), Long::sum);
      signatures.computeIfAbsent(a.name(), n -> new StringBuilder()).append(a.result()).append('|');
      differs |= seen != null && !seen.equals(a.result());
      seen = a.result();
    }
    if (differs) {
      differingCount++;
      if (differing.size() < SHOWN_RANGES) {
        differing.add(range);
      }
    }
  }

  /** The placement that could not be read, or null. */
  String unreadable() {
    return unreadable;
  }

  ClusterFinding finding(String table, List<String> key) {
    if (unreadable != null) {
      return new ClusterFinding(Level.WARNING, "reference-diverged", table, "could not compare the placements of the "
          + "reference table " + table + ": reading " + unreadable, "run check as the table's owner", null);
    }
    if (differingCount == 0) {
      return null;
    }
    // placements grouped by identical answers: each group agrees within, differs from the others
    Map<String, List<String>> groups = new LinkedHashMap<>();
    signatures.forEach((name, signature) -> groups.computeIfAbsent(signature.toString(), s -> new ArrayList<>()).add(name));
    StringBuilder agreement = new StringBuilder();
    for (List<String> group : groups.values()) {
      agreement.append(agreement.length() == 0 ? "" : "; ").append(String.join(" and ", group))
          .append(group.size() == 1 ? " stands alone" : " agree").append(" (").append(rows.get(group.get(0)))
          .append(" rows)");
    }
    String where = String.join("; ", differing) + (differingCount > differing.size()
        ? " and " + (differingCount - differing.size()) + " more slices" : "");
    String message = "the placements of the reference table " + table + " hold different rows: " + agreement + ". "
        + (key.isEmpty() ? "The table has no key; its rows differ as a whole."
            : differing.get(0).isEmpty() ? "The table is small enough to read in one slice; its rows differ."
            : "Rows differ where " + where + " (key " + String.join(", ", key) + ").")
        + " Reads return whichever placement answers, so the same query gives different results.";
    String shard = shardTable(table, first.shardId());
    String choose = "SELECT * FROM " + shard + (differing.get(0).isEmpty() ? "" : " WHERE " + differing.get(0))
        + (key.isEmpty() ? "" : " ORDER BY " + String.join(", ", key));
    String fix = "no automatic repair (check --fix never picks a winner). First remove what made them differ (a trigger run "
        + "with citus.enable_unsafe_triggers, a volatile default, a write on a worker). Choose the placement that is "
        + "right by reading each one on its node (psql -h <host> -p <port>: " + choose + "). Then copy it over the "
        + "others through the coordinator, which writes every placement alike: on the chosen node \\copy (SELECT * FROM "
        + shard + ") TO 'rows.csv'; on the coordinator BEGIN; TRUNCATE " + table + "; \\copy " + table
        + " FROM 'rows.csv'; COMMIT;" + (key.isEmpty() ? "" : " If other tables reference " + table + ", upsert the "
        + "chosen rows instead (INSERT ... ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE) and delete the keys "
        + "the chosen placement lacks.");
    return new ClusterFinding(Level.ERROR, "reference-diverged", table, message, fix, null);
  }

  /** The shard table {@code <table>_<shardid>}: the suffix goes inside a quoted name. */
  static String shardTable(String table, Object shardId) {
    return table.endsWith("\"") ? table.substring(0, table.length() - 1) + "_" + shardId + "\"" : table + "_" + shardId;
  }
}
