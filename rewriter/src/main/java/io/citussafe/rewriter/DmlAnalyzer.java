package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one UPDATE, DELETE or INSERT … ON CONFLICT … DO UPDATE into a {@link DmlStatement}. The
 * clause structure comes from {@link Scanner} tokens (JSqlParser 5.3 cannot read {@code UPDATE
 * ONLY}, {@code WHERE CURRENT OF} or dollar quotes, and rewrites need offsets in the original text
 * anyway); only the expressions of each clause go to JSqlParser, to find function calls. Anything
 * not understood gives null, and the statement passes through unchanged.
 *
 * <p>{@link #mayNeedAnalysis} is the cheap gate in front: ordinary DML such as
 * {@code UPDATE t SET a = ? WHERE id = ?} has no parenthesis and no value function, so it never
 * reaches the parser.
 */
final class DmlAnalyzer {

  private DmlAnalyzer() {
  }

  /**
   * The analysis of one statement (no {@code ;}-separated second statement), or null when it is
   * not an UPDATE, DELETE or upsert with DO UPDATE, or when any part of it cannot be read.
   */
  static DmlStatement analyze(String sql) {
    try {
      DmlShape shape = readShape(sql);
      if (shape == null) {
        return null;
      }
      List<DmlStatement.FunctionUse> uses = FunctionCollector.collect(shape);
      return uses == null ? null : new DmlStatement(shape, uses);
    } catch (RuntimeException | StackOverflowError e) {
      // JSqlParser recurses per nesting level; any failure means "pass through"
      return null;
    }
  }

  /** The clause structure alone, without JSqlParser; null when not understood. */
  static DmlShape readShape(String sql) {
    DmlShape sh = new DmlShape(sql);
    ClauseReader r = new ClauseReader(sql, 0, sql.length());
    sh.firstToken = r.s.start();
    if (r.s.isWord("with")) {
      sh.withStart = r.s.start();
      if (!r.skipWith(sh.withBodies)) {
        return null;
      }
    }
    sh.keywordStart = r.s.start();
    boolean ok;
    if (r.accept("update")) {
      sh.kind = DmlShape.Kind.UPDATE;
      ok = readUpdate(r, sh);
    } else if (r.accept("delete")) {
      sh.kind = DmlShape.Kind.DELETE;
      ok = r.accept("from") && readDelete(r, sh);
    } else if (r.accept("insert")) {
      sh.kind = DmlShape.Kind.UPSERT;
      ok = r.accept("into") && readInsert(r, sh);
    } else {
      ok = false;
    }
    return ok ? sh : null;
  }

  private static boolean readUpdate(ClauseReader r, DmlShape sh) {
    if (!readTarget(r, sh, false, "set") || !r.accept("set")
        || !readAssignments(r, sh, "from", "where", "returning")) {
      return false;
    }
    if (r.s.isWord("from")) {
      sh.fromStart = r.s.start();
      r.next();
      r.skipToTopLevel("where", "returning");
      sh.fromEnd = r.lastEnd;
    }
    return readWhere(r, sh) && readReturningAndEnd(r, sh);
  }

  private static boolean readDelete(ClauseReader r, DmlShape sh) {
    if (!readTarget(r, sh, false, "using", "where", "returning")) {
      return false;
    }
    if (r.s.isWord("using")) {
      sh.fromStart = r.s.start();
      r.next();
      r.skipToTopLevel("where", "returning");
      sh.fromEnd = r.lastEnd;
    }
    return readWhere(r, sh) && readReturningAndEnd(r, sh);
  }

  /**
   * {@code INSERT INTO t [AS a] [(cols)] [OVERRIDING … VALUE] {DEFAULT VALUES | VALUES … | query}
   * ON CONFLICT [target] DO UPDATE SET … [WHERE …] [RETURNING …]}; anything else (no conflict
   * clause, {@code DO NOTHING}) is not ours.
   */
  private static boolean readInsert(ClauseReader r, DmlShape sh) {
    if (!readTarget(r, sh, true)) {
      return false;
    }
    if (r.s.isSymbol('(')) {
      r.skipParenthesized();
    }
    if (r.accept("overriding")) {
      r.next();
      if (!r.accept("value")) {
        return false;
      }
    }
    if (r.accept("default")) {
      if (!r.accept("values")) {
        return false;
      }
    } else {
      sh.sourceStart = r.s.start();
      sh.sourceIsValues = r.s.isWord("values");
      while (r.s.type() != Scanner.Type.END
          && !(r.s.depth() == 0 && (r.s.isSymbol(';') || r.s.isWord("returning")
              || (r.s.isWord("on") && r.peekIsWord("conflict"))))) {
        r.next();
      }
      sh.sourceEnd = r.lastEnd;
      if (sh.sourceEnd <= sh.sourceStart) {
        return false;
      }
    }
    if (!r.accept("on") || !r.accept("conflict")) {
      return false;
    }
    r.skipToTopLevel("do");
    if (!r.accept("do") || !r.accept("update") || !r.accept("set")
        || !readAssignments(r, sh, "where", "returning")) {
      return false;
    }
    return readWhere(r, sh) && !sh.currentOf && readReturningAndEnd(r, sh);
  }

  /**
   * {@code [ONLY] name[.name…] [*] [[AS] alias]}; without AS, an identifier other than
   * {@code notAlias} is an alias. INSERT takes neither ONLY nor * and needs AS.
   */
  private static boolean readTarget(ClauseReader r, DmlShape sh, boolean insert, String... notAlias) {
    sh.targetStart = r.s.start();
    if (!insert) {
      r.accept("only");
    }
    sh.tableStart = r.s.start();
    StringBuilder name = new StringBuilder();
    while (true) {
      if (!r.s.isIdentifier() || Names.isUnicodeQuoted(r.s)) {
        return false;
      }
      sh.tableName = r.s.text();
      name.append(sh.tableName);
      r.next();
      if (!r.s.isSymbol('.')) {
        break;
      }
      name.append('.');
      r.next();
    }
    sh.table = name.toString();
    sh.tableEnd = r.lastEnd;
    if (!insert && r.s.isSymbol('*')) {
      r.next();
    }
    boolean as = r.accept("as");
    if (r.s.isIdentifier() && (as || (!insert && !Keywords.isAnyWord(r.s, notAlias)))) {
      sh.alias = r.s.text();
      r.next();
    } else if (as) {
      return false;
    }
    sh.targetEnd = r.lastEnd;
    return true;
  }

  /**
   * A SET list: {@code target = expression [, …]} up to a top-level {@code stopWords} word, a
   * {@code ;} or the end. {@code FROM} after {@code DISTINCT} belongs to {@code IS DISTINCT FROM},
   * the only way a clause word appears at the top level of an expression.
   */
  private static boolean readAssignments(ClauseReader r, DmlShape sh, String... stopWords) {
    while (true) {
      int start = r.s.start();
      List<String> columns = new ArrayList<>(1);
      boolean tuple = r.s.isSymbol('(');
      boolean subscripted = false;
      if (tuple) {
        int depth = r.s.depth();
        r.next();
        while (true) {
          String column = Names.stored(r.s);
          if (column == null) {
            return false;
          }
          columns.add(column);
          r.next();
          subscripted |= skipIndirection(r);
          if (r.s.isSymbol(',')) {
            r.next();
          } else if (r.s.isSymbol(')') && r.s.depth() == depth) {
            r.next();
            break;
          } else {
            return false;
          }
        }
      } else {
        String column = Names.stored(r.s);
        if (column == null) {
          return false;
        }
        columns.add(column);
        r.next();
        subscripted = skipIndirection(r);
      }
      int targetEnd = r.lastEnd;
      if (!r.s.isSymbol('=')) {
        return false;
      }
      r.next();
      int exprStart = r.s.start();
      boolean previousDistinct = false;
      while (r.s.type() != Scanner.Type.END) {
        if (r.s.depth() == 0 && (r.s.isSymbol(',') || r.s.isSymbol(';')
            || (Keywords.isAnyWord(r.s, stopWords) && !(previousDistinct && r.s.isWord("from"))))) {
          break;
        }
        previousDistinct = r.s.isWord("distinct");
        r.next();
      }
      int exprEnd = r.lastEnd;
      if (exprEnd <= exprStart) {
        return false;
      }
      boolean isDefault = Lexer.wordEquals(sh.sql, exprStart, exprEnd, "default");
      sh.assignments.add(new DmlShape.Assignment(start, targetEnd, exprStart, exprEnd,
          List.copyOf(columns), tuple, subscripted, isDefault));
      if (!r.s.isSymbol(',') || r.s.depth() != 0) {
        return true;
      }
      r.next();
    }
  }

  /** Skips {@code [subscript]} and {@code .field} after a SET target column; true when any. */
  private static boolean skipIndirection(ClauseReader r) {
    boolean any = false;
    while (true) {
      if (r.s.isSymbol('[')) {
        int depth = r.s.depth();
        r.next();
        while (r.s.type() != Scanner.Type.END && !(r.s.isSymbol(']') && r.s.depth() == depth)) {
          r.next();
        }
        r.next();
      } else if (r.s.isSymbol('.')) {
        r.next();
        r.next();
      } else {
        return any;
      }
      any = true;
    }
  }

  /** {@code WHERE cond} or {@code WHERE CURRENT OF cursor}, up to a top-level RETURNING. */
  private static boolean readWhere(ClauseReader r, DmlShape sh) {
    if (!r.s.isWord("where")) {
      return true;
    }
    sh.whereStart = r.s.start();
    r.next();
    // CURRENT is not reserved: only CURRENT OF makes this a cursor position
    sh.currentOf = r.s.isWord("current") && r.peekIsWord("of");
    sh.conditionStart = r.s.start();
    r.skipToTopLevel("returning");
    sh.conditionEnd = r.lastEnd;
    return sh.conditionEnd > sh.conditionStart;
  }

  private static boolean readReturningAndEnd(ClauseReader r, DmlShape sh) {
    if (r.s.isWord("returning")) {
      sh.returningStart = r.s.start();
      r.next();
      sh.returningListStart = r.s.start();
      r.skipToTopLevel();
      sh.returningEnd = r.lastEnd;
      if (sh.returningEnd <= sh.returningListStart) {
        return false;
      }
    }
    sh.end = r.lastEnd;
    if (r.s.isSymbol(';')) {
      r.next();
    }
    return r.s.type() == Scanner.Type.END;
  }

}
