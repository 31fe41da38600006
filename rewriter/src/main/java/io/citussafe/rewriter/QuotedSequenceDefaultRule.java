package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] "Quoted Name" SET DEFAULT nextval(…)} on a table Citus
 * manages. Citus writes that statement anew for the workers (so that an integer sequence is read
 * with {@code worker_nextval}) and puts the column's name in it unquoted: a name that needs quotes
 * ({@code "Neue Spalte"}, {@code "Amount"}, {@code "order"}) fails on the workers with a syntax
 * error, or names another column. Here the column takes a plain name for the statement and gets its
 * own back, in one transaction, so the catalog ends as PostgreSQL's. The rules that add serial,
 * identity and volatile-default columns hand their own {@code SET DEFAULT} to this one.
 */
final class QuotedSequenceDefaultRule implements Rule<QuotedSequenceDefaultRule.SetDefault> {

  /** The column's name while the default is set: plain, so that Citus's text for the workers reads. */
  static final String PLAIN_NAME = "citussafe_column_being_altered";

  /** @param column the column as written; @param expression the default's text */
  record SetDefault(String sql, AlterTable alter, String column, String expression) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public SetDefault match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).startsWith("alter")) {
      return null;
    }
    String action = alter.actions.get(0).text();
    Scanner s = new Scanner(action);
    s.next();
    s.next();
    s.accept("column");
    String stored = Names.stored(s);
    if (stored == null || Names.quoted(stored).equals(stored)) {
      return null;
    }
    String column = s.text();
    s.next();
    if (!s.accept("set") || !s.isWord("default")) {
      return null;
    }
    String expression = action.substring(s.end()).strip();
    for (CallSpans.Call call : CallSpans.find(expression, 0, expression.length())) {
      if (Names.lastPart(call.name()).equals("nextval")) {
        return new SetDefault(statement.text, alter, column, expression);
      }
    }
    return null;
  }

  @Override
  public Plan plan(SetDefault set, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(set.alter().table).isCitusTable()) {
      return null;
    }
    String rename = "ALTER TABLE " + set.alter().table + " RENAME COLUMN ";
    List<Step> steps = new ArrayList<>();
    steps.addAll(next.planGenerated(rename + set.column() + " TO " + PLAIN_NAME));
    steps.addAll(next.planGenerated(set.alter().statement("ALTER COLUMN " + PLAIN_NAME + " SET DEFAULT "
        + set.expression())));
    steps.addAll(next.planGenerated(rename + PLAIN_NAME + " TO " + set.column()));
    return Plan.of(new Step.Together(steps), new Step.Report("set the default of " + set.column() + " under the "
        + "plain name " + PLAIN_NAME + " and renamed the column back, in one transaction: Citus writes this "
        + "statement for the workers with the column's name unquoted, which they cannot read"));
  }
}
