package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * A type change of a column whose default takes values from a sequence, on a table Citus
 * manages, which Citus refuses ({@code cannot execute ALTER COLUMN TYPE .. command because the
 * column involves a default coming from a sequence}) — the common int → bigint widening of an id
 * column. The defaults that use the sequence are dropped, the type changed and the defaults set
 * again, in one statement ({@link SequenceReplacement}). A sequence OWNED BY the column (a serial,
 * or one citussafe added) is in the way even then: it is replaced by a new one, which takes its
 * value, settings, ownership, grants, comment and name.
 */
final class ColumnTypeRule implements Rule<ColumnTypeRule.TypeChange> {

  record TypeChange(String sql, AlterTable alter, String column, String storedColumn) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public TypeChange match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).startsWith("alter")) {
      return null;
    }
    Conversion change = Conversion.read(alter.actions.get(0).text());
    return change == null ? null : new TypeChange(statement.text, alter, change.column(), change.storedColumn());
  }

  @Override
  public Plan plan(TypeChange change, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(change.alter().table).isCitusTable()) {
      return null;
    }
    String expression = facts.columns(change.alter().table).columnDefaults().get(change.storedColumn());
    String sequence = expression == null ? null : SequenceReplacement.ofDefault(expression);
    if (sequence == null || change.sql().contains(SequenceReplacement.TAG)) {
      return null;
    }
    String block = SequenceReplacement.block(sequence, null, change.sql());
    // the user's statement runs inside the block, wherever the rules after this one put it
    List<Step> steps = Step.mapLeaves(next.planGenerated(change.sql()), step -> step instanceof Step.User user
        && user.sql().equals(change.sql()) || step instanceof Step.Run run && run.sql().equals(change.sql())
        ? new Step.Run(block) : step);
    return Plan.of(new Step.Together(steps),
        new Step.Invalidate(change.alter().table), new Step.Report("dropped the default " + expression + " of "
        + change.column() + ", changed the type and set the default again, in one transaction: Citus does not change "
        + "the type of a column whose default comes from a sequence (a sequence OWNED BY the column is replaced by a "
        + "new one with its value, settings, ownership, grants and name: Citus refuses the change while it exists)"));
  }
}
