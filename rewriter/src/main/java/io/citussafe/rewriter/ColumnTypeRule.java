package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A type change of a column whose default takes values from a sequence, on a table Citus
 * manages, which Citus refuses ({@code cannot execute ALTER COLUMN TYPE .. command because the
 * column involves a default coming from a sequence}) — the common int → bigint widening of an id
 * column. The default is dropped, the type changed and the default set again, in one
 * transaction. A sequence OWNED BY the column (a serial made before the table became a Citus
 * table) keeps Citus's error.
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
    if (expression == null || !expression.startsWith("nextval(")) {
      return null;
    }
    AlterTable alter = change.alter();
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Run(alter.statement("ALTER COLUMN " + change.column() + " DROP DEFAULT")));
    steps.addAll(next.planGenerated(change.sql()));
    steps.add(new Step.Run(alter.statement("ALTER COLUMN " + change.column() + " SET DEFAULT " + expression)));
    return Plan.of(new Step.Together(steps), new Step.Invalidate(alter.table), new Step.Report("dropped the default "
        + expression + " of " + change.column() + ", changed the type and set the default again, in one transaction: "
        + "Citus does not change the type of a column whose default comes from a sequence"));
  }
}
