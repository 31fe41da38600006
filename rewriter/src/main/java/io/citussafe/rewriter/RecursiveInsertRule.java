package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code WITH RECURSIVE … INSERT INTO t … SELECT …} into a Citus table. Citus plans such an
 * INSERT … SELECT without the recursive query ({@code relation "<cte>" does not exist}, or
 * {@code cannot execute a distributed query from a query on a shard}), while the same WITH with a
 * plain SELECT works. So each query of the WITH list is computed first, in its order, into a
 * temporary table on the coordinator, reading the tables of the queries before it; then the user's
 * INSERT runs as written, each query of its WITH list reading its table, in one transaction:
 * <pre>
 * WITH RECURSIVE tree AS (… UNION SELECT … FROM jobs j JOIN tree …) INSERT INTO fqn SELECT … FROM tree ON CONFLICT …
 * → CREATE TEMP TABLE citussafe_with_1 AS WITH RECURSIVE tree AS (…) SELECT * FROM tree;
 *   WITH tree AS (SELECT * FROM citussafe_with_1) INSERT INTO fqn SELECT … FROM tree ON CONFLICT …;
 *   DROP TABLE citussafe_with_1
 * </pre>
 * The INSERT's own SELECT list, ON CONFLICT and RETURNING keep their text, so its literals take
 * the target's types as before. Not rewritten: a WITH query that writes, a {@code SEARCH} or
 * {@code CYCLE} clause, bind parameters (a CREATE TABLE AS cannot take them).
 */
final class RecursiveInsertRule implements Rule<RecursiveInsertRule.Insert> {

  private static final String TABLE = "citussafe_with_";
  private static final String[] SEARCH_OR_CYCLE = {"search", "cycle"};
  private static final String[] WRITES = {"insert", "update", "delete", "merge"};

  /**
   * @param names each WITH query's name as written
   * @param bodies each WITH query's text span, inside its parentheses
   * @param listStart where the first WITH query starts, after RECURSIVE
   * @param insertStart where the INSERT starts
   */
  record Insert(String sql, String table, List<String> names, List<int[]> bodies, int listStart, int insertStart) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("with");
  }

  @Override
  public Insert match(StatementText statement) {
    String sql = statement.text;
    ClauseReader r = new ClauseReader(sql, 0, sql.length());
    Scanner ahead = statement.scanner();
    ahead.next();
    if (!ahead.isWord("recursive")) {
      return null;
    }
    int listStart = ahead.end();
    List<int[]> bodies = new ArrayList<>();
    if (!r.s.isWord("with") || !r.skipWith(bodies) || !r.s.isWord("insert")) {
      return null;
    }
    int insertStart = r.s.start();
    r.next();
    String table = r.accept("into") ? Names.readQualified(r.s) : null;
    if (table == null || hasParameter(sql)) {
      return null;
    }
    List<String> names = new ArrayList<>(bodies.size());
    for (int i = 0; i <= bodies.size(); i++) {
      // the text before each query's body (and after the last): its name, and the clauses of the one before
      Scanner between = new Scanner(sql, i == 0 ? listStart : bodies.get(i - 1)[1],
          i == bodies.size() ? insertStart : bodies.get(i)[0]);
      String name = null;
      for (between.next(); between.type() != Scanner.Type.END; between.next()) {
        name = name == null && between.isIdentifier() ? between.text() : name;
        if (between.depth() == 0 && Keywords.isAnyWord(between, SEARCH_OR_CYCLE)) {
          return null;
        }
      }
      if (i < bodies.size()) {
        Scanner body = new Scanner(sql, bodies.get(i)[0], bodies.get(i)[1]);
        body.next();
        if (name == null || Keywords.isAnyWord(body, WRITES)) {
          return null;
        }
        names.add(name);
      }
    }
    return new Insert(sql, table, List.copyOf(names), List.copyOf(bodies), listStart, insertStart);
  }

  private static boolean hasParameter(String sql) {
    Scanner s = new Scanner(sql);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (t == Scanner.Type.PARAMETER) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Plan plan(Insert insert, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.table(insert.table()).isCitusTable()) {
      return null;
    }
    int n = insert.names().size();
    List<Step> steps = new ArrayList<>();
    List<String> tables = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      steps.add(new Step.Run("CREATE TEMP TABLE " + TABLE + (k + 1) + " AS WITH RECURSIVE " + withList(insert, k)
          + " SELECT * FROM " + insert.names().get(k)));
      tables.add(TABLE + (k + 1));
    }
    steps.addAll(next.plan("WITH " + withList(insert, n) + " " + insert.sql().substring(insert.insertStart())));
    steps.add(new Step.Run("DROP TABLE " + String.join(", ", tables)));
    return Plan.of(new Step.Together(steps), new Step.Report("computed the " + n + " WITH quer"
        + (n == 1 ? "y" : "ies") + " of this INSERT (" + String.join(", ", insert.names()) + ") first, each once, into "
        + "temporary tables on the coordinator, then ran the INSERT reading them, in one transaction: Citus plans an "
        + "INSERT … SELECT into " + insert.table() + " without its recursive query. Under concurrent writers this "
        + "differs from PostgreSQL: each step reads the rows committed when it starts, not all of them those "
        + "committed when the statement started"));
  }

  /**
   * The WITH list as written after RECURSIVE, and up to the INSERT, where the queries before
   * {@code computed} read their temporary tables instead of their text.
   */
  private static String withList(Insert insert, int computed) {
    String sql = insert.sql();
    StringBuilder out = new StringBuilder();
    int cursor = insert.listStart();
    for (int i = 0; i < insert.bodies().size(); i++) {
      int[] body = insert.bodies().get(i);
      out.append(sql, cursor, body[0]).append(i < computed ? "SELECT * FROM " + TABLE + (i + 1) : sql.substring(body[0],
          body[1]));
      cursor = body[1];
    }
    return out.append(sql, cursor, insert.insertStart()).toString().strip();
  }
}
