package io.citussafe.tests.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.CitusShapes;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tester's own parts can fail: each finds the difference it exists to find. */
class DifferentialMachineryTest {

  private static final List<Step> TABLE = List.of(
      Step.setup("CREATE TABLE @s.t (id bigint PRIMARY KEY, name text)"),
      Step.citusSetup("SELECT create_reference_table('@s.t')"),
      Step.setup("INSERT INTO @s.t VALUES (1, 'a'), (2, 'b')"));

  @Test
  void generate_sameSeed_sameScenario() {
    String script = MigrationGenerator.generate(5, 3, 12).script();

    assertThat(MigrationGenerator.generate(5, 3, 12).script()).isEqualTo(script);
    assertThat(MigrationGenerator.generate(6, 3, 12).script()).isNotEqualTo(script);
    assertThat(MigrationGenerator.generate(5, 3, 12).migrationSteps()).hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void compare_volatileColumn_onlyWhenNotMarked() throws SQLException {
    Route oracle = Route.oracle(PostgresServers.plain());
    Scenario unmarked = scenario(Set.of(), Step.migration("UPDATE @s.t SET name = clock_timestamp()::text"));
    Scenario marked = scenario(Set.of("t.name"), Step.migration("UPDATE @s.t SET name = clock_timestamp()::text"));

    Difference d = Comparer.compare(unmarked, Runner.run(unmarked, oracle), Runner.run(unmarked, oracle));

    assertThat(d).isNotNull();
    assertThat(d.kind()).isEqualTo(Difference.Kind.ROWS);
    assertThat(d.detail()).startsWith("rows of t:");
    assertThat(Comparer.compare(marked, Runner.run(marked, oracle), Runner.run(marked, oracle))).isNull();
  }

  @Test
  void compare_outcomeAndCatalog() throws SQLException {
    Route oracle = Route.oracle(PostgresServers.plain());
    Scenario ok = scenario(Set.of(), Step.migration("ALTER TABLE @s.t ADD COLUMN c int DEFAULT 1"));
    Scenario failing = scenario(Set.of(), Step.migration("ALTER TABLE @s.t ADD COLUMN c int DEFAULT 1 CHECK (c < 0)"));
    Scenario other = scenario(Set.of(), Step.migration("ALTER TABLE @s.t ADD COLUMN c int DEFAULT 2"));

    Difference outcome = Comparer.compare(ok, Runner.run(ok, oracle), Runner.run(failing, oracle));
    Difference catalog = Comparer.compare(ok, Runner.run(ok, oracle), Runner.run(other, oracle));

    assertThat(outcome.kind()).isEqualTo(Difference.Kind.OUTCOME);
    assertThat(outcome.detail()).contains("oracle: ok 0").contains("route:  error 23");
    assertThat(catalog.kind()).isEqualTo(Difference.Kind.CATALOG);
    assertThat(catalog.detail()).startsWith("columns:").contains("2");
  }

  @Test
  void shrink_keepsOnlyWhatTheDifferenceNeeds() throws SQLException {
    Step cause = Step.migration("UPDATE @s.t SET name = 'x'");
    List<Step> steps = new java.util.ArrayList<>(TABLE);
    for (int i = 0; i < 9; i++) {
      steps.add(Step.migration("COMMENT ON TABLE @s.t IS '" + i + "'"));
    }
    steps.add(4, cause);
    Scenario big = new Scenario("shrink", false, false, steps, Set.of());
    Difference d = new Difference(Difference.Kind.ROWS, null, -1, "rows of t: …");

    Scenario minimal = Shrinker.shrink(big, d,
        s -> s.steps().contains(cause) && s.steps().contains(TABLE.get(0)) ? d : null);

    assertThat(minimal.steps()).containsExactly(TABLE.get(0), cause);
  }

  @Test
  void knownDifferences_load_everyEntryComplete() {
    List<KnownDifferences.Entry> entries = KnownDifferences.load().entries();

    assertThat(entries).isNotEmpty();
    assertThat(entries).extracting(KnownDifferences.Entry::id).doesNotHaveDuplicates();
  }

  @Test
  @RequiresCitus
  void placementCheck_divergedReferencePlacementAndShard_found() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("difftest_check");
    try (Connection c = schema.pgjdbcConnection()) {
      for (Step step : TABLE) {
        Sql.execute(c, List.of(step.sqlIn(schema.name())));
      }
      String placement = Sql.rows(c, "SELECT n.nodename || ':' || n.nodeport || '|' || s.shardid FROM pg_dist_shard s"
          + " JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)"
          + " WHERE s.logicalrelid = 't'::regclass AND n.groupid > 0 ORDER BY 1 LIMIT 1").get(0);
      String node = placement.split("\\|")[0];
      String shard = schema.name() + ".t_" + placement.split("\\|")[1];
      // Behind Citus's back, as a trigger under citus.enable_unsafe_triggers would.
      try (Connection worker = PostgresServers.citus().superuserConnectionTo(node)) {
        Sql.execute(worker, List.of("UPDATE " + shard + " SET name = 'diverged' WHERE id = 1",
            "ALTER TABLE " + shard + " ADD COLUMN extra int"));
      }

      List<String> problems = PlacementCheck.check(PostgresServers.citus(), c, schema.name(), Set.of());

      assertThat(problems).anySatisfy(p -> assertThat(p).contains("shard").contains(node).contains("extra"));
      assertThat(problems).anySatisfy(p -> assertThat(p).contains("reference table t").contains(node)
          .contains("diverged"));
    }
  }

  @Test
  @RequiresCitus
  void placementCheck_whatCitusKeepsOnTheCoordinatorOnly_isNoDifference_butADroppedKeyIs() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("difftest_local");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, CitusShapes.REFERENCE_TO_CITUS_LOCAL);

      // Citus drops the shard's nextval() default of a Citus-local table, and creates a reference
      // table's key to it on the coordinator's placement only.
      assertThat(PlacementCheck.check(PostgresServers.citus(), c, schema.name(), Set.of())).isEmpty();

      String placement = Sql.rows(c, "SELECT n.nodename || ':' || n.nodeport || '|' || s.shardid FROM pg_dist_shard s"
          + " JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)"
          + " WHERE s.logicalrelid = 'child'::regclass AND n.groupid = 0").get(0);
      try (Connection node = PostgresServers.citus().superuserConnectionTo(placement.split("\\|")[0])) {
        Sql.execute(node, List.of("ALTER TABLE " + schema.name() + ".child_" + placement.split("\\|")[1]
            + " DROP CONSTRAINT child_parent_id_fkey_" + placement.split("\\|")[1]));
      }
      assertThat(PlacementCheck.check(PostgresServers.citus(), c, schema.name(), Set.of()))
          .anySatisfy(p -> assertThat(p).contains("child").contains("child_parent_id_fkey"));
    }
  }

  private static Scenario scenario(Set<String> volatileColumns, Step migration) {
    List<Step> steps = new java.util.ArrayList<>(TABLE);
    steps.add(migration);
    return new Scenario("machinery", false, false, steps, volatileColumns);
  }
}
