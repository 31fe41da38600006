package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * {@code CREATE TRIGGER} on a distributed or reference table, which Citus refuses unless
 * {@code citus.enable_unsafe_triggers} is on; with it on, a trigger fires on every placement, and
 * on a reference table a function that calls {@code now()} gives each copy its own value. So the
 * driver never advises the setting where copies could differ:
 *
 * <ul>
 *   <li>a reference table the newTables policy made ({@link PolicyCitusLocal#madeByPolicy}) becomes a
 *       Citus-local table first, in the same transaction, where the trigger fires once: its foreign
 *       keys are dropped, the table undistributed and added to Citus's metadata, the keys added
 *       back. Refused when a distributed table references it, or a reference table with a
 *       cascading action (Citus keeps neither with a Citus-local table);
 *   <li>on a reference table the user made, Citus's error says the real choice;
 *   <li>on a distributed table, whose rows have one placement each, the error says whether the
 *       setting is safe for this function (it writes only {@code NEW}) or not;
 *   <li>where the setting is not safe, the statement is refused before it runs, so that a session
 *       with the setting on does not leave placements that differ.
 * </ul>
 */
final class TriggerRule implements Rule<TriggerRule.Trigger> {

  record Trigger(String sql, String table, String function) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("create");
  }

  @Override
  public Trigger match(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (s.accept("or")) {
      s.accept("replace");
    }
    s.accept("constraint");
    if (!s.accept("trigger")) {
      return null;
    }
    String table = null;
    while (s.type() != Scanner.Type.END) {
      if (s.depth() == 0 && table == null && s.isWord("on")) {
        s.next();
        table = Names.readQualified(s);
        continue;
      }
      if (s.depth() == 0 && s.isWord("execute")) {
        s.next();
        s.next();
        String function = Names.readQualified(s);
        return table == null || function == null ? null : new Trigger(statement.text, table, function);
      }
      s.next();
    }
    return null;
  }

  @Override
  public Plan plan(Trigger trigger, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(trigger.table());
    if (!table.isSharded()) {
      return null;
    }
    TriggerFunctionBody body = TriggerFunctionBody.read(facts.triggerFunction(trigger.function()),
        trigger.function(), facts);
    if (PolicyCitusLocal.madeByPolicy(facts, trigger.table(), table)) {
      return citusLocal(trigger, facts);
    }
    String hint = table.isReference() ? referenceHint(trigger, body) : distributedHint(trigger, table, body);
    if (table.isReference() ? !body.sameOnEveryCopy() : !body.writesOnlyItsRow()) {
      // refused even when citus.enable_unsafe_triggers is on, where Citus would accept it and its
      // placements would differ from then on, with no error to say so
      return Plan.of(new Step.Fail("citussafe refused this statement: triggers are not supported on "
          + (table.isReference() ? "reference" : "distributed") + " tables by Citus, and this one would not give "
          + "PostgreSQL's result even with citus.enable_unsafe_triggers = on. " + hint + " Statement: " + trigger.sql(),
          SqlState.FEATURE_NOT_SUPPORTED));
    }
    return Plan.of(CitusRefusalHintRule.withHint(next.plan(trigger.sql()), trigger.sql(),
        hint + " Statement: " + trigger.sql()));
  }

  /** The policy's reference table as a Citus-local table, then the trigger, in one transaction. */
  private static Plan citusLocal(Trigger trigger, Facts facts) throws SQLException {
    return PolicyCitusLocal.plan(trigger.table(), facts, trigger.sql(), "Citus would fire the trigger on every copy",
        "before creating the trigger", "where Citus would fire the trigger on every copy and a function such as "
            + "now() would give each copy its own value; as a Citus-local table its rows live on the coordinator only, "
            + "the trigger fires once per row change, and foreign keys with reference tables keep working");
  }

  private static String referenceHint(Trigger trigger, TriggerFunctionBody body) {
    String t = trigger.table();
    return "Citus would fire the trigger on every copy of the reference table " + t + " (one per node). "
        + (body.sameOnEveryCopy()
            ? body.function() + " writes only the row it fires for and calls only IMMUTABLE functions, so every copy "
                + "gets the same result: SET citus.enable_unsafe_triggers = on (or options=-c "
                + "citus.enable_unsafe_triggers=on on the migration URL) is safe for it. Otherwise: "
            : body.whyNot() + ", so citus.enable_unsafe_triggers = on would leave the copies different; do not use "
                + "it. The choices: ")
        + "keep " + t + " on the coordinator, where the trigger fires once (SELECT undistribute_table('" + t + "'), "
        + "with its foreign keys dropped before and added back after, and SELECT citus_add_local_table_to_metadata('"
        + t + "') when it has foreign keys with reference tables); or distribute it (SELECT undistribute_table('" + t
        + "'); SELECT create_distributed_table('" + t + "', '<column>')), where each row has one placement.";
  }

  private static String distributedHint(Trigger trigger, TableFacts table, TriggerFunctionBody body) {
    String t = trigger.table();
    if (body.writesOnlyItsRow()) {
      return "Citus refuses triggers on distributed tables unless citus.enable_unsafe_triggers is on. Each row of " + t
          + " has one placement and " + body.function() + " writes only the row it fires for (NEW), so with the "
          + "setting the trigger gives the same result as on PostgreSQL: SET citus.enable_unsafe_triggers = on as "
          + "the migration's first statement, or options=-c citus.enable_unsafe_triggers=on on the migration URL.";
    }
    return "Citus refuses triggers on distributed tables unless citus.enable_unsafe_triggers is on, and that is not "
        + "safe here: " + body.whyNot() + "; on a worker those writes reach the worker's own tables, not the "
        + "distributed ones. Keep " + t + " a local or Citus-local table (SELECT undistribute_table('" + t + "')), or "
        + "do that work in the application.";
  }
}
