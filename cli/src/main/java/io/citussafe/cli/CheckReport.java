package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import java.util.List;
import java.util.Locale;

/** The findings of {@code check} written for people ({@code text}), for CI ({@code json}) or as GitHub annotations. */
final class CheckReport {

  /** Report sections, in order: the findings whose code starts with the first text; the last takes the rest. */
  private static final String[][] SECTIONS = {
      {"stale-rows", "Stale coordinator rows"},
      {"local-foreign-key", "Plain local tables with a foreign key to a Citus table"},
      {"reference-diverged", "Reference tables whose placements differ"},
      {"shard-drift", "Shards that differ from their table"},
      {"invalid-index", "Invalid indexes"},
      {"sequence-", "Sequences that fail or collide between nodes"},
      {"time-keyword-default", "Defaults that each placement computes itself"},
      {"no-row-key", "Citus tables without a primary key or unique key"},
      {"", "Settings"}};

  private CheckReport() {
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return (bytes / 1024) + " kB";
    }
    if (bytes < 1024L * 1024 * 1024) {
      return (bytes / (1024 * 1024)) + " MB";
    }
    return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  }

  static boolean reaches(List<ClusterFinding> findings, Level level) {
    return level != null && findings.stream().anyMatch(f -> f.level().compareTo(level) >= 0);
  }

  static String text(String header, List<ClusterFinding> findings, Level failOn) {
    StringBuilder out = new StringBuilder();
    if (header != null) {
      out.append(header).append('\n');
    }
    for (String[] section : SECTIONS) {
      List<ClusterFinding> in = findings.stream().filter(f -> section(f) == section).toList();
      out.append('\n').append(section[1]).append(in.isEmpty() ? ": none\n" : "\n");
      for (ClusterFinding f : in) {
        PlanReport.wrap(out, "  " + String.format("%-8s", f.level().lower()) + f.message(), "          ");
        if (f.fixText() != null) {
          PlanReport.wrap(out, "          fix: " + f.fixText(), "            ");
        }
      }
    }
    out.append('\n').append(summary(findings, failOn)).append('\n');
    return out.toString();
  }

  private static String[] section(ClusterFinding f) {
    for (String[] section : SECTIONS) {
      if (f.code().startsWith(section[0])) {
        return section;
      }
    }
    throw new IllegalStateException("no section for " + f.code());
  }

  static String summary(List<ClusterFinding> findings, Level failOn) {
    int errors = (int) findings.stream().filter(f -> f.level() == Level.ERROR).count();
    int warnings = (int) findings.stream().filter(f -> f.level() == Level.WARNING).count();
    return PlanReport.plural(errors, "error") + ", " + PlanReport.plural(warnings, "warning") + ", "
        + (findings.size() - errors - warnings) + " info"
        + (failOn == null ? " (--fail-on none)." : reaches(findings, failOn)
            ? "; at or above --fail-on " + failOn.lower() + ": exit 1."
            : "; none at or above --fail-on " + failOn.lower() + ".");
  }

  /** GitHub Actions annotations, one per finding (no file: a cluster has none), then the summary. */
  static String github(List<ClusterFinding> findings, Level failOn) {
    StringBuilder out = new StringBuilder();
    for (ClusterFinding f : findings) {
      PlanReport.annotation(out, f.level(), "", f.code(), f.message() + (f.fixText() == null ? "" : "\nfix: " + f.fixText()));
    }
    out.append(summary(findings, failOn)).append('\n');
    return out.toString();
  }

  static String json(String[] facts, List<ClusterFinding> findings, Level failOn) {
    Json j = new Json();
    j.open('{');
    j.field("citus").value(true);
    j.field("citusVersion").value(facts[3]);
    j.field("postgresVersion").value(facts[2]);
    j.field("database").value(facts[1]);
    j.field("user").value(facts[0]);
    j.field("findings").open('[');
    for (ClusterFinding f : findings) {
      j.open('{');
      j.field("level").value(f.level().lower());
      j.field("code").value(f.code());
      j.field("table").value(f.table());
      j.field("message").value(f.message());
      j.field("fix").value(f.fixText());
      j.field("fixedByCheckFix").value(f.fixSql() != null);
      j.close('}');
    }
    j.close(']');
    j.field("failOn").value(failOn == null ? "none" : failOn.lower());
    j.field("failed").value(reaches(findings, failOn));
    j.close('}');
    return j + "\n";
  }

}
