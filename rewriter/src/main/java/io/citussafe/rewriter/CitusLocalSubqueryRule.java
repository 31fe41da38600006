package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An UPDATE or DELETE of a reference table with a subquery that reads a Citus-local table. Citus
 * runs such a statement on the coordinator's copy of the reference table only and reports success:
 * the workers' copies keep their rows (reproduced on Citus 13.2 with {@code SET c = (SELECT max(x)
 * FROM l)}, {@code WHERE c = (SELECT …)}, {@code NOT IN (SELECT …)}, a subquery in {@code FROM} or
 * in a {@code WITH} query). Only {@code IN (SELECT …)} and a plain join changed every copy, also
 * with a {@code WITH} query that only reads a Citus-local table ({@code WITH q AS (SELECT * FROM h)}).
 * So a statement whose other subqueries are all in its {@code WITH} list or items of its
 * {@code FROM} ({@code USING}) list has each of those queries computed first into a Citus-local
 * table of its own (created in the current schema), and runs reading them, in one transaction:
 * <pre>
 * WITH latest AS (SELECT DISTINCT ON (job) job, run FROM runs ORDER BY …) UPDATE jobs SET run = l.run FROM latest l WHERE …
 * → CREATE TABLE citussafe_with_1 AS WITH latest AS (…) SELECT * FROM latest;
 *   SELECT citus_add_local_table_to_metadata('citussafe_with_1');
 *   WITH latest AS (SELECT * FROM citussafe_with_1) UPDATE jobs SET run = l.run FROM latest l WHERE …;
 *   DROP TABLE citussafe_with_1
 * </pre>
 * Any other subquery on a Citus-local table is refused before it runs; nothing else is touched.
 */
final class CitusLocalSubqueryRule implements Rule<CitusLocalSubqueryRule.Write> {

  private static final String TABLE = "citussafe_with_";

