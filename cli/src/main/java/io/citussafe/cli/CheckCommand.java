package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.SqlText;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * {@code citussafe check --url …}: what in a live cluster breaks future migrations. Read-only
 * catalog queries that a table owner without superuser can run; {@code --fix} runs only
 * {@code truncate_local_data_after_distributing_table}, each call shown and confirmed first.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
    header = "Check a live Citus cluster for what breaks future migrations.",
    description = {
        "Reads a live cluster (read-only; a table owner without superuser is enough) and lists what breaks "
            + "future migrations: Citus tables whose coordinator heap still holds the rows copied into the shards "
            + "(with their size), plain local tables with a foreign key to a distributed table (with the fix), "
            + "distributed and reference tables without a primary key or unique key (atomic rewrites need one), "
            + "and the settings that matter for create_distributed_table_concurrently.",
        "",
        "--fix removes the stale coordinator rows (SELECT truncate_local_data_after_distributing_table(…); the "
            + "shards are not touched), and nothing else: it shows each call, asks before running it unless "
            + "--yes, and reports what it did. On PostgreSQL without Citus, check says so and exits 0.",
        "",
        "Finding levels: error = a migration citussafe must refuse; warning = breaks future migrations; "
            + "info = facts.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.HELP_OK, "1:Findings at or above --fail-on (after --fix: those left).",
        ExitCodes.HELP_USAGE, ExitCodes.HELP_RUNTIME})
final class CheckCommand implements Callable<Integer> {

  enum FailOn { error, warning, info, none }

