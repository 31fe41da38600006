package io.citussafe.tests.differential;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates scenarios from a seed, runs each on the oracle (pgjdbc on plain PostgreSQL) and on
 * each route, and sorts every difference into a known entry or a defect; a defect's scenario is
 * shrunk to a minimal reproducer, once per shape of difference.
 */
final class DifferentialTester {

  /** A difference no known entry covers, with its smallest scenario. */
  record Defect(Route route, Difference difference, Scenario minimal) {
    @Override
    public String toString() {
      return "on " + route.name() + ": " + difference + "\n" + minimal.script();
    }
  }

  /** Counts of a run and what it found. */
  record Report(int scenarios, int statements, int oracleErrors, Map<String, Integer> known, List<Defect> defects,
      long millis) {
    @Override
    public String toString() {
      return scenarios + " scenarios, " + statements + " migration statements (" + oracleErrors
          + " failed on PostgreSQL too) in " + millis / 1000 + " s; known differences " + known + "; "
          + defects.size() + " defects";
    }
  }

  private final Route oracle;
  private final List<Route> routes;
  private final KnownDifferences known;
  private final PrintStream log;

  DifferentialTester(Route oracle, List<Route> routes, KnownDifferences known, PrintStream log) {
    this.oracle = oracle;
    this.routes = routes;
    this.known = known;
    this.log = log;
  }

  /**
   * @param seed the run's seed
   * @param budget migration statements to run, about
   * @param perScenario migration statements per scenario, about
   */
  Report run(long seed, int budget, int perScenario) throws SQLException {
    long start = System.currentTimeMillis();
    int scenarios = 0;
    int statements = 0;
    int oracleErrors = 0;
    Map<String, Integer> knownCounts = new TreeMap<>();
    List<Defect> defects = new ArrayList<>();
    Set<String> shrunk = new HashSet<>();
    while (statements < budget) {
      Scenario scenario = MigrationGenerator.generate(seed, scenarios++, perScenario);
      Run expected = Runner.run(scenario, oracle);
      statements += scenario.migrationSteps().size();
      oracleErrors += (int) expected.outcomes().stream().filter(o -> o.startsWith("error")).count();
      for (Route route : routes) {
        Difference d = Comparer.compare(scenario, expected, Runner.run(scenario, route));
        if (d == null) {
          continue;
        }
        d = attribute(scenario, d, route);
        KnownDifferences.Entry entry = known.match(d, route);
        if (entry != null) {
          knownCounts.merge(entry.id(), 1, Integer::sum);
        } else if (shrunk.add(route.name() + d.shape())) {
          Defect defect = shrinkToDefect(scenario, d, route, knownCounts);
          if (defect != null) {
            defects.add(defect);
            log.println("DEFECT " + defect);
          }
        } else {
          knownCounts.merge("(a defect of the same shape as one shrunk before) " + d.kind(), 1, Integer::sum);
          // one line each, so that a long run's report shows what every unclassified difference was
          log.println("same shape as before: " + d.shape());
        }
      }
      if (scenarios % 50 == 0) {
        log.println("difftest: " + new Report(scenarios, statements, oracleErrors, knownCounts, defects,
            System.currentTimeMillis() - start));
      }
    }
    return new Report(scenarios, statements, oracleErrors, knownCounts, defects, System.currentTimeMillis() - start);
  }

  /** Shrinks; a minimal scenario that a known entry covers after all is counted as that entry. */
  private Defect shrinkToDefect(Scenario scenario, Difference d, Route route, Map<String, Integer> knownCounts)
      throws SQLException {
    Scenario minimal = Shrinker.shrink(scenario, d, smaller -> differenceOf(smaller, route));
    Difference last = differenceOf(minimal, route);
    Difference shown = last == null ? d : attribute(minimal, last, route);
    KnownDifferences.Entry entry = known.match(shown, route);
    if (entry != null) {
      knownCounts.merge(entry.id(), 1, Integer::sum);
      return null;
    }
    return new Defect(route, shown, minimal);
  }

  /**
   * A difference in the state left at the end, attributed to the first statement after which it
   * shows (a binary search over prefixes of the migration), so known entries can name statements.
   */
  private Difference attribute(Scenario scenario, Difference d, Route route) throws SQLException {
    if (d.step() >= 0) {
      return d;
    }
    int low = 1;
    int high = scenario.migrationSteps().size();
    while (low < high) {
      int middle = (low + high) / 2;
      Difference m = differenceOf(scenario.withSteps(Shrinker.upToMigrationStep(scenario.steps(), middle - 1)), route);
      if (m != null && m.signature().equals(d.signature())) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return d.after(high - 1, scenario.migrationSteps().get(high - 1).toString());
  }

  Difference differenceOf(Scenario scenario, Route route) throws SQLException {
    return Comparer.compare(scenario, Runner.run(scenario, oracle), Runner.run(scenario, route));
  }
}
