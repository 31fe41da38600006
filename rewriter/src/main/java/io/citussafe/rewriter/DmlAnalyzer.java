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
   * True when the statement in {@code sql[from, to)} is an UPDATE or DELETE (possibly after a
   * WITH prefix) whose text has a {@code (} or an SQL value function keyword outside strings and
   * comments, or an INSERT with a top-level {@code ON CONFLICT … DO UPDATE} followed by one of
   * those: only such statements can hold a function call that Citus rejects.
   */
  static boolean mayNeedAnalysis(String sql, int from, int to) {
    Reader r = new Reader(sql, from, to);
    if (r.s.isWord("with") && !skipWith(r, null)) {
      return false;
    }
    boolean insert = r.s.isWord("insert");
    if (!insert && !r.s.isWord("update") && !r.s.isWord("delete")) {
      return false;
    }
    boolean looking = !insert;
    boolean previousOn = false;
    boolean conflict = false;
    boolean previousDo = false;
    boolean previousCallable = false;
    for (r.next(); r.s.type() != Scanner.Type.END; r.next()) {
      if (looking) {
        // a call is a name followed by "(": IN (…), VALUES (…), SET (a, b) and plain
        // parentheses are not, so ordinary DML never reaches the parser
        if ((r.s.isSymbol('(') && previousCallable) || isValueFunction(r.s) || isDateTimeCast(r)) {
          return true;
        }
        previousCallable = r.s.type() == Scanner.Type.QUOTED_IDENTIFIER
            || (r.s.type() == Scanner.Type.WORD && !isAnyWord(r.s, NOT_CALLS));
      } else if (r.s.depth() == 0) {
        conflict |= previousOn && r.s.isWord("conflict");
        looking = previousDo && r.s.isWord("update");
        previousOn = r.s.isWord("on");
        previousDo = conflict && r.s.isWord("do");
      }
    }
    return false;
  }

  /** Words that can stand before "(" without calling a function. */
  private static final String[] NOT_CALLS = {"in", "any", "all", "some", "values", "array", "row",
      "exists", "and", "or", "not", "where", "set", "on", "then", "else", "when", "is", "like",
      "ilike", "between", "using", "from", "returning", "as", "by", "over", "filter", "within"};

  private static final String[] DATE_TIME_TYPES = {"timestamptz", "timestamp", "date", "time",
      "timetz", "interval"};

  /** {@code ::date}, {@code ::interval}…: a cast that may run a STABLE conversion. */
  private static boolean isDateTimeCast(Reader r) {
    if (!r.s.isSymbol("::")) {
      return false;
    }
    Scanner ahead = new Scanner(r.s.sql(), r.s.end(), r.s.sql().length());
    ahead.next();
    if (ahead.isWord("pg_catalog")) {
      ahead.next();
      ahead.next();
    }
    return isAnyWord(ahead, DATE_TIME_TYPES);
  }

  static boolean isValueFunction(Scanner s) {
    return s.type() == Scanner.Type.WORD && (s.isWord("current_timestamp") || s.isWord("current_date")
        || s.isWord("current_time") || s.isWord("localtimestamp") || s.isWord("localtime"));
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
    Reader r = new Reader(sql, 0, sql.length());
    sh.firstToken = r.s.start();
    if (r.s.isWord("with")) {
      sh.withStart = r.s.start();
      if (!skipWith(r, sh.withBodies)) {
        return null;
      }
    }
    sh.keywordStart = r.s.start();
    boolean ok;
    if (r.accept("update")) {
      sh.kind = DmlStatement.Kind.UPDATE;
      ok = readUpdate(r, sh);
    } else if (r.accept("delete")) {
      sh.kind = DmlStatement.Kind.DELETE;
      ok = r.accept("from") && readDelete(r, sh);
    } else if (r.accept("insert")) {
      sh.kind = DmlStatement.Kind.UPSERT;
      ok = r.accept("into") && readInsert(r, sh);
    } else {
      ok = false;
    }
    return ok ? sh : null;
  }

  private static boolean readUpdate(Reader r, DmlShape sh) {
    if (!readTarget(r, sh, false, "set") || !r.accept("set")
        || !readAssignments(r, sh, "from", "where", "returning")) {
      return false;
    }
    if (r.s.isWord("from")) {
      sh.fromStart = r.s.start();
      r.next();
      skipToTopLevel(r, "where", "returning");
      sh.fromEnd = r.lastEnd;
    }
    return readWhere(r, sh) && readReturningAndEnd(r, sh);
  }

  private static boolean readDelete(Reader r, DmlShape sh) {
    if (!readTarget(r, sh, false, "using", "where", "returning")) {
      return false;
    }
    if (r.s.isWord("using")) {
      sh.fromStart = r.s.start();
      r.next();
      skipToTopLevel(r, "where", "returning");
      sh.fromEnd = r.lastEnd;
    }
    return readWhere(r, sh) && readReturningAndEnd(r, sh);
  }

  /**
   * {@code INSERT INTO t [AS a] [(cols)] [OVERRIDING … VALUE] {DEFAULT VALUES | VALUES … | query}
   * ON CONFLICT [target] DO UPDATE SET … [WHERE …] [RETURNING …]}; anything else (no conflict
   * clause, {@code DO NOTHING}) is not ours.
   */
  private static boolean readInsert(Reader r, DmlShape sh) {
    if (!readTarget(r, sh, true)) {
      return false;
    }
    if (r.s.isSymbol('(')) {
      skipParenthesized(r);
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
    skipToTopLevel(r, "do");
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
  private static boolean readTarget(Reader r, DmlShape sh, boolean insert, String... notAlias) {
    sh.targetStart = r.s.start();
    if (!insert) {
      r.accept("only");
    }
    sh.tableStart = r.s.start();
    StringBuilder name = new StringBuilder();
    while (true) {
      if (!r.s.isIdentifier() || isUnicodeIdentifier(r.s)) {
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
    if (r.s.isIdentifier() && (as || (!insert && !isAnyWord(r.s, notAlias)))) {
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
  private static boolean readAssignments(Reader r, DmlShape sh, String... stopWords) {
    while (true) {
      int start = r.s.start();
      List<String> columns = new ArrayList<>(1);
      boolean tuple = r.s.isSymbol('(');
      boolean subscripted = false;
      if (tuple) {
        int depth = r.s.depth();
        r.next();
        while (true) {
          String column = columnName(r.s);
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
        String column = columnName(r.s);
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
            || (isAnyWord(r.s, stopWords) && !(previousDistinct && r.s.isWord("from"))))) {
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
  private static boolean skipIndirection(Reader r) {
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
  private static boolean readWhere(Reader r, DmlShape sh) {
    if (!r.s.isWord("where")) {
      return true;
    }
    sh.whereStart = r.s.start();
    r.next();
    // CURRENT is not reserved: only CURRENT OF makes this a cursor position
    sh.currentOf = r.s.isWord("current") && r.peekIsWord("of");
    sh.conditionStart = r.s.start();
    skipToTopLevel(r, "returning");
    sh.conditionEnd = r.lastEnd;
    return sh.conditionEnd > sh.conditionStart;
  }

  private static boolean readReturningAndEnd(Reader r, DmlShape sh) {
    if (r.s.isWord("returning")) {
      sh.returningStart = r.s.start();
      r.next();
      sh.returningListStart = r.s.start();
      skipToTopLevel(r);
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

  /** Advances to a top-level {@code words} word or {@code ;}, or to the end. */
  private static void skipToTopLevel(Reader r, String... words) {
    while (r.s.type() != Scanner.Type.END
        && !(r.s.depth() == 0 && (r.s.isSymbol(';') || isAnyWord(r.s, words)))) {
      r.next();
    }
  }

  /** Standing on {@code (}: moves past its closing parenthesis. */
  private static void skipParenthesized(Reader r) {
    int depth = r.s.depth();
    r.next();
    while (r.s.type() != Scanner.Type.END && !(r.s.isSymbol(')') && r.s.depth() == depth)) {
      r.next();
    }
    r.next();
  }

  /**
   * Standing on WITH: skips {@code [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (body)
   * [SEARCH …] [CYCLE …] [, …]} and stops on the main statement's first word. Records each body's
   * span in {@code bodies} when not null. False when the prefix is not understood.
   */
  private static boolean skipWith(Reader r, List<int[]> bodies) {
    r.next();
    r.accept("recursive");
    while (true) {
      if (!r.s.isIdentifier()) {
        return false;
      }
      r.next();
      if (r.s.isSymbol('(')) {
        skipParenthesized(r);
      }
      if (!r.accept("as")) {
        return false;
      }
      r.accept("not");
      r.accept("materialized");
      if (!r.s.isSymbol('(')) {
        return false;
      }
      int depth = r.s.depth();
      r.next();
      int bodyStart = r.s.start();
      while (r.s.type() != Scanner.Type.END && !(r.s.isSymbol(')') && r.s.depth() == depth)) {
        r.next();
      }
      if (r.s.type() == Scanner.Type.END || r.lastEnd <= bodyStart) {
        return false;
      }
      if (bodies != null) {
        bodies.add(new int[] {bodyStart, r.lastEnd});
      }
      r.next();
      while (r.s.type() != Scanner.Type.END && !(r.s.depth() == 0 && (r.s.isSymbol(',')
          || isAnyWord(r.s, "update", "delete", "insert", "select", "values", "merge", "table")))) {
        r.next();
      }
      if (!r.s.isSymbol(',')) {
        return r.s.type() != Scanner.Type.END;
      }
      r.next();
    }
  }

  /** A column name as stored: unquoted names fold to lower case; null when not a plain name. */
  static String columnName(Scanner s) {
    if (s.type() == Scanner.Type.WORD) {
      StringBuilder name = new StringBuilder(s.end() - s.start());
      for (int i = s.start(); i < s.end(); i++) {
        name.append(Lexer.toLower(s.sql().charAt(i)));
      }
      return name.toString();
    }
    if (s.type() == Scanner.Type.QUOTED_IDENTIFIER && !isUnicodeIdentifier(s)
        && s.end() - s.start() >= 2 && s.sql().charAt(s.end() - 1) == '"') {
      return s.sql().substring(s.start() + 1, s.end() - 1).replace("\"\"", "\"");
    }
    return null;
  }

  /** {@code U&"…"}: its escapes would need decoding, so such names are not handled. */
  private static boolean isUnicodeIdentifier(Scanner s) {
    return s.type() == Scanner.Type.QUOTED_IDENTIFIER && s.sql().charAt(s.start()) != '"';
  }

  private static boolean isAnyWord(Scanner s, String... words) {
    if (s.type() != Scanner.Type.WORD) {
      return false;
    }
    for (String word : words) {
      if (s.isWord(word)) {
        return true;
      }
    }
    return false;
  }

  /** A {@link Scanner} that remembers where the previous token ended. */
  private static final class Reader {
    final Scanner s;
    final int to;
    int lastEnd;

    Reader(String sql, int from, int to) {
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
  }
}
