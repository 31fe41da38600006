package io.citussafe.cli;

import io.citussafe.rewriter.SchemaChangeReader;
import io.citussafe.rewriter.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code citussafe demo}: the incident migration set, statement by statement, through
 * {@code jdbc:citussafe:} on an embedded PostgreSQL, or on a server given with {@code --url} in a
 * fresh schema that is dropped afterwards; with {@code --compare}, through plain pgjdbc first.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
    header = "Run the incident migration set through citussafe, step by step.",
    description = {
        "Runs the incident migration set (create and fill two tables, distribute them, backfill, SET NOT NULL, "
            + "a CHECK, an index, a uuid column backfilled with gen_random_uuid()) through jdbc:citussafe:, each "
            + "migration in its own transaction as Flyway runs them, and prints each statement, what citussafe "
            + "did with it, and the result.",
        "",
        "Without --url it starts an embedded PostgreSQL (nothing to install; plain PostgreSQL, so citussafe "
            + "skips the Citus calls). With --url jdbc:citussafe:postgresql://… it runs on your server, on Citus "
            + "the real thing, in a fresh schema that it drops at the end. --compare also runs the set through "
            + "plain pgjdbc first, which fails on Citus.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:The set ran through citussafe.", "1:It did not (the output says where).",
        ExitCodes.HELP_USAGE, ExitCodes.HELP_RUNTIME})
final class DemoCommand implements Callable<Integer> {

  static final List<String> MIGRATIONS = List.of(
      "V1__create_tenants_and_orders.sql",
      "V2__distribute_tenants_and_orders.sql",
      "V3__add_region.sql",
      "V4__backfill_tenant_and_region.sql",
      "V5__tenant_and_region_not_null.sql",
      "V6__amount_check_and_tenant_region_index.sql",
      "V7__add_uid.sql",
      "V8__backfill_uid.sql",
      "V9__uid_not_null.sql");

  private static final String INDENT = "      ";

  @ParentCommand
  CitussafeCommand parent;

  @Option(names = "--url", paramLabel = "<jdbc url>",
      description = "Run on this server instead of an embedded PostgreSQL: jdbc:citussafe:postgresql://host:port/db "
          + "(jdbc:postgresql:// is accepted too). Needs the right to create a schema.")
  String url;

  @Option(names = "--user", paramLabel = "<name>", description = "User for --url (or put user= in the URL).")
  String user;

  @Option(names = "--password", paramLabel = "<password>",
      description = "Password for --url; default: the environment variable PGPASSWORD.")
  String password;

  @Option(names = "--compare", description = "Run the set through plain pgjdbc first (it fails on Citus).")
  boolean compare;

  @Option(names = "--verbose", description = "Also log the driver's own lines, and show stack traces.")
  boolean verbose;

