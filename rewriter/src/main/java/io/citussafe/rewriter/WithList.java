package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The WITH list in front of a statement, for rules that compute its queries first: each query's
 * name as written, where it starts and its body's span, and where the statement after the list
 * starts. Read only when every query is a plain read: no data-modifying query, no {@code SEARCH}
 * or {@code CYCLE} clause.
 */
record WithList(String sql, boolean recursive, List<String> names, List<Integer> nameStarts, List<int[]> bodies,
    int statementStart) {

  private static final String[] SEARCH_OR_CYCLE = {"search", "cycle"};
  private static final String[] WRITES = {"insert", "update", "delete", "merge"};

  /** The list in front of {@code sql}, or null when it does not start with one this reads. */
  static WithList read(String sql) {
    ClauseReader r = new ClauseReader(sql, 0, sql.length());
    List<int[]> bodies = new ArrayList<>();
    if (!r.s.isWord("with")) {
      return null;
    }
    Scanner ahead = new Scanner(sql, r.s.end(), sql.length());
    ahead.next();
    boolean recursive = ahead.isWord("recursive");
    int listStart = recursive ? ahead.end() : r.s.end();
    if (!r.skipWith(bodies)) {
      return null;
    }
    int statementStart = r.s.start();
    List<String> names = new ArrayList<>(bodies.size());
    List<Integer> nameStarts = new ArrayList<>(bodies.size());
    for (int i = 0; i <= bodies.size(); i++) {
      // the text before each query's body (and after the last): its name, and the clauses of the one before
      Scanner between = new Scanner(sql, i == 0 ? listStart : bodies.get(i - 1)[1],
          i == bodies.size() ? statementStart : bodies.get(i)[0]);
      String name = null;
      int nameStart = -1;
      for (between.next(); between.type() != Scanner.Type.END; between.next()) {
        if (name == null && between.isIdentifier()) {
          name = between.text();
          nameStart = between.start();
        }
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
        nameStarts.add(nameStart);
      }
    }
    return new WithList(sql, recursive, List.copyOf(names), List.copyOf(nameStarts), List.copyOf(bodies),
        statementStart);
  }

  /** The statement after the list, as written. */
  String statement() {
    return sql.substring(statementStart);
  }

  /** {@code WITH [RECURSIVE]} and the queries from the k-th on, as written, up to the statement. */
  String from(int k) {
    return "WITH " + (recursive ? "RECURSIVE " : "") + sql.substring(nameStarts.get(k), statementStart).strip();
  }

  /** Whether a query is named {@code stored} (a name as the catalog stores it). */
  boolean names(String stored) {
    for (String name : names) {
      if (Names.stored(name).equals(stored)) {
        return true;
      }
    }
    return false;
  }
}
