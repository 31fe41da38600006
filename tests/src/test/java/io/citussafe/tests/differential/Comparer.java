package io.citussafe.tests.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares a route's run with the oracle's: each statement's outcome (success with its row count
 * or rows, or the class of its SQLSTATE), then the catalog and the rows left, then (on Citus) the
 * placements. Returns the first difference, since later ones usually follow from it.
 */
final class Comparer {

  private static final int SHOWN_LINES = 6;

  private Comparer() {}

  static Difference compare(Scenario scenario, Run oracle, Run route) {
    if (oracle.setupFailure() != null || route.setupFailure() != null) {
      return Objects.equals(oracle.setupFailure(), route.setupFailure()) ? null
          : new Difference(Difference.Kind.SETUP, null, -1, "oracle: " + oracle.setupFailure() + "\nroute: "
              + route.setupFailure());
    }
    List<Step> steps = scenario.migrationSteps();
    for (int i = 0; i < oracle.outcomes().size(); i++) {
      String expected = oracle.outcomes().get(i);
      String actual = route.outcomes().get(i);
      if (!expected.equals(actual)) {
        String statement = i < steps.size() ? steps.get(i).toString() : "COMMIT";
        return new Difference(Difference.Kind.OUTCOME, statement, i, "oracle: " + expected + firstLine(oracle, i)
            + "\nroute:  " + actual + firstLine(route, i));
      }
    }
    for (Map.Entry<String, List<String>> section : oracle.snapshot().entrySet()) {
      List<String> actual = route.snapshot().getOrDefault(section.getKey(), List.of("(missing)"));
      if (!section.getValue().equals(actual)) {
        Difference.Kind kind = section.getKey().startsWith("rows") ? Difference.Kind.ROWS : Difference.Kind.CATALOG;
        return new Difference(kind, null, -1, section.getKey() + ": " + lineDiff(section.getValue(), actual));
      }
    }
    for (String section : route.snapshot().keySet()) {
      if (!oracle.snapshot().containsKey(section)) {
        return new Difference(Difference.Kind.CATALOG, null, -1, "only the route has " + section);
      }
    }
    if (!route.placementProblems().isEmpty()) {
      int at = route.placementStep();
      return new Difference(Difference.Kind.PLACEMENT, at >= 0 && at < steps.size() ? steps.get(at).toString() : null,
          at, String.join("\n", route.placementProblems()));
    }
    return null;
  }

  /** The statement's message on one line, shortened: enough to recognize it. */
  private static String firstLine(Run run, int i) {
    String message = i < run.messages().size() ? run.messages().get(i).strip().replaceAll("\\s+", " ") : "";
    return message.isEmpty() ? "" : " (" + (message.length() > 500 ? message.substring(0, 500) + "…" : message) + ")";
  }

  /** The lines only one side has, a few of each. */
  static String lineDiff(List<String> expected, List<String> actual) {
    List<String> onlyExpected = new ArrayList<>(new TreeSet<>(expected));
    onlyExpected.removeAll(actual);
    List<String> onlyActual = new ArrayList<>(new TreeSet<>(actual));
    onlyActual.removeAll(expected);
    if (onlyExpected.isEmpty() && onlyActual.isEmpty()) {
      return "the same lines, counted differently (" + expected.size() + " vs " + actual.size() + ")";
    }
    return "\n    expected only: " + shown(onlyExpected) + "\n    actual only:   " + shown(onlyActual);
  }

  private static String shown(List<String> lines) {
    List<String> shown = lines.subList(0, Math.min(SHOWN_LINES, lines.size()));
    return shown + (lines.size() > SHOWN_LINES ? " and " + (lines.size() - SHOWN_LINES) + " more" : "");
  }
}