  enum Format { text, json }

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

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "text (default) or json.")
  Format format;

  @Option(names = "--schema", paramLabel = "<name>", split = ",",
      description = "Check only tables in these schemas (repeat, or separate with commas); default: all.")
  List<String> schemas = new ArrayList<>();

  @Option(names = "--fix", description = "Remove stale coordinator rows (truncate_local_data_after_distributing_table).")
  boolean fix;

  @Option(names = "--yes", description = "With --fix: do not ask before each cleanup.")
  boolean yes;

  @Option(names = "--verbose", description = "Show stack traces of unexpected errors.")
  boolean verbose;

  /**
   * One finding.
   *
   * @param fixSql the statement --fix runs for it, or null
   */
  record Finding(Level level, String code, String table, String message, String fixText, String fixSql) {
  }

  /** The schema-qualified, quoted name of the relation {@code oid}, whatever the search_path. */
  private static String qualified(String oid) {
    return "(SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(r.relname)"
        + " FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace WHERE r.oid = " + oid + ")";
  }

  private static final String FACTS = "SELECT current_user, current_database(), current_setting('server_version'),"
      + " (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'citus')";

  /** Distributed and reference tables (partition roots) whose coordinator heaps hold bytes. */
  private static final String STALE = "SELECT " + qualified("p.logicalrelid") + ","
      + " CASE WHEN p.partmethod = 'h' THEN 'distributed' ELSE 'reference' END,"
      // pg_partition_tree is empty for a table that is not partitioned: the table itself is added
      + " (SELECT COALESCE(sum(pg_catalog.pg_relation_size(t.relid)), 0) FROM (SELECT p.logicalrelid AS relid"
      + "    UNION SELECT relid FROM pg_catalog.pg_partition_tree(p.logicalrelid)) t)::bigint AS bytes"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " WHERE (p.partmethod = 'h' OR (p.partmethod = 'n' AND p.repmodel = 't')) AND NOT c.relispartition"
      + " AND (cardinality(?::text[]) = 0 OR c.relnamespace::regnamespace::text = ANY (?::text[]))"
      + " ORDER BY bytes DESC, 1";

  /** Plain local tables (unknown to Citus) with a foreign key to a distributed or reference table. */
  private static final String LOCAL_FOREIGN_KEYS = "SELECT " + qualified("con.conrelid") + ", con.conname::text,"
      + " pg_catalog.pg_get_constraintdef(con.oid), " + qualified("p.logicalrelid") + ","
      + " CASE WHEN p.partmethod = 'h' THEN 'distributed' ELSE 'reference' END,"
      + " (SELECT ca.attname::text FROM unnest(con.conkey, con.confkey) AS k(c, f)"
      + "    JOIN pg_catalog.pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.c"
      + "    JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.f"
      + "   WHERE p.partmethod = 'h' AND fa.attname = column_to_column_name(p.logicalrelid, p.partkey) LIMIT 1)"
      + " FROM pg_catalog.pg_constraint con JOIN pg_dist_partition p ON p.logicalrelid = con.confrelid"
      + " WHERE con.contype = 'f' AND con.conparentid = 0"
      + " AND (p.partmethod = 'h' OR (p.partmethod = 'n' AND p.repmodel = 't'))"
      + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition d WHERE d.logicalrelid = con.conrelid)"
      + " AND (cardinality(?::text[]) = 0 OR (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = con.conrelid)"
      + "   ::regnamespace::text = ANY (?::text[]))"
      + " ORDER BY 1, 2";

  /** Distributed and reference tables without a primary key or a unique key over NOT NULL columns. */
  private static final String NO_KEY = "SELECT " + qualified("p.logicalrelid") + ","
      + " CASE WHEN p.partmethod = 'h' THEN 'distributed' ELSE 'reference' END"
      + " FROM pg_dist_partition p JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid"
      + " WHERE (p.partmethod = 'h' OR (p.partmethod = 'n' AND p.repmodel = 't')) AND NOT c.relispartition"
      + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = p.logicalrelid"
      + "   AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL"
      + "   AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) k(attnum)"
      + "     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE NOT a.attnotnull))"
      + " AND (cardinality(?::text[]) = 0 OR c.relnamespace::regnamespace::text = ANY (?::text[]))"
      + " ORDER BY 1";

  private static final String SETTINGS = "SELECT name, setting FROM pg_catalog.pg_settings"
      + " WHERE name IN ('wal_level', 'citus.multi_shard_modify_mode', 'citus.shard_replication_factor',"
      + " 'max_replication_slots') ORDER BY name";

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
      String[] facts = facts(c);
      if (facts[3] == null) {
        progress.done(null);
        String note = "citussafe check: " + where(facts) + " is PostgreSQL " + facts[2] + " without Citus "
            + "(no citus extension in this database): nothing to check. Migrations through citussafe run here "
            + "unchanged; Citus calls are skipped with a warning.";
        io.out().println(format == Format.json ? "{\n  \"citus\": false,\n  \"note\": \"" + note.replace("\"", "\\\"")
            + "\",\n  \"findings\": []\n}" : note);
        return ExitCodes.OK;
      }
      List<Finding> findings = findings(c, schemas, progress);
      progress.done(null);
      String header = "citussafe check: " + where(facts) + ", Citus " + facts[3] + " on PostgreSQL " + facts[2];
      if (fix) {
        if (format == Format.json) {
          throw CliException.usage("--fix runs with --format text only", "run check --fix without --format json");
        }
        io.out().println(header);
        io.out().println();
        findings = fix(c, io, findings, progress);
        io.out().println();
        io.out().println("After --fix:");
      }
      io.out().print(format == Format.json ? json(facts, findings, level) : text(fix ? null : header, findings, level));
      io.out().flush();
      return reaches(findings, level) ? ExitCodes.FINDINGS : ExitCodes.OK;
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

  private static String[] facts(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FACTS)) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
    }
  }

  static List<Finding> findings(Connection c, List<String> schemas, Progress progress) throws SQLException {
    List<Finding> out = new ArrayList<>();
    progress.step(0, 4, "stale coordinator rows");
    List<String> staleTables = new ArrayList<>();
    List<String> blocked = new ArrayList<>();
    try (PreparedStatement s = filtered(c, STALE, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long bytes = rs.getLong(3);
        if (bytes == 0) {
          continue;
        }
        String table = rs.getString(1);
        staleTables.add(table);
        String truncate = "SELECT truncate_local_data_after_distributing_table(" + SqlText.quoteLiteral(table) + ")";
        out.add(new Finding(Level.WARNING, "stale-rows", table, "the " + rs.getString(2) + " table " + table
            + " keeps " + size(bytes) + " of stale rows in the coordinator's heap (copied into the shards when it "
            + "was distributed, no longer visible). DDL that scans the table (SET NOT NULL, ADD PRIMARY KEY, "
            + "CHECK, CREATE UNIQUE INDEX) reads them and fails or finds duplicates, unless it runs through "
            + "citussafe, which removes them first.", truncate + "; -- the shards are not touched (check --fix)",
            truncate));
      }
    }
    progress.step(1, 4, "local tables referencing Citus tables");
    try (PreparedStatement s = filtered(c, LOCAL_FOREIGN_KEYS, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String child = rs.getString(1);
        String parent = rs.getString(4);
        boolean distributed = rs.getString(5).equals("distributed");
        String column = rs.getString(6);
        boolean blocking = staleTables.contains(parent);
        if (blocking) {
          blocked.add(parent);
        }
        String fixText = distributed
            ? "SELECT create_distributed_table(" + SqlText.quoteLiteral(child) + ", "
                + SqlText.quoteLiteral(column != null ? column : "<its column referencing " + parent + ">")
                + ", colocate_with => " + SqlText.quoteLiteral(parent) + "); -- or make " + parent
                + " a reference table: SELECT create_reference_table(" + SqlText.quoteLiteral(parent) + ")"
            : "SELECT create_reference_table(" + SqlText.quoteLiteral(child) + "); -- or SELECT "
                + "citus_add_local_table_to_metadata(" + SqlText.quoteLiteral(child) + ")";
        out.add(new Finding(blocking ? Level.ERROR : Level.WARNING, "local-foreign-key", child, "the plain local "
            + "table " + child + " has a foreign key to the " + rs.getString(5) + " table " + parent + " ("
            + rs.getString(2) + ": " + rs.getString(3) + "). Citus checks it against the coordinator's own copy of "
            + parent + " and, while it exists, refuses to remove the stale rows of " + parent
            + (blocking ? "; " + parent + " has stale rows now, so citussafe refuses the DDL that needs them removed."
                : ": distributing or altering " + parent + " with rows will be refused."),
            fixText, null));
      }
    }
    // a stale table that a local table references cannot be cleaned until that key is gone
    for (int k = 0; k < out.size(); k++) {
      Finding f = out.get(k);
      if (f.code().equals("stale-rows") && blocked.contains(f.table())) {
        out.set(k, new Finding(f.level(), f.code(), f.table(), f.message(), "first fix the local foreign key below; "
            + "then " + f.fixSql() + ";", null));
      }
    }
    progress.step(2, 4, "tables without a key");
    try (PreparedStatement s = filtered(c, NO_KEY, schemas); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString(1);
        out.add(new Finding(Level.WARNING, "no-row-key", table, "the " + rs.getString(2) + " table " + table
            + " has no primary key and no unique key over NOT NULL columns: an UPDATE or DELETE that Citus rejects "
            + "(gen_random_uuid(), now() with columns, …) cannot be rewritten by citussafe, which matches each row "
            + "with its new values by key.", "ALTER TABLE " + table + " ADD PRIMARY KEY (<columns, including the "
            + "distribution column>)", null));
      }
    }
    progress.step(3, 4, "settings");
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SETTINGS)) {
      while (rs.next()) {
        Finding f = setting(rs.getString(1), rs.getString(2));
        if (f != null) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static Finding setting(String name, String value) {
    switch (name) {
      case "wal_level":
        return value.equals("logical")
            ? new Finding(Level.INFO, "wal-level", null, "wal_level = logical: create_distributed_table_concurrently "
                + "can run here, outside a transaction block (give it a migration of its own without a transaction).",
                null, null)
            : new Finding(Level.INFO, "wal-level", null, "wal_level = " + value + ": create_distributed_table_concurrently"
                + " needs wal_level = logical on every node (a restart); until then use create_distributed_table, which"
                + " blocks writes to the table while it copies.", "ALTER SYSTEM SET wal_level = logical; -- on each "
                + "node, then restart", null);
      case "citus.multi_shard_modify_mode":
        return value.equals("parallel")
            ? new Finding(Level.INFO, "multi-shard-modify-mode", null, "citus.multi_shard_modify_mode = parallel (the "
                + "default): citussafe starts each migration transaction in sequential mode itself, so a foreign key, "
                + "a reference-table change or CREATE TYPE after a multi-shard statement does not fail.", null, null)
            : new Finding(Level.INFO, "multi-shard-modify-mode", null, "citus.multi_shard_modify_mode = " + value
                + " for every session: multi-shard statements run one shard at a time everywhere, which is slower; "
                + "citussafe needs it only in migration transactions and sets it there.", null, null);
      case "citus.shard_replication_factor":
        return value.equals("1") ? null : new Finding(Level.INFO, "shard-replication-factor", null,
            "citus.shard_replication_factor = " + value + ": create_distributed_table_concurrently supports only 1.",
            null, null);
      default:
        return null;
    }
  }

  /** Runs the safe cleanups, each shown and (unless --yes) confirmed; returns the findings left. */
  private List<Finding> fix(Connection c, Io io, List<Finding> findings, Progress progress) throws SQLException {
    PrintStream out = io.out();
    List<Finding> fixable = findings.stream().filter(f -> f.fixSql() != null).toList();
    if (fixable.isEmpty()) {
      out.println("--fix: nothing to clean up (no stale coordinator rows).");
      return findings;
    }
    if (!yes && !io.terminal()) {
      throw CliException.usage("--fix asks before each cleanup, but no one is at a terminal to answer",
          "add --yes to run the cleanups without asking");
    }
    int done = 0;
    for (Finding f : fixable) {
      out.println("--fix: " + f.fixSql() + ";");
      out.println("       removes the stale coordinator rows of " + f.table() + "; the shards keep every row");
      if (!yes && !confirm(io, "Run it? [y/N] ")) {
        out.println("       skipped");
        continue;
      }
      long before = heapBytes(c, f.table());
      try (Statement s = c.createStatement()) {
        s.execute(f.fixSql());
      } catch (SQLException e) {
        out.println("       FAILED: " + DemoCommand.firstLine(e) + " (SQLSTATE " + e.getSQLState() + ")");
        continue;
      }
      long after = heapBytes(c, f.table());
      out.println("       done: the coordinator heap of " + f.table() + " went from " + size(before) + " to "
          + size(after));
      done++;
    }
    out.println("--fix: " + done + " of " + fixable.size() + " cleanups done.");
    return findings(c, schemas, progress);
  }

  /** The query with both parameters bound to the schema list (empty: every schema). */
  private static PreparedStatement filtered(Connection c, String sql, List<String> schemas) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    java.sql.Array array = c.createArrayOf("text", schemas.toArray());
    s.setArray(1, array);
    s.setArray(2, array);
    return s;
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

  private static long heapBytes(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(sum(pg_catalog.pg_relation_size(t.relid)), 0)::bigint"
        + " FROM (SELECT pg_catalog.to_regclass(?) AS relid"
        + " UNION SELECT relid FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(?))) t")) {
      s.setString(1, table);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
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

  private static boolean reaches(List<Finding> findings, Level level) {
    return level != null && findings.stream().anyMatch(f -> f.level().compareTo(level) >= 0);
  }

  private static final String[][] SECTIONS = {
      {"stale-rows", "Stale coordinator rows"},
      {"local-foreign-key", "Plain local tables with a foreign key to a Citus table"},
      {"no-row-key", "Citus tables without a primary key or unique key"},
      {"", "Settings"}};

  static String text(String header, List<Finding> findings, Level failOn) {
    StringBuilder out = new StringBuilder();
    if (header != null) {
      out.append(header).append('\n');
    }
    for (String[] section : SECTIONS) {
      List<Finding> in = findings.stream().filter(f -> section[0].isEmpty() ? f.table() == null && !isTableCode(f.code())
          : f.code().equals(section[0])).toList();
      out.append('\n').append(section[1]).append(in.isEmpty() ? ": none\n" : "\n");
      for (Finding f : in) {
        PlanReport.wrap(out, "  " + String.format("%-8s", f.level().lower()) + f.message(), "          ");
        if (f.fixText() != null) {
          PlanReport.wrap(out, "          fix: " + f.fixText(), "            ");
        }
      }
    }
    int errors = (int) findings.stream().filter(f -> f.level() == Level.ERROR).count();
    int warnings = (int) findings.stream().filter(f -> f.level() == Level.WARNING).count();
    out.append('\n').append(PlanReport.plural(errors, "error")).append(", ").append(PlanReport.plural(warnings, "warning"))
        .append(", ").append(findings.size() - errors - warnings).append(" info")
        .append(failOn == null ? " (--fail-on none).\n" : reaches(findings, failOn)
            ? "; at or above --fail-on " + failOn.lower() + ": exit 1.\n"
            : "; none at or above --fail-on " + failOn.lower() + ".\n");
    return out.toString();
  }

  private static boolean isTableCode(String code) {
    return code.equals("stale-rows") || code.equals("local-foreign-key") || code.equals("no-row-key");
  }

  private static String json(String[] facts, List<Finding> findings, Level failOn) {
    Json j = new Json();
    j.open('{');
    j.field("citus").value(true);
    j.field("citusVersion").value(facts[3]);
    j.field("postgresVersion").value(facts[2]);
    j.field("database").value(facts[1]);
    j.field("user").value(facts[0]);
    j.field("findings").open('[');
    for (Finding f : findings) {
      j.open('{');
      j.field("level").value(f.level().lower());
      j.field("code").value(f.code());
      j.field("table").value(f.table());
      j.field("message").value(f.message());
      j.field("fix").value(f.fixText());
      j.close('}');
    }
    j.close(']');
    j.field("failOn").value(failOn == null ? "none" : failOn.lower());
    j.field("failed").value(reaches(findings, failOn));
    j.close('}');
    return j + "\n";
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
