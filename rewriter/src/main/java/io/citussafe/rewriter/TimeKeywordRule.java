package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A statement on a Citus table that writes {@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE} or
 * another time keyword gets the keyword's function form instead, and nothing else changes (see
 * {@link TimeKeywords}): an {@code ALTER TABLE} (a default it adds or sets, a {@code USING}, a
 * check), and an {@code INSERT}, {@code UPDATE} or {@code DELETE} whose target it is. Citus sends
 * the keyword to every placement, where each computes its own value in its own zone; a default
 * so written is expanded into every insert that takes it. The statement then goes to the rules
 * after this one. On plain PostgreSQL and on tables Citus does not know, it runs as written.
 */
final class TimeKeywordRule implements Rule<TimeKeywordRule.Rewritten> {

  /** The statement, its table, the same statement in function forms, and whether it is an ALTER TABLE. */
  record Rewritten(String sql, String table, String functionForms, boolean ddl) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "insert", "update", "delete", "with");
  }

  @Override
  public Rewritten match(StatementText statement) {
    String rewritten = TimeKeywords.functionForms(statement.text);
    if (rewritten == statement.text) {
      return null;
    }
    String table = table(statement);
    return table == null ? null : new Rewritten(statement.text, table, rewritten, statement.firstWord.equals("alter"));
  }

  /**
   * The altered table, or the target of {@code INSERT INTO t}, {@code UPDATE [ONLY] t},
   * {@code DELETE FROM [ONLY] t}, also after a WITH prefix (whose queries' keywords change too).
   */
  private static String table(StatementText statement) {
    if (statement.firstWord.equals("alter")) {
      AlterTable alter = AlterTable.read(statement);
      return alter == null ? null : alter.table;
    }
    ClauseReader r = new ClauseReader(statement.text, 0, statement.text.length());
    if (r.s.isWord("with") && !r.skipWith(null)) {
      return null;
    }
    boolean update = r.s.isWord("update");
    if (!update && !r.s.isWord("insert") && !r.s.isWord("delete")) {
      return null;
    }
    boolean insert = r.s.isWord("insert");
    r.next();
    if (!update && !r.accept(insert ? "into" : "from")) {
      return null;
    }
    r.accept("only");
    return Names.readQualified(r.s);
  }

  @Override
  public Plan plan(Rewritten rewritten, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    // DDL acts on the catalog as it is now; a write may use the cached facts
    TableFacts table = rewritten.ddl() ? facts.tableNow(rewritten.table()) : facts.table(rewritten.table());
    if (!table.isCitusTable()) {
      return null;
    }
    List<Step> steps = new ArrayList<>(next.plan(rewritten.functionForms()));
    steps.add(new Step.Report(TimeKeywords.why(rewritten.table()) + ": " + rewritten.functionForms()));
    return Plan.of(steps);
  }
}
