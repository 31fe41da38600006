package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The application's upserts keep working after {@code citussafe.distributionColumn} gave a table's
 * key the column first: {@code INSERT … ON CONFLICT (id)} on a table distributed by the column
 * whose row key is now {@code (company_id, id)} names no unique key any more, so the target gets
 * the column too, when the statement supplies it (otherwise a clear error, before Citus's). Only
 * the row key (the primary key, else a unique key over NOT NULL columns) is checked: it is cached,
 * so the plan is too. {@code ON CONFLICT ON CONSTRAINT <name>} needs nothing: names were kept.
 */
final class ConflictTargetRule implements Rule<ConflictTargetRule.Upsert> {

  /**
   * @param insertColumns the columns the INSERT names as stored, or null when it names none (all)
   * @param target the conflict target's columns as stored
   * @param targetStart the offset just past the target's opening parenthesis
   */
  record Upsert(String sql, String table, List<String> insertColumns, List<String> target, int targetStart) {
  }

  private final String column;

  ConflictTargetRule(Options options) {
    this.column = options.distributionColumn();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("insert");
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Upsert match(StatementText statement) {
    if (column == null) {
      return null;
    }
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("into")) {
      return null;
    }
    String table = Names.readQualified(s);
    if (s.accept("as")) {
      s.next();
    }
    List<String> insertColumns = s.isSymbol('(') ? CitusRefusalHintRule.columnList(s) : null;
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("conflict"))) {
      s.next();
    }
    s.next();
    if (table == null || !s.isSymbol('(')) {
      return null;
    }
    int targetStart = s.end();
    List<String> target = new ArrayList<>();
    for (s.next(); s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isSymbol(')')); s.next()) {
      String name = s.depth() == 1 ? Names.stored(s) : null;
      if (name != null) {
        target.add(name);
      } else if (!s.isSymbol(',')) {
        // an expression or an operator class: not a plain list of columns
        return null;
      }
    }
    return target.isEmpty() || target.contains(column) ? null
        : new Upsert(statement.text, table, insertColumns, List.copyOf(target), targetStart);
  }

  @Override
  public Plan plan(Upsert upsert, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.table(upsert.table());
    if (!table.isDistributed() || !column.equals(table.distributionColumn())) {
      return null;
    }
    List<String> widened = new ArrayList<>(List.of(column));
    widened.addAll(upsert.target());
    if (!facts.columns(upsert.table()).rowKey().equals(widened)) {
      return null;
    }
    if (upsert.insertColumns() != null && !upsert.insertColumns().contains(column)) {
      return Plan.of(new Step.Fail("citussafe: the key of " + upsert.table() + " is (" + String.join(", ", widened)
          + ") since it was distributed by " + column + " (citussafe.distributionColumn), so ON CONFLICT ("
          + String.join(", ", upsert.target()) + ") matches no unique key; this INSERT does not supply " + column
          + ", so the conflict target cannot be widened for it: add " + column + " to the INSERT's columns, or name "
          + "the key with ON CONFLICT ON CONSTRAINT <its name>. Statement: " + upsert.sql(),
          SqlState.FEATURE_NOT_SUPPORTED));
    }
    String sql = upsert.sql().substring(0, upsert.targetStart()) + Names.quoted(column) + ", "
        + upsert.sql().substring(upsert.targetStart());
    List<Step> steps = new ArrayList<>(next.plan(sql));
    steps.add(new Step.Report("citussafe.distributionColumn: the key of " + upsert.table() + " holds " + column
        + " first, so the conflict target does too: ON CONFLICT (" + String.join(", ", widened) + ")"));
    return new Plan(steps, true);
  }
}
