package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code citussafe check --url …}: what in a live cluster breaks future migrations, and damage that
 * no error reported. Read-only queries that a table owner without superuser can run; {@code --fix}
 * runs only the repairs that have one faithful form (stale coordinator rows, invalid indexes), each
 * shown and confirmed first.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
    header = "Check a live Citus cluster for silent damage and for what breaks future migrations.",
    description = {
        "Reads a live cluster (read-only; a table owner without superuser is enough) and lists, each with the "
            + "table, the placements (host:port, shard id), what differs and the safe repair:",
        "  - reference tables whose placements hold different rows (row count and a checksum of the rows in key "
            + "order, read in slices of " + ReferenceCheck.SLICE_ROWS + " rows so no placement is locked for long);",
        "  - indexes invalid on the coordinator while valid on the shards, or the reverse;",
        "  - shards whose columns, types, defaults, NOT NULL or constraints differ from their table's;",
        "  - sequences of Citus tables that fail or collide between nodes (smallint or integer, or a coordinator "
            + "sequence that reached a worker's range);",
        "  - defaults written CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, … on distributed and reference tables, "
            + "which each placement computes with its own clock and TimeZone (fix: the function form, now() …);",
        "  - plain local tables with a foreign key to a Citus table, with the count of rows whose parent is gone;",
        "  - Citus tables whose coordinator heap still holds the rows copied into the shards (with their size);",
        "  - distributed and reference tables without a primary key or unique key (atomic rewrites need one);",
        "  - the settings that matter for create_distributed_table_concurrently.",
        "",
        "--fix runs only the repairs that have one faithful form: removing stale coordinator rows (SELECT "
            + "truncate_local_data_after_distributing_table(…); the shards are not touched) and rebuilding an invalid "
            + "index (REINDEX INDEX CONCURRENTLY). It shows each statement, asks before running it unless --yes, and "
            + "reports what it did. It never picks a winner between placements that differ: the finding says how to "
            + "choose one and copy it over the others. On PostgreSQL without Citus, check says so and exits 0.",
        "",
        "Finding levels: error = damage, or a migration citussafe must refuse; warning = breaks future migrations; "
            + "info = facts.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.HELP_OK, "1:Findings at or above --fail-on (after --fix: those left).",
        ExitCodes.HELP_USAGE, ExitCodes.HELP_RUNTIME})
final class CheckCommand implements Callable<Integer> {

  enum FailOn { error, warning, info, none }

  enum Format { text, json, github }

  @ParentCommand
  CitussafeCommand parent;

  @Option(names = "--url", required = true, paramLabel = "<jdbc url>",
      description = "jdbc:citussafe:postgresql://host:port/db or jdbc:postgresql://host:port/db of the coordinator.")
  String url;

  @Option(names = "--user", paramLabel = "<name>", description = "User (or put user= in the URL).")
  String user;

  @Option(names = "--password", paramLabel = "<password>",
      description = "Password; default: the environment variable PGPASSWORD.")
  String password;

