package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@code ALTER TABLE} of a Citus table that writes {@code CURRENT_TIMESTAMP}, {@code
 * CURRENT_DATE} or another time keyword (a default it adds or sets, a {@code USING}, a check) gets
 * the keyword's function form instead, and nothing else changes (see {@link TimeKeywords}): Citus
 * sends the keyword to every placement, where each computes its own value in its own zone, and a
 * default so written is expanded into every insert that takes it. The statement then goes to the
 * rules after this one. On plain PostgreSQL and on tables Citus does not know, it runs as written.
 */
final class TimeKeywordRule implements Rule<TimeKeywordRule.Rewritten> {

  /** The statement, its table, and the same statement in function forms. */
  record Rewritten(String sql, String table, String functionForms) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Rewritten match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return null;
    }
    String rewritten = TimeKeywords.functionForms(statement.text);
    return rewritten == statement.text ? null : new Rewritten(statement.text, alter.table, rewritten);
  }

  @Override
  public Plan plan(Rewritten rewritten, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(rewritten.table()).isCitusTable()) {
      return null;
    }
    List<Step> steps = new ArrayList<>(next.plan(rewritten.functionForms()));
    steps.add(new Step.Report(TimeKeywords.why(rewritten.table()) + ": " + rewritten.functionForms()));
    return Plan.of(steps);
  }
}
