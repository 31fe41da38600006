package io.citussafe.tests.differential;

import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario on a route in a fresh schema: the setup through pgjdbc, the migration through
 * the route's driver (in autocommit, or in one transaction that stops at the first error as
 * migration tools do), then reads the snapshot and, on Citus, checks the placements. Drops the
 * schema afterwards so that long runs do not fill the catalog.
 */
final class Runner {

  /** No generated statement should take this long; one that does is reported, not waited for. */
  private static final int STATEMENT_TIMEOUT_SECONDS = 120;

  private Runner() {}

  static Run run(Scenario scenario, Route route) throws SQLException {
    Schema schema = route.database().newSchema("difftest");
    try {
      String failure = setup(scenario, route, schema);
      if (failure != null) {
        return new Run(List.of(), List.of(), Map.of(), List.of(), -1, failure);
      }
      List<String> outcomes = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      Placements placements = new Placements(route, schema, scenario);
      try (Connection c = route.migrationConnection(schema, scenario)) {
        migrate(scenario, schema.name(), c, outcomes, messages, placements);
      }
      try (Connection c = schema.pgjdbcConnection()) {
        Map<String, List<String>> snapshot = Snapshot.read(c, schema.name(), scenario.volatileColumns());
        placements.checkAfter(-1);
        return new Run(outcomes, messages, snapshot, placements.problems, placements.step, null);
      }
    } finally {
      try (Connection c = route.database().superuserConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema.name() + " CASCADE");
      }
    }
  }

  private static String setup(Scenario scenario, Route route, Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      for (Step step : scenario.steps()) {
        boolean runs = step.phase() == Step.Phase.SETUP || step.phase() == Step.Phase.CITUS_SETUP && route.citus();
        if (!runs) {
          continue;
        }
        try {
          s.execute(step.sqlIn(schema.name()));
        } catch (SQLException e) {
          return step + ": " + e.getMessage();
        }
      }
    }
    return null;
  }

  /**
   * On Citus, the placements checked after every statement of a migration in autocommit (each is
   * committed, so a divergence shows at once and a later statement cannot hide it), and at the end;
   * the first problems found are kept with the statement after which they showed.
   */
  private static final class Placements {
    private final Route route;
    private final Schema schema;
    private final Scenario scenario;
    List<String> problems = List.of();
    int step = -1;

    Placements(Route route, Schema schema, Scenario scenario) {
      this.route = route;
      this.schema = schema;
      this.scenario = scenario;
    }

    void checkAfter(int index) throws SQLException {
      if (!route.citus() || !problems.isEmpty() || (index >= 0 && scenario.inTransaction())) {
        return;
      }
      try (Connection c = schema.pgjdbcConnection()) {
        problems = PlacementCheck.check(route.database(), c, schema.name(), scenario.volatileColumns());
        step = index;
      }
    }
  }

  private static void migrate(Scenario scenario, String schema, Connection c, List<String> outcomes,
      List<String> messages, Placements placements) throws SQLException {
    c.setAutoCommit(!scenario.inTransaction());
    boolean failed = false;
    for (Step step : scenario.migrationSteps()) {
      if (failed && scenario.inTransaction()) {
        outcomes.add("not run");
        messages.add("");
        continue;
      }
      try {
        outcomes.add(execute(c, step, schema, messages));
      } catch (SQLException e) {
        failed = true;
        outcomes.add("error " + sqlStateClass(e));
        messages.add(e.getMessage());
      }
      placements.checkAfter(outcomes.size() - 1);
    }
    if (scenario.inTransaction()) {
      try {
        if (failed) {
          c.rollback();
          outcomes.add("rolled back");
        } else {
          c.commit();
          outcomes.add("committed");
        }
        messages.add("");
      } catch (SQLException e) {
        outcomes.add("error " + sqlStateClass(e) + " at commit");
        messages.add(e.getMessage());
      }
    }
  }

  private static String execute(Connection c, Step step, String schema, List<String> messages) throws SQLException {
    String sql = step.sqlIn(schema);
    try (Statement s = step.parameters().isEmpty() ? c.createStatement() : c.prepareStatement(sql)) {
      s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
      boolean hasRows;
      if (s instanceof PreparedStatement p) {
        for (int i = 0; i < step.parameters().size(); i++) {
          p.setObject(i + 1, step.parameters().get(i));
        }
        hasRows = p.execute();
      } else {
        hasRows = s.execute(sql);
      }
      String outcome;
      if (hasRows) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.getResultSet()) {
          while (rs.next()) {
            rows.add(rs.getString(1));
          }
        }
        rows.sort(null);
        outcome = "ok rows " + rows;
      } else {
        outcome = "ok " + s.getUpdateCount();
      }
      messages.add(warnings(s.getWarnings()));
      return outcome;
    }
  }

  private static String warnings(SQLWarning first) {
    StringBuilder text = new StringBuilder();
    for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
      text.append(w.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static String sqlStateClass(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.length() < 2 ? "(no SQLSTATE)" : state.substring(0, 2);
  }
}