  @Option(names = "--fail-on", paramLabel = "<level>", defaultValue = "warning",
      description = "Exit 1 when a finding is at or above this level: error, warning (default), info, or none.")
  FailOn failOn;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
      description = "text (default), json for CI, or github for GitHub Actions annotations.")
  Format format;

  @Option(names = "--schema", paramLabel = "<name>", split = ",",
      description = "Check only tables in these schemas (repeat, or separate with commas); default: all.")
  List<String> schemas = new ArrayList<>();

  @Option(names = "--fix", description = "Remove stale coordinator rows and rebuild invalid indexes, asking first.")
  boolean fix;

  @Option(names = "--yes", description = "With --fix: do not ask before each repair.")
  boolean yes;

  @Option(names = "--verbose", description = "Show stack traces of unexpected errors.")
  boolean verbose;

  @Override
  public Integer call() {
    Io io = parent.io();
    String jdbcUrl = pgjdbcUrl(url);
    Level level = failOn == FailOn.none ? null : Level.valueOf(failOn.name().toUpperCase(Locale.ROOT));
    Progress progress = format == Format.text ? Progress.on(io) : Progress.none();
    try (Connection c = connect(jdbcUrl)) {
      if (!fix) {
        // a guard for the promise that check only reads
        try (Statement s = c.createStatement()) {
          s.execute("SET default_transaction_read_only = on");
        }
      }
      progress.phase("connected; reading the catalog");
      String[] facts = ClusterCatalog.facts(c);
      if (facts[3] == null) {
        progress.done(null);
        String note = "citussafe check: " + where(facts) + " is PostgreSQL " + facts[2] + " without Citus "
            + "(no citus extension in this database): nothing to check. Migrations through citussafe run here "
            + "unchanged; Citus calls are skipped with a warning.";
        io.out().println(format != Format.text ? "{\n  \"citus\": false,\n  \"note\": \"" + note.replace("\"", "\\\"")
            + "\",\n  \"findings\": []\n}" : note);
        return ExitCodes.OK;
      }
      List<ClusterFinding> findings = ClusterCatalog.findings(c, schemas, progress);
      progress.done(null);
      String header = "citussafe check: " + where(facts) + ", Citus " + facts[3] + " on PostgreSQL " + facts[2];
      if (fix) {
        if (format != Format.text) {
          throw CliException.usage("--fix runs with --format text only", "run check --fix without --format " + format);
        }
        io.out().println(header);
        io.out().println();
        findings = fix(c, io, findings, progress);
        io.out().println();
        io.out().println("After --fix:");
      }
      io.out().print(switch (format) {
        case text -> CheckReport.text(fix ? null : header, findings, level);
        case json -> CheckReport.json(facts, findings, level);
        case github -> CheckReport.github(findings, level);
      });
      io.out().flush();
      return CheckReport.reaches(findings, level) ? ExitCodes.FINDINGS : ExitCodes.OK;
    } catch (SQLException e) {
      progress.done(null);
      throw CliException.runtime("cannot read the cluster at " + DemoCommand.redacted(url) + ": " + DemoCommand.firstLine(e)
          + " (SQLSTATE " + e.getSQLState() + ")", "check host, port, database, user and password (--user, --password "
          + "or PGPASSWORD); check reads only catalogs that any table owner can read", e);
    }
  }

  private static String where(String[] facts) {
    return "database " + facts[1] + " as " + facts[0];
  }

  /** Runs the faithful repairs, each shown and (unless --yes) confirmed; returns the findings left. */
  private List<ClusterFinding> fix(Connection c, Io io, List<ClusterFinding> findings, Progress progress) throws SQLException {
    PrintStream out = io.out();
    List<ClusterFinding> fixable = findings.stream().filter(f -> f.fixSql() != null).toList();
    if (fixable.isEmpty()) {
      out.println("--fix: nothing to repair (no stale coordinator rows, no invalid index).");
      return findings;
    }
    if (!yes && !io.terminal()) {
      throw CliException.usage("--fix asks before each repair, but no one is at a terminal to answer",
          "add --yes to run the repairs without asking");
    }
    int done = 0;
    for (ClusterFinding f : fixable) {
      boolean stale = f.code().equals("stale-rows");
      out.println("--fix: " + f.fixSql() + ";");
      out.println("       " + (stale ? "removes the stale coordinator rows of " + f.table() + "; the shards keep every row"
          : "rebuilds the index on the coordinator and on every shard of " + f.table() + "; writes go on meanwhile"));
      if (!yes && !confirm(io, "Run it? [y/N] ")) {
        out.println("       skipped");
        continue;
      }
      long before = stale ? ClusterCatalog.heapBytes(c, f.table()) : 0;
      try (Statement s = c.createStatement()) {
        s.execute(f.fixSql());
      } catch (SQLException e) {
        out.println("       FAILED: " + DemoCommand.firstLine(e) + " (SQLSTATE " + e.getSQLState() + ")");
        continue;
      }
      out.println("       done" + (stale ? ": the coordinator heap of " + f.table() + " went from " + CheckReport.size(before)
          + " to " + CheckReport.size(ClusterCatalog.heapBytes(c, f.table())) : ""));
      done++;
    }
    out.println("--fix: " + done + " of " + fixable.size() + " repairs done.");
    return ClusterCatalog.findings(c, schemas, progress);
  }

  private static boolean confirm(Io io, String question) {
    io.err().print(question);
    io.err().flush();
    try {
      String answer = io.in().readLine();
      return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String pgjdbcUrl(String given) {
    if (given.startsWith("jdbc:citussafe:postgresql:")) {
      return "jdbc:" + given.substring("jdbc:citussafe:".length());
    }
    if (given.startsWith("jdbc:postgresql:")) {
      return given;
    }
    throw CliException.usage("--url must start with jdbc:citussafe:postgresql: or jdbc:postgresql:, but was: "
        + DemoCommand.redacted(given), "for example --url jdbc:postgresql://localhost:5432/app?user=app");
  }

  private Connection connect(String jdbcUrl) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    String secret = password != null ? password : System.getenv("PGPASSWORD");
    if (secret != null) {
      properties.setProperty("password", secret);
    }
    properties.setProperty("ApplicationName", "citussafe check");
    return DriverManager.getConnection(jdbcUrl, properties);
  }
}
