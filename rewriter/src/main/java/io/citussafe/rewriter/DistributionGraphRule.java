package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code citussafe.distributionColumn}: a {@code create_distributed_table(t, c)} (or the call for
 * the root, or {@code create_reference_table} of a lookup table that tables holding {@code c}
 * reference) lays out every table connected to {@code t} by foreign keys at once, in one
 * transaction in sequential mode, as {@link DistributionLayout} and {@link DistributionChanges}
 * say; the user's call is answered as Citus answers it. Tables that block the layout are named, with
 * what to do, and nothing changes. A later call for a table laid out this way is left to
 * {@link DistributeRule}, which skips it. Without the setting, a call whose table Citus would refuse
 * runs as written, and its error gains what the setting would change.
 */
final class DistributionGraphRule implements Rule<DistributeRule.Call> {

  static final String SETTING = "citussafe.distributionColumn";

  private final String column;
  private final boolean failOnMissingCitus;

  DistributionGraphRule(Options options) {
    this.column = options.distributionColumn();
    this.failOnMissingCitus = options.failOnMissingCitus();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("select");
  }

  @Override
  public DistributeRule.Call match(StatementText statement) {
    DistributeRule.Call call = DistributeRule.call(statement);
    // without the setting only a call with a column is read, for the hint
    return call == null || call.table() == null || call.isConcurrent() || column == null && call.isReferenceTable()
        ? null : call;
  }

  @Override
  public Plan plan(DistributeRule.Call call, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      // as R1 answers it (which does, without the setting): the schema stays what the migrations say
      return column == null ? null : CitusCalls.withoutCitus(call.sql(), call.function(), failOnMissingCitus);
    }
    TableKeys keys = facts.keys(call.table());
    if (keys == null) {
      return null;
    }
    if (column == null) {
      return withHint(call, keys, facts, next);
    }
    TableFacts table = facts.tableNow(call.table());
    if (table.isCitusTable()) {
      return table.isReference() && !call.isReferenceTable() && referencedByKeyOnColumn(keys, facts, call.column())
          ? Plan.of(new Step.Answer(CitusCalls.substituteQuery(call.function())), new Step.Report(call.table()
              + " is a reference table by " + SETTING + "=" + column + " (the root, with unique keys of its own); "
              + "skipped " + call.function() + " so the migration can run again"))
          : null;
    }
    DistributionLayout layout = start(call, keys, facts);
    if (layout == null) {
      return null;
    }
    DistributionChanges changes = DistributionChanges.of(layout);
    if (changes.blockers.isEmpty() && !changes.changesMoreThanTheCall()) {
      return null;
    }
    if (!changes.blockers.isEmpty()) {
      return Plan.of(new Step.Fail("citussafe: " + SETTING + "=" + column + " cannot lay out the tables connected "
          + "to " + call.table() + " by foreign keys; nothing was changed. " + String.join(". ", changes.blockers)
          + ". Statement: " + call.sql(), SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE));
    }
    List<Step> together = new ArrayList<>();
    together.add(new Step.Run("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'"));
    for (String statement : changes.statements) {
      together.add(new Step.Run(statement));
    }
    together.add(new Step.Answer(CitusCalls.substituteQuery(call.function())));
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Together(together));
    steps.add(new Step.Invalidate(null));
    steps.add(new Step.Report(SETTING + "=" + column + ": instead of " + call.sql() + " alone, laid out the "
        + layout.nodes.size() + " tables connected to " + call.table() + " by foreign keys in one transaction, in "
        + "sequential mode (" + changes.statements.size() + " statements), and removed the rows copied into the "
        + "shards from the coordinator"));
    for (String line : changes.lines) {
      steps.add(new Step.Report(SETTING + ": " + line));
    }
    return Plan.of(steps);
  }

  /** The layout the call starts, or null when the call is the user's own choice outside the setting. */
  private DistributionLayout start(DistributeRule.Call call, TableKeys keys, Facts facts) throws SQLException {
    if (call.isReferenceTable()) {
      return keys.has(column) ? null
          : DistributionLayout.walk(facts, call.table(), column, DistributionLayout.Role.REFERENCE, null);
    }
    if (call.column() == null) {
      return null;
    }
    String by = Names.stored(call.column());
    if (by.equals(column)) {
      return DistributionLayout.walk(facts, call.table(), column, DistributionLayout.Role.DISTRIBUTED, null);
    }
    return !keys.has(column) && referencedByKeyOnColumn(keys, facts, by)
        ? DistributionLayout.walk(facts, call.table(), column, DistributionLayout.Role.ROOT, by) : null;
  }

  /** A table holding the column references the table's {@code key} by a key on the column: the table is the root. */
  private boolean referencedByKeyOnColumn(TableKeys keys, Facts facts, String key) throws SQLException {
    String by = key == null ? null : Names.stored(key);
    for (ForeignKeyLink link : facts.foreignKeyLinks(keys.name())) {
      ForeignKeyDefinition definition = ForeignKeyDefinition.parse(link.definition());
      if (!link.outgoing() && definition != null && by != null
          && by.equals(DistributionLayout.rootKeyOf(definition, column))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Without the setting: the call as the later rules plan it, and, when the layout would change
   * more than the call (Citus then refuses it: a referenced table not yet distributed, a key without
   * the column), what the setting would do, for Citus's error.
   */
  private static Plan withHint(DistributeRule.Call call, TableKeys keys, Facts facts, Next next) throws SQLException {
    String by = call.column() == null ? null : Names.stored(call.column());
    if (call.isReferenceTable() || by == null || !keys.has(by) || facts.tableNow(call.table()).isCitusTable()) {
      return null;
    }
    DistributionLayout layout = DistributionLayout.walk(facts, call.table(), by, DistributionLayout.Role.DISTRIBUTED,
        null);
    DistributionChanges changes = layout == null ? null : DistributionChanges.of(layout);
    if (changes == null || !changes.changesMoreThanTheCall()) {
      return null;
    }
    String hint = "citussafe can lay out these tables for you: with " + SETTING + "=" + by + " on the migration's "
        + "URL this call would, in one transaction: " + String.join("; ", changes.lines) + "."
        + (changes.blockers.isEmpty() ? "" : " First: " + String.join("; ", changes.blockers) + ".");
    List<Step> steps = new ArrayList<>();
    for (Step step : CitusRefusalHintRule.withHint(next.plan(call.sql()), call.sql(), hint)) {
      // a refusal before the call runs (stale rows a local table's key would keep) gets the same hint
      steps.add(step instanceof Step.Fail fail ? new Step.Fail(fail.message() + " " + hint, fail.sqlState()) : step);
    }
    return Plan.of(steps);
  }
}
