package io.citussafe.rewriter;

import java.util.List;

/**
 * A {@link Scanner} that remembers where the previous token ended, with the skips the DML
 * readers share: to a top-level word, past parentheses, past a WITH prefix.
 */
final class ClauseReader {

  /** The words that can start the statement a WITH list belongs to. */
  private static final String[] STATEMENT_STARTS =
      {"update", "delete", "insert", "select", "values", "merge", "table"};

  final Scanner s;
  final int to;
  int lastEnd;

  ClauseReader(String sql, int from, int to) {
    this.s = new Scanner(sql, from, to);
    this.to = to;
    this.lastEnd = from;
    s.next();
  }

  void next() {
    if (s.type() != Scanner.Type.END) {
      lastEnd = s.end();
    }
    s.next();
  }

  boolean accept(String lowerWord) {
    if (s.isWord(lowerWord)) {
      next();
      return true;
    }
    return false;
  }

  boolean peekIsWord(String lowerWord) {
    Scanner ahead = new Scanner(s.sql(), s.end(), to);
    ahead.next();
    return ahead.isWord(lowerWord);
  }

  /** Advances to a top-level {@code words} word or {@code ;}, or to the end. */
  void skipToTopLevel(String... words) {
    while (s.type() != Scanner.Type.END
        && !(s.depth() == 0 && (s.isSymbol(';') || Keywords.isAnyWord(s, words)))) {
      next();
    }
  }

  /** Standing on {@code (}: moves past its closing parenthesis. */
  void skipParenthesized() {
    int depth = s.depth();
    next();
    while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
      next();
    }
    next();
  }

  /**
   * Standing on WITH: skips {@code [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (body)
   * [SEARCH …] [CYCLE …] [, …]} and stops on the main statement's first word. Records each body's
   * span in {@code bodies} when not null. False when the prefix is not understood.
   */
  boolean skipWith(List<int[]> bodies) {
    next();
    accept("recursive");
    while (true) {
      if (!s.isIdentifier()) {
        return false;
      }
      next();
      if (s.isSymbol('(')) {
        skipParenthesized();
      }
      if (!accept("as")) {
        return false;
      }
      accept("not");
      accept("materialized");
      if (!s.isSymbol('(')) {
        return false;
      }
      int depth = s.depth();
      next();
      int bodyStart = s.start();
      while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
        next();
      }
      if (s.type() == Scanner.Type.END || lastEnd <= bodyStart) {
        return false;
      }
      if (bodies != null) {
        bodies.add(new int[] {bodyStart, lastEnd});
      }
      next();
      while (s.type() != Scanner.Type.END && !(s.depth() == 0 && (s.isSymbol(',')
          || Keywords.isAnyWord(s, STATEMENT_STARTS)))) {
        next();
      }
      if (!s.isSymbol(',')) {
        return s.type() != Scanner.Type.END;
      }
      next();
    }
  }
}
