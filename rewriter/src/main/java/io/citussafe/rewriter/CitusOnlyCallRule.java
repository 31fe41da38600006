package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * Citus utility calls on plain PostgreSQL. The same migrations run on a laptop's PostgreSQL: a
 * call of a Citus function it lacks is skipped with a warning and answered as Citus would answer
 * it (or refused with {@code failOnMissingCitus}). On Citus the call runs and, since it may change
 * what Citus knows of tables, cached facts are dropped.
 */
final class CitusOnlyCallRule implements Rule<CitusOnlyCallRule.Call> {

  static final Set<String> FUNCTIONS = Set.of(
      "truncate_local_data_after_distributing_table",
      "run_command_on_workers", "run_command_on_shards", "run_command_on_placements",
      "run_command_on_colocated_placements", "run_command_on_all_nodes", "run_command_on_coordinator",
      "undistribute_table", "alter_distributed_table", "citus_add_local_table_to_metadata",
      "mark_tables_colocated", "update_distributed_table_colocation", "create_distributed_function");

  record Call(String sql, String function) {
  }

  private final boolean failOnMissingCitus;

  CitusOnlyCallRule(Options options) {
    this.failOnMissingCitus = options.failOnMissingCitus();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("select");
  }

  @Override
  public Call match(StatementText statement) {
    String function = CitusCalls.calledFunction(statement.scanner());
    return function != null && FUNCTIONS.contains(function) ? new Call(statement.text, function) : null;
  }

  @Override
  public Plan plan(Call call, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return CitusCalls.withoutCitus(call.sql(), call.function(), failOnMissingCitus);
    }
    return Plan.of(new Step.User(call.sql(), null), new Step.Invalidate(null));
  }
}
