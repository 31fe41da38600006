package io.citussafe.tests.differential;

import io.citussafe.tests.differential.Model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates one scenario from a seed: the starting tables, then a migration of schema and data
 * changes on them. The same seed always gives the same scenario.
 */
final class MigrationGenerator {

  private MigrationGenerator() {}

  /**
   * @param seed the run's seed
   * @param index which scenario of the run
   * @param statements about how many migration statements to write
   */
  static Scenario generate(long seed, int index, int statements) {
    Random random = new Random(seed * 1_000_003L + index);
    Model model = new Model();
    boolean inTransaction = random.nextBoolean();
    Expressions expressions = new Expressions(random, model);
    DdlGenerator ddl = new DdlGenerator(random, model, expressions, inTransaction);
    DmlGenerator dml = new DmlGenerator(random, model, expressions, ddl);

    List<Step> steps = new ArrayList<>(new SetupGenerator(random, model).tables());
    // Session settings the user's values depend on: the rewrite must compute with them.
    steps.add(Step.migration("SET TIME ZONE 'Pacific/Chatham'"));
    int migration = 0;
    while (migration < statements) {
      Table table = expressions.pick(model.tables);
      List<Step> next = random.nextInt(5) < 3 ? ddl.next(table) : dml.next(table);
      steps.addAll(next);
      migration += next.size();
    }
    return new Scenario("seed " + seed + " scenario " + index, inTransaction, random.nextInt(4) == 0,
        steps, Set.copyOf(model.volatileColumns));
  }
}
