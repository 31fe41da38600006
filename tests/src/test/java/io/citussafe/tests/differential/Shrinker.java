package io.citussafe.tests.differential;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a scenario that shows a difference as small as it goes: removes chunks of steps (setup
 * included), halving the chunk size, keeping each removal after which the same difference (same
 * {@link Difference#signature()}) still shows.
 */
final class Shrinker {

  /** Each attempt runs the scenario twice; this bounds a shrink to a minute or two on Citus. */
  private static final int MAX_ATTEMPTS = 50;

  interface Check {
    /** The difference the scenario shows, or null. */
    Difference differenceOf(Scenario scenario) throws SQLException;
  }

  private Shrinker() {}

  static Scenario shrink(Scenario failing, Difference difference, Check check) throws SQLException {
    String signature = difference.signature();
    List<Step> steps = new ArrayList<>(failing.steps());
    int attempts = 0;
    if (difference.step() >= 0) {
      // What follows the statement whose outcome differs cannot have caused it.
      List<Step> upTo = upToMigrationStep(steps, difference.step());
      Difference found = check.differenceOf(failing.withSteps(upTo));
      attempts++;
      if (found != null && found.signature().equals(signature)) {
        steps = upTo;
      }
    }
    for (int size = Math.max(1, steps.size() / 2); size >= 1; size = size / 2) {
      boolean removed = true;
      while (removed && attempts < MAX_ATTEMPTS) {
        removed = false;
        for (int start = steps.size() - size; start >= 0 && attempts < MAX_ATTEMPTS; start--) {
          List<Step> fewer = new ArrayList<>(steps.subList(0, start));
          fewer.addAll(steps.subList(start + size, steps.size()));
          if (fewer.stream().noneMatch(s -> s.phase() == Step.Phase.MIGRATION)) {
            continue;
          }
          attempts++;
          Difference found = check.differenceOf(failing.withSteps(fewer));
          if (found != null && found.signature().equals(signature)) {
            steps = fewer;
            removed = true;
            start = Math.min(start, steps.size() - size + 1);
          }
        }
      }
    }
    return failing.withSteps(steps);
  }

  static List<Step> upToMigrationStep(List<Step> steps, int last) {
    List<Step> kept = new ArrayList<>();
    int migration = 0;
    for (Step s : steps) {
      if (s.phase() == Step.Phase.MIGRATION && migration++ > last) {
        continue;
      }
      kept.add(s);
    }
    return kept;
  }
}
