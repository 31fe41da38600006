package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R1 — distributing a table leaves nothing behind. {@code create_distributed_table} and
 * {@code create_reference_table} copy a non-empty table's rows into the shards but leave them in
 * the coordinator's heap, where later DDL reads them. The call runs, then
 * {@code truncate_local_data_after_distributing_table}, in one transaction
 * ({@code create_distributed_table_concurrently} cannot run in one: the cleanup follows it). A
 * call on a table already distributed the same way is skipped, so migrations can run again.
 */
final class DistributeRule implements Rule<DistributeRule.Call> {

  static final String DISTRIBUTED_TABLE = "create_distributed_table";
  static final String DISTRIBUTED_TABLE_CONCURRENTLY = "create_distributed_table_concurrently";
  static final String REFERENCE_TABLE = "create_reference_table";
  /** The calls that make a table a Citus table whose rows stay behind in the coordinator's heap. */
  static final Set<String> FUNCTIONS = Set.of(DISTRIBUTED_TABLE, DISTRIBUTED_TABLE_CONCURRENTLY, REFERENCE_TABLE);

  /**
   * A call as written.
   *
   * @param sql the statement
   * @param function the function name, lower case
   * @param table the table argument in regclass syntax, or null when it is not a string literal
   * @param column the distribution column argument as written, or null (reference tables, or not a literal)
   */
  record Call(String sql, String function, String table, String column) {
    boolean isReferenceTable() {
      return REFERENCE_TABLE.equals(function);
    }

    boolean isConcurrent() {
      return DISTRIBUTED_TABLE_CONCURRENTLY.equals(function);
    }
  }

  private final boolean failOnMissingCitus;
  private final boolean referencePolicy;

  DistributeRule(Options options) {
    this.failOnMissingCitus = options.failOnMissingCitus();
    this.referencePolicy = options.newTables() == Options.NewTables.REFERENCE;
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("select");
  }

  @Override
  public Call match(StatementText statement) {
    return call(statement);
  }

  /** The call to one of {@link #FUNCTIONS} the statement makes, or null. */
  static Call call(StatementText statement) {
    Scanner s = statement.scanner();
    String function = CitusCalls.calledFunction(s);
    return function == null || !FUNCTIONS.contains(function) ? null : readArguments(statement.text, s, function);
  }

  @Override
  public Plan plan(Call call, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return CitusCalls.withoutCitus(call.sql(), call.function(), failOnMissingCitus);
    }
    if (call.table() == null) {
      return Plan.of(new Step.User(call.sql(), null), new Step.Invalidate(null));
    }
    TableFacts table = facts.tableNow(call.table());
    if (alreadyDone(table, call)) {
      return Plan.of(new Step.Answer(CitusCalls.substituteQuery(call.function())), new Step.Report(
          call.table() + " is already " + (call.isReferenceTable() ? "a reference table"
              : "distributed on column " + table.distributionColumn()) + "; skipped " + call.function()
              + " so the migration can run again"));
    }
    Step run = new Step.User(call.sql(), null);
    Step forget = new Step.Invalidate(call.table());
    if (referencePolicy && table.isReference() && !call.isReferenceTable()) {
      return explicitCallWins(call, run, forget);
    }
    List<Step> steps = new ArrayList<>();
    List<Step> reports = new ArrayList<>();
    for (String setDefault : TimeKeywords.setDefaults(call.table(), facts)) {
      steps.add(new Step.Run(setDefault));
    }
    if (!steps.isEmpty()) {
      reports.add(new Step.Report(TimeKeywords.why(call.table()) + ", before " + call.function()));
    }
    steps.add(run);
    if (table.kind() == TableFacts.Kind.LOCAL && table.heapBytes() > 0) {
      Step refusal = StaleRows.refusal(call.table(), call.sql(), facts);
      if (refusal != null) {
        return Plan.of(refusal);
      }
      reports.add(new Step.Report("ran " + call.function() + " on " + call.table() + ", then "
          + "truncate_local_data_after_distributing_table" + (call.isConcurrent() ? "" : " in the same transaction")
          + ": the rows copied into the shards (" + table.describeHeaps() + ") no longer stay on the "
          + "coordinator, where later DDL would read them"));
      steps.add(StaleRows.truncate(call.table()));
    }
    return together(steps, forget, reports, !call.isConcurrent());
  }

  /**
   * The steps in one transaction when they may share one (create_distributed_table_concurrently
   * refuses to run inside a transaction block), then the rest.
   */
  static Plan together(List<Step> steps, Step forget, List<Step> reports, boolean transaction) {
    List<Step> plan = new ArrayList<>();
    if (transaction && steps.size() > 1) {
      plan.add(new Step.Together(steps));
    } else {
      plan.addAll(steps);
    }
    plan.add(forget);
    plan.addAll(reports);
    return Plan.of(plan);
  }

  /**
   * With {@code citussafe.newTables=reference} the table became a reference table when it was
   * created; the user's explicit call decides: back to a local table, then distributed as asked.
   */
  private static Plan explicitCallWins(Call call, Step run, Step forget) {
    Step undistribute = new Step.Run("SELECT undistribute_table(" + SqlText.quoteLiteral(call.table()) + ")");
    Step truncate = StaleRows.truncate(call.table());
    Step report = new Step.Report(call.table() + " was a reference table by citussafe.newTables=reference; "
        + "ran undistribute_table first so that " + call.function() + " does what it says, then removed the "
        + "copied rows from the coordinator");
    return call.isConcurrent() ? Plan.of(undistribute, run, truncate, forget, report)
        : Plan.of(new Step.Together(List.of(undistribute, run, truncate)), forget, report);
  }

  private static boolean alreadyDone(TableFacts table, Call call) {
    if (call.isReferenceTable()) {
      return table.isReference();
    }
    return table.isDistributed() && call.column() != null && sameColumn(call.column(), table.distributionColumn());
  }

  /** Citus accepts the column as written or as a quoted identifier. */
  private static boolean sameColumn(String given, String actual) {
    return given.equals(actual) || given.startsWith("\"") && Names.stored(given).equals(actual);
  }

  /** Only string literals (optionally cast, {@code 'orders'::regclass}) count as arguments. */
  private static Call readArguments(String sql, Scanner s, String function) {
    Map<String, String> arguments = CallArguments.read(s);
    boolean reference = REFERENCE_TABLE.equals(function);
    return new Call(sql, function, CallArguments.get(arguments, "table_name", 0),
        reference ? null : CallArguments.get(arguments, "distribution_column", 1));
  }
}