  @Override
  public Integer call() {
    Io io = parent.io();
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.citussafe", "info");
    }
    List<Migration> set = load();
    if (url == null) {
      try (EmbeddedServer server = EmbeddedServer.start(Progress.on(io))) {
        return demo(io, set, server.pgjdbcUrl(), true);
      }
    }
    return demo(io, set, pgjdbcUrl(url), false);
  }

  /** One migration of the set: its file name and statements. */
  record Migration(String name, List<String> statements) {
  }

  private int demo(Io io, List<Migration> set, String pgjdbcUrl, boolean embedded) {
    PrintStream out = io.out();
    String citussafeUrl = "jdbc:citussafe:" + pgjdbcUrl.substring("jdbc:".length());
    String where;
    boolean citus;
    try (Connection c = connect(pgjdbcUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('server_version'),"
            + " (SELECT extversion FROM pg_extension WHERE extname = 'citus')")) {
      rs.next();
      citus = rs.getString(2) != null;
      where = (embedded ? "an embedded PostgreSQL " + rs.getString(1) + " (plain PostgreSQL: citussafe skips the Citus calls)"
          : citus ? "Citus " + rs.getString(2) + " on PostgreSQL " + rs.getString(1)
          : "PostgreSQL " + rs.getString(1) + " without Citus (citussafe skips the Citus calls)");
    } catch (SQLException e) {
      throw cannotConnect(pgjdbcUrl, e);
    }
    out.println("citussafe demo: the incident migration set, " + set.size() + " Flyway-style migrations, each in "
        + "its own transaction, on " + where);
    int code = ExitCodes.OK;
    if (compare) {
      Outcome plain = runInFreshSchema(io, set, pgjdbcUrl, pgjdbcUrl, "plain pgjdbc", citus);
      if (citus && plain.completed()) {
        out.println("(plain pgjdbc got through: this cluster did not keep the copied rows on the coordinator)");
      }
    }
    Outcome safe = runInFreshSchema(io, set, pgjdbcUrl, citussafeUrl, "citussafe", citus);
    if (!safe.completed()) {
      code = ExitCodes.FINDINGS;
    }
    out.flush();
    return code;
  }

  record Outcome(boolean completed) {
  }

  private Outcome runInFreshSchema(Io io, List<Migration> set, String adminUrl, String runUrl, String through,
      boolean citus) {
    PrintStream out = io.out();
    String schema = "citussafe_demo_" + (through.equals("citussafe") ? "" : "pgjdbc_")
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    try (Connection admin = connect(adminUrl); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw CliException.runtime("could not create the demo's schema " + schema + ": " + firstLine(e),
          "the demo needs a user that may create a schema (CREATE on the database)", e);
    }
    out.println();
    out.println("== through " + through + " (" + redacted(runUrl) + "), in the new schema " + schema);
    try {
      return run(out, set, runUrl, schema, through, citus);
    } finally {
      try (Connection admin = connect(adminUrl); Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        io.err().println("citussafe demo: could not drop the schema " + schema + ": " + firstLine(e));
        io.err().println("hint: drop it yourself: DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private Outcome run(PrintStream out, List<Migration> set, String url, String schema, String through, boolean citus) {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      c.setAutoCommit(false);
      for (Migration m : set) {
        out.println();
        out.println(m.name());
        for (String sql : m.statements()) {
          out.println("  " + SqlText.oneLine(sql));
          try {
            boolean results = s.execute(sql);
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
              if (w.getMessage() != null && w.getMessage().startsWith("citussafe:")) {
                StringBuilder text = new StringBuilder();
                PlanReport.wrap(text, INDENT + w.getMessage(), INDENT + "  ");
                out.print(text);
              }
            }
            s.clearWarnings();
            out.println(INDENT + result(sql, results ? -1 : s.getUpdateCount()));
          } catch (SQLException e) {
            out.println(INDENT + "FAILED: SQLSTATE " + e.getSQLState() + ": " + firstLine(e));
            c.rollback();
            out.println("  " + through + " stops here, as Flyway would: " + m.name() + " is rolled back.");
            return new Outcome(false);
          }
        }
        c.commit();
      }
      c.setAutoCommit(true);
      out.println();
      out.println("  " + through + ": migration complete. " + summary(s, citus));
      return new Outcome(true);
    } catch (SQLException e) {
      throw CliException.runtime("the demo lost its connection: " + firstLine(e), "check the server, then run it again", e);
    }
  }

  private static String summary(Statement s, boolean citus) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE tenant_id = 0), count(DISTINCT uid),"
        + " pg_relation_size('orders') + pg_relation_size('tenants') FROM orders")) {
      rs.next();
      return "orders: " + rs.getLong(1) + " rows, " + rs.getLong(2) + " backfilled with tenant 0, " + rs.getLong(3)
          + " distinct uids; " + (citus ? "stale rows left in the coordinator's heaps: " + rs.getLong(4) + " bytes."
          : "tenants and orders stay plain tables.");
    }
  }

  private static String result(String sql, int updateCount) {
    String rows = updateCount + (updateCount == 1 ? " row " : " rows ");
    return updateCount < 0 ? "ok" : switch (SchemaChangeReader.read(sql).kind()) {
      case INSERT -> "ok, " + rows + "inserted";
      case UPDATE -> "ok, " + rows + "updated";
      case DELETE -> "ok, " + rows + "deleted";
      default -> "ok";
    };
  }

  /** The set, from the jar, split as the driver splits statements. */
  static List<Migration> load() {
    List<Migration> set = new ArrayList<>();
    for (String name : MIGRATIONS) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the demo's migration " + name + " is missing from the jar");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        List<String> statements = new ArrayList<>();
        for (String piece : SqlText.statements(text)) {
          statements.add(piece.substring(SqlText.firstTokenOffset(piece)).strip());
        }
        set.add(new Migration(name, statements));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the demo's migration " + name, e);
      }
    }
    return set;
  }

  /** The URL as pgjdbc takes it, from a citussafe or pgjdbc URL. */
  private static String pgjdbcUrl(String given) {
    if (given.startsWith("jdbc:citussafe:postgresql:")) {
      return "jdbc:" + given.substring("jdbc:citussafe:".length());
    }
    if (given.startsWith("jdbc:postgresql:")) {
      return given;
    }
    throw CliException.usage("--url must start with jdbc:citussafe:postgresql: (or jdbc:postgresql:), but was: "
        + redacted(given), "for example --url jdbc:citussafe:postgresql://localhost:5432/app?user=app");
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
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  private static CliException cannotConnect(String url, SQLException e) {
    return CliException.runtime("cannot connect to " + redacted(url) + ": " + firstLine(e),
        "check host, port, database, user and password (--user, --password or PGPASSWORD)", e);
  }

  static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The URL without a password parameter, for messages. */
  static String redacted(String url) {
    return url == null ? "" : url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
