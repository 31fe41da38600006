package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An UPDATE or DELETE of a Citus table whose WHERE holds {@code [NOT] EXISTS (SELECT … FROM d a
 * WHERE a.k = t.c)}, with {@code d} a distributed table, where Citus cannot evaluate the subquery
 * once per written row: the written table is a reference table ({@code only reference tables may
 * be queried when targeting a reference table with multi shard UPDATE/DELETE queries with multiple
 * tables}) or a Citus-local one, or a distributed table not joined to {@code d} on both
 * distribution columns ({@code complex joins are only supported when all distributed tables are
 * co-located and joined on their distribution columns}). The same condition written without the written row, which Citus computes once,
 * first, selects the same rows (Gravitee's data fix 4.7.15):
 * <pre>
 * DELETE FROM subscriptions WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = subscriptions.application)
 * → DELETE FROM subscriptions WHERE (subscriptions.application IS NULL OR subscriptions.application NOT IN
 *     (SELECT a.id FROM applications a WHERE a.id IS NOT NULL))
 * </pre>
 * {@code EXISTS} becomes {@code (t.c IS NOT NULL AND t.c IN (SELECT a.k FROM d a WHERE a.k IS NOT
 * NULL))}; both forms are never NULL, as EXISTS is, so they mean the same under any operator around
 * them. Read only in that one shape (a select list of one constant, {@code *} or column; the
 * subquery's WHERE one equality of two qualified columns, one of each side), at the WHERE's top
 * level; anything else is left to Citus's error and its hint.
 */
final class CorrelatedExistsRule implements Rule<CorrelatedExistsRule.Write> {

  /**
   * One {@code [NOT] EXISTS (…)} of the shape.
   *
   * @param start where NOT or EXISTS starts
   * @param end just past its closing parenthesis
   * @param fromClause the subquery's {@code FROM d a}, as written
   * @param from the table it reads
   * @param inner {@code a.k} as written, and {@code innerColumn} its column as stored
   * @param outer {@code t.c} as written, and {@code outerColumn} its column as stored
   */
  record Exists(int start, int end, boolean not, String fromClause, String from, String inner, String innerColumn,
      String outer, String outerColumn) {
  }

  /** The statement, its target, and its EXISTS subqueries. */
  record Write(String sql, String table, List<Exists> subqueries) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("update", "delete");
  }

  @Override
  public Write match(StatementText statement) {
    String sql = statement.text;
    if (Lexer.indexOfIgnoreCase(sql, "exists", 0) < 0 || sql.length() > StatementText.MAX_CACHED_LENGTH) {
      return null;
    }
    DmlShape shape = DmlAnalyzer.readShape(sql);
    if (shape == null || shape.whereStart < 0 || shape.currentOf || shape.kind == DmlShape.Kind.UPSERT) {
      return null;
    }
    List<Exists> found = new ArrayList<>(1);
    Scanner s = new Scanner(sql, shape.conditionStart, shape.conditionEnd);
    int notStart = -1;
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && s.isWord("exists")) {
        Exists e = read(sql, s, notStart, shape.qualifier(), shape.conditionEnd);
        if (e == null) {
          return null;
        }
        found.add(e);
      }
      notStart = s.depth() == 0 && s.isWord("not") ? s.start() : -1;
    }
    return found.isEmpty() ? null : new Write(sql, shape.table, List.copyOf(found));
  }

  /**
   * Standing on EXISTS: {@code ( SELECT … FROM name [[AS] alias] WHERE x.a = y.b )}, one side
   * qualified by the alias, the other by the written table's name; null for any other shape.
   */
  private static Exists read(String sql, Scanner s, int notStart, String outer, int limit) {
    int start = notStart >= 0 ? notStart : s.start();
    s.next();
    if (!s.isSymbol('(')) {
      return null;
    }
    int depth = s.depth();
    s.next();
    if (!s.isWord("select")) {
      return null;
    }
    // one plain item: an aggregate (SELECT max(x) …) gives a row even when nothing matches
    s.next();
    if (s.isSymbol('*') || s.type() == Scanner.Type.NUMBER || s.type() == Scanner.Type.STRING) {
      s.next();
    } else if (s.isIdentifier()) {
      s.next();
      if (s.isSymbol('.')) {
        s.next();
        if (!s.isIdentifier() && !s.isSymbol('*')) {
          return null;
        }
        s.next();
      }
    } else {
      return null;
    }
    if (!s.isWord("from") || s.depth() != depth + 1) {
      return null;
    }
    int fromStart = s.start();
    s.next();
    String from = Names.readQualified(s);
    if (from == null) {
      return null;
    }
    String alias = Names.lastPart(from);
    s.accept("as");
    if (s.isIdentifier() && !s.isWord("where")) {
      alias = Names.stored(s);
      s.next();
    }
    int whereStart = s.start();
    if (!s.accept("where")) {
      return null;
    }
    String[] left = column(s);
    if (left == null || !s.isSymbol('=')) {
      return null;
    }
    s.next();
    String[] right = column(s);
    if (right == null || !s.isSymbol(')') || s.depth() != depth || s.end() > limit) {
      return null;
    }
    String stored = Names.stored(outer);
    String[] inner = left[0].equals(alias) && right[0].equals(stored) ? left
        : right[0].equals(alias) && left[0].equals(stored) ? right : null;
    if (inner == null || alias.equals(stored)) {
      return null;
    }
    String[] outerColumn = inner == left ? right : left;
    return new Exists(start, s.end(), notStart >= 0, sql.substring(fromStart, whereStart).strip(), from, inner[2],
        inner[1], outerColumn[2], outerColumn[1]);
  }

  /** {@code q.c}: the qualifier as stored, the column as stored, and the text as written. */
  private static String[] column(Scanner s) {
    if (!s.isIdentifier()) {
      return null;
    }
    int start = s.start();
    String qualifier = Names.stored(s);
    s.next();
    if (!s.isSymbol('.')) {
      return null;
    }
    s.next();
    if (!s.isIdentifier()) {
      return null;
    }
    String column = Names.stored(s);
    int end = s.end();
    s.next();
    return qualifier == null || column == null ? null : new String[] {qualifier, column, s.sql().substring(start, end)};
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Plan plan(Write write, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts target = facts.table(write.table());
    if (!target.isCitusTable()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int cursor = 0;
    String sql = write.sql();
    for (Exists e : write.subqueries()) {
      TableFacts read = facts.table(e.from());
      if (!read.isDistributed() || target.isDistributed() && target.colocationId() == read.colocationId()
          && e.innerColumn().equals(read.distributionColumn()) && e.outerColumn().equals(target.distributionColumn())) {
        // Citus runs it as written: no distributed table read, or a join on the distribution columns
        return null;
      }
      out.append(sql, cursor, e.start()).append(rewritten(e));
      cursor = e.end();
    }
    out.append(sql, cursor, sql.length());
    List<Step> steps = new ArrayList<>(next.plan(out.toString()));
    steps.add(new Step.Report("ran as " + out + " — Citus cannot evaluate a subquery on the distributed table "
        + write.subqueries().get(0).from() + " once per row of " + write.table() + "; the condition written "
        + "without the row, which Citus computes once, first, selects the same rows"));
    return Plan.of(steps);
  }

  /** {@code [NOT] EXISTS (SELECT … FROM d a WHERE a.k = t.c)} without the written row. */
  private static String rewritten(Exists e) {
    return e.not()
        ? "(" + e.outer() + " IS NULL OR " + e.outer() + " NOT IN (SELECT " + e.inner() + " " + e.fromClause()
            + " WHERE " + e.inner() + " IS NOT NULL))"
        : "(" + e.outer() + " IS NOT NULL AND " + e.outer() + " IN (SELECT " + e.inner() + " " + e.fromClause()
            + " WHERE " + e.inner() + " IS NOT NULL))";
  }
}
