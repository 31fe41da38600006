package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code DROP TRIGGER IF EXISTS x ON t} and {@code ALTER TABLE t ENABLE|DISABLE TRIGGER …} on a
 * distributed or reference table, which Citus refuses ({@code triggers are not supported on …})
 * before it looks at the trigger, so the drop-then-create of an idempotent script fails even when
 * there is nothing to drop. Where the catalog shows there is nothing to act on, the statement is
 * answered as PostgreSQL answers it: skipped with a warning ({@code IF EXISTS}, {@code USER},
 * {@code ALL}), or PostgreSQL's own error for a trigger that does not exist. A trigger that exists
 * keeps Citus's error and its hint, as {@link TriggerRule} does for CREATE TRIGGER.
 */
final class TriggerCommandRule implements Rule<TriggerCommandRule.Command> {

  /**
   * @param trigger the trigger's name as stored; null for {@code ALL} and {@code USER}
   * @param all {@code ALL}: the internal triggers of foreign keys count too
   * @param drop {@code DROP TRIGGER IF EXISTS} (else ENABLE/DISABLE)
   */
  record Command(String sql, String table, String trigger, boolean all, boolean drop) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("drop", "alter");
  }

  @Override
  public Command match(StatementText statement) {
    if (statement.firstWord.equals("drop")) {
      return dropIfExists(statement);
    }
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1) {
      return null;
    }
    Scanner s = new Scanner(alter.actions.get(0).text());
    s.next();
    if (!s.accept("enable") && !s.accept("disable")) {
      return null;
    }
    if (!s.accept("always")) {
      s.accept("replica");
    }
    if (!s.accept("trigger")) {
      return null;
    }
    boolean all = s.isWord("all");
    String trigger = all || s.isWord("user") ? null : Names.stored(s);
    if (trigger == null && !all && !s.isWord("user")) {
      return null;
    }
    s.next();
    return s.type() == Scanner.Type.END ? new Command(statement.text, alter.table, trigger, all, false) : null;
  }

  /** {@code DROP TRIGGER IF EXISTS x ON t [CASCADE | RESTRICT]}. */
  private static Command dropIfExists(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("trigger") || !s.accept("if") || !s.accept("exists")) {
      return null;
    }
    String trigger = Names.stored(s);
    s.next();
    if (trigger == null || !s.accept("on")) {
      return null;
    }
    String table = Names.readQualified(s);
    return table == null ? null : new Command(statement.text, table, trigger, false, true);
  }

  @Override
  public Plan plan(Command command, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(command.table());
    List<String> triggers = table.isSharded() ? facts.triggers(command.table()) : null;
    if (triggers == null) {
      return null;
    }
    String t = command.table();
    String citus = "Citus refuses every trigger command on the " + (table.isReference() ? "reference" : "distributed")
        + " table " + t + ", even one that has nothing to act on";
    if (command.trigger() != null) {
      if (triggers.contains(command.trigger())) {
        return null;
      }
      if (command.drop()) {
        return skipped("no trigger " + Names.quoted(command.trigger()) + " on " + t + ", so nothing to drop, as "
            + "PostgreSQL skips it; " + citus);
      }
      return Plan.of(new Step.Fail("trigger \"" + command.trigger() + "\" for table \"" + SqlText.storedName(t)
          + "\" does not exist (answered by citussafe as PostgreSQL would: " + citus + "). Statement: "
          + command.sql(), SqlState.UNDEFINED_OBJECT));
    }
    // ALL also covers the internal triggers that enforce foreign keys, which a no-op would leave on
    if (!triggers.isEmpty() || command.all() && !facts.foreignKeyLinks(t).isEmpty()) {
      return null;
    }
    return skipped(t + " has no " + (command.all() ? "triggers and no foreign keys" : "triggers of its own")
        + ", so the statement changes nothing on PostgreSQL; " + citus);
  }

  private static Plan skipped(String why) {
    return Plan.of(new Step.Answer(ConcurrentIndexRule.NO_OP), new Step.Report("skipped: " + why));
  }
}
