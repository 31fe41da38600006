package io.citussafe.tests.histories;

import io.citussafe.tests.differential.Snapshot;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one history along each route, each in a schema of its own that is dropped before the next
 * (so an extension a migration creates lives in that schema and goes with it). Keeps what later
 * routes compare with: pgjdbc's catalog on plain PostgreSQL, and the keys citussafe left there.
 */
final class HistoryRun {

  /** A statement that waits this long is a stop, not a run that never ends. */
  private static final String STATEMENT_TIMEOUT = "&options=-c%20statement_timeout%3D300s";

  private final History history;
  private final Migrator migrator;
  private final Path output;
  private int total = -1;
  private Map<String, List<String>> pgjdbcCatalog;
  private long pgjdbcApplied = -1;
  private final Map<String, String> plainKeys = new HashMap<>();

  HistoryRun(History history, Path checkout, Path output) {
    this.history = history;
    this.migrator = Migrator.of(history, checkout);
    this.output = output;
  }

  Outcome run(Route route, TestDatabase database) throws SQLException, IOException {
    Schema schema = database.newSchema("hist");
    List<String> inPublic = publicObjects(database);
    try {
      String driver = (route.citusSafe ? schema.citusSafeUrl() : schema.pgjdbcUrl()) + STATEMENT_TIMEOUT;
      long start = System.nanoTime();
      Stop stop = null;
      String layout = "";
      boolean layingOut = false;
      try {
        if (total < 0) {
          total = migrator.total(driver, schema);
        }
        if (route.layout != null) {
          migrator.migrate(driver, schema, Math.max(1, total / 2));
          layingOut = true;
          if (route == Route.CITUS_DISTRIBUTION_COLUMN) {
            layout = distributeByColumn(driver + route.settings(history), schema.name()) + "; ";
          }
          try (Connection c = schema.pgjdbcConnection()) {
            layout += route.layout.apply(c, schema.name(), migrator::isToolTable);
          }
          layingOut = false;
        }
        migrator.migrate(driver + route.settings(history), schema, -1);
      } catch (Exception e) {
        stop = layingOut && e instanceof SQLException s ? Stop.ofLayout("the layout", s) : Stop.of(e);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      try (Connection c = schema.pgjdbcConnection()) {
        long applied = applied(c);
        Boolean identical = null;
        if (route == Route.PLAIN_PGJDBC) {
          pgjdbcCatalog = Snapshot.catalog(c, schema.name());
          pgjdbcApplied = applied;
        } else if (route == Route.PLAIN_CITUSSAFE) {
          identical = compare(Snapshot.catalog(c, schema.name())) && applied == pgjdbcApplied;
          Catalog.rows(c, Catalog.in(Catalog.KEYS, schema.name())).forEach(k -> plainKeys.put(k[0], k[2]));
        }
        if (route.citus) {
          layout = (layout.isEmpty() ? "" : layout + "; now ") + kinds(c, schema.name())
              + (route == Route.CITUS_DISTRIBUTION_COLUMN ? "; " + changedKeys(c, schema.name()) : "");
        }
        return new Outcome(route, applied, total, stop, millis, identical, layout);
      }
    } finally {
      try (Connection c = database.superuserConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema.name() + " CASCADE");
        for (String drop : publicObjects(database)) {
          if (!inPublic.contains(drop)) {
            s.execute(drop);
          }
        }
      }
    }
  }

  private static List<String> publicObjects(TestDatabase database) throws SQLException {
    try (Connection c = database.superuserConnection()) {
      return Catalog.rows(c, Catalog.IN_PUBLIC).stream().map(row -> row[0]).toList();
    }
  }

  /**
   * The adoption migration a multi-tenant application's team writes: first what citussafe's
   * refusal asks for, the column added to each table that references a table holding it and
   * filled from the referenced rows; then create_distributed_table of each table holding the
   * column, through citussafe, which lays out the tables connected to it.
   */
  private String distributeByColumn(String url, String schema) throws SQLException {
    String column = history.tenantColumn();
    int calls = 0;
    Set<String> added = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (List<String[]> missing = Catalog.rows(c, Catalog.in(Catalog.WITHOUT_COLUMN, schema, column));
          !missing.isEmpty(); missing = Catalog.rows(c, Catalog.in(Catalog.WITHOUT_COLUMN, schema, column))) {
        for (String[] m : missing) {
          String table = Catalog.quote(schema) + "." + Catalog.quote(m[0]);
          s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + Catalog.quote(column) + " " + m[4]);
          s.execute("UPDATE " + table + " c SET " + Catalog.quote(column) + " = p." + Catalog.quote(column) + " FROM "
              + Catalog.quote(schema) + "." + Catalog.quote(m[1]) + " p WHERE p." + Catalog.quote(m[3]) + " = c."
              + Catalog.quote(m[2]));
          added.add(m[0]);
        }
      }
      for (String[] table : Catalog.rows(c, Catalog.in(Catalog.HOLDING, schema, column))) {
        if (!Catalog.rows(c, Catalog.in(Catalog.HOLDING, schema, column)).stream().anyMatch(t -> t[0].equals(table[0]))) {
          continue; // an earlier call laid it out with its graph
        }
        String sql = "SELECT create_distributed_table('" + Catalog.quote(schema) + "." + Catalog.quote(table[0])
            + "', '" + column + "')";
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
        }
        calls++;
      }
    }
    return "added " + column + " to " + added.size() + " tables " + added + ", " + calls
        + " create_distributed_table calls by " + column;
  }

  private long applied(Connection c) {
    try {
      return migrator.applied(c);
    } catch (SQLException e) {
      return 0; // the tool's table was never made
    }
  }

  /** Whether citussafe's catalog equals pgjdbc's; the difference written beside the report if not. */
  private boolean compare(Map<String, List<String>> citusSafe) throws IOException {
    if (citusSafe.equals(pgjdbcCatalog)) {
      return true;
    }
    List<String> diff = new ArrayList<>();
    for (String section : citusSafe.keySet()) {
      List<String> theirs = pgjdbcCatalog == null ? List.of() : pgjdbcCatalog.getOrDefault(section, List.of());
      theirs.stream().filter(l -> !citusSafe.get(section).contains(l)).forEach(l -> diff.add("- " + section + ": " + l));
      citusSafe.get(section).stream().filter(l -> !theirs.contains(l)).forEach(l -> diff.add("+ " + section + ": " + l));
    }
    Files.write(output.resolve(history.name() + "-catalog.diff"), diff);
    return false;
  }

  private static String kinds(Connection c, String schema) throws SQLException {
    List<String> kinds = new ArrayList<>();
    for (String[] row : Catalog.rows(c, Catalog.in(Catalog.CITUS_KINDS, schema))) {
      kinds.add(row[1] + " " + row[0]);
    }
    return String.join(", ", kinds);
  }

  /**
   * Primary and unique keys that got the distribution column first, and foreign keys made
   * composite with it, compared with the same constraints citussafe left on plain PostgreSQL.
   */
  private String changedKeys(Connection c, String schema) throws SQLException {
    String column = history.tenantColumn();
    int widened = 0;
    int composite = 0;
    for (String[] k : Catalog.rows(c, Catalog.in(Catalog.KEYS, schema))) {
      String plain = plainKeys.get(k[0]);
      boolean gotColumn = k[2].contains("(" + column + ", ") && (plain == null || !plain.contains("(" + column + ", "));
      if (gotColumn && k[1].equals("f")) {
        composite++;
      } else if (gotColumn) {
        widened++;
      }
    }
    return widened + " keys widened, " + composite + " foreign keys made composite";
  }
}