  /**
   * The statement and its target.
   *
   * @param fromStart where an UPDATE's FROM list or a DELETE's USING list starts, or -1
   * @param fromEnd where it ends
   */
  record Write(String sql, String table, int fromStart, int fromEnd) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("update", "delete", "with");
  }

  @Override
  public Write match(StatementText statement) {
    String text = statement.text;
    if (text.length() > StatementText.MAX_CACHED_LENGTH || !hasSubqueryOtherThanIn(text)) {
      return null;
    }
    DmlShape shape = DmlAnalyzer.readShape(text);
    if (shape == null || shape.kind == DmlShape.Kind.UPSERT) {
      return null;
    }
    int listStart = shape.fromStart < 0 ? -1
        : Lexer.skipSpace(text, shape.fromStart + (shape.kind == DmlShape.Kind.DELETE ? 5 : 4));
    return new Write(text, shape.table, listStart, shape.fromEnd);
  }

  /** A {@code (SELECT} or {@code (WITH} that does not follow a plain {@code IN}. */
  static boolean hasSubqueryOtherThanIn(String sql) {
    Scanner s = new Scanner(sql, 0, sql.length());
    boolean in = false;
    boolean notIn = false;
    boolean not = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isSymbol('(')) {
        Scanner ahead = new Scanner(sql, s.end(), sql.length());
        ahead.next();
        if ((ahead.isWord("select") || ahead.isWord("with")) && !(in && !notIn)) {
          return true;
        }
      }
      boolean isIn = s.isWord("in");
      notIn = isIn && not;
      in = isIn;
      not = s.isWord("not");
    }
    return false;
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Plan plan(Write write, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.table(write.table()).isReference()) {
      return null;
    }
    // the parser runs only for a reference table's write, once per text while the plan is kept
    DmlStatement st = DmlAnalyzer.analyze(write.sql());
    for (String read : st == null ? List.<String>of() : st.tablesRead()) {
      if (facts.table(read).kind() == TableFacts.Kind.CITUS_LOCAL) {
        Plan computed = Scanner.hasParameter(write.sql()) ? null : computedFirst(write, read, next);
        if (computed != null) {
          return computed;
        }
        return Plan.of(new Step.Fail("citussafe refused this statement: " + write.table() + " is a reference "
            + "table and the statement reads the Citus-local table " + read + " in a subquery. Citus would run it on "
            + "the coordinator's copy of " + write.table() + " only and report success, leaving the workers' "
            + "copies with their old rows (a Citus defect). Write the subquery as IN (SELECT …), which Citus runs "
            + "on every copy; or read the subquery's values first and write them into the statement; or make "
            + read + " a reference table (SELECT undistribute_table('" + read + "'); SELECT create_reference_table('"
            + read + "')). Statement: " + write.sql(), SqlState.FEATURE_NOT_SUPPORTED));
      }
    }
    return null;
  }

  /**
   * The write with its WITH queries and the subqueries of its FROM (USING) list computed first
   * into Citus-local tables; null when another subquery but {@code IN (SELECT …)} would be left.
   */
  private static Plan computedFirst(Write write, String read, Next next) throws SQLException {
    String sql = write.sql();
    WithList with = WithList.read(sql);
    Scanner first = new Scanner(sql);
    first.next();
    if (with == null && first.isWord("with")) {
      return null;
    }
    int mainStart = with == null ? 0 : with.statementStart();
    List<int[]> subqueries = fromSubqueries(sql, write.fromStart(), write.fromEnd());
    StringBuilder main = new StringBuilder();
    int cursor = mainStart;
    List<String> queries = new ArrayList<>();
    for (int k = 0; k < subqueries.size(); k++) {
      int[] span = subqueries.get(k);
      String table = TABLE + ((with == null ? 0 : with.names().size()) + k + 1);
      main.append(sql, cursor, span[0]).append(table);
      queries.add(sql.substring(span[0] + 1, span[1] - 1).strip());
      cursor = span[1];
    }
    main.append(sql, cursor, sql.length());
    if (queries.isEmpty() && with == null || hasSubqueryOtherThanIn(main.toString())) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int n = with == null ? 0 : with.names().size();
    // each query computed once, reading the tables of those before it, as PostgreSQL computes it once
    for (int k = 0; k < n; k++) {
      String name = with.names().get(k);
      computeInto(steps, tables, withComputed(with, k, tables) + " SELECT * FROM " + name);
      names.add(name);
    }
    String computedList = n == 0 ? "" : withComputed(with, n, tables) + " ";
    for (String query : queries) {
      computeInto(steps, tables, computedList + "SELECT * FROM (" + query + ") AS citussafe_query");
      names.add("a subquery in FROM");
    }
    steps.addAll(next.plan(computedList + main));
    steps.add(new Step.Run("DROP TABLE " + String.join(", ", tables)));
    int count = names.size();
    return Plan.of(new Step.Together(steps), new Step.Report("computed the " + (count == 1 ? "query" : count
        + " queries")
        + " (" + String.join(", ", names) + ") first into Citus-local tables, then ran the statement reading "
        + "them, in one transaction: Citus runs a write of the reference table " + write.table() + " with a "
        + "subquery on the Citus-local table " + read + " on the coordinator's copy only (a Citus defect), a plain "
        + "read of a Citus-local table on every copy. Under concurrent writers this differs from PostgreSQL: each "
        + "step reads the rows committed when it starts"));
  }

  /**
   * {@code WITH} and the list's queries, the first {@code computed} of them reading the tables
   * they were computed into, the others as written.
   */
  private static String withComputed(WithList with, int computed, List<String> tables) {
    // the tables need no RECURSIVE: the statement's list reads as the plain WITH Citus runs on every copy
    boolean recursive = with.recursive() && computed < with.names().size();
    StringBuilder out = new StringBuilder(recursive ? "WITH RECURSIVE " : "WITH ");
    for (int i = 0; i < computed; i++) {
      out.append(i == 0 ? "" : ", ").append(with.names().get(i)).append(" AS (SELECT * FROM ").append(tables.get(i))
          .append(')');
    }
    if (computed < with.names().size()) {
      out.append(computed == 0 ? "" : ", ")
          .append(with.sql(), with.nameStarts().get(computed), with.statementStart());
    }
    return out.toString().strip();
  }

  /** Adds the steps that compute {@code query} into the next helper table, and its name to {@code tables}. */
  private static void computeInto(List<Step> steps, List<String> tables, String query) {
    String table = TABLE + (tables.size() + 1);
    steps.add(new Step.Run("CREATE TABLE " + table + " AS " + query));
    steps.add(new Step.Run("SELECT citus_add_local_table_to_metadata('" + table + "')"));
    tables.add(table);
  }

  /** The parenthesized queries standing as items of a FROM list, parentheses included; not LATERAL ones. */
  private static List<int[]> fromSubqueries(String sql, int from, int to) {
    List<int[]> spans = new ArrayList<>();
    if (from < 0) {
      return spans;
    }
    Scanner s = new Scanner(sql, from, to);
    // a FROM item starts the list, or follows a comma or JOIN; not LATERAL, not inside ON
    boolean item = true;
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.isSymbol('(') && s.depth() == 0 && item) {
        int open = s.start();
        Scanner ahead = new Scanner(sql, s.end(), to);
        ahead.next();
        if (ahead.isWord("select") || ahead.isWord("with") || ahead.isWord("values")) {
          while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == 0)) {
            s.next();
          }
          if (s.type() == Scanner.Type.END) {
            return List.of();
          }
          spans.add(new int[] {open, s.end()});
          item = false;
          continue;
        }
      }
      if (s.depth() == 0) {
        item = s.isSymbol(',') || s.isWord("join");
      }
    }
    return spans;
  }
}
