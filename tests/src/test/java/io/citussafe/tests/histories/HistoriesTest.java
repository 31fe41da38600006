package io.citussafe.tests.histories;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Public migration histories, each pinned to a commit, through pgjdbc and citussafe on plain
 * PostgreSQL and on Citus along every {@link Route}, one history at a time. Its inputs are the list
 * file ({@code -Dcitussafe.histories.list}, tests/histories/histories.tsv) and a folder of
 * checkouts, one per history named as in the list ({@code -Dcitussafe.histories.dir}); without
 * them it is skipped, so the build never fetches anything. {@code -Dcitussafe.histories.only=a,b}
 * runs some of the list. Writes target/histories/histories.md. tests/histories/run does all this.
 */
class HistoriesTest {

  @Test
  @Timeout(value = 8, unit = TimeUnit.HOURS)
  void histories_eachRoute_recordsWhatApplied() throws Exception {
    String list = System.getProperty("citussafe.histories.list", "");
    String dir = System.getProperty("citussafe.histories.dir", "");
    if (list.isBlank() || dir.isBlank()) {
      System.err.println("*** HISTORIES SKIPPED: give -Dcitussafe.histories.list=<list file> and"
          + " -Dcitussafe.histories.dir=<checkouts> (tests/histories/run does) ***");
      Assumptions.abort("no list of histories and checkouts given");
    }
    List<String> only = Arrays.stream(System.getProperty("citussafe.histories.only", "").split(","))
        .filter(s -> !s.isBlank()).toList();
    Path output = Files.createDirectories(Path.of("target", "histories"));
    Optional<TestDatabase> citus = PostgresServers.citusIfAvailable();
    if (citus.isEmpty()) {
      System.err.println("*** HISTORIES: NO CITUS, the Citus routes are left out ***");
    }
    Report report = new Report();
    List<String> incomplete = new ArrayList<>();
    for (History history : History.read(Path.of(list))) {
      if (!only.isEmpty() && !only.contains(history.name())) {
        continue;
      }
      Path checkout = Path.of(dir, history.name());
      assertThat(checkout).as("checkout of %s at %s", history.name(), history.commit()).isDirectory();
      HistoryRun run = new HistoryRun(history, checkout, output);
      Map<Route, Outcome> outcomes = new LinkedHashMap<>();
      for (Route route : Route.values()) {
        if (route.citus && citus.isEmpty()
            || route == Route.CITUS_DISTRIBUTION_COLUMN && history.tenantColumn() == null) {
          continue;
        }
        Outcome outcome = run.run(route, route.citus ? citus.get() : PostgresServers.plain());
        System.err.println("history " + history.name() + " / " + route.title + ": " + outcome.applied() + " of "
            + outcome.total() + (outcome.stop() == null ? "" : ", stopped: " + outcome.stop()));
        outcomes.put(route, outcome);
      }
      if (!outcomes.get(Route.PLAIN_PGJDBC).complete()) {
        incomplete.add(history.name());
      }
      report.add(history, outcomes);
      Files.writeString(output.resolve("histories.md"), report.markdown());
    }
    // a history the list names must apply on plain PostgreSQL through pgjdbc, or the entry is wrong
    assertThat(incomplete).as("histories that do not apply on plain PostgreSQL through pgjdbc").isEmpty();
  }
}
