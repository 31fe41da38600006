package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Citus utility calls on plain PostgreSQL. The same migrations run on a laptop's PostgreSQL: a
 * call of a Citus function it lacks is skipped with a warning and answered as Citus would answer
 * it (or refused with {@code failOnMissingCitus}). On Citus the call runs and, since it may change
 * what Citus knows of tables, cached facts are dropped. Before {@code
 * citus_add_local_table_to_metadata}, defaults that hold a time keyword get its function form
 * (see {@link TimeKeywords}).
 */
final class CitusOnlyCallRule implements Rule<CitusOnlyCallRule.Call> {

  static final String ADD_LOCAL_TABLE = "citus_add_local_table_to_metadata";

  static final Set<String> FUNCTIONS = Set.of(
      "truncate_local_data_after_distributing_table",
      "run_command_on_workers", "run_command_on_shards", "run_command_on_placements",
      "run_command_on_colocated_placements", "run_command_on_all_nodes", "run_command_on_coordinator",
      "undistribute_table", "alter_distributed_table", ADD_LOCAL_TABLE,
      "mark_tables_colocated", "update_distributed_table_colocation", "create_distributed_function");

  /** @param table the table argument of {@link #ADD_LOCAL_TABLE} as written (a string literal), else null */
  record Call(String sql, String function, String table) {
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
    Scanner s = statement.scanner();
    String function = CitusCalls.calledFunction(s);
    if (function == null || !FUNCTIONS.contains(function)) {
      return null;
    }
    String table = ADD_LOCAL_TABLE.equals(function) ? CallArguments.get(CallArguments.read(s), "table_name", 0) : null;
    return new Call(statement.text, function, table);
  }

  @Override
  public Plan plan(Call call, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return CitusCalls.withoutCitus(call.sql(), call.function(), failOnMissingCitus);
    }
    String table = ADD_LOCAL_TABLE.equals(call.function()) ? call.table() : null;
    List<String> setDefaults = table == null ? List.of() : TimeKeywords.setDefaults(table, facts);
    if (setDefaults.isEmpty()) {
      return Plan.of(new Step.User(call.sql(), null), new Step.Invalidate(null));
    }
    List<Step> steps = new ArrayList<>();
    for (String setDefault : setDefaults) {
      steps.add(new Step.Run(setDefault));
    }
    steps.add(new Step.User(call.sql(), null));
    return DistributeRule.together(steps, new Step.Invalidate(null),
        List.of(new Step.Report(TimeKeywords.why(table) + ", before " + call.function())), true);
  }
}
